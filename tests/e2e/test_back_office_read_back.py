"""The back-office check of changed details (MP-03): nothing spelled for no one.

Found by a supervisor exploring the demo at 80x24: a change made outside a call, its
read-back titled "Check the changed details" with a middle column "Reads as", spelled the
postcode the change left as it is in the phonetic alphabet ("S for Sierra, E for Echo,
...") though no caller was there to hear it. With no caller each line reads as the record
will show it, to check against the source; in a call, the handler still spells it aloud.
"""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import logged_in
from tests.support.database import console_database
from tests.support.edit_screen import edit_in_back_office
from tests.support.screen import press, region_text, screen_text, settle
from tests.support.tour import SUPERVISOR

JOHN_SMITH = 1
NEW_STREET = "14 Harbour Road"


async def test_a_back_office_check_spells_nothing_in_the_phonetic_alphabet(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with logged_in(console, SUPERVISOR) as page:
        edit = await edit_in_back_office(page, "john smith")
        edit.query_one("#address_line1-input", Input).value = NEW_STREET
        await settle(page.pilot)
        edit.query_one("#address_line1-reason", Select).value = "Entry error corrected"
        await settle(page.pilot)
        await press(page.pilot, "ctrl+s")
        readback = console.screen
        assert isinstance(readback, ReadBackScreen), screen_text(console)
        assert "Check the changed details" in screen_text(console)
        table = readback.query_one("#readback-table", DataTable)
        reads = {str(key.value): str(table.get_row(key)[1]) for key in table.rows}
        # The street changed and the postcode kept, each as the record will show them.
        assert reads["address_line1"] == NEW_STREET and reads["postcode"] == "SE1 2QT"
        for _line in readback.lines:
            shown = screen_text(console)
            assert " for " not in shown, shown  # no "S for Sierra", on any line
            await press(page.pilot, "down")
        at = [line.key for line in readback.lines].index("postcode")
        await press(page.pilot, "home", *["down"] * at)  # the postcode's line, under it
        assert "Postcode (unchanged): SE1 2QT" in region_text(console, "#readback-say")
        await press(page.pilot, "home", *["enter"] * len(readback.lines), "ctrl+s")
        assert isinstance(console.screen, RecordScreen), screen_text(console)
        assert NEW_STREET in screen_text(console)  # saved

    with console_database(demo_settings) as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        confirmed = uow.audit.list_recent(action=AuditAction.READ_BACK_CONFIRMED.value)[0]
        assert confirmed.customer_id == JOHN_SMITH and confirmed.interaction_id is None
        assert "postcode" in confirmed.details["unchanged"]  # checked, though not spelled
