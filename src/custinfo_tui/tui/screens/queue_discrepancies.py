"""The supervisor queue's discrepancy items (MP-14): the report read in full, then the
record opened to correct it through the normal edit (reason "Discrepancy report", read
back), or the report rejected with a reason (screens/discrepancy.py).

`QueueDiscrepanciesPage` is the queue screen's base (screens/queue.py, `QueueScreen`,
which lists the items and reloads them once the record is closed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message

from custinfo_tui.domain.discrepancies import DiscrepancyReport
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.tui.screens.base import back_to
from custinfo_tui.tui.screens.discrepancy_decision import REJECT, DecideDiscrepancyScreen, Decision
from custinfo_tui.tui.screens.queue_complaints import QueueComplaintsPage
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.service_calls import attempt, tell_handler

if TYPE_CHECKING:
    from textual.worker import Worker


class QueueDiscrepanciesPage(QueueComplaintsPage):
    """Deciding a discrepancy item: reject it here, or correct the record."""

    class DiscrepancyLoaded(Message):
        """The report behind a discrepancy item, for the supervisor to decide."""

        def __init__(self, report: DiscrepancyReport) -> None:
            super().__init__()
            self.report = report

    class ReportedRecordOpened(Message):
        """The record a discrepancy report is about, opened to correct it."""

        def __init__(self, record: CustomerRecord, report: DiscrepancyReport) -> None:
            super().__init__()
            self.record = record
            self.report = report

    #: The queue reloads when the record opened to correct a report is closed.
    _reload_on_resume: bool

    if TYPE_CHECKING:  # the queue screen's (screens/queue.py)

        def _load(self) -> Worker[None]: ...

    @work(thread=True, exclusive=True, group="discrepancy", exit_on_error=False)
    def _load_discrepancy(self, item_id: int) -> None:
        result = attempt(
            "read the report", self.custinfo.services().discrepancy_for_item, self.actor, item_id
        )
        tell_handler(self, result)
        if result.value is not None:
            self.post_message(self.DiscrepancyLoaded(result.value))

    @on(DiscrepancyLoaded)
    def _decide_discrepancy(self, loaded: DiscrepancyLoaded) -> None:
        report = loaded.report

        def decided(decision: Decision | None) -> None:
            if decision is None:
                return
            if decision.how == REJECT:
                self._reject_discrepancy(report.id, decision.reason)
            else:
                self._open_reported_record(report)

        self.app.push_screen(DecideDiscrepancyScreen(report), decided)

    @work(thread=True, exclusive=True, group="discrepancy", exit_on_error=False)
    def _reject_discrepancy(self, report_id: int, reason: str) -> None:
        services = self.custinfo.services()
        result = attempt(
            "reject the report", services.reject_discrepancy, self.actor, report_id, reason
        )
        tell_handler(self, result, done="Report rejected; the reporter sees your reason.")
        self._load()

    @work(thread=True, exclusive=True, group="discrepancy", exit_on_error=False)
    def _open_reported_record(self, report: DiscrepancyReport) -> None:
        services = self.custinfo.services()
        result = attempt("open the record", services.open_reported_record, self.actor, report)
        tell_handler(self, result)
        if result.value is not None:
            self.post_message(self.ReportedRecordOpened(result.value, report))

    @on(ReportedRecordOpened)
    def _correct_discrepancy(self, opened: ReportedRecordOpened) -> None:
        """The record, to correct with F6 Edit; back here, the queue is reloaded."""
        screen = RecordScreen(opened.record, actor=self.actor, correcting=opened.report)
        back_to(screen, "the queue")  # Escape comes back here, not to the lookup
        self._reload_on_resume = True
        self.app.push_screen(screen)
