"""The verification panel's check marks say how often a check failed (MP-08)."""

from __future__ import annotations

from custinfo_tui.tui.app import CustinfoApp
from tests.support.console_page import ConsolePage
from tests.support.screen import region_text, words

SIZE = (80, 24)


async def test_the_panel_says_how_often_a_check_failed(console: CustinfoApp) -> None:
    """Two wrong dates of birth and a wrong postcode lock: the panel showed one [!] beside
    the date of birth as if it had failed once."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        shown = await page.answer("01/01/1980")
        assert "[!] Date of birth" in shown and "×" not in shown
        shown = await page.answer("02/01/1980")
        assert "[!] Date of birth ×2" in words(shown)
        await page.answer("E1 6AN", down=1)
        assert "[!] Date of birth ×2" in words(region_text(console, "#checks"))
