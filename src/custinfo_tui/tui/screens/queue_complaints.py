"""The supervisor queue's complaints due (MP-19): their own table under the items, each
read in full (`v`) or moved on to its next stage with a note (Enter).

`QueueComplaintsPage` is the queue screen's base (screens/queue.py, `QueueScreen`, which
lays the table out and reloads it with the items).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import DataTable, Static

from custinfo_tui.domain.complaint_callers import UNVERIFIED_MARK
from custinfo_tui.domain.complaints import DueComplaint
from custinfo_tui.domain.operators import Actor
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.screens.complaint_stage import MoveStageScreen, StageMove
from custinfo_tui.tui.screens.complaint_text import read_complaint
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.complaints_table import (
    ComplaintsDueTable,
    MoveStageRequested,
    ReadComplaintRequested,
)

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: With none open, what would fill the table: a complaint raised on a customer's record
#: (F10 there, by a handler in a call or anyone who may change records), as the breach
#: register says what fills it.
NO_COMPLAINTS = "Complaints open: none. One raised on a record (F10) is listed here."


class QueueComplaintsPage(Page[None]):
    """The complaints due on the supervisor queue; `actor` is the supervisor."""

    actor: Actor

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    class ComplaintsLoaded(Message):
        """The open complaints, soonest answer due first, or why they could not be loaded."""

        def __init__(self, complaints: list[DueComplaint], error: str | None) -> None:
            super().__init__()
            self.complaints = complaints
            self.error = error

    @property
    def has_complaints(self) -> bool:
        """Any complaint open: only then does F4 move to their table."""
        return bool(self.query_one(ComplaintsDueTable).complaints)

    def action_focus_complaints(self) -> None:
        self.query_one(ComplaintsDueTable).focus()

    def action_focus_items(self) -> None:
        self.query_one("#queue-table").focus()

    @work(thread=True, exclusive=True, group="complaints", exit_on_error=False)
    def _load_complaints(self) -> None:
        result = attempt(
            "load the complaints due", self.custinfo.services().due_complaints, self.actor
        )
        self.post_message(self.ComplaintsLoaded(result.value or [], result.error))

    @on(ComplaintsLoaded)
    def _show_complaints(self, loaded: ComplaintsLoaded) -> None:
        table = self.query_one(ComplaintsDueTable)
        table.show(loaded.complaints)
        if not loaded.complaints and self.focused is table:
            # The last one moved to its last stage: an empty table would keep the focus
            # where Enter and F4 do nothing and the items' keys are gone from the footer.
            self.action_focus_items()
        overdue = sum(1 for c in loaded.complaints if c.overdue)
        unverified = sum(1 for c in loaded.complaints if c.caller.unverified)
        count = len(loaded.complaints)
        # The table's "?" after a reference says it: the line above the table says what.
        from_unverified = (
            f", {unverified} from a caller not verified ({UNVERIFIED_MARK})" if unverified else ""
        )
        status = loaded.error or (
            f"Complaints open: {count}, {overdue} overdue{from_unverified}. F4, then Enter to "
            "move one on."
            if count
            else NO_COMPLAINTS
        )
        self.query_one("#queue-complaints-status", Static).update(Text(status))
        self._complaint_detail()

    @on(DataTable.RowHighlighted, "#complaints-due-table")
    def _complaint_detail(self) -> None:
        """The highlighted complaint in full under its table (the follow-up date too)."""
        detail = self.query_one(ComplaintsDueTable).detail()
        self.query_one("#complaints-due-detail", Static).update(detail)

    @on(ReadComplaintRequested)
    def _read_requested(self, request: ReadComplaintRequested) -> None:
        read_complaint(self, self.actor, request.complaint_id)

    @on(MoveStageRequested)
    def _move_requested(self, request: MoveStageRequested) -> None:
        def given(move: StageMove | None) -> None:
            if move is not None:
                self._move_complaint(move)

        self.app.push_screen(MoveStageScreen(request), given)

    @work(thread=True, exclusive=True, group="move-complaint", exit_on_error=False)
    def _move_complaint(self, move: StageMove) -> None:
        result = attempt(
            "move the complaint on",
            self.custinfo.services().move_complaint,
            self.actor,
            move.complaint_id,
            move.to_stage,
            move.note,
            move.follow_up_on,
        )
        tell_handler(self, result, done=move.done())
        self._load_complaints()
