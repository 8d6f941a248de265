"""Keys typed in one go on the record's tables in a call: the tabs' digits switch tabs and
the caller's answer goes into the answer box, each key where it would land typed slowly.

Each test presses a burst (as one read from the terminal delivers it) and compares what
the screen shows with the same keys pressed one at a time.
"""

from __future__ import annotations

from textual.widgets import Input, TabbedContent

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.e2e.test_keys_typed_ahead_in_a_call import SIZE, _events, _panel
from tests.support.console_page import ConsolePage
from tests.support.screen import press, settle, typed_in_one_go


def _tab_and_box(app: CustinfoApp) -> tuple[str, str]:
    """The record's tab shown, and what the answer box holds."""
    return app.screen.query_one(TabbedContent).active, app.screen.query_one("#answer", Input).value


async def test_a_tab_digit_typed_in_one_go_before_letters_switches_the_tab(
    console: CustinfoApp,
) -> None:
    """Found by an explorer: on the timeline, 1, 2 and letters typed in one go left the
    timeline shown; the 1 neither switched to the details nor reached the box. Typed
    slowly, 1 shows the details and the rest (2 is no tab in a call) goes into the box."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, "f4", "3")
        assert _tab_and_box(console) == ("history", "")

        await press(pilot, "1", "2", *"abc")
        slowly = _tab_and_box(console)
        assert slowly == ("details", "2abc")

        await press(pilot, "ctrl+u", "f4", "3")
        typed_in_one_go(console, "1", "2", *"abc")
        await settle(pilot)

        assert _tab_and_box(console) == slowly


async def test_an_answer_typed_in_one_go_after_a_tab_digit_is_checked_on_that_tab(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """On the timeline, 1 (the details, to read the fields out next) then the caller's
    postcode and Enter, in one go: the details show and the postcode is checked."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await press(pilot, "f4", "3")

        typed_in_one_go(console, "1", *"SE1 2QT", "enter")
        await settle(pilot)

        assert _tab_and_box(console) == ("details", "")
        assert "Standard - 2 passed" in _panel(console)

    passed = _events(demo_settings, AuditAction.CALLER_CHECK_PASSED)
    assert sorted(e.fields for e in passed) == [("date_of_birth",), ("postcode",)]
