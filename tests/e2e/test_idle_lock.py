"""The idle lock: customer data hidden after idle time, the work kept for the same operator."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.limits import MAX_UNLOCK_ATTEMPTS
from custinfo_tui.services import session_lock
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.held_keys_wait import HOLD_FOR_SCREEN
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from tests.support.actors import desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import (
    press,
    region_text,
    screen_text,
    settle,
    table_line,
    typed_in_one_go,
    until,
    words,
)
from tests.support.slow_check import HeldBackCheck, KeyHoldClock
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _searching_smith(pilot: Pilot[None], clock: FakeClock) -> None:
    await pilot.press(*"agent", "enter", *"agent-demo-2026", "enter")
    await settle(pilot)
    await pilot.press(*"smith")
    await settle(pilot)
    assert "Smith" in screen_text(pilot.app)
    clock.now += 301  # five minutes and a second without a key
    pilot.app.lock_if_idle()  # type: ignore[attr-defined]
    await settle(pilot)


def _actions(settings: Settings) -> list[AuditAction]:
    with console_database(settings) as uow:
        events = uow.audit.list_recent(limit=20)
    return [event.action for event in reversed(events)]


def _said(console: CustinfoApp) -> str:
    """What the lock screen says under the password box, on one line."""
    return region_text(console, "#lock-message")


def _app(console: CustinfoApp) -> FakeClock:
    clock = FakeClock()
    console.clock = clock
    console.idle_lock_seconds = 300
    return clock


async def test_idle_console_locks_and_hides_every_customer_detail(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    clock = _app(console)
    async with console.run_test(size=SIZE) as pilot:
        await _searching_smith(pilot, clock)

        assert isinstance(console.screen, LockScreen)
        shown = screen_text(console)
        assert "Screen locked" in shown
        assert "Smith" not in shown and "**" not in shown
    assert AuditAction.SCREEN_LOCKED in _actions(demo_settings)


async def test_activity_keeps_the_console_unlocked(console: CustinfoApp) -> None:
    clock = _app(console)
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press(*"agent", "enter", *"agent-demo-2026", "enter")
        await settle(pilot)
        clock.now += 200
        await pilot.press("x")
        clock.now += 200
        console.lock_if_idle()
        await settle(pilot)
        assert isinstance(console.screen, LookupScreen)


async def test_same_operator_unlocks_and_finds_the_work_as_left(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    clock = _app(console)
    async with console.run_test(size=SIZE) as pilot:
        await _searching_smith(pilot, clock)
        rows_before = console.screen_stack[-2].query_one("#results", DataTable).row_count

        await pilot.press(*"wrong-password", "enter")
        await settle(pilot)
        assert "That password is not right. 4 tries left" in screen_text(console)

        await pilot.press(*"agent-demo-2026", "enter")
        await settle(pilot)

        assert isinstance(console.screen, LookupScreen)
        assert console.screen.query_one("#search", Input).value == "smith"
        assert console.screen.query_one("#results", DataTable).row_count == rows_before
    actions = _actions(demo_settings)
    assert actions[-2:] == [AuditAction.UNLOCK_FAILED, AuditAction.SCREEN_UNLOCKED]


async def test_another_operator_can_only_log_in_by_ending_the_locked_session(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    clock = _app(console)
    async with console.run_test(size=SIZE) as pilot:
        await _searching_smith(pilot, clock)

        await pilot.press("ctrl+e")
        await settle(pilot)

        assert "Operator login" in screen_text(console)
        assert console.actor is None
        await pilot.press(*"supervisor", "enter", *"supervisor-demo-2026", "enter")
        await settle(pilot)
        assert isinstance(console.screen, LookupScreen)
        assert console.screen.query_one("#search", Input).value == ""
    actions = _actions(demo_settings)
    ended = actions.index(AuditAction.SESSION_ENDED_AT_LOCK)
    assert actions[ended + 1] == AuditAction.LOGGED_OUT


async def test_the_last_try_at_the_lock_screen_is_counted_in_words(
    console: CustinfoApp,
) -> None:
    clock = _app(console)
    async with console.run_test(size=SIZE) as pilot:
        await _searching_smith(pilot, clock)
        for _ in range(4):
            await pilot.press(*"wrong-password", "enter")
            await settle(pilot)
        assert "That password is not right. 1 try left before the session ends." in (
            region_text(console, "#lock-message")
        )


async def test_leaving_from_the_lock_never_names_the_customer_in_the_call(
    console: CustinfoApp,
) -> None:
    """Quitting or ending the session at a locked desk asks first, as a call would be lost,
    but whoever is at the desk may not be the handler: the question does not say who the
    call is with."""
    clock = _app(console)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        clock.now += 301
        console.lock_if_idle()
        await settle(pilot)
        assert isinstance(console.screen, LockScreen)

        for key in ("ctrl+q", "ctrl+e"):
            await press(pilot, key)
            shown = words(screen_text(console).replace("│", " "))
            assert "you lose: the wrap-up of the call in progress for now" in shown
            assert "Smith" not in shown and "John" not in shown
            await press(pilot, "enter")  # go back: the lock screen, the call kept under it
            await settle(pilot)
            assert isinstance(console.screen, LockScreen)


async def test_the_lock_takes_away_any_message_still_showing(console: CustinfoApp) -> None:
    clock = _app(console)
    async with console.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*"agent", "enter", *"agent-demo-2026", "enter")
        await settle(pilot)
        console.notify("Jane Example may now act for the customer.", timeout=3600)
        await settle(pilot)
        assert "Jane Example" in screen_text(console)

        clock.now += 301
        console.lock_if_idle()
        await settle(pilot)

        assert isinstance(console.screen, LockScreen)
        assert "Jane Example" not in screen_text(console)


async def _locked_in_a_call_one_check_passed(
    console: CustinfoApp, pilot: Pilot[None], clock: FakeClock
) -> None:
    page = ConsolePage(pilot)
    await page.log_in()
    await page.call("john smith")
    await page.answer("12/04/1980")
    clock.now += 301
    console.lock_if_idle()
    await settle(pilot)
    assert isinstance(console.screen, LockScreen)


async def test_the_callers_answer_typed_after_the_password_goes_to_the_call(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The caller's next answer typed straight after the password's Enter waits while the
    password is checked, then lands in the call's answer box: it is neither added to the
    password nor sent as a second, wrong, try."""
    clock = _app(console)
    async with console.run_test(size=SIZE) as pilot:
        await _locked_in_a_call_one_check_passed(console, pilot, clock)

        typed_in_one_go(console, *"agent-demo-2026", "enter", *"SE1 2QT", "enter")
        await settle(pilot)

        assert not isinstance(console.screen, LockScreen)
        assert "Standard - 2 passed" in region_text(console, "#verification-panel")
    actions = _actions(demo_settings)
    assert AuditAction.UNLOCK_FAILED not in actions
    unlocked = actions.index(AuditAction.SCREEN_UNLOCKED)
    assert AuditAction.CALLER_CHECK_PASSED in actions[unlocked:]


async def test_keys_typed_after_a_wrong_password_are_dropped_saying_so(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The caller's answer typed straight after a wrong password went into the emptied,
    masked password box, its Enter dropped: the handler had to clear it blind before typing
    the password again. It is dropped, the lock says so, and the box is empty for the retry;
    once unlocked nothing of it reaches the call."""
    clock = _app(console)
    async with console.run_test(size=SIZE) as pilot:
        await _locked_in_a_call_one_check_passed(console, pilot, clock)

        typed_in_one_go(console, *"wrong-pass", "enter", *"biscuit", "enter")
        await settle(pilot)

        assert isinstance(console.screen, LockScreen)
        assert _said(console) == (
            "That password is not right. 4 tries left before the session ends. "
            "Keys typed after the password were not kept."
        )
        assert console.screen.query_one("#unlock-password", Input).value == ""

        await press(pilot, *"agent-demo-2026", "enter")
        assert not isinstance(console.screen, LockScreen)
        assert console.screen.query_one("#answer", Input).value == ""
        assert "Not verified - 1 passed" in region_text(console, "#verification-panel")
    actions = _actions(demo_settings)
    assert actions.count(AuditAction.UNLOCK_FAILED) == 1
    unlocked = actions.index(AuditAction.SCREEN_UNLOCKED)
    assert AuditAction.CALLER_VERIFICATION_FAILED not in actions[unlocked:]


async def test_a_password_typed_again_ahead_of_the_refusal_is_never_sent_nor_shown(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The right password typed with the wrong one is dropped with the rest: never a second
    try, never read into a box once unlocked. Typed again, it unlocks."""
    clock = _app(console)
    async with console.run_test(size=SIZE) as pilot:
        await _locked_in_a_call_one_check_passed(console, pilot, clock)

        typed_in_one_go(console, *"wrong-password", "enter", *"agent-demo-2026", "enter")
        await settle(pilot)
        assert isinstance(console.screen, LockScreen)
        assert _said(console).endswith("Keys typed after the password were not kept.")
        assert console.screen.query_one("#unlock-password", Input).value == ""

        await press(pilot, *"agent-demo-2026", "enter")

        assert not isinstance(console.screen, LockScreen)
        assert "agent-demo-2026" not in screen_text(console)
    actions = _actions(demo_settings)
    assert actions[-2:] == [AuditAction.UNLOCK_FAILED, AuditAction.SCREEN_UNLOCKED]


async def _logged_in_and_locked(console: CustinfoApp, pilot: Pilot[None]) -> None:
    await ConsolePage(pilot).log_in()
    console.lock_now()
    await settle(pilot)
    assert isinstance(console.screen, LockScreen)


async def _past_the_hold(pilot: Pilot[None], clock: KeyHoldClock, check: HeldBackCheck) -> None:
    """Once the password typed is being checked, the check outlasts the 3 seconds keys were
    held for from its Enter; the hold has looked at the time, and keys it let go are read."""
    await until(pilot, check.started.is_set)
    clock.move_on(HOLD_FOR_SCREEN + 1)
    await until(pilot, lambda: clock.read_since > 0)
    await pilot.pause()
    await pilot.pause()


async def test_keys_typed_after_a_wrong_password_wait_for_a_check_slower_than_the_hold(
    console: CustinfoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a busy machine the password's check took longer than the 3 seconds keys typed
    after its Enter were held for: they went into the password box as it was checked, and
    were lost as the refusal emptied it, with nothing said. They now wait for the check,
    however long it takes, and are dropped saying so."""
    clock = KeyHoldClock.installed(monkeypatch)
    check = HeldBackCheck(monkeypatch, session_lock, "unlock")
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in_and_locked(console, pilot)
        check.hold()  # until the test has moved the clock past the hold

        typed_in_one_go(console, *"wrong-pass", "enter", *"biscuit", "enter")
        await _past_the_hold(pilot, clock, check)
        password = console.screen.query_one("#unlock-password", Input)
        assert password.value == "wrong-pass"  # nothing joins it while it is checked
        check.answer()
        await settle(pilot)

        assert isinstance(console.screen, LockScreen)
        assert _said(console) == (
            "That password is not right. 4 tries left before the session ends. "
            "Keys typed after the password were not kept."
        )
        assert password.value == ""


async def test_keys_typed_after_the_last_wrong_password_never_reach_the_next_login(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last wrong password ends the session. The keys typed after it, held however long
    it is checked, are read at the lock, where they do nothing, before it closes: never on
    the screen under it nor at the login that follows."""
    clock = KeyHoldClock.installed(monkeypatch)
    check = HeldBackCheck(monkeypatch, session_lock, "unlock")
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in_and_locked(console, pilot)
        for _ in range(MAX_UNLOCK_ATTEMPTS - 1):
            await press(pilot, *"wrong-pass", "enter")
        check.hold()  # the last try, until the test has moved the clock past the hold

        typed_in_one_go(console, *"wrong-pass", "enter", *"supervisor", "enter")
        await _past_the_hold(pilot, clock, check)
        check.answer()
        await until(pilot, lambda: isinstance(console.screen, LoginScreen))
        await settle(pilot)

        assert console.screen.query_one("#username", Input).value == ""
        assert console.screen.query_one("#password", Input).value == ""
    actions = _actions(demo_settings)
    assert actions.count(AuditAction.UNLOCK_FAILED) == MAX_UNLOCK_ATTEMPTS  # no sixth try
    assert AuditAction.SESSION_ENDED_AT_LOCK in actions


async def test_a_double_enter_on_a_wrong_password_is_not_said_to_drop_keys(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A bounce of the password's Enter is no key typed ahead: the refusal says only why."""
    clock = _app(console)
    async with console.run_test(size=SIZE) as pilot:
        await _locked_in_a_call_one_check_passed(console, pilot, clock)

        typed_in_one_go(console, *"wrong-pass", "enter", "enter")
        await settle(pilot)

        assert _said(console) == "That password is not right. 4 tries left before the session ends."
    assert _actions(demo_settings).count(AuditAction.UNLOCK_FAILED) == 1


async def test_the_supervisor_queue_is_read_again_after_unlocking(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found trying the console: back from the lock, the queue still said "The queue is
    empty, as of" the time before it, with a possible-fraud item raised meanwhile not
    listed until F5. Unlocking reads it again."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g")
        assert isinstance(console.screen, QueueScreen)
        assert region_text(console, "#queue-status").startswith("The queue is empty, as of ")

        console.lock_now()
        await settle(pilot)
        with console_uow_factory(demo_settings) as uows:  # another desk, meanwhile
            agent = desk_for(uows, "agent")
            agent.fail(agent.start(1).interaction_id, times=3)
        await pilot.press(*"supervisor-demo-2026", "enter")
        await settle(pilot)

        assert isinstance(console.screen, QueueScreen)
        status = region_text(console, "#queue-status")
        assert status.startswith("1 open item (all kinds), as of ")
        assert "Possible fraud" in table_line(console, "#queue-table", "1001 2345 P")
