"""The record edit at 80x24 in the back office, as a new DPO correcting a record for a
rectification request met it.

A wrong value in the phone box, the last box on screen, and Ctrl+S: the line said
"Correct the fields marked in red" and the focus went to the box, but what was wrong with
it (the message under the box) was below the fold, hidden until the handler scrolled.
Now the box's whole field, its message included, is brought into view.
"""

from __future__ import annotations

from textual.widgets import Input

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.edit import EditScreen
from tests.support.console_page import ConsolePage
from tests.support.screen import press, screen_text

SIZE = (80, 24)
TOO_SHORT = "That number is too short"


async def test_a_field_refused_at_the_foot_of_the_form_shows_its_message(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await press(pilot, "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        edit.query_one("#phone-input", Input).value = "07700 9"
        await press(pilot, "ctrl+s")

        assert console.focused is edit.query_one("#phone-input", Input)
        assert TOO_SHORT in edit.query_one("#phone-message").render().plain  # type: ignore[union-attr]
        assert TOO_SHORT in screen_text(console)
