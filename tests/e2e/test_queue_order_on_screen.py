"""The supervisor queue on screen once it holds more than it lists: the line over the table
counts every item and says that only the first are shown, and the possible-fraud item a
locked call raised is on the first line, ahead of an import's possible duplicates."""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.domain.discrepancies import DiscrepancyIn
from custinfo_tui.services import discrepancies
from custinfo_tui.services.queue import QUEUE_PAGE
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.queue import QueueScreen
from tests.support.actors import desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.imported_duplicates import flag_imported_duplicates
from tests.support.screen import press, region_text, screen_text
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN_SMITH = 1
DUPLICATES = QUEUE_PAGE + 15


async def test_the_queue_counts_every_item_and_shows_the_fraud_item_first(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path
) -> None:
    """After an import flagged 415 duplicates the queue said "200 open items (all kinds)",
    and a possible-fraud item raised later was not on it at all."""
    with console_uow_factory(demo_settings) as uows:
        flag_imported_duplicates(uows, tmp_path, DUPLICATES)
        agent = desk_for(uows, "agent")
        agent.fail(agent.start(JOHN_SMITH).interaction_id, times=3)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g")
        assert isinstance(console.screen, QueueScreen)

        status = region_text(console, "#queue-status")
        assert status.startswith(f"{DUPLICATES + 1} open items (all kinds), as of ")
        assert f"showing the first {QUEUE_PAGE} of {DUPLICATES + 1}, most urgent first" in status
        table = screen_text(console).splitlines()
        first_row = next(line for line in table if "Possible" in line)
        assert "Possible fraud" in first_row and "1001 2345 P" in first_row
        assert first_row.rstrip().endswith("locked")
        assert "3 failed verification checks" in region_text(console, "#queue-summary")


async def test_f3_steps_through_the_kinds_in_the_order_the_queue_lists_them(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found trying the console: F3 went possible fraud, discrepancy, complaint follow-up,
    possible duplicate, disclosure request, while the queue lists a disclosure request
    second, before a discrepancy. One order now, the queue's own."""
    with console_uow_factory(demo_settings) as uows:
        agent = desk_for(uows, "agent")
        agent.fail(agent.start(JOHN_SMITH).interaction_id, times=3)
        given = DiscrepancyIn(field="email", claimed_value="john@example.org", why="Caller says")
        discrepancies.report_discrepancy(uows(), agent.actor, JOHN_SMITH, given)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g")
        assert isinstance(console.screen, QueueScreen)
        rows = [line for line in screen_text(console).splitlines() if "1001 2345 P" in line]
        assert ["Possible fraud" in rows[0], "Discrepancy" in rows[1]] == [True, True]

        shown = []
        for _ in range(6):
            await press(pilot, "f3")
            status = region_text(console, "#queue-status")
            shown.append(status[status.index("(") + 1 : status.index(")")])
        assert shown == [
            "Possible fraud",
            "Disclosure request",
            "Discrepancy",
            "Complaint follow-up",
            "Possible duplicate",
            "all kinds",
        ]
