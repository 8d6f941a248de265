"""Keys typed in one go on the record's tables in a call: the tabs' digits switch tabs and
the caller's answer goes into the answer box, each key where it would land typed slowly;
but the tabs' digits that start an answer (a date of birth) go into the box with it.

Most tests press a burst (as one read from the terminal delivers it) and compare what the
screen shows with the same keys pressed one at a time, a pause after each.
"""

from __future__ import annotations

import asyncio

from textual.widgets import Input, TabbedContent

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.e2e.test_keys_typed_ahead_in_a_call import SIZE, _events, _panel
from tests.support.console_page import ConsolePage
from tests.support.screen import press, settle, typed_in_one_go

#: Longer than a pause within keys typed together (widgets/record_table.py).
PAUSE = 0.4


def _tab_and_box(app: CustinfoApp) -> tuple[str, str]:
    """The record's tab shown, and what the answer box holds."""
    return app.screen.query_one(TabbedContent).active, app.screen.query_one("#answer", Input).value


async def test_a_tab_digit_typed_in_one_go_before_letters_switches_the_tab(
    console: CustinfoApp,
) -> None:
    """Found by an explorer: on the timeline, 1, then letters typed in one go left the
    timeline shown; the 1 neither switched to the details nor reached the box. Typed
    slowly, 1 shows the details and the letters go into the box."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, "f4", "3")
        assert _tab_and_box(console) == ("history", "")

        await press(pilot, "1")
        await asyncio.sleep(PAUSE)
        await press(pilot, *"abc")
        slowly = _tab_and_box(console)
        assert slowly == ("details", "abc")

        await press(pilot, "ctrl+u", "f4", "3")
        await asyncio.sleep(PAUSE)
        typed_in_one_go(console, "1", *"abc")
        await settle(pilot)

        assert _tab_and_box(console) == slowly


async def test_a_date_of_birth_typed_in_one_go_on_the_fields_is_checked_whole(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found driving the console: F4, then the caller's date of birth typed in one go,
    took its 1 for the Details tab and checked "2/04/1980", a failed check towards a
    genuine caller's lockout. The date goes into the box whole, and passes."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, "f4", "3")  # the timeline, then a pause
        await asyncio.sleep(PAUSE)

        typed_in_one_go(console, *"12/04/1980", "enter")
        await settle(pilot)

        assert console.screen.query_one(TabbedContent).active == "history"
        assert "Not verified - 1 passed" in _panel(console)

    assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []
    passed = _events(demo_settings, AuditAction.CALLER_CHECK_PASSED)
    assert [e.fields for e in passed] == [("date_of_birth",)]


async def test_a_tab_digit_typed_alone_still_switches_the_tab(console: CustinfoApp) -> None:
    """4 on its own shows the Authorised tab; 3, a pause, then letters: the timeline shows
    and the letters go into the box."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, "f4", "4")
        assert _tab_and_box(console) == ("people", "")

        await press(pilot, "3")
        await asyncio.sleep(PAUSE)
        typed_in_one_go(console, *"abc")
        await settle(pilot)

        assert _tab_and_box(console) == ("history", "abc")


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
