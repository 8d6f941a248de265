"""The wrap-up form's parts beside its screen (screens/wrap_up.py): its title, which widget
holds each field, what its foot says, what it asks before a call is saved without notes
(MP-18) and before it is left for later, and the message its save worker posts."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

from custinfo_tui.domain.data_protection.rights import DataRight, RequestTaken
from custinfo_tui.domain.wrap_up import (
    NO_COMPLAINT_YET,
    NO_COMPLAINT_YET_ELSEWHERE,
    NO_RECORD_PLACEHOLDER,
    CallToFinish,
    customer_in_words,
)
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.unsaved_work import LeaveScreen

#: A name cut to fit the title keeps at least this many cells, its ellipsis included.
NAME_KEPT_AT_LEAST = 8


def wrap_up_title(call: CallToFinish, width: int | None = None) -> Text:
    """ "Wrap up: Phone call with John Smith (1001 2345 P), started 13:55": whom the call
    was with, so a handler coming back to it knows. Customer text is data, shown as typed.
    Given the `width`, a name too long for it is cut, ending in "…", so the title stays on
    one line; the reference, which tells the record for sure, is never cut (nor the
    reference of a record merged into it since, which the call was about)."""
    started = f", started {call.started_at:%H:%M}"
    head = f"Wrap up: {call.channel.label} with "
    if call.customer_name is None or call.customer_reference is None:
        return printable_text(head + customer_in_words(call.customer_shown) + started)
    name = printable_text(call.customer_name)
    about = f" ({call.reference_in_brackets}){started}"
    room = None if width is None else width - len(head) - len(about)
    # Too little room even for a name cut short (a record merged since, its reference and
    # the one dealt with both said): the title takes two lines, and nothing is cut.
    if room is not None and NAME_KEPT_AT_LEAST <= room < name.cell_len:
        name.truncate(room, overflow="ellipsis")
    return Text.assemble(head, name, about)


class WrapUpTitle(Static):
    """The wrap-up's title (`wrap_up_title`), cut to its width whenever that changes."""

    def __init__(self, call: CallToFinish, *, id: str | None = None) -> None:
        super().__init__(wrap_up_title(call), id=id)
        self.call = call

    def on_resize(self, event: events.Resize) -> None:
        self.update(wrap_up_title(self.call, self.content_size.width))


#: Wrap-up field key -> the id of the widget the handler types it in.
FIELD_WIDGETS = {
    "enquiry_type": "wrap-enquiry",
    "rights": "wrap-rights",
    "outcome": "wrap-outcome",
    "follow_up_on": "wrap-follow-up",
    "notes": "wrap-notes",
    "customer_words": "wrap-words",
}
#: Each box's name on the message line, which says every box's problem ("Also to correct").
FIELD_LABELS = {
    FIELD_WIDGETS["enquiry_type"]: "Enquiry type",
    FIELD_WIDGETS["rights"]: "Rights asked",
    FIELD_WIDGETS["outcome"]: "Outcome",
    FIELD_WIDGETS["follow_up_on"]: "Follow-up on",
    FIELD_WIDGETS["notes"]: "Notes",
    FIELD_WIDGETS["customer_words"]: "Their words",
}

#: What the foot says when nothing is wrong.
CARD_NOTE = "Card numbers are taken out of notes and words before they are kept."
#: ... and under a data protection request, what becomes of the rights ticked.
RIGHTS_NOTE = (
    "Tick each right the caller is exercising: each goes to the DPO as a request, "
    "received on the day of the call."
)
#: The foot once the handler went back to the empty notes rather than save without them.
NOTES_WANTED = "Type the notes: what was asked and what was done. Ctrl+S saves."


def foot_note(no_record: bool) -> str:
    """What the foot ends with when nothing is wrong: `CARD_NOTE`, or for a call about no
    record why its notes and words boxes are closed."""
    if no_record:
        return (
            "The new customer was not saved: no notes or words are kept, with no record to "
            "keep them on. The enquiry type and outcome are."
        )
    return CARD_NOTE


def foot_now(
    no_record: bool,
    first: str | None,
    rights_taken: tuple[DataRight, ...] | None,
    complaint_said: str | None = None,
) -> str:
    """What the foot says when nothing is wrong, with what is chosen now: `first` (why the
    choices still as the form started were chosen, or that a draft is back), then
    `foot_note`, or under a data protection request (`rights_taken` given) `rights_note`
    instead. A complaint raised from the form (`complaint_said`, what to tell the caller of
    it) is said first whatever is chosen since, and saving is what is left."""
    if complaint_said is not None:
        first = complaint_said
    if rights_taken is not None:
        rest = rights_note(rights_taken)
    elif complaint_said is not None:
        rest = "Ctrl+S saves the wrap-up and finishes the call."
    else:
        rest = foot_note(no_record)
    return f"{first} {rest}" if first else rest


def free_text_placeholders(no_record: bool) -> tuple[str, str]:
    """What the empty notes and words boxes say. A call about no record (a new customer
    never saved) keeps neither: its boxes are closed and say why."""
    if no_record:
        return NO_RECORD_PLACEHOLDER, NO_RECORD_PLACEHOLDER
    # Notes are part of every call's record (MP-18), unlike their words.
    return (
        "what was asked and what was done (every call has notes)",
        # The caller: a representative on the line speaks for the customer.
        "what the caller said, in their words (optional)",
    )


def rights_note(taken: tuple[DataRight, ...]) -> str:
    """What the foot says under a data protection request: `RIGHTS_NOTE`, and the rights
    passed on in the call already, which the tick boxes leave out."""
    if not taken:
        return RIGHTS_NOTE
    if set(taken) >= set(DataRight):
        return "Every right was passed to the DPO in the call already: none is left to tick."
    named = ", ".join(right.short for right in taken)
    return f"Passed to the DPO in the call already: {named}. {RIGHTS_NOTE}"


def problems_to_say(problems: Mapping[str, str], complaint_here: bool) -> dict[str, str]:
    """The service's refusal, field by field, as the form says it: on a wrap-up with no F10
    (`complaint_here` False: opened from the calls to finish), a complaint not yet raised
    is raised from the customer's record instead."""
    said = dict(problems)
    if said.get("outcome") == NO_COMPLAINT_YET and not complaint_here:
        said["outcome"] = NO_COMPLAINT_YET_ELSEWHERE
    return said


def save_without_notes_question() -> ChoiceScreen[bool]:
    """Asked once at Ctrl+S when the notes are empty: the service saves a wrap-up without
    them (docs/after-the-call.md), but every call should have notes, and a trainer marks a
    role-play down on MP-18 without them. Going back to the notes is highlighted: an Enter
    typed ahead does not save without them. True: save anyway."""
    return ChoiceScreen(
        "Save without notes?",
        "Every call should have notes: what was asked and what was done, for whoever "
        "deals with the customer next.",
        [("Go back to the notes", False), ("Save without notes", True)],
    )


def finish_later_question() -> LeaveScreen:
    """Asked at Escape once anything is typed: what is typed is kept at this console as the
    call's draft (tui/wrap_up_drafts.py), not thrown away, and the question says where it
    is found again, and what loses it. Going back to it is highlighted. True: later."""
    return LeaveScreen(
        "Finish later?",
        "What is typed so far is kept at this desk with this call: Ctrl+P, Calls to finish "
        "opens its wrap-up with it again. Logging out or quitting first loses it.",
        [("Go back to it", False), ("Finish later, keeping what is typed", True)],
    )


#: Said when a call's wrap-up is left for later.
LEFT_FOR_LATER = "Wrap-up left for later: Ctrl+P, Calls to finish (and at your next login)."


def left_for_later(kept: bool) -> str:
    """What the console says as a call's wrap-up is left for later; `kept`: what was typed
    is kept at this desk as its draft."""
    if not kept:
        return LEFT_FOR_LATER
    return (
        "Wrap-up left for later, what was typed kept at this desk until you log out: "
        "Ctrl+P, Calls to finish."
    )


class WrapUpSaved(Message):
    """The service's answer to a wrap-up's save: None when saved, else what to tell the
    handler."""

    def __init__(
        self,
        error: str | None,
        problems: dict[str, str] | None = None,
        *,
        finished: bool = False,
        taken: tuple[RequestTaken, ...] = (),
    ) -> None:
        super().__init__()
        self.error = error
        #: The rights passed to the DPO, as the service logged or noted them.
        self.taken = taken
        #: Field key -> what is wrong there, when the service named fields.
        self.problems = problems or {}
        #: The call needs no wrap-up any more (closed by a supervisor meanwhile, or
        #: wrapped up at another desk): `error` says which.
        self.finished = finished
