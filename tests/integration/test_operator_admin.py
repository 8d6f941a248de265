"""Administrators manage operators: through the services on both backends, and the CLI."""

from __future__ import annotations

import argparse
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from custinfo_tui.commands import operators as operator_commands
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.services.auth import LOGIN_FAILED_MESSAGE, authenticate
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.services.errors import PermissionDenied, ServiceError
from custinfo_tui.services.operators import (
    add_operator,
    change_role,
    check_new_password,
    disable_operator,
    enable_operator,
    list_operators,
    reset_password,
)
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.settings import Settings
from tests.support.actors import actor_for
from tests.support.printed_lines import too_wide, words

ADMIN = next(op for op in DEMO_OPERATORS if op.role is Role.ADMIN)
AGENT = next(op for op in DEMO_OPERATORS if op.role is Role.AGENT)


def _last_event(uow_factory: UnitOfWorkFactory) -> AuditEvent:
    with uow_factory() as uow:
        return uow.audit.list_recent(limit=1)[0]


def test_admin_adds_an_operator_who_must_change_the_temporary_password(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    admin = actor_for(demo_uow_factory, "admin")

    issued = add_operator(demo_uow_factory(), admin, "Jo.Bloggs", "Jo Bloggs", Role.AGENT)

    assert issued.operator.username == "jo.bloggs"
    assert check_new_password(issued.temporary_password, "jo.bloggs") is None
    created = _last_event(demo_uow_factory)
    assert created.action is AuditAction.OPERATOR_CREATED
    assert created.operator_id == admin.operator_id
    assert issued.temporary_password not in created.model_dump_json()
    login = authenticate(demo_uow_factory(), "jo.bloggs", issued.temporary_password)
    assert login.ok and login.must_change_password


def test_reset_password_issues_a_temporary_one_and_lifts_a_lockout(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    admin = actor_for(demo_uow_factory, "admin")
    with demo_uow_factory() as uow:
        agent = uow.operators.get_by_username("agent")
        assert agent is not None
        agent.locked_until = datetime.now(UTC) + timedelta(minutes=10)
        agent.failed_logins = 3
        uow.commit()

    issued = reset_password(demo_uow_factory(), admin, "agent")

    event = _last_event(demo_uow_factory)
    assert event.action is AuditAction.PASSWORD_RESET
    assert event.fields == ("password", "must_change_password")
    assert issued.temporary_password not in event.model_dump_json()
    assert not authenticate(demo_uow_factory(), "agent", AGENT.password).ok
    login = authenticate(demo_uow_factory(), "agent", issued.temporary_password)
    assert login.ok and login.must_change_password


def test_a_disabled_operator_cannot_log_in(demo_uow_factory: UnitOfWorkFactory) -> None:
    admin = actor_for(demo_uow_factory, "admin")

    summary = disable_operator(demo_uow_factory(), admin, "agent")

    assert not summary.active
    assert _last_event(demo_uow_factory).fields == ("active",)
    outcome = authenticate(demo_uow_factory(), "agent", AGENT.password)
    assert outcome.message == LOGIN_FAILED_MESSAGE
    assert _last_event(demo_uow_factory).details["reason"] == "disabled"


def test_a_disabled_operator_is_enabled_again_and_each_change_says_if_it_changes_nothing(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    admin = actor_for(demo_uow_factory, "admin")
    disable_operator(demo_uow_factory(), admin, "agent")
    with pytest.raises(ServiceError, match="agent is disabled already"):
        disable_operator(demo_uow_factory(), admin, "agent")

    assert enable_operator(demo_uow_factory(), admin, "agent").active
    enabled = _last_event(demo_uow_factory)
    assert enabled.action is AuditAction.OPERATOR_ENABLED and enabled.fields == ("active",)
    assert authenticate(demo_uow_factory(), "agent", AGENT.password).ok
    with pytest.raises(ServiceError, match="agent is active already"):
        enable_operator(demo_uow_factory(), admin, "agent")


def test_an_admin_changes_another_operators_role_but_not_their_own(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    admin = actor_for(demo_uow_factory, "admin")
    promoted = change_role(demo_uow_factory(), admin, "agent", Role.SUPERVISOR)
    assert promoted.role is Role.SUPERVISOR
    changed = _last_event(demo_uow_factory)
    assert changed.action is AuditAction.OPERATOR_ROLE_CHANGED
    assert changed.details == {"operator_id": promoted.id, "from": "agent", "to": "supervisor"}
    login = authenticate(demo_uow_factory(), "agent", AGENT.password)
    assert login.actor is not None and login.actor.role is Role.SUPERVISOR

    with pytest.raises(FieldProblems, match="is a Supervisor already"):
        change_role(demo_uow_factory(), admin, "agent", Role.SUPERVISOR)
    with pytest.raises(ServiceError, match="your own role"):
        change_role(demo_uow_factory(), admin, "admin", Role.AGENT)


def test_a_new_operator_needs_a_name(demo_uow_factory: UnitOfWorkFactory) -> None:
    admin = actor_for(demo_uow_factory, "admin")
    with pytest.raises(FieldProblems, match="Give their name") as refused:
        add_operator(demo_uow_factory(), admin, "nameless", "  ", Role.AGENT)
    assert list(refused.value.problems) == ["name"]


@pytest.mark.parametrize(
    ("name", "called"),
    [
        ("Eve\x1b[31mRED", "an escape character"),
        ("Eve\x1b]0;title\x07", "an escape character"),
        ("Eve\tRed", "a tab"),
        ("Eve\nRed", "a line break"),
        ("Eve\u200bRed", "an invisible formatting character (zero width space)"),
    ],
)
def test_a_name_with_hidden_control_characters_is_refused_not_cleaned(
    demo_uow_factory: UnitOfWorkFactory, name: str, called: str
) -> None:
    """`--name $'Eve\\e[31mRED'` was stored as "Eve[31mRED" with no word said."""
    admin = actor_for(demo_uow_factory, "admin")
    with pytest.raises(FieldProblems, match=rf"^The name contains {re.escape(called)}"):
        add_operator(demo_uow_factory(), admin, "eve", name, Role.AGENT)
    with demo_uow_factory() as uow:
        assert uow.operators.get_by_username("eve") is None


def test_an_admin_cannot_disable_their_own_login(demo_uow_factory: UnitOfWorkFactory) -> None:
    admin = actor_for(demo_uow_factory, "admin")
    with pytest.raises(ServiceError, match="your own login"):
        disable_operator(demo_uow_factory(), admin, "admin")


def test_listing_operators_is_audited(demo_uow_factory: UnitOfWorkFactory) -> None:
    admin = actor_for(demo_uow_factory, "admin")

    operators = list_operators(demo_uow_factory(), admin)

    assert [op.username for op in operators] == sorted(op.username for op in DEMO_OPERATORS)
    event = _last_event(demo_uow_factory)
    assert event.action is AuditAction.OPERATORS_LISTED
    assert event.details == {"count": len(DEMO_OPERATORS)}


def test_unknown_username_is_reported(demo_uow_factory: UnitOfWorkFactory) -> None:
    admin = actor_for(demo_uow_factory, "admin")
    with pytest.raises(ServiceError, match="no operator with that username"):
        reset_password(demo_uow_factory(), admin, "nobody")


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.ADMIN])
def test_only_admins_manage_operators(demo_uow_factory: UnitOfWorkFactory, role: Role) -> None:
    demo = next(op for op in DEMO_OPERATORS if op.role is role)
    actor = actor_for(demo_uow_factory, demo.username)
    calls = [
        lambda: add_operator(demo_uow_factory(), actor, "sneaky", "Sneaky", Role.ADMIN),
        lambda: disable_operator(demo_uow_factory(), actor, "admin"),
        lambda: reset_password(demo_uow_factory(), actor, "admin"),
        lambda: enable_operator(demo_uow_factory(), actor, "admin"),
        lambda: change_role(demo_uow_factory(), actor, "admin", Role.AGENT),
        lambda: list_operators(demo_uow_factory(), actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    with demo_uow_factory() as uow:
        assert uow.operators.get_by_username("sneaky") is None
        admin = uow.operators.get_by_username("admin")
        assert admin is not None and admin.active and not admin.must_change_password


# --- the `custinfo operator` command -------------------------------------------------------


def _run_cli(argv: list[str], url: str, stdin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    parser = argparse.ArgumentParser(prog="custinfo")
    commands = parser.add_subparsers(dest="command")
    operator_commands.register(commands, argparse.ArgumentParser(add_help=False))
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return operator_commands.run(parser.parse_args(argv), Settings(database_url=url))


def test_cli_adds_an_operator_and_prints_the_temporary_password_once(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["operator", "add", "--as", "admin", "--password-stdin"]
    argv += ["--username", "newbie", "--name", "Nell Newbie", "--role", "agent"]

    assert _run_cli(argv, sqlite_demo_url, f"{ADMIN.password}\n", monkeypatch) == 0

    out = capsys.readouterr().out
    assert "Added operator newbie (Call-handler)." in out
    line = next(line for line in out.splitlines() if line.startswith("Temporary password"))
    temporary = line.rsplit(": ", 1)[1]
    assert out.count(temporary) == 1
    assert check_new_password(temporary, "newbie") is None


def test_cli_says_every_detail_refused_in_a_new_operator(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["operator", "add", "--as", "admin", "--password-stdin"]
    argv += ["--username", "Agent", "--name", "Eve\tRed", "--role", "agent"]

    assert _run_cli(argv, sqlite_demo_url, f"{ADMIN.password}\n", monkeypatch) == 1

    said = capsys.readouterr().err
    assert words(said) == (
        "custinfo: That username is already taken. The name contains a tab; type it again."
    )
    assert not too_wide(said)


def test_cli_lists_operators(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["operator", "list", "--as", "admin", "--password-stdin"]
    assert _run_cli(argv, sqlite_demo_url, f"{ADMIN.password}\n", monkeypatch) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["username", "name", "role", "status"]
    assert any(line.startswith("agent ") and "Call-handler" in line for line in lines)


def test_cli_lists_how_each_login_stands_in_the_consoles_words(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator: `operator list` said only active or disabled, while the
    console's operators said "locked until 16:19 UTC" and "temporary password"."""
    from custinfo_tui.composition import build_engine_for, uow_factory_for

    locked_until = datetime.now(UTC) + timedelta(minutes=10)
    engine = build_engine_for(sqlite_demo_url)
    try:
        uow_factory = uow_factory_for(engine)
        with uow_factory() as uow:
            agent = uow.operators.get_by_username("agent")
            assert agent is not None
            agent.locked_until = locked_until
            uow.commit()
        admin = actor_for(uow_factory, "admin")
        reset_password(uow_factory(), admin, "supervisor")
        disable_operator(uow_factory(), admin, "trainer")
    finally:
        engine.dispose()
    argv = ["operator", "list", "--as", "admin", "--password-stdin"]

    assert _run_cli(argv, sqlite_demo_url, f"{ADMIN.password}\n", monkeypatch) == 0

    status = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
    assert status["agent"].endswith(f"  locked until {locked_until:%H:%M} UTC")
    assert status["supervisor"].endswith("  active, temporary password")
    assert status["trainer"].endswith("  disabled")
    assert status["dpo"].endswith("  active")


def test_cli_refuses_a_non_admin_with_a_clear_message(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["operator", "reset-password", "admin", "--as", "agent", "--password-stdin"]

    assert _run_cli(argv, sqlite_demo_url, f"{AGENT.password}\n", monkeypatch) == 1

    captured = capsys.readouterr()
    assert "only an administrator can manage operators" in captured.err
    assert "Temporary password" not in captured.out


def test_cli_with_a_wrong_admin_password_says_only_the_generic_message(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["operator", "disable", "agent", "--as", "admin", "--password-stdin"]

    assert _run_cli(argv, sqlite_demo_url, "not-the-password\n", monkeypatch) == 1

    assert capsys.readouterr().err.strip() == f"custinfo: {LOGIN_FAILED_MESSAGE}"


def test_cli_enables_and_changes_a_role_and_says_a_reset_operator_is_disabled(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    acting = ["--as", "admin", "--password-stdin"]
    password = f"{ADMIN.password}\n"
    assert (
        _run_cli(["operator", "disable", "agent", *acting], sqlite_demo_url, password, monkeypatch)
        == 0
    )
    assert (
        _run_cli(
            ["operator", "reset-password", "agent", *acting], sqlite_demo_url, password, monkeypatch
        )
        == 0
    )
    assert "They are disabled: `custinfo operator enable`" in capsys.readouterr().out
    assert (
        _run_cli(["operator", "enable", "agent", *acting], sqlite_demo_url, password, monkeypatch)
        == 0
    )
    assert "Operator agent can log in again" in capsys.readouterr().out
    argv = ["operator", "set-role", "agent", "--role", "supervisor", *acting]
    assert _run_cli(argv, sqlite_demo_url, password, monkeypatch) == 0
    assert "Operator agent is now a Supervisor, from their next login;" in capsys.readouterr().out
    assert _run_cli(argv, sqlite_demo_url, password, monkeypatch) == 1
    assert "agent is a Supervisor already." in capsys.readouterr().err


def test_cli_disabling_an_operator_ends_the_console_session_they_have_open(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The administrator disabling a leaver is told their open session ends too, and it does."""
    from custinfo_tui.composition import build_engine_for, uow_factory_for
    from custinfo_tui.services.errors import SessionRevoked
    from custinfo_tui.services.lookup import lookup

    engine = build_engine_for(sqlite_demo_url)
    try:
        uow_factory = uow_factory_for(engine)
        supervisor = actor_for(uow_factory, "supervisor")  # logged in at a console
        assert lookup(uow_factory(), supervisor, "smith").matches
        argv = ["operator", "disable", "supervisor", "--as", "admin", "--password-stdin"]

        assert _run_cli(argv, sqlite_demo_url, f"{ADMIN.password}\n", monkeypatch) == 0

        assert capsys.readouterr().out == (
            "Operator supervisor is disabled and can no longer log in; a console they are "
            "logged in at ends their session at its next action.\n"
        )
        with pytest.raises(SessionRevoked, match="An administrator has disabled your login"):
            lookup(uow_factory(), supervisor, "smith")
    finally:
        engine.dispose()
