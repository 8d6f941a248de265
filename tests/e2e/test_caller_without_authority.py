"""A caller with no authority on file, on the real console at 80x24 (MP-08): the in-call
screen offers only what this caller allows.

John Smith's partner Priya is a named contact; someone else ringing about him (F2, *Someone
else, with no authority on file*) may hear nothing and change nothing. F5 Reveal, F6 Edit
and F9 Consent only refused for them, yet the footer offered them (and the command palette
listed them), and the Authorised and Consent tabs showed who may act for him and what he
agreed to. Now those keys go, the note, complaint and discrepancy keys take their room,
and the two tabs say in one line why they show nothing; all of it comes back when F2
says the customer is calling.
"""

from __future__ import annotations

from sqlalchemy import text
from textual.command import CommandList, CommandPalette

from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from tests.support.console_page import ConsolePage, logged_in
from tests.support.database import console_database
from tests.support.screen import footer_text, screen_text

#: What the two tabs say to a handler with someone with no authority on the line.
WITHHELD = "Not for this caller: no authority on file."
#: John Smith's named contact, on his Authorised tab.
PRIYA = "Priya"


async def _someone_else_calls(page: ConsolePage) -> None:
    await page.keys("f2", "down", "down", "enter")  # someone else, with no authority


async def _the_customer_calls(page: ConsolePage) -> None:
    await page.keys("f2", "up", "up", "enter")  # the customer


def _palette_lists(console: CustinfoApp) -> list[str]:
    palette = console.screen
    assert isinstance(palette, CommandPalette)
    commands = palette.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def test_the_footer_offers_only_what_a_caller_with_no_authority_allows(
    console: CustinfoApp,
) -> None:
    async with logged_in(console) as page:
        await page.call("john smith")
        footer = footer_text(console)
        assert "f5 Reveal" in footer and "f6 Edit" in footer and "f9 Consent" in footer
        await page.keys("ctrl+p", *"reveal")
        assert [c for c in _palette_lists(console) if "Reveal" in c]
        await page.keys("escape")

        await _someone_else_calls(page)

        footer = footer_text(console)
        for gone in ("Reveal", "Edit", "Consent"):
            assert gone not in footer
        for kept in ("esc End call", "f2 Caller", "^n Note", "f10 Complaint", "^d Discrepancy"):
            assert kept in footer
        assert "^q Quit" in footer
        await page.keys("ctrl+p", *"reveal")
        assert not [c for c in _palette_lists(console) if "Reveal" in c]
        await page.keys("ctrl+a", "ctrl+k", *"edit")
        assert not [c for c in _palette_lists(console) if "f6" in c]
        await page.keys("escape")

        await _the_customer_calls(page)

        footer = footer_text(console)
        assert "f5 Reveal" in footer and "f6 Edit" in footer and "f9 Consent" in footer
        assert "^n Note" not in footer  # the palette's again: the footer is full


async def test_the_authorised_and_consent_tabs_say_why_they_show_nothing(
    console: CustinfoApp,
) -> None:
    async with logged_in(console) as page:
        await page.call("john smith")
        await page.keys("f4", "4")
        assert PRIYA not in screen_text(console)  # not before the customer is verified

        await _someone_else_calls(page)
        await page.keys("f4", "4")

        shown = screen_text(console)
        # The tabs keep their numbers: a handler's 4 is still the Authorised tab.
        assert "1 Details  3 Timeline  4 Authorised  5 Consent" in shown
        assert WITHHELD in shown.splitlines()[5]  # the tab's one line, whole
        assert PRIYA not in shown
        await page.keys("5")
        shown = screen_text(console)
        assert WITHHELD in shown.splitlines()[5]
        assert "No consent recorded" not in shown

        await _the_customer_calls(page)
        await page.answer("12/04/1980")
        await page.answer("se12qt")  # Standard: who may act for him is his to hear
        await page.keys("f4", "4")

        shown = screen_text(console)
        assert PRIYA in shown and WITHHELD not in shown


async def test_a_note_and_a_complaint_are_taken_from_the_footer_for_them(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with logged_in(console) as page:
        await page.call("john smith")
        await _someone_else_calls(page)

        await page.keys("ctrl+n", *"wife asked for a call back", "enter")
        await page.keys("f10")

        assert isinstance(console.screen, RaiseComplaintScreen)
    with console_database(demo_settings) as uow:
        rows = uow.session.execute(text("SELECT notes FROM interactions"))  # type: ignore[attr-defined]
        assert [row[0] for row in rows] == ["wife asked for a call back"]
