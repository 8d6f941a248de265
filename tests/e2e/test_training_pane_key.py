"""F12 (the caller pane) is offered only where it does something (docs/training.md, "The
caller pane"). Found by an explorer: the idle-lock and login screens' footers offered
`f12 Caller says` in training mode, though the pane is left off those screens; F12 there
showed nothing, and only hid the pane from the trainee's next screen unseen."""

from __future__ import annotations

from textual.screen import ModalScreen

from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.consent import ConsentScreen
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.widgets.caller_pane import CallerPane
from tests.support.console_page import ConsolePage
from tests.support.role_play import shipped, training_console
from tests.support.screen import footer_text, screen_text, settle

SIZE = (80, 24)


async def test_the_login_screen_offers_no_caller_key_and_f12_there_changes_nothing(
    demo_settings: Settings,
) -> None:
    app = training_console(demo_settings, shipped("change-of-address"))
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await settle(pilot)
        assert "f12" not in footer_text(app) and "Caller says" not in footer_text(app)

        await page.keys("f12")
        await page.log_in()
        assert app.screen.query(CallerPane)  # open from the first screen after login
        assert "Caller says" in footer_text(app)  # the lookup has room for it


async def test_the_idle_lock_offers_no_caller_key_and_f12_there_changes_nothing(
    demo_settings: Settings,
) -> None:
    app = training_console(demo_settings, shipped("change-of-address"))
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        app.idle_lock_seconds = 0
        app.lock_if_idle()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "f12" not in footer_text(app) and "Caller says" not in footer_text(app)

        await page.keys("f12")
        await page.keys(*"agent-demo-2026", "enter")
        assert not isinstance(app.screen, LockScreen)
        assert app.screen.query(CallerPane)  # as it was left before the lock


async def test_a_dialog_the_caller_does_not_answer_offers_no_caller_key(
    demo_settings: Settings,
) -> None:
    """Found trying the console: "How is the customer in touch?" (and every other dialog
    but the consent script) offered `f12 Caller says`; F12 there showed nothing, and hid
    the pane from the record under it once the dialog closed."""
    app = training_console(demo_settings, shipped("change-of-address"))
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.choose("john smith se1")  # the contact question, a dialog
        assert isinstance(app.screen, ModalScreen)
        assert "f12" not in footer_text(app) and "Caller says" not in footer_text(app)
        await page.keys("ctrl+p", *"caller says")
        assert "Show or hide the scripted caller" not in screen_text(app)
        await page.keys("escape")

        await page.keys("f12")
        await page.keys("enter")  # a phone call: the record, with the pane as it was
        assert isinstance(app.screen, RecordScreen) and app.screen.in_call
        assert app.screen.query(CallerPane)

        for answer in ("12/04/1963", "SE1 7TX", "Brook Lane Primary"):  # High: consent
            await page.answer(answer)
        await page.keys("f9")  # the consent script, which the caller answers: offered there
        assert isinstance(app.screen, ConsentScreen) and app.screen.query(CallerPane)
        assert "F12 hides" in screen_text(app)  # on the pane's border
        await page.keys("f12")
        assert not app.screen.query(CallerPane)
