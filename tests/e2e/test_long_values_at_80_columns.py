"""A long value is cut, with an ellipsis, in the column that gives way; the columns a
handler relies on stay whole on an 80x24 screen (tui/widgets/sized_rows.py)."""

from __future__ import annotations

from textual.widgets import DataTable

from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.long_name import GIVEN, long_named_customer
from tests.support.screen import goes_on_under_itself, region_lines, region_text, screen_text

SIZE = (80, 24)


def _shown_lines(app: CustinfoApp) -> list[str]:
    return [line.rstrip() for line in screen_text(app).splitlines()]


async def test_a_long_name_is_cut_and_every_match_keeps_its_postcode_and_phone(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    with console_uow_factory(demo_settings) as uows:
        reference = long_named_customer(uows)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys(*"se12qt")

        lines = _shown_lines(console)
        heading = next(line for line in lines if "Reference" in line)
        assert "Postcode" in heading and "Phone" in heading
        john = next(line for line in lines if "1001 2345 P" in line)
        hubert = next(line for line in lines if reference in line)
        assert "John Smith" in john and "SE1 2**" in john and john.endswith("...123")
        assert "SE1 2**" in hubert and hubert.endswith("...321")
        assert "Hubert Blaine" in hubert and "…" in hubert  # the name cut, and said to be
        table = console.screen.query_one("#results", DataTable)
        names = [str(table.get_row_at(row)[1]) for row in range(table.row_count)]
        assert any(name.startswith(GIVEN) for name in names)  # whole in the table's data


async def test_outside_a_call_a_long_value_gives_way_to_its_data_category(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    with console_uow_factory(demo_settings) as uows:
        reference = long_named_customer(uows)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office(reference)

        lines = _shown_lines(console)
        assert any(line.split()[-1:] == ["Category"] for line in lines)
        given = next(line for line in lines if line.startswith(" Given name "))
        assert given.endswith("…  personal")  # the name cut, its category whole
        assert any(line.endswith("special category") for line in lines)
        # The line under the tabs has the highlighted value whole.
        assert f"Given name: {GIVEN}" in region_text(console, "#row-detail")

        await page.keys("3")  # the timeline: who did each thing stays on the screen
        lines = _shown_lines(console)
        heading = next(line for line in lines if line.startswith(" When "))
        assert heading.split() == ["When", "What", "Who", "Why"]
        assert any("Record opened" in line and " agent " in line for line in lines)
        # The line under the tabs: the event beside its time, going on under itself.
        event = "Record opened · agent · Customer wrote in (letter or e-mail): letter of 20 Nov"
        goes_on_under_itself(region_lines(console, "#row-detail"), "Record opened", event)


async def test_in_a_call_the_timeline_gives_what_happened_the_room_beside_the_checks(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The timeline beside the verification panel has half the screen: who and why go to
    the line under the tabs, with the whole event, and What keeps the room."""
    with console_uow_factory(demo_settings) as uows:
        reference = long_named_customer(uows)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call(reference)
        # The given name, highlighted, beside its label: too long for the line beside the
        # checks, it goes on under itself, not under the label.
        goes_on_under_itself(region_lines(console, "#row-detail"), "Hubert", GIVEN)
        # To "Read back and confirmed", under the call's opening of the record (the timeline
        # is read once its tab is shown, the keys typed meanwhile kept for it).
        await page.keys("f4", "3", "down", "down", "down", "down")

        table = region_text(console, "#history-table")
        assert table.startswith("When What ") and "Who" not in table
        assert "Read back and confirmed: Gi…" in table  # cut where the pane ends
        detail = region_text(console, "#row-detail")
        assert "Read back and confirmed: Given name, Family name, Date of birth" in detail
        assert detail.endswith("Town, Postcode · agent · -")  # who, and the reason: none
