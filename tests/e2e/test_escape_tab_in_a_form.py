"""Escape and Tab read as one key ("alt+tab": an Alt+Tab that reaches the console, or a
keyboard sending Shift+Tab as ESC Tab) in a form: Shift+Tab, the focus back a box, never
Escape then Tab (tui/escape_keys.py, `back_tab`). Read as Escape, it asked "Leave the
form?" over the changes typed on the edit form, and left one with none."""

from __future__ import annotations

from textual.widgets import Input

from custinfo_tui.tui.app import CustinfoApp
from tests.support.console_page import logged_in
from tests.support.edit_screen import edit_in_back_office, focus_field
from tests.support.screen import press, screen_text
from tests.support.tour import SUPERVISOR


async def test_escape_tab_together_moves_back_a_box_and_keeps_the_form(
    console: CustinfoApp,
) -> None:
    async with logged_in(console, SUPERVISOR) as page:
        edit = await edit_in_back_office(page, "john smith")
        focus_field(edit, "address_line1")
        await press(page.pilot, "ctrl+u", *"14 Harbour Road", "tab")
        line1 = edit.query_one("#address_line1-input", Input)
        assert console.focused is not line1

        await press(page.pilot, "alt+tab")

        assert console.screen is edit, screen_text(console)
        assert console.focused is line1 and line1.value == "14 Harbour Road"
