"""Back on the lookup after a new customer is saved, at 80x24 and driven by keys: the next
caller's search starts afresh (docs/capture.md, step 5; MP-12, MP-13).

Found by a handler on their first day: searched for "Suharto" (no match), took him on with
F6, saved, and pressed Escape on his record, to find the lookup still saying *No customer
matches* for "Suharto", though he had just been saved, as if the save had not worked.
"""

from __future__ import annotations

from textual.widgets import Input

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.lookup import SEARCH_HINT, LookupScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import ConsolePage
from tests.support.screen import press, region_text, screen_text

SIZE = (80, 24)


async def test_the_search_starts_afresh_once_the_new_customer_is_saved(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, *"Suharto")
        await pilot.pause(0.3)
        assert "No customer matches" in region_text(console, "#search-status")

        # Taken on: one name only, then the rest of the form, read back and saved.
        await page.start_capture("")
        await press(pilot, "tab", "space", "tab", *"Suharto", "tab", *"08/06/1961", "tab")
        await press(pilot, *"07700 900456", "tab", "tab", *"4 Mill Lane", "tab", "tab")
        await press(pilot, *"Leeds", "tab", *"LS1 4DY", "ctrl+s")
        await page.save_without_notes()
        await press(pilot, *["enter"] * 6, "ctrl+s")
        assert isinstance(console.screen, RecordScreen)

        await press(pilot, "escape")

        assert isinstance(console.screen, LookupScreen)
        assert console.screen.query_one("#search", Input).value == ""
        assert region_text(console, "#search-status") == SEARCH_HINT
        assert "No customer matches" not in screen_text(console)
