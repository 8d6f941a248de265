"""Consents in words, for the timeline and the trainer's scoring: the service's lawful
basis, the marketing channels and the Article 9 condition a `consent.recorded` event names,
and the purposes a `consent.withdrawn` event takes back ("marketing by e-mail")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from custinfo_tui.domain.consent import LawfulBasis, MarketingChannel, SpecialCategoryCondition


def consents_in_words(details: Mapping[str, Any]) -> str:
    """Consent answers in words: service basis, marketing channels, Article 9 condition."""
    try:
        basis = LawfulBasis(details["service_basis"]).label
    except ValueError:
        basis = str(details["service_basis"])
    channels = [_channel_label(c) for c in details.get("marketing") or []]
    text = f"service: {basis}; marketing: {', '.join(channels) or 'none'}"
    condition = details.get("special_condition")
    if condition:
        try:
            text += f"; Article 9: {SpecialCategoryCondition(condition).label}"
        except ValueError:
            text += f"; Article 9: {condition}"
    return text


def _channel_label(value: str) -> str:
    try:
        return MarketingChannel(value).label
    except ValueError:
        return value


def purpose_in_words(purpose: str) -> str:
    """A withdrawn purpose in words: "marketing:email" is "marketing by e-mail"."""
    kind, _, channel = purpose.partition(":")
    if kind == "marketing" and channel:
        return f"marketing by {_channel_label(channel).lower()}"
    if kind == "special_category":
        return "Article 9 condition (support needs removed)"
    return purpose
