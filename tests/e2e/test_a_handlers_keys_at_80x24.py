"""Four things a call-handler met at 80x24, keyboard only, each as the screen now shows it.

1. "No customer matches" said nothing of what to do next: where the role captures new
   customers it names F6 (after checking the spelling); where it does not, no F6.
2. On the new-customer form's drop-down "⏎ Open" joined the footer and "esc End call" left
   it; F5 Form (back to the form, where the focus is already) leaves instead.
3. F5 before any check is refused "... then F5 again", and the panel's PgDn joined the
   footer as F5 left it: the key the panel's line answers stays.
4. A tab's number pressed on the locked verification's script said "nothing typed is
   checked"; it shows the tab, as it does everywhere else in the call.
"""

from __future__ import annotations

from textual.widgets import TabbedContent

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from custinfo_tui.tui.widgets.record_table import TYPED_TOGETHER
from tests.support.console_page import ConsolePage, logged_in
from tests.support.screen import (
    cut_off_keys,
    footer_text,
    panel_line,
    region_text,
    screen_text,
    settle,
)
from tests.support.tour import DPO


async def _in_palette(page: ConsolePage, typed: str, offered: str) -> bool:
    await page.keys("ctrl+p", *typed)
    found = offered in screen_text(page.pilot.app)
    await page.keys("escape")
    return found


async def _searched(page: ConsolePage, typed: str) -> str:
    await page.keys("ctrl+f", "ctrl+u", *typed)
    await settle(page.pilot)
    return region_text(page.pilot.app, "#search-status")


async def test_no_match_for_a_name_names_f6_where_the_role_captures_new_customers(
    console: CustinfoApp,
) -> None:
    async with logged_in(console) as page:
        said = await _searched(page, "qqqzzz")
        assert said == (
            "No customer matches. Check the spelling with the caller, or F6 captures a new "
            "customer."
        )
        assert "f6 New customer" in footer_text(console)
        # A phone number has no spelling: search by name first, whose no-match names F6.
        said = await _searched(page, "07700 900999")
        assert "search by name" in said and "F6" not in said


async def test_no_match_for_a_name_names_no_f6_where_the_role_takes_no_new_customers(
    console: CustinfoApp,
) -> None:
    async with logged_in(console, DPO) as page:
        said = await _searched(page, "qqqzzz")
        assert said == "No customer matches. Check the spelling with the caller."
        assert "f6" not in footer_text(console).lower()


async def test_end_call_stays_in_the_footer_on_the_new_customer_forms_drop_down(
    console: CustinfoApp,
) -> None:
    async with logged_in(console) as page:
        await page.keys("f6", "enter", "ctrl+s")  # a phone call, consent as it stands
        assert isinstance(console.screen, CaptureScreen)
        assert isinstance(console.focused, ChoiceSelect)  # the enquiry type
        footer = footer_text(console)
        assert footer.startswith("⏎ Open") and "esc End call" in footer
        assert "^q Quit" in footer and not cut_off_keys(console)
        assert "f5 Form" not in footer
        assert await _in_palette(page, "form", "Form (f5)")

        await page.keys("tab")  # a text box: no Open, and F5 Form is back
        footer = footer_text(console)
        assert "f5 Form" in footer and "esc End call" in footer

        await page.keys("shift+tab", "escape")  # what the footer says: the call ends
        await settle(page.pilot)
        assert isinstance(console.screen, WrapUpScreen)


async def test_f5_refused_before_any_check_stays_in_the_footer(console: CustinfoApp) -> None:
    async with logged_in(console) as page:
        await page.call("john smith")
        await page.keys("f5")
        await settle(page.pilot)
        assert panel_line(console).endswith("then F5 again. Next: Standard: 2 more checks.")
        footer = footer_text(console)
        assert "PgDn More" in footer and "f5 Reveal" in footer and "esc End call" in footer
        assert not cut_off_keys(console)
        assert await _in_palette(page, "consent", "Consent (f9)")  # left for F5


async def test_a_tabs_number_on_the_locked_script_shows_that_tab(console: CustinfoApp) -> None:
    async with logged_in(console) as page:
        record = await page.call("zoe taylor")
        await page.lock_verification()
        assert "Locked" in region_text(console, "#verification-panel")
        await page.pilot.pause(TYPED_TOGETHER * 2)  # pressed on its own, not typed on

        await page.keys("3")
        await settle(page.pilot)

        assert record.query_one(TabbedContent).active == "history"
        assert "Verification locked after 3" in region_text(console, "#history-table")
        assert "nothing typed is checked" not in region_text(console, "#verification-panel")
