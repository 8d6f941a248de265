"""A drop-down names its Enter (*Open*) in the footer while it has the focus, at 80x24.

Every key is named in the footer or the command palette. Textual's drop-down names none
of its keys, and a form's own Enter (moving on from a text box, hidden) took the footer's
place for Enter: a handler Tabbing onto the enquiry type saw nothing say how it opens
until a letter typed there was refused. The footer now shows "⏎ Open" on a drop-down,
and only there: on a text box, or any other screen, it is as it was.
"""

from __future__ import annotations

from textual.widgets import Select

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.widgets.choice_select import ChoiceSelect
from tests.support.console_page import NO_ACTION, logged_in
from tests.support.database import console_database
from tests.support.screen import cut_off_keys, footer_text

OPEN = "⏎ Open"
#: The open list's Enter: it named only Escape ("Dismiss menu").
CHOOSE = "⏎ Choose"
#: The wrap-up's drop-downs.
BOXES = ("enquiry", "outcome")


def _on_a_drop_down(console: CustinfoApp) -> bool:
    return isinstance(console.focused, ChoiceSelect)


def _saved_wrap_up(settings: Settings) -> tuple[str | None, str | None]:
    """(enquiry type, outcome) of the one call made."""
    with console_database(settings) as uow:
        [started] = uow.audit.list_recent(action=AuditAction.INTERACTION_STARTED.value)
        row = uow.interactions.get(started.interaction_id or 0)
        assert row is not None
        return row.enquiry_type, row.outcome


async def test_enter_is_named_open_on_the_new_customer_forms_drop_down_and_only_there(
    console: CustinfoApp,
) -> None:
    async with logged_in(console) as page:
        assert OPEN not in footer_text(console)  # the lookup: no drop-down
        await page.keys("f6", "enter", "ctrl+s")  # a phone call, consent as it stands
        capture = console.screen
        assert isinstance(capture, CaptureScreen) and _on_a_drop_down(console)
        assert footer_text(console).startswith(OPEN)
        assert not cut_off_keys(console)

        await page.keys("enter")  # opens it, as the footer says
        assert capture.query_one("#enquiry", Select).expanded
        assert OPEN not in footer_text(console)  # the open list's own keys:
        assert footer_text(console).startswith(CHOOSE)  # the one that chooses named first
        assert "esc Dismiss menu" in footer_text(console)
        assert not cut_off_keys(console)
        await page.keys("down", "enter")
        assert capture.query_one("#enquiry", Select).value != Select.BLANK
        assert footer_text(console).startswith(OPEN)

        await page.keys("tab")  # the given name: a text box, whose Enter moves on
        assert not _on_a_drop_down(console)
        footer = footer_text(console)
        assert OPEN not in footer and "esc End call" in footer


async def test_enter_is_named_open_on_the_wrap_ups_drop_downs_and_chooses_what_is_saved(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with logged_in(console) as page:
        await page.call("john smith")
        wrap_up = await page.end_call_to_wrap_up()
        assert _on_a_drop_down(console)  # the enquiry type
        assert footer_text(console).startswith(OPEN)
        assert not cut_off_keys(console)
        await page.keys("enter", "home", "down", "enter", "tab")
        assert _on_a_drop_down(console)  # the outcome
        assert footer_text(console).startswith(OPEN)
        await page.keys("enter", "home", *["down"] * NO_ACTION, "enter", "tab")
        assert not _on_a_drop_down(console)  # the notes
        assert OPEN not in footer_text(console)
        chosen = tuple(str(wrap_up.query_one(f"#wrap-{box}", Select).value) for box in BOXES)
        await page.keys(*"Asked about a bill; nothing to do", "ctrl+s")
        assert isinstance(console.screen, LookupScreen)

    assert _saved_wrap_up(demo_settings) == chosen
