"""A call in the timeline's words (domain/timeline.py): its channel, how it ended, the
call something recorded in it names (`call_named_in`), who was calling, and what they were
told (`disclosed_to`).

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


#: The call an event names, as a noun, by its channel ("in the phone call of 14:02").
_CALL_NOUNS = {
    Channel.PHONE: "phone call",
    Channel.FACE_TO_FACE: "face-to-face visit",
    Channel.EMAIL: "e-mail",
    Channel.CHAT: "chat",
    Channel.LETTER: "letter",
}


def call_details(channel: str, started_at: datetime) -> dict[str, str]:
    """What an event recorded in a call says of the call (`call_channel`, `call_started`),
    so its line names the call without reading it (`call_named_in`): a third party's
    request recorded while the handler had a call open."""
    return {"call_channel": channel, "call_started": started_at.isoformat()}


def call_named(channel: str, started_at: datetime, on: datetime | None = None) -> str:
    """ "the phone call of 14:02"; with its day ("of 05 Dec 23:58") when it started on a
    day other than `on`'s."""
    try:
        noun = _CALL_NOUNS[Channel(channel)]
    except ValueError:
        noun = "contact"
    when = "%H:%M" if on is None or started_at.date() == on.date() else "%d %b %H:%M"
    return f"the {noun} of {started_at:{when}}"


def call_named_in(details: Mapping[str, Any]) -> str | None:
    """The call an event's `call_details` name, in words; None for an event naming none."""
    try:
        started = datetime.fromisoformat(str(details["call_started"]))
    except (KeyError, ValueError):
        return None
    return call_named(str(details.get("call_channel", "")), started)


def caller_in_words(details: Mapping[str, Any]) -> str:
    """Who was calling, from an event's `caller` detail: "the customer", "a representative"."""
    caller = details.get("caller")
    if caller == "representative":
        return "a representative"
    if caller == "no_authority":
        return "someone with no authority"
    return "the customer"


#: A `field.disclosed` event's `context` for lines an edit in a call reads back.
READ_BACK = "read_back"


def disclosed_to(details: Mapping[str, Any]) -> str:
    """To whom a caller's `field.disclosed` event says it was told: "Disclosed to the
    customer". Lines an edit in a call reads back with the change (`READ_BACK`) are
    disclosed as they are read out, but they were not asked for: "Read back to the caller"
    (naming the caller when not the customer), where they read "Disclosed to the customer"
    on the record's timeline."""
    who = caller_in_words(details)
    if details.get("context") != READ_BACK:
        return f"Disclosed to {who}"
    return "Read back to the caller" + ("" if who == "the customer" else f" ({who})")
