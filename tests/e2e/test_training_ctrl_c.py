"""Ctrl+C in training mode says how to end the role-play (docs/training.md, "Training
mode"), as it says how to quit outside it. Found touring as a new trainer: in training
mode Quit is not offered (leaving ends the run, Ctrl+Q), so Ctrl+C on the login, the
lookup, a record in a call or a dialog said nothing at all."""

from __future__ import annotations

from textual.screen import ModalScreen

from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.unsaved_work import LeaveScreen
from tests.support.console_page import ConsolePage
from tests.support.role_play import shipped, training_console
from tests.support.screen import screen_text, settle

SIZE = (80, 24)
HOW_TO_END = "Press ctrl+q to end the role-play"


async def _ctrl_c_says_how_to_end(page: ConsolePage) -> None:
    await page.keys("ctrl+c")
    await settle(page.pilot)
    shown = screen_text(page.pilot.app)
    assert HOW_TO_END in shown and "it asks first." in shown
    assert "to quit the app" not in shown  # Quit is not offered in training mode


async def test_ctrl_c_in_training_mode_says_how_to_end_the_role_play(
    demo_settings: Settings,
) -> None:
    app = training_console(demo_settings, shipped("change-of-address"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        page = ConsolePage(pilot)
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await _ctrl_c_says_how_to_end(page)

        await page.log_in()
        assert isinstance(app.screen, LookupScreen)
        await _ctrl_c_says_how_to_end(page)

        await page.choose("john smith se1")  # "How is the customer in touch?"
        assert isinstance(app.screen, ModalScreen)
        await _ctrl_c_says_how_to_end(page)
        assert isinstance(app.screen, ModalScreen)  # nothing else done
        assert not isinstance(app.screen, LeaveScreen)  # nor the run ended
        assert app.is_running

        await page.keys("escape", "ctrl+q")  # "End the role-play?", where Ctrl+Q waits
        await settle(pilot)
        assert isinstance(app.screen, LeaveScreen)
        await page.keys("ctrl+c")
        await settle(pilot)
        assert "Choose End the role-play here" in screen_text(app)  # Ctrl+Q waits here
        assert isinstance(app.screen, LeaveScreen) and app.is_running
