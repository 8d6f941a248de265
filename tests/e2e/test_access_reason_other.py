"""The access reason "Other (describe below)" (MP-09): its words in brackets tell the
handler what to do on the form, so the trail records "Other: <their words>", and the
record's timeline shows it so; a record opened for it by an earlier version, which
recorded the form's words too, reads "Other: ..." on the timeline, while the trail keeps
it as it was recorded."""

from __future__ import annotations

from textual.widgets import DataTable

from custinfo_tui.domain.records import AccessReason
from custinfo_tui.services.records import open_record
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.actors import actor_for
from tests.support.console_page import logged_in
from tests.support.database import console_uow_factory, viewed_reasons
from tests.support.screen import region_text, screen_text

SIZE = (80, 24)
#: The demo's first customer, John Smith (1001 2345 P).
JOHN_SMITH = 1


def _timeline_reasons(record: RecordScreen) -> list[str]:
    """The Why of each event on the record's timeline, whole (cut short in the table at 80
    columns, whole on the line under the tabs when highlighted)."""
    table = record.query_one("#history-table", DataTable)
    return [str(table.get_row_at(row)[3]) for row in range(table.row_count)]


async def test_a_record_opened_for_other_is_recorded_and_shown_as_other_and_the_words(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by an explorer: the timeline and the audit trail said "Other (describe below):
    letter from his solicitor", the form's instruction recorded as if it were the reason."""
    async with logged_in(console) as page:
        await page.asked_why("john smith")
        assert "Other (describe below)" in screen_text(console)  # the form keeps its words
        await page.keys("end", "enter", *"letter from his solicitor", "enter")
        record = console.screen
        assert isinstance(record, RecordScreen)

        await page.keys("3")  # the timeline: the record opened, newest, highlighted
        assert "Other: letter from his solicitor" in region_text(console, "#row-detail")
        assert "describe below" not in screen_text(console)
    assert viewed_reasons(demo_settings) == ["Other: letter from his solicitor"]


async def test_a_record_opened_for_other_by_an_earlier_version_reads_other_on_the_timeline(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Events are never rewritten: one recorded with the form's words before this version
    keeps them on the trail, and the timeline shows it as a new one reads."""
    as_recorded_before = "Other (describe below): letter of 3 May"
    with console_uow_factory(demo_settings) as uow_factory:
        # The whole reason, as an earlier version recorded it, given as one.
        why = AccessReason(reason=as_recorded_before)
        open_record(uow_factory(), actor_for(uow_factory, "agent"), JOHN_SMITH, why)
    async with logged_in(console) as page:
        record = await page.open_back_office("john smith")
        await page.keys("3")
        reasons = _timeline_reasons(record)
        assert "Other: letter of 3 May" in reasons
        assert not [reason for reason in reasons if "describe below" in reason]
    assert as_recorded_before in viewed_reasons(demo_settings)  # the trail keeps it
