"""A complaint's follow-up date (MP-19): the day agreed with the customer to come back to
them, typed on the raise form and set, changed or cleared as the complaint moves on a stage.

"We'll call you back on Friday" is often agreed at a later stage than the one the
complaint was raised at: the stage dialog shows the date held and takes a new one, by the
raise form's rules (any date the console reads, from today to a year ahead, as a wrap-up's
follow-up: `domain/follow_up_window.py`) and with its messages.
A date left as it is, even one gone by, is kept as it is: only a date typed anew is checked.
The event of the move says what happened to the date ("changed"), never the date itself.
A move that closes the complaint leaves nothing to follow up: it takes no new date, and
clears any date still set.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum, StrEnum
from typing import Any, Final

from custinfo_tui.domain.dates import parse_calendar_date
from custinfo_tui.domain.follow_up_window import follow_up_refused
from custinfo_tui.domain.validation import FieldError

#: The message for a new follow-up date given with a move that closes the complaint.
NO_FOLLOW_UP_ONCE_CLOSED = (
    "A closed complaint has nothing to follow up: leave the follow-up date empty."
)


class Keep(Enum):
    """The follow-up date of a move that leaves it as it is (not None: None clears it)."""

    FOLLOW_UP = "keep"


#: Given for a move that leaves the follow-up date as it is.
KEEP_FOLLOW_UP: Final = Keep.FOLLOW_UP

#: A move's follow-up date: a day, None to clear it, or `KEEP_FOLLOW_UP`.
FollowUpGiven = date | None | Keep


class FollowUpChange(StrEnum):
    """What a move did to the follow-up date, as its event (`follow_up_date`) says it."""

    KEPT = "kept"
    SET = "set"
    CHANGED = "changed"
    CLEARED = "cleared"


def follow_up_as_typed(typed: str) -> date | None:
    """The follow-up date typed in a box, None for an empty one; FieldError saying what is
    wrong with it ("Follow-up date: that date does not exist."), never repeating it."""
    if not typed.strip():
        return None
    try:
        return parse_calendar_date(typed)
    except FieldError as error:
        message = str(error)
        raise FieldError(f"Follow-up date: {message[:1].lower()}{message[1:]}") from None


def follow_up_change(
    current: date | None, given: FollowUpGiven, today: date, *, closing: bool = False
) -> FollowUpChange:
    """What giving `given` does to a complaint whose follow-up date is `current`; FieldError
    for a new date before `today` or more than a year after it (a date kept as it is may
    have gone by: it is not new).

    `closing`: the move closes the complaint, so any date still set is cleared, and a new
    one is refused (FieldError): a closed complaint has nothing to follow up."""
    if closing:
        if given is not KEEP_FOLLOW_UP and given is not None and given != current:
            raise FieldError(NO_FOLLOW_UP_ONCE_CLOSED)
        return FollowUpChange.KEPT if current is None else FollowUpChange.CLEARED
    if given is KEEP_FOLLOW_UP or given == current:
        return FollowUpChange.KEPT
    if given is None:
        return FollowUpChange.CLEARED
    if refused := follow_up_refused(given, today):
        raise FieldError(refused)
    return FollowUpChange.SET if current is None else FollowUpChange.CHANGED


def follow_up_from_box(
    typed: str, current: date | None, today: date, *, closing: bool = False
) -> FollowUpGiven:
    """The follow-up date of the stage dialog's box, prefilled with `current`: kept
    (`KEEP_FOLLOW_UP`) when it reads as `current` still, however it is written; None when
    emptied; else the new date. FieldError, as the raise form says it, for a date the
    console cannot read or one before `today` or more than a year after it. A move that is
    `closing` the complaint clears the date (None, when one is set) whatever the box holds:
    its box is disabled."""
    if closing:
        return KEEP_FOLLOW_UP if current is None else None
    given = follow_up_as_typed(typed)
    if follow_up_change(current, given, today) is FollowUpChange.KEPT:
        return KEEP_FOLLOW_UP
    return given


def stage_changed_words(details: Mapping[str, Any]) -> str:
    """A change of stage on the timeline: "Complaint acknowledged: Billing or charges",
    with "; follow-up date changed" (set, cleared) when the move changed it."""
    said = f"Complaint {details.get('to_stage', '?')}: {details.get('category', '?')}"
    change = details.get("follow_up_date", FollowUpChange.KEPT.value)
    if change == FollowUpChange.KEPT.value:
        return said
    return f"{said}; follow-up date {change}"


#: How many of a stage note's first words the audit trail's Why shows, and at most how
#: many characters of them: enough to tell one move from another, the note whole being
#: the record's (its timeline shows it).
WHY_WORDS = 6
WHY_CHARACTERS = 40


def stage_move_why(to_stage: str, note: str | None) -> str:
    """A change of stage's Why on the audit trail: the stage moved to and the note's first
    words, "to acknowledged: Letter sent by post, will call…", or the stage alone with no
    note to quote (`None`). Its event holds no reason (the note is the complaint's, kept
    with the change), and the column read "-"."""
    if note is None:
        return f"to {to_stage}"
    words = note.split()
    start = " ".join(words[:WHY_WORDS])
    if len(start) > WHY_CHARACTERS:
        start = start[: WHY_CHARACTERS - 1].rstrip()
    cut = start != " ".join(words)
    return f"to {to_stage}: {start}{'…' if cut else ''}"
