"""A long value is read whole down the read-back table at 80x24 (MP-03).

The handler reads each line of the table aloud to the caller. A long e-mail spelled in the
NATO alphabet was cut at a third of the line ("B for Bravo, A for Alfa, R for Romeo, T…"),
the whole of it only in the line under the table; a long address line was cut the same
way. Now the spelling wraps onto as many rows as it needs, Status giving way to it.
"""

from __future__ import annotations

from custinfo_tui.domain.readback import read_back
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import logged_in
from tests.support.database import console_database
from tests.support.screen import cut_off_keys, footer_text, region_text, said_in_read_back

EMAIL = "bartholomew.featherstonehaugh@example.com"
ADDRESS_LINE = "Flat 12, Featherstonehaugh Court, 221 Bartholomew Road"


async def test_a_long_email_and_address_line_are_read_whole_down_the_table_at_80x24(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with logged_in(console) as page:
        await page.start_capture("Bartholomew")
        await page.keys("tab", *"Featherstonehaugh", "tab", *"03/03/1985", "tab")
        await page.keys(*"07700 900123", "tab", *EMAIL, "tab", *ADDRESS_LINE, "tab", "tab")
        await page.keys(*"Bristol", "tab", *"BS1 4DJ", "ctrl+s")
        await page.save_without_notes()
        assert isinstance(console.screen, ReadBackScreen)

        await page.keys("down", "down", "down", "down")  # the e-mail's line
        assert said_in_read_back(console, "E-mail") == read_back("email", EMAIL).say
        assert "…" not in region_text(console, "#readback-table")
        assert f"E-mail: {EMAIL}" in region_text(console, "#readback-say")
        footer = footer_text(console)
        assert "^d Type twice" in footer and "^q Quit" in footer
        assert not cut_off_keys(console)

        await page.keys("down")  # the address line's, read as written
        assert said_in_read_back(console, "Address line 1") == ADDRESS_LINE

        await page.keys("home", *["enter"] * 8, "ctrl+s")
        record = console.screen
        assert isinstance(record, RecordScreen)

    with console_database(demo_settings) as uow:
        (found,) = uow.customers.find_by_contact("email", EMAIL, exact=True, limit=1)
        assert found.id == record.record.customer_id
