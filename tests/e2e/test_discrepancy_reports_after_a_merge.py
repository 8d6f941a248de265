"""A discrepancy report open on a record merged since is worked from the record kept
(MP-13, MP-14), on the real console.

Found in review: merging moved a report's queue item to the kept record but left the
report on the merged one, which no one can open any more: the supervisor's Enter on the
item tried to open the merged record, and a correction made on the kept record was refused
as "about another customer". The report now moves with the record while it is open,
keeping who reported what and when; the queue and the report say the record it was made
on; a report decided before the merge stays as it was.
"""

from __future__ import annotations

from textual.widgets import DataTable

from custinfo_tui.domain.discrepancies import DiscrepancyIn, DiscrepancyStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.repository.orm import DiscrepancyReportRow
from custinfo_tui.services import discrepancies
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.discrepancy_decision import DecideDiscrepancyScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.actors import desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.merges import merge_as_one_person
from tests.support.screen import press, region_text, screen_text, screen_words, settle
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN, JONATHAN = NAMED_CUSTOMERS[0], NAMED_CUSTOMERS[4]
JOHN_ID, JONATHAN_ID = 1, 5
RIGHT_EMAIL = "jonathan.smythe@example.org"


def _reports_then_merge(settings: Settings) -> tuple[int, int]:
    """The agent reports Jonathan's e-mail (left open) and phone (rejected by the
    supervisor) as wrong; then the supervisor merges Jonathan's record into John's, as one
    person's. The two reports' ids."""
    with console_uow_factory(settings) as uow_factory:
        agent, supervisor = desk_for(uow_factory, "agent"), desk_for(uow_factory, "supervisor")

        def report(field: str, value: str) -> int:
            given = DiscrepancyIn(field=field, claimed_value=value, why="Caller says so")
            return discrepancies.report_discrepancy(
                uow_factory(), agent.actor, JONATHAN_ID, given
            ).id

        waiting, rejected = report("email", RIGHT_EMAIL), report("phone", "07700 900456")
        discrepancies.reject_discrepancy(
            uow_factory(), supervisor.actor, rejected, "The letter of 3 May confirms the phone"
        )
        merge_as_one_person(uow_factory, supervisor.actor, JOHN_ID, JONATHAN_ID)
    return waiting, rejected


async def test_a_report_on_a_record_merged_since_is_corrected_on_the_record_kept(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    waiting, rejected = _reports_then_merge(demo_settings)
    with console_database(demo_settings) as uow:
        before = uow.discrepancies.get(waiting)
        assert before is not None
        reported_by, reported_at = before.reported_by_id, before.reported_at
    john, jonathan = (format_reference(c.reference) for c in (JOHN, JONATHAN))
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "f3", "f3", "f3")  # fraud, disclosure, discrepancy
        assert isinstance(console.screen, QueueScreen)
        assert "1 open item (Discrepancy)" in screen_text(console)
        assert john in screen_text(console)  # found under the record kept
        said = region_text(console, "#queue-summary")
        assert f"E-mail on file reported wrong (report {waiting})." in said
        assert f"Reported on {jonathan}, since merged into {john}. Raised by agent." in said

        await press(pilot, "enter")
        assert isinstance(console.screen, DecideDiscrepancyScreen)
        shown = screen_words(console)
        assert f"Discrepancy: E-mail ({john})" in shown and "Reported by agent" in shown
        assert f"Reported on {jonathan}, since merged into {john}." in shown
        assert f"Caller says: {RIGHT_EMAIL}" in shown

        await press(pilot, "enter")  # opens the record kept: the merged one cannot be
        record = console.screen
        assert isinstance(record, RecordScreen) and record.correcting is not None
        assert record.record.reference == john
        await press(pilot, "f6")
        assert isinstance(console.screen, EditScreen)
        await press(pilot, "ctrl+u", *RIGHT_EMAIL, "ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        await press(pilot, "ctrl+d", *RIGHT_EMAIL, "enter", "ctrl+s")
        assert console.screen is record
        assert record.record.value("email") == RIGHT_EMAIL
        await press(pilot, "3")
        table = console.screen.query_one("#history-table", DataTable)
        timeline = " / ".join(str(table.get_row_at(i)) for i in range(table.row_count))
        assert f"Discrepancy report {waiting} moved here when {jonathan}" in timeline
        assert "Discrepancy report corrected: E-mail" in timeline
        await press(pilot, "escape")
        assert isinstance(console.screen, QueueScreen)
        await settle(pilot)
        assert "No open items (Discrepancy), as of" in screen_text(console)

    with console_database(demo_settings) as uow:
        corrected, decided = uow.discrepancies.get(waiting), uow.discrepancies.get(rejected)
        assert isinstance(corrected, DiscrepancyReportRow)
        assert isinstance(decided, DiscrepancyReportRow)
        # Moved while open, its history kept: who reported it, when, on which record.
        assert (corrected.customer_id, corrected.reported_on_id) == (JOHN_ID, JONATHAN_ID)
        assert (corrected.reported_by_id, corrected.reported_at) == (reported_by, reported_at)
        assert corrected.status == DiscrepancyStatus.CORRECTED
        # Decided before the merge: as it was, on the record it was made on.
        assert (decided.customer_id, decided.reported_on_id) == (JONATHAN_ID, None)
        assert decided.status == DiscrepancyStatus.REJECTED
        [moved] = uow.audit.list_recent(action=AuditAction.DISCREPANCY_MOVED_BY_MERGE.value)
        assert moved.customer_id == JOHN_ID and moved.details["report_id"] == waiting
        assert (moved.details["merged"], moved.details["survivor"]) == (jonathan, john)
