"""A call in the timeline's words (domain/timeline.py): its channel, and how it ended.

A call whose own console never ended it (the console stopped mid-call, and the call was
ended later by its wrap-up at another console, or by a supervisor) is stored as ended when
that was done, long after the caller rang off perhaps. Its `interaction.ended` carries when
its console last did anything in it (`last_activity`, services/call_ends.py), and reads
"Phone call never ended (last activity 16:03)" rather than seeming to end at that time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from custinfo_tui.domain.verification import Channel


def channel_in_words(details: Mapping[str, Any]) -> str:
    """An event's `channel` as its label ("Phone call"), "Contact" if it names none."""
    try:
        return Channel(details.get("channel", "")).label
    except ValueError:
        return "Contact"


def ended_in_words(details: Mapping[str, Any]) -> str:
    """How an `interaction.ended` says the call ended: "ended", or for a call its console
    never ended "never ended (last activity 16:03)"."""
    last = last_activity_of(details)
    return "ended" if last is None else f"never ended (last activity {last:%H:%M})"


def last_activity_of(details: Mapping[str, Any]) -> datetime | None:
    """When the console a call was taken on last did anything in it, from the
    `interaction.ended` of a call that console never ended; None for any other."""
    try:
        return datetime.fromisoformat(str(details["last_activity"]))
    except (KeyError, ValueError):
        return None
