"""The supervisor's lists at 80 columns with a long value in them: the column that holds
it gives way, cut with an ellipsis, so the status, date and count columns beside it stay
on the screen; the line under the table says the highlighted row whole
(tui/widgets/sized_rows.py)."""

from __future__ import annotations

from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.services import complaints
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.unfinished_calls import UnfinishedCallsScreen
from tests.support.actors import actor_for, desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.long_username import LONG_USERNAME, long_named_agent
from tests.support.screen import region_text, table_line
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN_SMITH = 1
#: A complaint category as an organisation's policy may name one (docs/after-the-call.md).
LONG_CATEGORY = "Mis-sold product or unsuitable financial advice"


async def test_a_long_username_on_the_queue_gives_way_to_the_lock(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A 49-character username in By pushed Lock off the screen: a supervisor could not
    see which items still hold a verification lock."""
    with console_uow_factory(demo_settings) as uows:
        long_named_agent(uows)
        desk = desk_for(uows, LONG_USERNAME)
        desk.fail(desk.start(JOHN_SMITH).interaction_id, times=3)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g")
        assert isinstance(console.screen, QueueScreen)

        row = table_line(console, "#queue-table", "Possible fraud")
        assert "1001 2345 P" in row and " phone " in row
        assert row.endswith("…  locked")  # the username cut, the lock whole
        assert "hubert.blaine" in row and LONG_USERNAME not in row
        assert f"Raised by {LONG_USERNAME}." in region_text(console, "#queue-summary")


async def test_a_long_complaint_category_gives_way_to_the_stage_and_the_answer_due(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A 47-character category pushed the answer due off the queue's complaints: "ackn" was
    all that showed of "acknowledgement due in 3 days"."""
    with console_uow_factory(demo_settings) as uows:
        complaints.raise_complaint(
            uows(),
            actor_for(uows, "agent"),
            ComplaintPolicy(categories=(LONG_CATEGORY,)),
            JOHN_SMITH,
            ComplaintIn(
                category=LONG_CATEGORY,
                customer_said="Sold a policy that never covered the boiler",
                apology="Sorry the cover was not explained",
                solution="Refund the premiums",
            ),
        )
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f4")

        row = table_line(console, "#complaints-due-table", "1001 2345 P")
        assert row.endswith("  received  acknowledgement due in 3 days")
        assert "Mis-sold product" in row and "…" in row and LONG_CATEGORY not in row
        detail = region_text(console, "#complaints-due-detail")
        assert detail.startswith(f"1001 2345 P: {LONG_CATEGORY}, received ")


async def test_a_long_username_among_the_calls_to_finish_gives_way_to_the_state(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A 49-character username pushed State and Waiting off the calls to finish: whether
    the call ever ended, or its desk may be in use, could not be seen."""
    with console_uow_factory(demo_settings) as uows:
        long_named_agent(uows)
        desk_for(uows, LONG_USERNAME).start(JOHN_SMITH)  # then the console closed
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f6")
        assert isinstance(console.screen, UnfinishedCallsScreen)

        row = table_line(console, "#unfinished-table", "Phone call")
        assert " 1001 2345 P " in row and row.endswith("…  desk in use?  0 min")
        assert "hubert.blaine" in row and LONG_USERNAME not in row
        detail = region_text(console, "#unfinished-detail")
        assert detail.startswith(f"{LONG_USERNAME}'s phone call with 1001 2345 P, started")
