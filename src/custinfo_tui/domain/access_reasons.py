"""Why a record is opened outside a verified call (MP-09): the reason as the form offers it,
as the trail records it, and as the timeline and the pack show it.

The reasons offered are configured (`CUSTINFO_ACCESS_REASONS`, docs/configuration.md). One
starting with "Other" needs the handler's own words (the detail). Words in brackets after
"Other" ("Other (describe below)") tell the handler what to do on the form; they mean
nothing on the trail, which records "Other: <the handler's words>".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from custinfo_tui.domain.events import AuditAction

#: A reason starting with this needs the handler's own words.
OTHER = "Other"
#: "Other" and the form's words in brackets: the option offered, whole...
_OTHER_WITH_FORM_WORDS = re.compile(r"Other \([^()]*\)")
#: ...and as earlier versions recorded it, before ": <detail>" (or alone).
_RECORDED_WITH_FORM_WORDS = re.compile(r"Other \([^()]*\)(?=: |$)")

#: The reason earlier versions recorded the erasure desk's look-ups with, which no
#: one typed: it told the person reading their pack that they had asked for erasure.
FORMER_ERASURE_PREVIEW_REASON = "Erasure request (data protection)"


def needs_detail(option: str) -> bool:
    """Whether the reason `option` is taken only with the handler's own words."""
    return option.startswith(OTHER)


def with_own_words(recorded: str) -> bool:
    """Whether a reason as recorded carries the handler's own words: "Other: ...", or any
    reason with detail typed after it ("Third-party request (for or about the customer):
    police e-mail re fraud enquiry"), not a reason from the list alone."""
    return needs_detail(recorded) or ": " in recorded


def as_recorded(option: str) -> str:
    """The reason `option` as the trail records it: "Other (describe below)" is "Other";
    every other reason as offered ("Customer wrote in (letter or e-mail)": its brackets
    say what the reason is, not what to do on the form)."""
    return OTHER if _OTHER_WITH_FORM_WORDS.fullmatch(option) else option


def reason_given(action: str, details: Mapping[str, Any], reason: str | None) -> str | None:
    """The reason an event was recorded with, as the timeline and the pack show it (the
    trail keeps every one as it was recorded): a record opened for "Other (describe below):
    letter", as earlier versions recorded it, reads "Other: letter", and the erasure desk's
    former made-up reason for a look-up is left out."""
    if details.get("erasure_preview") and reason == FORMER_ERASURE_PREVIEW_REASON:
        return None
    if action != AuditAction.CUSTOMER_VIEWED or reason is None:
        return reason
    # Only the reason's start: the option came first, the handler's words after it.
    recorded = _RECORDED_WITH_FORM_WORDS.match(reason)
    return OTHER + reason[recorded.end() :] if recorded else reason
