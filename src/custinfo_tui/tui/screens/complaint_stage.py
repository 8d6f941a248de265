"""Moving a complaint to a later stage (MP-19), from the record or the supervisor queue.

The next stage is chosen from the configured list (the one after the current stage is
offered first) and a note is required: it is kept with the change, with the operator and
the time, and shown on the record's timeline. The screen only collects the choice; the
screen that opened it calls the service.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from custinfo_tui.domain.complaints import MAX_COMPLAINT_TEXT
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.complaints_table import MoveStageRequested
from custinfo_tui.tui.widgets.footer import Footer


@dataclass(frozen=True, slots=True)
class StageMove:
    """Where the complaint moves, and the note that goes with the change."""

    complaint_id: int
    to_stage: str
    note: str


class MoveStageScreen(Dialog[StageMove | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Go back without moving the complaint"),
        Binding("ctrl+s", "move", "Move", tooltip="Move the complaint to the chosen stage"),
    ]

    def __init__(self, request: MoveStageRequested) -> None:
        super().__init__()
        self.request = request

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
            yield Static("", id="stage-message", classes="error")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#stage-note", Input).focus()

    @on(Input.Submitted, "#stage-note")
    def action_move(self) -> None:
        note = self.query_one("#stage-note", BoundedInput).settled_value().strip()
        if not note:
            self.query_one("#stage-message", Static).update(
                Text("Type a note saying why the complaint moves on.")
            )
            self.query_one("#stage-note", Input).focus()
            return
        stage = self.query_one("#stage-next", Select).value
        if not isinstance(stage, str):
            return
        self.dismiss(StageMove(self.request.complaint_id, stage, note))

    def unsaved_work(self) -> str | None:
        typed = self.query_one("#stage-note", Input).value.strip()
        return "the note typed for the move" if typed else None

    def action_cancel(self) -> None:
        ask_before_losing(self.app, "Leave the move", lambda: self.dismiss(None), [self])
