"""Text typed on a drop-down is refused there, even with a Ctrl+S typed with it.

Found by an explorer on the wrap-up: after "Go back to the notes", Ctrl+U, Shift+Tab (onto
the outcome), "Opened by mistake, no contact" and Ctrl+S sent in one go froze the console
for good, using CPU: the drop-down handed each character on to the box after it, and the
Ctrl+S among them held them, round and round. A character typed on a drop-down is refused
now, never put in another box (widgets/choice_select.py): the Ctrl+S acts on the form as
it stands, and the console never freezes.
"""

from __future__ import annotations

import asyncio

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.lookup import LookupScreen
from tests.support.console_page import NO_ACTION, ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, screen_text, settle, typed_in_one_go

SIZE = (80, 24)
#: "Other", the last enquiry type, counted from 1 under the prompt.
OTHER = 6
#: Seconds a settled console needs at most here; a frozen one never settles.
FROZEN_AFTER = 10


def _wrap_up(settings: Settings) -> tuple[str | None, str | None, str | None, bool]:
    """(outcome, notes, the customer's words, wrapped up) of the one call made."""
    with console_database(settings) as uow:
        [started] = uow.audit.list_recent(action=AuditAction.INTERACTION_STARTED.value)
        row = uow.interactions.get(started.interaction_id or 0)
        assert row is not None
        return row.outcome, row.notes, row.customer_words, row.wrapped_up_at is not None


async def test_text_and_ctrl_s_typed_in_one_go_on_the_outcome_leave_the_notes_empty(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.end_call_to_wrap_up()
        await press(pilot, "enter", *["down"] * OTHER, "enter", "tab")
        # From the top: the caller was never verified, so the list starts at the outcome
        # that says so.
        await press(pilot, "enter", "home", *["down"] * NO_ACTION, "enter", "tab", "tab")
        await press(pilot, *"Opened by mistake", "ctrl+s")  # into their words: no notes
        assert "Save without notes?" in screen_text(console)
        await press(pilot, "enter")  # "Go back to the notes"

        # Ctrl+U in the empty notes, Shift+Tab onto the outcome: the text typed there is
        # refused, and Ctrl+S asks again about saving without notes.
        typed_in_one_go(console, "ctrl+u", "shift+tab", *"Opened by mistake, no contact", "ctrl+s")
        await asyncio.wait_for(settle(pilot), FROZEN_AFTER)
        assert not console.tabs.waiting
        assert "Save without notes?" in screen_text(console)
        await press(pilot, "enter")  # back to the notes, which take the text
        await press(pilot, *"Opened by mistake, no contact", "ctrl+s")
        await asyncio.wait_for(settle(pilot), FROZEN_AFTER)
        assert isinstance(console.screen, LookupScreen)

    assert _wrap_up(demo_settings) == (
        "no_action",
        "Opened by mistake, no contact",
        "Opened by mistake",
        True,
    )
