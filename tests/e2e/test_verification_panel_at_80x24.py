"""Everything the verification panel says is read at 80x24 (MP-08), by keys alone.

A keyboard-only tester verified John Smith to Standard: the panel's last visible line was
"enquiries. Change:", and the rest ("enquiries. Withdraw: marketing consent.") showed only
at 100x30, or with PgDn in the answer box, which nothing named. A representative's call
was nearly as full. The panel now says the same in fewer lines; where it still runs past
its edge, the footer names PgDn.
"""

from __future__ import annotations

from textual.containers import VerticalScroll

from custinfo_tui.tui.app import CustinfoApp
from tests.support.console_page import ConsolePage
from tests.support.screen import cut_off_keys, footer_text, press, region_text, screen_text

SIZE = (80, 24)


def _panel(console: CustinfoApp) -> str:
    """What the panel shows on the screen, wrapped lines joined."""
    return region_text(console, "#verification-panel")


def _below_its_edge(console: CustinfoApp) -> float:
    panel = console.screen.query_one("#verification-panel", VerticalScroll)
    return panel.max_scroll_y - panel.scroll_y


async def test_at_standard_the_whole_panel_is_on_the_screen(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("SE1 2QT", down=1)
        await page.answer("12/04/1980")

        shown = _panel(console)
        assert shown.startswith("Caller: the customer Standard - 2 passed")
        assert "Passed: Date of birth. Now Standard: F4, Enter reveals." in shown
        assert shown.endswith(
            "Read: everything but support needs. Change: nothing (needs High). "
            "Withdraw: marketing consent."
        )
        assert _below_its_edge(console) == 0
        assert "PgDn" not in footer_text(console)


async def test_a_representatives_whole_panel_is_on_the_screen(console: CustinfoApp) -> None:
    """Priya Smith, John Smith's partner: her name and authority take two lines, High is
    out of her reach, and two checks have nothing on file ("(none held)" took two lines
    each)."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.keys("f2", "down", "enter")
        await page.answer("5 September 1982")
        await page.answer("se1 2qt")

        shown = _panel(console)
        assert shown.startswith("Caller: Priya Smith (partner, named contact)")
        assert "[-] Address line 1 (none) " in shown
        assert "[-] Security answer (none) " in shown
        assert shown.endswith("Read: contact details. Change: nothing.")
        assert _below_its_edge(console) == 0


async def test_where_the_panel_runs_past_its_edge_the_footer_names_pgdn(
    console: CustinfoApp,
) -> None:
    """A wrong date of birth first: the failure's line as well as the level reached."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("01/01/1970")
        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")
        assert "1 failed in 24 h: 2 more failures lock" in _panel(console)
        assert "Withdraw: marketing consent." not in _panel(console)
        assert footer_text(console).startswith("PgDn More esc End call")

        await press(pilot, "pagedown")
        assert _panel(console).endswith("Withdraw: marketing consent.")
        assert footer_text(console).startswith("PgUp Earlier esc End call")
        # The answer box keeps the focus: the caller's next answer goes there.
        assert console.focused is console.screen.query_one("#answer")

        await press(pilot, "pageup")
        assert _panel(console).startswith("Caller: the customer Standard - 2 passed")


async def test_where_the_panel_runs_past_its_edge_f9_stays_and_f5_goes_to_the_palette(
    console: CustinfoApp,
) -> None:
    """Found in session 37: PgDn joined a full footer and F9 Consent left it, though at
    Standard F9 is how the handler takes marketing back for a caller who asks (as easy as
    giving it, Art. 7(3)). F5 Reveal leaves instead: the panel and the fields name F4,
    Enter, and the command palette lists F5."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("01/01/1970")
        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")

        for more in ("PgDn More", "PgUp Earlier"):
            footer = footer_text(console)
            assert footer.startswith(f"{more} esc End call f2 Caller f6 Edit f9 Consent ^q Quit")
            assert not cut_off_keys(console)
            await press(pilot, "pagedown")

        await press(pilot, "ctrl+p", *"reveal")
        assert "Reveal (f5)" in screen_text(console)
        await press(pilot, "escape", "f9")
        assert "Consent: record marketing the caller takes back or refuses" in screen_text(console)
