"""A lock lifted at the supervisor's desk reaches the call at the handler's desk by itself.

Found touring two desks on one PostgreSQL server: a caller locked out at one desk rang the
other; the supervisor lifted the lock while that desk's call was open, and its panel went
on showing the lock's script ("I'm sorry, I can't discuss this account...") until the
handler happened to press F3, which nothing on the screen asked for.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input

from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens import call_checks
from tests.support.actors import desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.screen import region_text, settle

SIZE = (80, 24)
LIFTED = "The lock was lifted: verification can go on in this call."


def _supervisor_lifts_john_smiths_lock(settings: Settings) -> None:
    with console_uow_factory(settings) as uows:
        supervisor = desk_for(uows, "supervisor")
        [item] = [i for i in supervisor.items() if i.customer_id == 1]
        supervisor.lift(item.id)


def _panel(console: CustinfoApp) -> str:
    return region_text(console, "#verification-panel")


async def _panel_once(console: CustinfoApp, pilot: object, words: str) -> str:
    """The panel once it says `words`, waiting up to two seconds with no key pressed."""
    for _ in range(20):
        await settle(pilot)  # type: ignore[arg-type]
        if words in (shown := _panel(console)):
            return shown
        await asyncio.sleep(0.1)
    return _panel(console)


async def test_a_lock_lifted_elsewhere_shows_in_the_call_with_no_key_pressed(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(call_checks, "LOCK_POLL_SECONDS", 0.2, raising=False)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.lock_verification()
        await asyncio.sleep(0.5)  # polled while the lock holds: nothing changes
        await settle(pilot)
        assert "Locked" in _panel(console) and LIFTED not in _panel(console)

        _supervisor_lifts_john_smiths_lock(demo_settings)
        shown = await _panel_once(console, pilot, LIFTED)
        assert LIFTED in shown
        assert "Locked" not in shown and "Can you confirm your date of birth" in shown
        assert console.focused is not None and console.focused.id == "answer"
        answer = console.screen.query_one("#answer", Input)
        assert answer.focusable


def _supervisor_locks_john_smith_in_a_call_of_theirs(settings: Settings) -> str:
    """Another desk's call fails checks on John Smith until he is locked: when, as said."""
    with console_uow_factory(settings) as uows:
        supervisor = desk_for(uows, "supervisor")
        call = supervisor.start(1).interaction_id
        assert supervisor.fail(call, supervisor.policy.max_failures).locked
        with uows() as uow:
            lock = uow.queue.active_lock(1)
            assert lock is not None
            return f"{lock.locked_at:%d %b %H:%M}"


async def test_a_lock_set_at_another_desk_says_so_in_the_call_it_stops(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found touring two desks: the customer, on the line here, had passed a check when an
    impostor's failures at another desk locked him; the next answer met the lock's script
    with nothing saying the lock came from another call, nor when, which the handler needs
    to tell the supervisor that the customer may be the one on this line."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        locked_at = _supervisor_locks_john_smith_in_a_call_of_theirs(demo_settings)

        await page.answer("SE1 2QT")  # refused: the lock set meanwhile
        shown = await _panel_once(console, pilot, "another call")
        assert "I'm sorry, I can't discuss this account" in shown  # the script, as before
        assert "Not checked: locked (script above)." in shown  # not the script twice
        assert shown.count("I'm sorry") == 1
        assert (
            f"Locked {locked_at} in another call: supervisor's phone call. "
            "Names and reference only."
        ) in shown


async def test_a_lock_set_in_this_call_says_nothing_of_another(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.lock_verification()
        await settle(pilot)
        assert "Locked" in _panel(console) and "another call" not in _panel(console)
