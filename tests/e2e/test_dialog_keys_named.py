"""Keys on the console's dialogs, at 80x24: a long complaint read in full names the keys
that scroll it (docs/after-the-call.md), and Ctrl+C on a dialog says how to quit, as it
does on a screen (docs/access-control.md). Found touring: the complaint's dialog showed
only "esc Back" though it scrolled, and Ctrl+C on "How is the customer in touch?" said
nothing.
"""

from __future__ import annotations

from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.screens.complaint_text import ComplaintTextScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from tests.support.complaints import plant_complaint
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.screen import footer_text, screen_text, screen_words, settle
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
#: What Textual says to Ctrl+C on a screen, where it no longer quits.
HOW_TO_QUIT = "Press ctrl+q to quit the app"


async def test_a_long_complaint_read_in_full_names_its_scroll_keys(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows, "Charged twice for March, then again for April. " * 30)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        await page.keys("6", "v")
        await settle(pilot)
        assert isinstance(console.screen, ComplaintTextScreen)
        footer = footer_text(console)
        assert "esc Back" in footer and "PgDn More" in footer and "PgUp" not in footer
        # Label and value in columns: read with the gap between them closed.
        assert "Solution: Refund" not in screen_words(console)  # below the box's edge

        await page.keys("pagedown", "pagedown", "pagedown")
        await settle(pilot)
        footer = footer_text(console)
        assert "PgUp Earlier" in footer and "PgDn" not in footer  # at the end
        assert "Solution: Refund the second payment" in screen_words(console)


async def test_ctrl_c_on_a_dialog_says_how_to_quit(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE, notifications=True) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.choose("john smith")  # "How is the customer in touch?"
        assert isinstance(console.screen, Dialog)

        await page.keys("ctrl+c")
        await settle(pilot)

        assert HOW_TO_QUIT in screen_text(console)
        assert isinstance(console.screen, Dialog)  # nothing else done


async def test_ctrl_c_still_copies_in_a_text_box(console: CustinfoApp) -> None:
    """Ctrl+C with text selected in a box copies it, and says nothing."""
    async with console.run_test(size=SIZE, notifications=True) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        assert isinstance(console.screen, LookupScreen)
        await page.keys(*"smith", "shift+home", "ctrl+c")
        await settle(pilot)

        assert console.clipboard == "smith"
        assert HOW_TO_QUIT not in screen_text(console)
