"""The record screen's complaints (MP-19): raising one, reading one in full, moving one on
to its next stage (a supervisor's, from the record's Complaints tab).

A screen class of its own, as `RecordEditing` is, so Textual registers its @on handlers;
the record screen (screens/record.py) builds on it and gives it what it reads below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work

from custinfo_tui.domain.complaint_callers import CallerStanding
from custinfo_tui.domain.complaints import raised_words
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from custinfo_tui.tui.screens.complaint_stage import MoveStageScreen, StageMove
from custinfo_tui.tui.screens.complaint_text import read_complaint
from custinfo_tui.tui.screens.record_editing import RecordEditing
from custinfo_tui.tui.screens.record_messages import RecordReloaded
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.complaints_table import MoveStageRequested, ReadComplaintRequested

if TYPE_CHECKING:
    from collections.abc import Callable


class RecordComplaints(RecordEditing):
    """Raise, read and move on the record's complaints."""

    if TYPE_CHECKING:

        @property
        def in_call(self) -> bool: ...

    def action_raise_complaint(self, then: Callable[[str], object] | None = None) -> None:
        """The complaint form; `then` runs once a complaint is raised (the wrap-up's), with
        what the handler is told of it (`raised_words`)."""
        state = self.state
        screen = RaiseComplaintScreen(
            self.actor,
            self.record,
            self.custinfo.services().complaints,
            state.interaction_id if state is not None else None,
            CallerStanding.of_state(state) if state is not None else None,
        )

        def raised(record: CustomerRecord | None) -> None:
            if record is not None:
                self._show_record(record)
                self.show_complaint_raised()
                said = _raised(record, caller_on_the_line=state is not None)
                # Once the focus is back where the call goes on (the answer box, which a
                # focus scrolls into view): said after it, the words are in view whole.
                self.call_after_refresh(self.tell_in_call, said)
                if then is not None:
                    then(said)

        self.app.push_screen(screen, raised)

    def show_complaint_raised(self) -> None:
        """Where the handler is taken once a complaint is raised: its tab."""
        self.action_show_tab("complaints")

    @on(ReadComplaintRequested)
    def _read_requested(self, request: ReadComplaintRequested) -> None:
        if self.in_call:  # the timeline shows what the customer said, as the caller may hear
            self.notify(
                "In a call, what the customer said is on 3 Timeline once the caller may hear "
                "it; read the complaint in full after the call.",
                markup=False,
            )
            return
        read_complaint(self, self.actor, request.complaint_id)

    @on(MoveStageRequested)
    def _move_requested(self, request: MoveStageRequested) -> None:
        if not self.capabilities.move_complaints:
            return

        def given(move: StageMove | None) -> None:
            if move is not None:
                self._move_complaint(self.actor, move)

        self.app.push_screen(MoveStageScreen(request), given)

    @work(thread=True, exclusive=True, group="complaint", exit_on_error=False)
    def _move_complaint(self, actor: Actor, move: StageMove) -> None:
        result = attempt(
            "move the complaint on",
            self.custinfo.services().move_complaint_on_record,
            actor,
            move.complaint_id,
            move.to_stage,
            move.note,
            self.state.interaction_id if self.state is not None else None,
            move.follow_up_on,
        )
        tell_handler(self, result, done=move.done())
        if result.value is not None:
            self.post_message(RecordReloaded(result.value))


def _raised(record: CustomerRecord, *, caller_on_the_line: bool) -> str:
    """What the handler is told of the complaint just raised, the newest on `record`: its
    reference and the dates its answers are due, in a call as words for the caller."""
    newest = max(record.complaints, key=lambda complaint: complaint.id, default=None)
    if newest is None:  # not listed back (cannot be, once raised): said without them
        return "Complaint raised."
    return raised_words(newest, caller_on_the_line=caller_on_the_line)
