"""Lockout at the login screen and changing passwords, driven by keystrokes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual import events
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Input

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.services.auth import MAX_FAILED_LOGINS
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.services.operators import add_operator
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.change_password import ChangePasswordScreen
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from tests.support.database import console_uow_factory
from tests.support.screen import key_name, press, screen_text, settle

SIZE = (80, 24)
AGENT = next(op for op in DEMO_OPERATORS if op.username == "agent")
NEW_PASSWORD = "tangerine bicycle orchestra"


@pytest.fixture
def uow_factory(demo_settings: Settings) -> Iterator[UnitOfWorkFactory]:
    with console_uow_factory(demo_settings) as uow_factory:
        yield uow_factory


@pytest.fixture
def temporary_password(uow_factory: UnitOfWorkFactory) -> str:
    """A new call-handler `newbie`, added by the demo admin with a temporary password."""
    with uow_factory() as uow:
        admin = uow.operators.get_by_username("admin")
        assert admin is not None
        actor = Actor(
            operator_id=admin.id,
            username=admin.username,
            display_name=admin.display_name,
            role=Role.ADMIN,
            console_session="set-up",
        )
    issued = add_operator(uow_factory(), actor, "newbie", "Nell Newbie", Role.AGENT)
    return issued.temporary_password


async def _log_in(pilot: Pilot[None], username: str, password: str) -> None:
    """Type the username and password, each followed by Enter, as an operator would."""
    pilot.app.screen.query_one("#username", Input).value = ""
    pilot.app.screen.query_one("#username", Input).focus()
    await press(pilot, *username, "enter", *password, "enter")


async def _retry_password(pilot: Pilot[None], password: str) -> None:
    """Another password for the username still in its box (set directly: typing is slow)."""
    pilot.app.screen.query_one("#password", Input).value = password
    await press(pilot, "enter")


async def _type(pilot: Pilot[None], *values: str) -> None:
    """Type each value into the next box, pressing Enter after each."""
    for value in values:
        await press(pilot, *value, "enter")


async def _fill(pilot: Pilot[None], current: str, new: str, repeat: str) -> None:
    """Set the three boxes (typing is slow), then press Enter in the last one."""
    for box, value in zip(("current", "new", "repeat"), (current, new, repeat), strict=True):
        pilot.app.screen.query_one(f"#{box}", Input).value = value
    pilot.app.screen.query_one("#repeat", Input).focus()
    await press(pilot, "enter")


def _boxes(app: CustinfoApp) -> tuple[str, str, str]:
    current, new, repeat = (
        app.screen.query_one(f"#{box}", Input).value for box in ("current", "new", "repeat")
    )
    return current, new, repeat


async def test_five_wrong_passwords_lock_the_login_without_saying_so(
    console: CustinfoApp, uow_factory: UnitOfWorkFactory
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "agent", "not-the-password")
        for _ in range(MAX_FAILED_LOGINS - 1):
            assert "Username or password not recognised." in screen_text(console)
            await _retry_password(pilot, "not-the-password")

        await _retry_password(pilot, AGENT.password)  # the right one, while locked

        assert isinstance(console.screen, LoginScreen)
        shown = screen_text(console)
        assert "Username or password not recognised." in shown
        assert "locked" not in shown.lower()
    with uow_factory() as uow:
        agent = uow.operators.get_by_username("agent")
        assert agent is not None and agent.locked_until is not None
        actions = [event.action for event in uow.audit.list_recent(limit=2)]
    assert actions == [AuditAction.LOGIN_FAILED, AuditAction.OPERATOR_LOCKED_OUT]


async def test_a_temporary_password_must_be_changed_before_the_lookup(
    console: CustinfoApp, uow_factory: UnitOfWorkFactory, temporary_password: str
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "newbie", temporary_password)

        assert isinstance(console.screen, ChangePasswordScreen)
        shown = screen_text(console)
        assert "Your password is temporary" in shown
        assert "esc Log out" in shown

        await _type(pilot, temporary_password, NEW_PASSWORD, NEW_PASSWORD)

        assert isinstance(console.screen, LookupScreen)
        assert "Nell Newbie" in screen_text(console)
    with uow_factory() as uow:
        newbie = uow.operators.get_by_username("newbie")
        assert newbie is not None and not newbie.must_change_password
        assert uow.audit.list_recent(limit=1)[0].action is AuditAction.PASSWORD_CHANGED


@pytest.mark.parametrize("between", ["tab", "enter"])
async def test_passwords_typed_ahead_with_tab_each_land_in_their_own_box(
    console: CustinfoApp, uow_factory: UnitOfWorkFactory, temporary_password: str, between: str
) -> None:
    """Current password, Tab, new, Tab, new again, Enter, read in one go (a password
    manager's auto-type): each lands in its own box and the change goes through. The same
    with Enter between the boxes, which had put all three in the first."""
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "newbie", temporary_password)
        assert isinstance(console.screen, ChangePasswordScreen)

        typed = [*temporary_password, between, *NEW_PASSWORD, between, *NEW_PASSWORD, "enter"]
        for key in typed:
            character = {"tab": "\t", "enter": "\r"}.get(key, key)
            console.post_message(events.Key(key_name(key) if len(key) == 1 else key, character))
        await settle(pilot)

        assert isinstance(console.screen, LookupScreen), screen_text(console)
    with uow_factory() as uow:
        assert uow.audit.list_recent(limit=1)[0].action is AuditAction.PASSWORD_CHANGED


async def test_escape_at_a_forced_change_logs_out(
    console: CustinfoApp, uow_factory: UnitOfWorkFactory, temporary_password: str
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "newbie", temporary_password)
        await press(pilot, "escape")

        assert isinstance(console.screen, LoginScreen)
        assert console.actor is None
    with uow_factory() as uow:
        assert uow.audit.list_recent(limit=1)[0].action is AuditAction.LOGGED_OUT


async def test_change_password_errors_show_at_their_field(
    console: CustinfoApp, temporary_password: str
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "newbie", temporary_password)

        # The two new passwords differ: both are cleared, the current one is kept.
        await _fill(pilot, temporary_password, NEW_PASSWORD, NEW_PASSWORD + "x")
        assert "The two new passwords differ: type them again." in screen_text(console)
        assert _boxes(console) == (temporary_password, "", "")
        assert console.screen.query_one("#new", Input).has_focus

        # A common password: the new boxes are cleared with the reason.
        await _fill(pilot, temporary_password, "Qwerty123456", "Qwerty123456")
        shown = screen_text(console)
        assert "list of common passwords" in shown
        assert "The two new passwords differ" not in shown
        assert _boxes(console) == (temporary_password, "", "")

        # A wrong current password: only that box is cleared; the new ones are kept.
        await _fill(pilot, "not-my-password", NEW_PASSWORD, NEW_PASSWORD)
        assert "That is not your current password." in screen_text(console)
        assert _boxes(console) == ("", NEW_PASSWORD, NEW_PASSWORD)
        assert console.screen.query_one("#current", Input).has_focus

        # An empty box is asked for at that box, without a trip to the database.
        await _fill(pilot, temporary_password, "", "")
        assert "Enter a new password." in screen_text(console)

        assert isinstance(console.screen, ChangePasswordScreen)


async def test_change_password_from_the_command_palette(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "agent", AGENT.password)
        assert isinstance(console.screen, LookupScreen)

        await press(pilot, "ctrl+p", *"change password")
        await press(pilot, "enter")

        assert isinstance(console.screen, ChangePasswordScreen)
        assert "Changing the password of Alex Agent." in screen_text(console)
        await press(pilot, "escape")
        assert isinstance(console.screen, LookupScreen)


async def test_logging_out_from_the_change_password_screen_ends_the_session(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "agent", AGENT.password)
        console.push_screen(ChangePasswordScreen(console.screen.actor))  # type: ignore[attr-defined]
        await settle(pilot)

        await press(pilot, "ctrl+p", *"log out")
        await press(pilot, "enter")

        assert isinstance(console.screen, LoginScreen)
        assert console.actor is None
        assert len(console.screen_stack) == 2


def _palette_titles(app: CustinfoApp) -> list[str]:
    """The command palette's entries, top to bottom, by title (the line above each help)."""
    commands = app.screen.query_one(CommandList)
    return [
        str(commands.get_option_at_index(index).prompt).split("\n")[0]
        for index in range(commands.option_count)
    ]


async def test_the_palette_lists_log_out_once_with_the_key_that_does_it(
    console: CustinfoApp, temporary_password: str
) -> None:
    """At a forced change the palette listed "Log out (esc)" and "Log out" one above the
    other, the same thing twice. It lists it once, with Escape, which does it there; on a
    change chosen from the palette Escape cancels, and Log out is listed by name only."""
    async with console.run_test(size=SIZE) as pilot:
        await _log_in(pilot, "newbie", temporary_password)
        assert isinstance(console.screen, ChangePasswordScreen)
        await press(pilot, "ctrl+p")
        listed = _palette_titles(console)
        assert [title for title in listed if "Log out" in title] == ["Log out (esc)"]
        await press(pilot, *"log out", "enter")
        assert isinstance(console.screen, LoginScreen)
        assert console.actor is None

        await _log_in(pilot, "agent", AGENT.password)
        await press(pilot, "ctrl+p", *"change password", "enter")
        assert isinstance(console.screen, ChangePasswordScreen)
        await press(pilot, "ctrl+p")
        listed = _palette_titles(console)
        assert [title for title in listed if "Log out" in title] == ["Log out"]
        assert "Cancel (esc)" in listed
