"""An imported customer's record on screen: the title says a possible duplicate of it waits
on the supervisors' queue, and the timeline's oldest line where the record came from."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable

from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.services import queue
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.imported_duplicates import flag_imported_duplicates, import_same_people_again
from tests.support.screen import press, region_text
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)


async def test_an_imported_record_shows_its_import_and_its_possible_duplicate(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path
) -> None:
    """Found trying the import: tab 3 of an imported record said nothing of the import,
    and nothing on the record said a supervisor had a possible duplicate of it to weigh."""
    with console_uow_factory(demo_settings) as uows:
        flag_imported_duplicates(uows, tmp_path, 1)
    today = f"{datetime.now(UTC):%d %b %Y}"
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        record = await page.open_back_office("robyn importeraa")

        title = region_text(console, "#record-title")
        assert "Robyn Importeraa" in title and "POSSIBLE DUPLICATE of " in title
        await press(pilot, "3")
        table = record.query_one("#history-table", DataTable)
        whats = [table.get_row_at(row)[1].plain for row in range(table.row_count)]
        assert whats[-1] == (
            f"Imported from a legacy system (second-export.csv, import 2) on {today}"
        )


async def test_the_earlier_record_names_the_imported_records_it_may_be(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path
) -> None:
    """Found after the imported record named the item: the earlier record, the one the
    item points at, said nothing of the two imports that may be the same person."""
    with console_uow_factory(demo_settings) as uows:
        flag_imported_duplicates(uows, tmp_path, 1)
        import_same_people_again(uows, tmp_path, 1, "Robbin")
        supervisor = actor_for(uows, "supervisor")
        items = queue.open_items(uows(), supervisor, QueueKind.POSSIBLE_DUPLICATE)
    second, third = (item.customer_reference for item in items)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("robin importeraa")

        title = region_text(console, "#record-title")
        assert "Robin Importeraa" in title
        assert f"POSSIBLE DUPLICATE of {second} (+1)" in title, title
        assert third not in title
