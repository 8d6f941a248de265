"""The access reason "Third-party request" (MP-09): someone acting for the customer (a
solicitor, an attorney) or asking about them (the police, a council) is neither the
customer writing in nor their own data protection request, which were the nearest reasons
offered. The trail records it as offered, with the handler's words, and the timeline (and
the person's pack, read by the DPO) shows it so."""

from __future__ import annotations

from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import logged_in
from tests.support.database import viewed_reasons
from tests.support.screen import region_text, screen_text

THIRD_PARTY = "Third-party request (for or about the customer)"


async def test_a_record_opened_for_a_third_partys_request_is_recorded_as_one(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with logged_in(console) as page:
        await page.asked_why("john smith")
        assert THIRD_PARTY in screen_text(console)  # offered, whole, at 80x24
        assert "Other (describe below)" in screen_text(console)  # still last, in view
        await page.keys("end", "up", "enter", *"letter from her solicitor", "enter")
        record = console.screen
        assert isinstance(record, RecordScreen)

        await page.keys("3")  # the timeline: the record opened, newest, highlighted
        said = region_text(console, "#row-detail")
        assert f"{THIRD_PARTY}: letter from her solicitor" in said
    assert viewed_reasons(demo_settings) == [f"{THIRD_PARTY}: letter from her solicitor"]
