"""The consent script's boxes in the order the handler asks (MP-06, MP-07), at 80x24.

Found trying the console as an agent: on a new customer's consent script the first Tab
landed on the lawful basis, which the script tells the caller rather than asks, not on
the marketing channels, the one question it asks. With the caller's "yes to e-mail" in
hand, Tab then Space opened the basis's list instead of ticking e-mail. Now the marketing
channels come first, on the screen and for Tab; the basis second; the Article 9 condition
third, as the line under the script says.
"""

from __future__ import annotations

from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.consent import ConsentScreen
from tests.support.console_page import logged_in
from tests.support.screen import footer_text, region_text, screen_text


async def test_the_first_tab_on_the_script_reaches_the_marketing_question(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with logged_in(console) as page:
        await page.keys("f6", "enter")  # a new customer, by phone: the script first
        assert isinstance(console.screen, ConsentScreen)
        shown = screen_text(console)
        assert "Tab: marketing, basis, then support needs (Art. 9)." in shown
        # On the screen as for Tab: the question asked, then the basis told.
        assert shown.index("Marketing the caller agreed to") < shown.index("Lawful basis")

        await page.keys("tab")
        assert "space Tick" in footer_text(console)  # on the channels, not the basis
        await page.keys("space")  # the caller says yes to e-mail, the first channel
        await page.keys("tab")
        assert "⏎ Open" in footer_text(console)  # the basis next, its list on Enter
        await page.keys("ctrl+s")

        assert isinstance(console.screen, CaptureScreen)
        said = region_text(console, "#capture-status")
        assert said == "Consent: Contract (Art. 6(1)(b)); marketing: E-mail."
