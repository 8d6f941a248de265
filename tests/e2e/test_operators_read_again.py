"""The administrator's operators list is read again each time it is shown (MP-11).

Found trying the console as an administrator: the list was read when it opened and at
F5, which only the palette names. A login disabled meanwhile from a shell (`custinfo
operator disable`) or at another desk was still "active" after a dialog over the list had
closed, and after the idle lock: the administrator was offered Disable on a login
already disabled, and acted on a row that no longer said how the login stood.
"""

from __future__ import annotations

from custinfo_tui.services.operators import disable_operator
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.operators import OperatorsScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.screen import footer_text, region_text, settle, table_line
from tests.support.tour import ADMIN

SIZE = (80, 24)


def _disabled_elsewhere(settings: Settings, username: str) -> None:
    """`username`'s login disabled at another desk, as `custinfo operator disable` does."""
    with console_uow_factory(settings) as uows:
        disable_operator(uows(), actor_for(uows, "admin"), username)


async def test_the_list_is_read_again_when_a_screen_over_it_closes(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        assert isinstance(console.screen, OperatorsScreen)
        assert "active" in table_line(console, "#operators-table", "trainer")

        await page.keys("n")  # the Add form over the list
        _disabled_elsewhere(demo_settings, "trainer")
        await page.keys("escape")

        assert isinstance(console.screen, OperatorsScreen)
        assert "disabled" in table_line(console, "#operators-table", "trainer")
        assert region_text(console, "#operators-status").startswith("Operators: 5, 4 active.")


async def test_the_list_is_read_again_after_the_idle_lock(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Unlocked, the highlighted login's keys are those of its login as it stands now:
    Enable, not the Disable of the row read before the lock."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await page.keys("down", "down", "down", "down")  # trainer, the last row
        assert "d Disable" in footer_text(console)

        console.lock_now()
        await settle(pilot)
        _disabled_elsewhere(demo_settings, "trainer")
        await page.keys(*ADMIN[1], "enter")

        assert isinstance(console.screen, OperatorsScreen)
        assert "disabled" in table_line(console, "#operators-table", "trainer")
        assert "e Enable" in footer_text(console) and "d Disable" not in footer_text(console)
        assert region_text(console, "#operators-status").startswith("Operators: 5, 4 active.")
