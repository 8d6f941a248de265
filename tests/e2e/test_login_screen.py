"""Logging in to the real console, driven by keystrokes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from custinfo_tui.composition import make_app
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.held_keys_wait import HOLD_FOR_SCREEN
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import (
    key_name,
    press,
    region_text,
    screen_text,
    settle,
    typed_in_one_go,
    until,
)
from tests.support.slow_check import HeldBackCheck, KeyHoldClock

SIZE = (80, 24)


async def _type_login(pilot, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    await press(pilot, *username)
    await press(pilot, "enter")
    await press(pilot, *password)
    await press(pilot, "enter")


async def test_agent_logs_in_with_keyboard_only_and_reaches_the_lookup(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        assert isinstance(console.screen, LoginScreen)
        assert "Operator login" in screen_text(console)

        await _type_login(pilot, "agent", "agent-demo-2026")

        assert isinstance(console.screen, LookupScreen)
        shown = screen_text(console)
        assert "Alex Agent - Call-handler" in shown
        assert "Type a name, phone, e-mail, postcode or reference." in shown


async def test_a_password_typed_ahead_goes_into_the_password_box_not_the_username(
    console: CustinfoApp,
) -> None:
    """Username, Enter, password, Enter, read from the terminal in one go (a quick typist,
    a password manager's auto-type): each lands in its own box, and the agent is in."""
    async with console.run_test(size=SIZE) as pilot:
        typed = [*"agent", "enter", *"agent-demo-2026", "enter"]
        for key in typed:
            if key == "enter":
                console.post_message(events.Key("enter", "\r"))
            else:
                console.post_message(events.Key(key_name(key), key))
        await settle(pilot)

        assert "agent-demo-2026" not in screen_text(console)
        assert isinstance(console.screen, LookupScreen)
        assert "Alex Agent - Call-handler" in screen_text(console)


async def test_a_password_typed_ahead_after_tab_goes_into_the_password_box(
    console: CustinfoApp,
) -> None:
    """Username, Tab, password, Enter in one go, as a password manager's auto-type sends
    them: Tab moves to the password box as it is read, so no character of the password
    shows in the username box, and the agent is in."""
    async with console.run_test(size=SIZE) as pilot:
        typed = [*"agent", "tab", *"agent-demo-2026", "enter"]
        for key in typed:
            character = {"tab": "\t", "enter": "\r"}.get(key, key)
            console.post_message(events.Key(key_name(key) if len(key) == 1 else key, character))
        await settle(pilot)

        assert "agent-demo-2026" not in screen_text(console)
        assert isinstance(console.screen, LookupScreen), screen_text(console)
        assert "Alex Agent - Call-handler" in screen_text(console)


async def test_a_password_pasted_straight_after_tab_goes_into_the_password_box(
    console: CustinfoApp,
) -> None:
    """Username, Tab, then the password pasted (some password managers paste it): the
    paste waits for the Tab as the keys after it do, so the password never shows in the
    username box."""
    async with console.run_test(size=SIZE) as pilot:
        for key in [*"agent", "tab"]:
            character = {"tab": "\t"}.get(key, key)
            console.post_message(events.Key(key_name(key) if len(key) == 1 else key, character))
        console.post_message(events.Paste("agent-demo-2026"))
        console.post_message(events.Key("enter", "\r"))
        await settle(pilot)

        assert "agent-demo-2026" not in screen_text(console)
        assert isinstance(console.screen, LookupScreen), screen_text(console)


async def test_wrong_password_shows_a_generic_message_and_keeps_the_username(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _type_login(pilot, "agent", "not-the-password")

        assert isinstance(console.screen, LoginScreen)
        assert "Username or password not recognised." in screen_text(console)
        assert console.screen.query_one("#username", Input).value == "agent"
        assert console.screen.query_one("#password", Input).value == ""


async def test_empty_username_is_asked_for_at_the_field(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await press(pilot, "tab", "enter")
        assert "Enter your username." in screen_text(console)


def _settings_in(folder: Path) -> Settings:
    return Settings(data_dir=folder, log_dir=folder / "logs")


async def _login_message(folder: Path, *, demo: bool) -> str:
    """What the login screen says, after a login, of a console on `folder`'s database."""
    app = make_app(_settings_in(folder), demo=demo)
    async with app.run_test(size=SIZE) as pilot:
        await _type_login(pilot, "agent", "agent-demo-2026")
        return region_text(app, "#login-message")


async def test_a_database_not_set_up_explains_what_to_run(tmp_path: Path) -> None:
    (tmp_path / "custinfo.db").touch()
    app = make_app(_settings_in(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await _type_login(pilot, "agent", "agent-demo-2026")
        assert "not set up or needs upgrading: run `custinfo init`" in region_text(
            app, "#login-message"
        )
        assert "Traceback" not in screen_text(app)


async def test_a_database_without_operators_says_init_creates_the_first(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Found trying `init`: stopped before its administrator, it left a database no one
    could log in to, and the login said only "Username or password not recognised"."""
    settings = Settings(database_url=sqlite_url, data_dir=tmp_path, log_dir=tmp_path / "logs")
    app = make_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await _type_login(pilot, "admin", "a-long-desk-passphrase")
        assert isinstance(app.screen, LoginScreen)
        assert (
            "This database has no operators yet: run `custinfo init` to create the first "
            "administrator." in region_text(app, "#login-message")
        )


async def test_no_database_yet_says_what_creates_one_and_creates_nothing(tmp_path: Path) -> None:
    shown = await _login_message(tmp_path, demo=False)
    assert "There is no database at" in shown
    assert "`custinfo init` creates it. `custinfo demo` builds a demo one instead." in shown
    assert not (tmp_path / "custinfo.db").exists()


async def test_after_custinfo_demo_the_console_points_at_run_demo(tmp_path: Path) -> None:
    """Found in tmux: `custinfo demo`, then `custinfo run`, said "not set up: run `custinfo
    init` (or `custinfo demo` for demo data)", and had made an empty custinfo.db."""
    (tmp_path / "demo.db").touch()
    shown = await _login_message(tmp_path, demo=False)
    assert "The demo's database is beside it: quit and run `custinfo run --demo`." in shown
    assert not (tmp_path / "custinfo.db").exists()


async def test_the_demo_console_without_its_database_says_custinfo_demo(tmp_path: Path) -> None:
    shown = await _login_message(tmp_path, demo=True)
    assert "There is no demo database yet: quit and run `custinfo demo` to build it." in shown
    assert not (tmp_path / "demo.db").exists()


async def test_demo_console_tells_the_trainee_how_to_log_in(demo_settings: Settings) -> None:
    app = make_app(demo_settings, demo=True)
    demo_agent = next(op for op in DEMO_OPERATORS if op.username == "agent")
    async with app.run_test(size=SIZE):
        shown = screen_text(app)
    assert f"agent / {demo_agent.password}" in shown


async def test_quitting_closes_the_session_on_the_audit_stream(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _type_login(pilot, "agent", "agent-demo-2026")
        await press(pilot, "ctrl+q")
    with console_database(demo_settings) as uow:
        last = uow.audit.list_recent(limit=1)[0]
    assert last.action is AuditAction.LOGGED_OUT


async def test_a_bad_setting_is_reported_before_anyone_logs_in_with_what_is_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from custinfo_tui.cli import _settings

    monkeypatch.setenv("CUSTINFO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CUSTINFO_IDLE_LOCK_MINUTES", "0")
    app = make_app(lambda: _settings(None, console=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        await settle(pilot)
        shown = region_text(app, "#login-message")
        assert "CUSTINFO_IDLE_LOCK_MINUTES is '0'" in shown
        assert "more than 0, at most 60" in shown
        assert app.screen.query_one("#login-button").disabled


async def test_logging_out_leaves_none_of_the_sessions_messages_for_the_next_operator(
    console: CustinfoApp,
) -> None:
    """After logging out, the agent's "Request recorded; nothing has been disclosed..."
    still showed on the login screen, to whoever sat down next."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        console.notify("Request recorded for 1001 2345 P; nothing has been disclosed.")
        await press(pilot, "ctrl+o")
        await settle(pilot)
        assert isinstance(console.screen, LoginScreen)
        assert not console._notifications
        assert "1001 2345 P" not in screen_text(console)


async def test_what_is_typed_straight_after_logging_in_goes_to_the_screen_it_opens(
    console: CustinfoApp,
) -> None:
    """F8 typed straight after the password's Enter was lost, and a name typed to search
    went into the password box: both were read before the lookup opened."""
    async with console.run_test(size=SIZE) as pilot:
        await settle(pilot)
        typed_in_one_go(console, *"agent", "enter", *"agent-demo-2026", "enter", *"smith")
        await settle(pilot)
        assert isinstance(console.screen, LookupScreen)
        assert console.screen.query_one("#search", Input).value == "smith"


async def test_keys_typed_after_a_refused_login_go_to_the_emptied_password_box(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await settle(pilot)
        typed_in_one_go(console, *"agent", "enter", *"wrong-password", "enter", *"again")
        await settle(pilot)
        assert isinstance(console.screen, LoginScreen)
        assert console.screen.query_one("#password", Input).value == "again"


async def test_keys_typed_after_a_refused_login_wait_for_a_check_slower_than_the_hold(
    console: CustinfoApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a busy machine the password's check (the services loading, the hash) took longer
    than the 3 seconds keys typed after Enter were held for: they went into the password
    box as it was checked, and were lost as the refusal emptied it. They now wait for the
    check, however long it takes, and go into the emptied box."""
    from custinfo_tui.services import auth

    clock = KeyHoldClock.installed(monkeypatch)
    check = HeldBackCheck(monkeypatch, auth, "authenticate")
    check.hold()  # until the test has moved the clock past the hold
    async with console.run_test(size=SIZE) as pilot:
        await settle(pilot)
        typed_in_one_go(console, *"agent", "enter", *"wrong-password", "enter", *"again")
        await until(pilot, lambda: "Checking..." in screen_text(console))
        clock.move_on(HOLD_FOR_SCREEN + 1)  # the check outlasts the hold for the lookup
        await until(pilot, lambda: clock.read_since > 0)  # the hold has looked at it
        await pilot.pause()
        await pilot.pause()  # keys it let go would be read by now
        password = console.screen.query_one("#password", Input)
        assert password.value == "wrong-password"  # nothing joins it while it is checked
        check.answer()
        await settle(pilot)
        assert isinstance(console.screen, LoginScreen)
        assert password.value == "again"


async def test_enter_pressed_again_while_the_login_is_checked_logs_in_once(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found on a DPO's tour, on a busy machine: the password's check took over the 3
    seconds keys typed after Enter are held for the lookup, so an Enter pressed again
    while "Checking..." was read on the login screen and checked the password a second
    time. Both checks logged in: two sessions on the audit trail, and the lookup opened
    twice over, which stopped the console with an internal error. An Enter while the
    password is checked now checks nothing more."""
    from custinfo_tui.services import auth

    checked = auth.authenticate

    def slowly(*args: object, **kwargs: object) -> object:
        time.sleep(3.5)  # longer than keys were held for the screen a login opens
        return checked(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(auth, "authenticate", slowly)
    async with console.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"agent", "enter", *"agent-demo-2026", "enter")
        await pilot.pause(3.2)  # past the 3 seconds keys were held for the lookup
        assert "Checking..." in screen_text(console)
        await pilot.press("enter")
        for _ in range(100):
            if isinstance(console.screen, LookupScreen):
                break
            await pilot.pause(0.1)
        await pilot.pause(4)  # a second check, if one was started, ends meanwhile
        assert isinstance(console.screen, LookupScreen)
    with console_database(demo_settings) as uow:
        logins = uow.audit.list_recent(action=AuditAction.LOGIN_SUCCEEDED.value)
    assert len(logins) == 1
