"""The record's timeline in a call, read while its tab is shown.

Every step of a call (the record opened, a reveal, a save, the record read again after a
check) returns the record, and in a call it comes without its timeline
(`services.record_view.in_call_record`): the handler is on the details meanwhile, and the
timeline is the dearest part of the record to read (docs/performance.md). So the tab asks
for it when it is shown, the timeline alone (`timeline_in_call`: the rest of the record is
not read again for it), and a record read again while it stays shown comes with it.
Outside a call the record always has its timeline.

A screen class of its own, as `RecordComplaints` is, so Textual registers its @on
handlers; the record screen (screens/record.py) builds on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.widgets import TabbedContent

from custinfo_tui.domain.records import CallTimeline, CustomerRecord
from custinfo_tui.tui.screens.record_complaints import RecordComplaints
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.widgets.record_history import TimelineTable

if TYPE_CHECKING:
    from custinfo_tui.domain.interactions import VerificationState
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.app import CustinfoApp

#: The timeline's tab (`TabPane` id).
TIMELINE_TAB = "history"


class TimelineRead(Message):
    """The record's timeline read in its call, for the tab that asked."""

    def __init__(self, timeline: CallTimeline) -> None:
        super().__init__()
        self.timeline = timeline


class RecordTimeline(RecordComplaints):
    """Reads the record's timeline in a call while its tab is shown."""

    #: The timeline's tab is shown: a record read again in a call is read with it.
    timeline_shown = False

    if TYPE_CHECKING:
        record: CustomerRecord
        state: VerificationState | None
        actor: Actor

        @property
        def custinfo(self) -> CustinfoApp: ...

        def _show_row_detail(self) -> None: ...

    @on(TabbedContent.TabActivated)
    def _timeline_tab(self, event: TabbedContent.TabActivated) -> None:
        self.timeline_shown = event.pane.id == TIMELINE_TAB
        self.read_timeline_if_shown()

    def read_timeline_if_shown(self) -> None:
        """Read the timeline if its tab is shown and the record came without it."""
        if self.timeline_shown and self.record.history is None:
            self._read_timeline()

    @work(thread=True, exclusive=True, group="record-timeline", exit_on_error=False)
    def _read_timeline(self) -> None:
        if self.state is None:
            return  # outside a call the record has it already
        services, call = self.custinfo.services(), self.state.interaction_id
        result = tell_handler(
            self, attempt("read the timeline", services.timeline_in_call, self.actor, call)
        )
        if result.value is not None:
            self.post_message(TimelineRead(result.value))

    @on(TimelineRead)
    def _timeline_arrived(self, message: TimelineRead) -> None:
        # The timeline alone goes in the record: a step that ended meanwhile brought the
        # fields as it left them, and a record since read with its timeline has the newer one.
        read = message.timeline
        if read.customer_id != self.record.customer_id or self.record.history is not None:
            return
        self.record = self.record.with_timeline(read)
        self.query_one(TimelineTable).show(self.record)
        self._show_row_detail()
