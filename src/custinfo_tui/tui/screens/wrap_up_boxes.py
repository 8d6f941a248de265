"""The wrap-up form's boxes (screens/wrap_up.py): laid out, read as typed (`typed_in`),
and filled in again from a draft left for later at this console (`fill_in`,
tui/wrap_up_drafts.py)."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from custinfo_tui.domain.data_protection.rights import DATA_PROTECTION_ENQUIRY, DataRight
from custinfo_tui.domain.wrap_up import MAX_WORDS_LENGTH, CallToFinish, Outcome, WrapUpIn
from custinfo_tui.tui.screens.wrap_up_form import free_text_placeholders
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.form_boxes import FormBoxes
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from custinfo_tui.tui.widgets.keys_in_order import TypedInput
from custinfo_tui.tui.widgets.tick_list import TickList


def wrap_up_boxes(
    call: CallToFinish,
    enquiry_types: tuple[str, ...],
    outcomes: tuple[Outcome, ...],
    notes_so_far: str,
) -> Iterator[Widget]:
    """The form's boxes, composed inside the screen's `compose`. A call about no record
    keeps no free text: nothing could find it for the person, so those boxes are closed."""
    no_record = call.customer_reference is None
    notes_placeholder, words_placeholder = free_text_placeholders(no_record)
    # Scrolls, so a box lower down is brought into view as it takes the focus when the
    # form has less room (the caller pane of a role-play sits under it).
    with FormBoxes(id="wrap-form"):
        with Horizontal(classes="wrap-row"):
            yield Label("Enquiry type")
            yield ChoiceSelect(
                [(t, t) for t in enquiry_types],
                id="wrap-enquiry",
                prompt="Choose the enquiry type",
            )
        # Shown under the enquiry type "Data protection request" only: each right ticked
        # goes to the DPO as a request (docs/after-the-call.md).
        with Horizontal(classes="wrap-row", id="wrap-rights-row"):
            yield Label(Text("Rights asked\n(Space ticks)"))
            # Those passed on in the call (Ctrl+R) are not asked again.
            yield TickList[DataRight](
                *((right.label, right) for right in DataRight if right not in call.rights_taken),
                id="wrap-rights",
            )
        with Horizontal(classes="wrap-row"):
            yield Label("Outcome")
            yield ChoiceSelect(
                [(o.label, o.key) for o in outcomes],
                id="wrap-outcome",
                prompt="Choose the outcome",
            )
        with Horizontal(classes="wrap-row", id="wrap-notes-row"):
            yield Label("Notes")
            yield FreeTextArea(
                notes_so_far,
                id="wrap-notes",
                tab_behavior="focus",
                placeholder=notes_placeholder,
                disabled=no_record,
            )
        # After the notes: typed straight after "Follow-up needed" they came here.
        with Horizontal(classes="wrap-row"):
            yield Label("Follow-up on")
            yield TypedInput(
                placeholder="date due, e.g. 12/01/2027 (for a follow-up)",
                id="wrap-follow-up",
                disabled=True,
            )
        with Horizontal(classes="wrap-row"):
            yield Label("Their words")
            words = BoundedInput(
                placeholder=words_placeholder,
                id="wrap-words",
                limit=MAX_WORDS_LENGTH,
                free_text=True,
            )
            words.disabled = no_record
            yield words


def rights_asked(screen: Screen[object]) -> bool:
    """The enquiry type is the one under which rights are passed to the DPO."""
    return screen.query_one("#wrap-enquiry", Select).value == DATA_PROTECTION_ENQUIRY


def typed_in(screen: Screen[object]) -> WrapUpIn:
    """The wrap-up as typed on `screen`; the rights ticked only under a data protection
    request, in the list's order."""
    enquiry = screen.query_one("#wrap-enquiry", Select).value
    outcome = screen.query_one("#wrap-outcome", Select).value
    ticked = set(screen.query_one("#wrap-rights", TickList).selected)
    return WrapUpIn(
        enquiry_type=enquiry if isinstance(enquiry, str) else "",
        outcome=outcome if isinstance(outcome, str) else "",
        notes=screen.query_one("#wrap-notes", FreeTextArea).settled_value(),
        customer_words=screen.query_one("#wrap-words", BoundedInput).settled_value(),
        follow_up_on=screen.query_one("#wrap-follow-up", Input).value,
        rights=(
            tuple(right for right in DataRight if right in ticked) if rights_asked(screen) else ()
        ),
    )


def fill_in(screen: Screen[object], call: CallToFinish, draft: WrapUpIn) -> None:
    """Every box as it was when the wrap-up was left for later at this console (the same
    policy's lists: the console reads them once, as it starts)."""
    for box_id, value in (("#wrap-enquiry", draft.enquiry_type), ("#wrap-outcome", draft.outcome)):
        if value:
            screen.query_one(box_id, Select).value = value
    screen.query_one("#wrap-follow-up", Input).value = draft.follow_up_on
    notes = screen.query_one("#wrap-notes", FreeTextArea)
    if not notes.disabled:  # a call about no record keeps no free text, nor typed any
        notes.load_text(draft.notes)
        screen.query_one("#wrap-words", BoundedInput).value = draft.customer_words
    rights = screen.query_one("#wrap-rights", TickList)
    for right in draft.rights:
        if right not in call.rights_taken:  # those have no box
            rights.select(right)


def notes_go_on(screen: Screen[object]) -> None:
    """The notes box's cursor after what it starts with (the notes added in the call, on
    their own line, or a draft's): what the handler types there completes them. At the
    start, it went in front of the call's note, run into it ("New card in 5 daysLost
    card")."""
    notes = screen.query_one("#wrap-notes", FreeTextArea)
    notes.move_cursor(notes.document.end)
