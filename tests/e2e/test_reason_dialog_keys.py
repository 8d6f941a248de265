"""The dialogs that ask for a reason or a note name the key that gives it in their footer.

Found on a supervisor's first day: closing a call its handler could not finish, the dialog's
footer said "esc Back" alone; Enter, which closes the call, was named only in the box's
label, and the dialog has no command palette to list it.
"""

from __future__ import annotations

from custinfo_tui.domain.verification import Channel, VerificationPolicy
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR
from custinfo_tui.services import verification
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.choose import ReasonScreen
from custinfo_tui.tui.screens.unfinished_calls import UnfinishedCallsScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import screen_text, until
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN_SMITH = 1


def _footer(app: CustinfoApp) -> str:
    return screen_text(app).splitlines()[-1]


async def test_closing_a_call_names_enter_in_the_footer_and_enter_closes_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    with console_uow_factory(demo_settings) as uows:
        call = verification.start_interaction(
            uows(), actor_for(uows, "agent"), VerificationPolicy(), JOHN_SMITH, Channel.PHONE
        ).interaction_id
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f6", "enter")
        assert isinstance(console.screen, ReasonScreen)
        assert _footer(console).split() == ["⏎", "Close", "call", "esc", "Back"]

        await page.keys(*"Handler off sick", "enter")
        assert isinstance(console.screen, UnfinishedCallsScreen)
        # The list read again once the call is closed (the close's worker, then the list's),
        # waited for on the screen, before the app stops: the settling after Enter alone
        # can end first on a loaded machine (its rounds run out).
        await until(pilot, lambda: "none, every call is wrapped up" in screen_text(console))
    with console_database(demo_settings) as uow:
        row = uow.interactions.get(call)
        assert row is not None and row.outcome == CLOSED_BY_SUPERVISOR


async def test_a_note_in_a_call_names_enter_as_adding_it(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.keys("ctrl+n")
        assert isinstance(console.screen, ReasonScreen)
        assert _footer(console).split() == ["⏎", "Add", "note", "esc", "Back"]
