"""Names and addresses pasted from an e-mail or a word processor, on the capture form
(MP-05, MP-03): their dashes and curly quotes are taken as the plain hyphen and apostrophe,
and what the line under the box shows, the read-back says and the database holds is the
same stored form.
"""

from __future__ import annotations

from textual.widgets import Input

from custinfo_tui.repository.orm import Customer
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, region_text, settle

SIZE = (80, 24)
PASTED_LINE = "\u2018The Old Mill\u2019, 12\u201314 Acacia Road"  # ‘The Old Mill’, 12–14
STORED_LINE = "'The Old Mill', 12-14 Acacia Road"


async def test_a_pasted_en_dash_and_curly_quotes_are_read_back_and_stored_plain(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: "12–14 Acacia Road" pasted from an e-mail was refused with "The
    address line can only contain letters, numbers, spaces and . , ' / & ( ) -", which did
    not say that the dash was the trouble; "‘The Old Mill’" was refused the same way."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        capture = await page.start_capture("Wilhelmina")
        assert isinstance(capture, CaptureScreen)
        await press(pilot, "tab")
        await press(pilot, *"Quarrington\u2013Hale", "tab")  # an en dash, as Word makes one
        for text in ("03/09/1971", "07700 900777", "w.q@example.com"):
            await press(pilot, *text, "tab")
        await press(pilot, *PASTED_LINE)

        # The line under the box shows what will be stored; the box keeps what was typed.
        assert region_text(console, "#address_line1-message") == (f"-> {STORED_LINE}")
        assert capture.query_one("#address_line1-input", Input).value == PASTED_LINE

        await press(pilot, "tab", "tab", *"Whitby", "tab", *"YO22 4DE", "ctrl+s")
        await page.save_without_notes()
        assert isinstance(console.screen, ReadBackScreen)
        await settle(pilot)
        await press(pilot, "enter")  # the given name confirmed: the family name is next
        assert "Family name: Quarrington-Hale" in region_text(console, "#readback-say")
        assert "N for November, hyphen, H for Hotel" in region_text(console, "#readback-table")
        await press(pilot, *["enter"] * 4)  # on to the address's first line
        assert f"Address line 1: {STORED_LINE}" in region_text(console, "#readback-say")
        assert STORED_LINE in region_text(console, "#readback-table")
        await press(pilot, *["enter"] * 3, "ctrl+s")
        record = console.screen
        assert isinstance(record, RecordScreen)
        assert record.record.value("address_line1") == STORED_LINE

    with console_database(demo_settings) as uow:
        customer = uow.session.get(Customer, record.record.customer_id)
        assert customer is not None
        assert customer.family_name == "Quarrington-Hale"
        assert customer.addresses[0].line1 == STORED_LINE
