"""One agent logged in at two desks, two consoles on one database, driven by keys.

Found by a crash explorer: desk A was in a call with John Smith, verified, on the read-back
of a confirmed e-mail change; the same agent logged in at desk B and logged out. Desk B's
log-out ended desk A's call, and A's Ctrl+S said "This call has ended: the changes were not
saved." A session ending ends only its own calls (docs/crash-safety.md).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from custinfo_tui.composition import make_app
from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.services import wrap_up
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import screen_text

SIZE = (80, 24)
JOHN_SMITH = 1
NEW_EMAIL = "john.smith.new@example.com"


class Clock:
    """Desk B's clock, moved on to let its idle lock fall."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _told(console: CustinfoApp) -> list[str]:
    return [str(n.message) for n in console._notifications]


async def _leave_by_logging_out(desk: ConsolePage, _clock: Clock) -> None:
    await desk.keys("ctrl+o")


async def _leave_by_quitting(desk: ConsolePage, _clock: Clock) -> None:
    await desk.keys("ctrl+q")


async def _leave_by_ending_the_session_at_the_lock(desk: ConsolePage, clock: Clock) -> None:
    clock.now += 301  # five minutes and a second without a key
    desk.pilot.app.lock_if_idle()  # type: ignore[attr-defined]
    await desk.keys()
    assert isinstance(desk.pilot.app.screen, LockScreen)
    await desk.keys("ctrl+e")


LEAVING = {
    "logging out": _leave_by_logging_out,
    "quitting": _leave_by_quitting,
    "ending the session at the idle lock": _leave_by_ending_the_session_at_the_lock,
}


@pytest.mark.parametrize("leaving", LEAVING, ids=list(LEAVING))
async def test_the_same_agent_leaving_another_desk_leaves_this_call_and_its_change_alone(
    console: CustinfoApp, demo_settings: Settings, leaving: str
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        desk_a = ConsolePage(pilot)
        await desk_a.log_in()
        record = await desk_a.call("john smith")
        assert record.state is not None
        call = record.state.interaction_id
        for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):
            await desk_a.answer(answer)
        await desk_a.keys("f6")
        assert isinstance(console.screen, EditScreen)
        console.screen.query_one("#email-input").focus()
        await desk_a.keys("ctrl+a", "ctrl+k", *NEW_EMAIL)
        console.screen.query_one("#email-reason").focus()
        await desk_a.keys("enter", "down", "enter", "ctrl+s")
        await desk_a.keys("enter")  # the caller confirms the new e-mail as read back

        other = make_app(demo_settings)
        clock = Clock()
        other.clock = clock
        other.idle_lock_seconds = 300
        async with other.run_test(size=SIZE) as other_pilot:
            desk_b = ConsolePage(other_pilot)
            await desk_b.log_in()
            await desk_b.keys("escape")  # A's call listed as never ended: left for later
            await LEAVING[leaving](desk_b, clock)
            assert other.actor is None

        await desk_a.keys("ctrl+s")
        assert isinstance(console.screen, RecordScreen) and console.screen.in_call
        assert _told(console) == ["Changes saved, each with its reason."]
        assert "custinfo — in a call" in screen_text(console)

    with console_database(demo_settings) as uow:
        change = uow.customers.field_changes(JOHN_SMITH)[0]
        assert (change.field, change.new_value, change.interaction_id) == ("email", NEW_EMAIL, call)
        ended = [
            e for e in uow.audit.for_interaction(call) if e.action is AuditAction.INTERACTION_ENDED
        ]
    assert ended == []  # desk A quit at the end of the test without logging out


async def test_a_call_wrapped_up_at_another_desk_says_so_and_that_nothing_was_saved(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a crash explorer: desk A was told only "This call has ended. Start a new one
    to verify the caller.", not why, nor that the answer just typed went nowhere."""
    async with console.run_test(size=SIZE) as pilot:
        desk_a = ConsolePage(pilot)
        await desk_a.log_in()
        record = await desk_a.call("john smith")
        assert record.state is not None
        with console_uow_factory(demo_settings) as uows:  # the agent's calls to finish at B
            capture = CapturePolicy()
            wrap_up.wrap_up(
                uows(),
                actor_for(uows, "agent"),
                capture,
                record.state.interaction_id,
                WrapUpIn(enquiry_type=capture.enquiry_types[0], outcome=capture.outcomes[0].key),
            )
        await desk_a.keys(*"12/04/1980", "enter")

        assert isinstance(console.screen, LookupScreen)
        assert (
            "This call was wrapped up at another desk: what was just typed was not saved. "
            "Start a new one to verify the caller." in _told(console)
        )


async def test_logging_in_while_logged_in_at_another_console_says_when_it_last_acted(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    with time_machine.travel(datetime(2026, 12, 9, 16, 2, tzinfo=UTC), tick=False) as clock:
        async with console.run_test(size=SIZE) as pilot:
            desk_a = ConsolePage(pilot)
            await desk_a.log_in()
            await desk_a.keys(*"smith")
            clock.shift(600)  # ten minutes on, the agent logs in at desk B

            other = make_app(demo_settings)
            async with other.run_test(size=SIZE) as other_pilot:
                desk_b = ConsolePage(other_pilot)
                await desk_b.log_in()
                active = datetime(2026, 12, 9, 16, 2, tzinfo=UTC).astimezone()
                assert (
                    f"You are also logged in at another console, last active {active:%H:%M} "
                    "(unless it stopped without logging out)." in _told(other)
                )
                await desk_b.keys("escape", "ctrl+o")  # B logs out: A is told of no one
            await desk_a.keys("ctrl+o")
            await desk_a.log_in()
            assert not any("also logged in" in m for m in _told(console))
