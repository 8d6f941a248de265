"""An administrator ends an operator's session from elsewhere (the command line, another
desk): disabling them, changing their role or resetting their password. The console's next
action is refused, the session ends as logging out ends it, and the login says why
(docs/access-control.md, "Sessions an administrator ends")."""

from __future__ import annotations

from textual.pilot import Pilot

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.roles import Role
from custinfo_tui.services.lookup import lookup
from custinfo_tui.services.operators import change_role, disable_operator, reset_password
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.resolve_item import ResolveItemScreen
from tests.support.actors import actor_for, desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import press, region_text, screen_text, settle
from tests.support.tour import SUPERVISOR, wait_until

SIZE = (80, 24)
DISABLED = (
    "An administrator has disabled your login; this session has ended. Ask them to enable it "
    "if you still need it."
)


def _zoe_locked(settings: Settings) -> None:
    """At another desk, three wrong dates of birth lock Zoë Taylor: an item on the queue."""
    with console_uow_factory(settings) as uows:
        agent = desk_for(uows, "agent")
        [zoe] = lookup(uows(), agent.actor, "zoe taylor").matches
        call = agent.start(zoe.customer_id).interaction_id
        agent.fail(call, times=3)
        agent.end(call)


def _admin(settings: Settings, change: object, *args: object) -> None:
    """An administrator changes an operator, as `custinfo operator ...` does."""
    with console_uow_factory(settings) as uows:
        change(uows(), actor_for(uows, "admin"), *args)  # type: ignore[operator]


def _events_since(settings: Settings, action: AuditAction) -> list[AuditEvent]:
    """The events after the newest `action`, oldest first."""
    with console_database(settings) as uow:
        recent = uow.audit.list_recent(limit=50)
    since = next(i for i, event in enumerate(recent) if event.action is action)
    return list(reversed(recent[:since]))


async def _at_the_login(pilot: Pilot[None]) -> str:
    """Once the login screen is back: what it says under the boxes."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
    assert "Operator login" in screen_text(app)
    return region_text(app, "#login-message")


async def test_a_supervisor_disabled_mid_work_closes_nothing_and_is_back_at_the_login(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _zoe_locked(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "enter")
        assert isinstance(console.screen, ResolveItemScreen)

        _admin(demo_settings, disable_operator, "supervisor")
        await press(pilot, *"Fraud confirmed by phone", "ctrl+n")  # close, keep the lock

        assert await _at_the_login(pilot) == DISABLED
        assert console.actor is None
        assert not any(isinstance(screen, QueueScreen) for screen in console.screen_stack)

    # Nothing the supervisor did after the disable was stored: the item is still open, and
    # the trail has only the session's end.
    with console_database(demo_settings) as uow:
        assert len(uow.queue.list_open()) == 1
    after = _events_since(demo_settings, AuditAction.OPERATOR_DISABLED)
    assert [(e.action, e.details) for e in after] == [
        (AuditAction.SESSION_REVOKED, {"reason": "disabled"}),
        (AuditAction.LOGGED_OUT, {}),
    ]


async def test_a_call_in_hand_ends_with_the_session_and_waits_to_be_wrapped_up(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")

        _admin(demo_settings, change_role, "agent", Role.TRAINER)
        await press(pilot, *"12/04/1980", "enter")

        assert await _at_the_login(pilot) == (
            "An administrator has changed your role to Trainer; this session has ended. "
            "Log in again to carry on."
        )
        assert "Smith" not in screen_text(console)  # nothing of the call is left on show

        # Back in with the new role: the call ended with the session, to finish now.
        await page.log_in()
        await settle(pilot)
        assert "Calls to finish" in screen_text(console)

    after = _events_since(demo_settings, AuditAction.OPERATOR_ROLE_CHANGED)
    assert [(e.action, e.outcome) for e in after[:3]] == [
        (AuditAction.INTERACTION_ENDED, "session_revoked"),
        (AuditAction.SESSION_REVOKED, "ok"),
        (AuditAction.LOGGED_OUT, "ok"),
    ]
    assert after[1].details == {"reason": "role_changed"}


async def test_a_password_reset_while_the_screen_is_locked_ends_the_session_at_the_lock(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        console.lock_now()
        await settle(pilot)
        assert isinstance(console.screen, LockScreen)

        _admin(demo_settings, reset_password, "agent")
        await press(pilot, *"agent-demo-2026", "enter")

        assert await _at_the_login(pilot) == (
            "An administrator has reset your password; this session has ended. Log in with "
            "the temporary password they give you."
        )
        assert not any(isinstance(screen, LockScreen) for screen in console.screen_stack)
        console.lock_now()  # no one is logged in: nothing to lock, and no lock left held
        await settle(pilot)
        assert isinstance(console.screen, LoginScreen)
