"""Moving a complaint to a later stage (MP-19), from the record or the supervisor queue.

The next stage is chosen from the configured list (the one after the current stage is
offered first, and has the focus as the dialog opens) and a note is required: it is kept
with the change, with the operator and the time, and shown on the record's timeline. The
follow-up date agreed with the customer is shown as it stands, to be kept, changed or
emptied ("we'll call you back on Friday" is often agreed at a later stage than the
complaint's first): it had been set only as the complaint was raised. A new date is
checked by the raise form's rules, with its messages (domain/complaint_follow_up.py), at
its box, what was typed kept. A move to the last stage closes the complaint, which leaves
nothing to follow up: while it is the stage chosen the box is disabled and its label says
the date is cleared. The screen only collects the choice; the screen that opened it calls
the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from custinfo_tui.domain.complaint_follow_up import (
    KEEP_FOLLOW_UP,
    FollowUpGiven,
    follow_up_from_box,
)
from custinfo_tui.domain.complaints import MAX_COMPLAINT_TEXT
from custinfo_tui.domain.dates import format_typed_date
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.tui.field_problems import show_problem
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.complaints_table import MoveStageRequested, today
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.keys_in_order import TypedInput


@dataclass(frozen=True, slots=True)
class StageMove:
    """Where the complaint moves, the note that goes with the change, and its follow-up
    date: a new one, None to clear it, or `KEEP_FOLLOW_UP`."""

    complaint_id: int
    to_stage: str
    note: str
    follow_up_on: FollowUpGiven = KEEP_FOLLOW_UP

    def done(self) -> str:
        """What the supervisor is told once it has moved: "Complaint moved to
        acknowledged; follow-up on 12 Dec 2026." (or "; follow-up date cleared.")."""
        said = f"Complaint moved to {self.to_stage}"
        if self.follow_up_on is KEEP_FOLLOW_UP:
            return f"{said}."
        if self.follow_up_on is None:
            return f"{said}; follow-up date cleared."
        return f"{said}; follow-up on {self.follow_up_on:%d %b %Y}."


#: The follow-up box's label, and what it says while the stage chosen closes the complaint.
_FOLLOW_UP_LABEL = "Follow-up date agreed (empty for none; Enter or Ctrl+S to move it)"
_NO_FOLLOW_UP_LABEL = "Follow-up date: none once closed (a date set is cleared)"
_FOLLOW_UP_EXAMPLE = "e.g. 12/01/2027, or leave empty"
#: Said under the dialog when a move is asked for with no note, until one is typed.
NOTE_NEEDED = "Type a note saying why the complaint moves on."
_NO_FOLLOW_UP = "none: the complaint closes"


class MoveStageScreen(Dialog[StageMove | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Go back without moving the complaint"),
        Binding("ctrl+s", "move", "Move", tooltip="Move the complaint to the chosen stage"),
    ]

    def __init__(self, request: MoveStageRequested) -> None:
        super().__init__()
        self.request = request
        #: What the follow-up box held while the stage chosen closes the complaint.
        self._put_aside: str | None = None
        #: What the line under the dialog says now.
        self._said = ""

    def compose(self) -> ComposeResult:
        request = self.request
        with Vertical(classes="choice-box"):
            yield Static(
                printable_text(f"Move the complaint on: {request.category}, now {request.stage}"),
                classes="choice-title",
            )
            yield Static(
                "A complaint only moves forward. The note is kept with the change, with your "
                "name and the time, and shown on the record's timeline.",
                classes="choice-explain",
            )
            yield Label("Next stage", classes="field-label")
            yield ChoiceSelect(
                [(stage, stage) for stage in request.next_stages],
                value=request.next_stages[0],
                allow_blank=False,
                id="stage-next",
            )
            yield Label("Note (Enter or Ctrl+S to move it)", classes="field-label")
            yield BoundedInput(
                id="stage-note",
                limit=MAX_COMPLAINT_TEXT,
                placeholder="e.g. acknowledged by phone, letter sent",
                free_text=True,
            )
            yield Label(_FOLLOW_UP_LABEL, classes="field-label", id="stage-follow-up-label")
            # Selected as the focus reaches it, so a date typed replaces the one shown, and
            # Backspace empties it.
            yield TypedInput(
                self._follow_up_typed(request.follow_up_on),
                id="stage-follow-up",
                placeholder=_FOLLOW_UP_EXAMPLE,
                suggested=True,
            )
            yield Static("", id="stage-message", classes="error")
        yield Footer(compact=True)

    @staticmethod
    def _follow_up_typed(on: date | None) -> str:
        """The follow-up date as its box shows it: as a handler types one, empty for none."""
        return "" if on is None else format_typed_date(on)

    def on_mount(self) -> None:
        # The stage first: it is what a supervisor chooses first, and the note says why.
        # The stage after the current one is chosen already, so a note typed straight away
        # goes on into the note's box, as Tab would take it.
        self.query_one("#stage-next", ChoiceSelect).focus_as_chosen()
        self._closing_chosen()

    @property
    def closing(self) -> bool:
        """Whether the stage chosen is the last, which closes the complaint."""
        return self.query_one("#stage-next", Select).value == self.request.next_stages[-1]

    @on(Select.Changed, "#stage-next")
    def _closing_chosen(self) -> None:
        """A closed complaint has nothing to follow up: its box is emptied and takes no date
        (what it held comes back if a stage before the last is chosen again), and its label
        says a date set is cleared."""
        closing = self.closing
        box = self.query_one("#stage-follow-up", Input)
        if closing and self._put_aside is None:  # emptied, a date refused loses its mark
            self._put_aside, box.value = box.value, ""
        elif not closing and self._put_aside is not None:
            box.value, self._put_aside = self._put_aside, None
        box.disabled = closing
        box.placeholder = _NO_FOLLOW_UP if closing else _FOLLOW_UP_EXAMPLE
        label = _NO_FOLLOW_UP_LABEL if closing else _FOLLOW_UP_LABEL
        self.query_one("#stage-follow-up-label", Label).update(label)

    @on(Input.Submitted, "#stage-note")
    @on(Input.Submitted, "#stage-follow-up")
    def action_move(self) -> None:
        note = self.query_one("#stage-note", BoundedInput).settled_value().strip()
        if not note:
            self._say(NOTE_NEEDED)
            self.query_one("#stage-note", Input).focus()
            return
        try:
            follow_up = follow_up_from_box(
                self.query_one("#stage-follow-up", Input).value,
                self.request.follow_up_on,
                today(),
                closing=self.closing,
            )
        except FieldError as error:
            self._refuse_follow_up(str(error))
            return
        stage = self.query_one("#stage-next", Select).value
        if not isinstance(stage, str):
            return
        self.dismiss(StageMove(self.request.complaint_id, stage, note, follow_up))

    def _say(self, message: str) -> None:
        self._said = message
        self.query_one("#stage-message", Static).update(Text(message))

    def _refuse_follow_up(self, problem: str) -> None:
        """The date's problem at its box, and whole on the line under it (the border shows
        what fits): the box keeps what was typed, selected, so the date typed next replaces
        it rather than joining it."""
        show_problem(self, "stage-follow-up", problem)
        self._say(f"Not moved: {problem}")
        self.query_one("#stage-follow-up", TypedInput).select_to_retype()

    @on(Input.Changed, "#stage-follow-up")
    def _follow_up_typed_in(self) -> None:
        """A date refused and typed in again: its mark goes until the next move asked for."""
        box = self.query_one("#stage-follow-up", Input)
        if box.has_class("-problem"):
            show_problem(self, "stage-follow-up", None)
            self._say("")

    @on(Input.Changed, "#stage-note")
    def _note_typed_in(self) -> None:
        """The note asked for, typed: the line stops asking for it (it had gone on saying
        "Type a note ..." over a note typed, as if it had not been taken)."""
        if self._said == NOTE_NEEDED and self.query_one("#stage-note", Input).value.strip():
            self._say("")

    def unsaved_work(self) -> str | None:
        typed = self.query_one("#stage-note", Input).value.strip()
        if typed:
            return "the note typed for the move"
        shown = self._follow_up_typed(self.request.follow_up_on)
        box = self.query_one("#stage-follow-up", Input).value
        if (box if self._put_aside is None else self._put_aside).strip() != shown:
            return "the follow-up date typed for the move"
        return None

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave the move", lambda: self.dismiss(None), [self])
