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
    return " ".join(region_text(console, "#verification-panel").split())


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
