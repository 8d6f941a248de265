"""A refused operator command leaves its trace on the audit trail, from the command line and
the services the console calls alike.

Found by an administrator trying the product: `custinfo operator list --as asmith` with a
call-handler's right password was refused, yet the trail showed only the login and the
log-out around it; so did disabling one's own login, a username already taken and
disabling a login disabled already.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from typing import Any

import pytest

from custinfo_tui.commands import operators as operator_commands
from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.operators import (
    add_operator,
    change_role,
    disable_operator,
    enable_operator,
    list_operators,
    reset_password,
)
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.settings import Settings
from tests.support.actors import actor_for

ADMIN = next(op for op in DEMO_OPERATORS if op.role is Role.ADMIN)
AGENT = next(op for op in DEMO_OPERATORS if op.role is Role.AGENT)
REFUSED = AuditAction.OPERATOR_MANAGEMENT_REFUSED


def _newest(uow_factory: UnitOfWorkFactory, count: int) -> list[AuditEvent]:
    """The newest `count` events, oldest first."""
    with uow_factory() as uow:
        return list(reversed(uow.audit.list_recent(limit=count)))


def _id_of(uow_factory: UnitOfWorkFactory, username: str) -> int:
    with uow_factory() as uow:
        operator = uow.operators.get_by_username(username)
        assert operator is not None
        return operator.id


Call = Callable[[UnitOfWorkFactory, Any], object]

REFUSALS: list[tuple[str, Call, str, str, str | None]] = [
    # (case, the call as the administrator, command, reason, about whom)
    (
        "own login",
        lambda uows, admin: disable_operator(uows(), admin, "admin"),
        "disable",
        "own_login",
        "admin",
    ),
    (
        "own role",
        lambda uows, admin: change_role(uows(), admin, "admin", Role.AGENT),
        "set-role",
        "own_role",
        "admin",
    ),
    (
        "own password",
        lambda uows, admin: reset_password(uows(), admin, "admin"),
        "reset-password",
        "own_password",
        "admin",
    ),
    (
        "active already",
        lambda uows, admin: enable_operator(uows(), admin, "agent"),
        "enable",
        "active_already",
        "agent",
    ),
    (
        "role held",
        lambda uows, admin: change_role(uows(), admin, "agent", Role.AGENT),
        "set-role",
        "role_held",
        "agent",
    ),
    (
        "username taken",
        lambda uows, admin: add_operator(uows(), admin, "Agent", "Jo Bloggs", Role.AGENT),
        "add",
        "username_taken",
        "agent",
    ),
    (
        "no such operator",
        lambda uows, admin: reset_password(uows(), admin, "nobody"),
        "reset-password",
        "no_such_operator",
        None,
    ),
]


@pytest.mark.parametrize(
    ("call", "command", "reason", "about"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_each_refusal_is_on_the_trail_with_the_command_and_the_reason(
    demo_uow_factory: UnitOfWorkFactory,
    call: Call,
    command: str,
    reason: str,
    about: str | None,
) -> None:
    admin = actor_for(demo_uow_factory, "admin")

    with pytest.raises((ServiceError, FieldError)):
        call(demo_uow_factory, admin)

    [refused] = _newest(demo_uow_factory, 1)
    assert refused.action is REFUSED and refused.outcome == "refused"
    assert refused.operator_id == admin.operator_id
    assert refused.console_session == admin.console_session
    expected: dict[str, object] = {"command": command, "reason": reason}
    if about is not None:
        expected["operator_id"] = _id_of(demo_uow_factory, about)
    assert refused.details == expected


def test_details_refused_together_are_named_by_box_never_by_value(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    admin = actor_for(demo_uow_factory, "admin")
    with pytest.raises(FieldError):
        add_operator(demo_uow_factory(), admin, "agent", "Eve\tRed", Role.AGENT)

    [refused] = _newest(demo_uow_factory, 1)
    assert refused.fields == ("username", "name")
    assert refused.details["reason"] == "username_taken"
    assert "Eve" not in refused.model_dump_json()


def test_disabling_a_disabled_login_is_refused_on_the_trail(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    admin = actor_for(demo_uow_factory, "admin")
    disable_operator(demo_uow_factory(), admin, "agent")
    with pytest.raises(ServiceError, match="agent is disabled already"):
        disable_operator(demo_uow_factory(), admin, "agent")

    disabled, refused = _newest(demo_uow_factory, 2)
    assert disabled.action is AuditAction.OPERATOR_DISABLED
    assert refused.action is REFUSED
    assert refused.details == {
        "command": "disable",
        "reason": "disabled_already",
        "operator_id": _id_of(demo_uow_factory, "agent"),
    }


def test_a_role_that_manages_no_operators_is_refused_on_the_trail_by_the_services(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    supervisor = actor_for(demo_uow_factory, "supervisor")
    with pytest.raises(ServiceError, match="does not allow you to manage operators"):
        list_operators(demo_uow_factory(), supervisor)

    [refused] = _newest(demo_uow_factory, 1)
    assert refused.action is REFUSED and refused.operator_id == supervisor.operator_id
    assert refused.details == {"command": "list", "reason": "not_administrator"}


# --- the `custinfo operator` command -------------------------------------------------------


def _run_cli(argv: list[str], url: str, stdin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    parser = argparse.ArgumentParser(prog="custinfo")
    commands = parser.add_subparsers(dest="command")
    operator_commands.register(commands, argparse.ArgumentParser(add_help=False))
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return operator_commands.run(parser.parse_args(argv), Settings(database_url=url))


def _trail(url: str, count: int) -> list[AuditEvent]:
    engine = build_engine_for(url)
    try:
        return _newest(uow_factory_for(engine), count)
    finally:
        engine.dispose()


def test_a_call_handler_refused_at_the_command_line_is_on_the_trail_between_login_and_out(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["operator", "list", "--as", "agent", "--password-stdin"]

    assert _run_cli(argv, sqlite_demo_url, f"{AGENT.password}\n", monkeypatch) == 1

    assert "only an administrator can manage operators" in capsys.readouterr().err
    login, refused, out = _trail(sqlite_demo_url, 3)
    assert [login.action, refused.action, out.action] == [
        AuditAction.LOGIN_SUCCEEDED,
        REFUSED,
        AuditAction.LOGGED_OUT,
    ]
    assert refused.operator_id == login.operator_id
    assert refused.console_session == login.console_session == out.console_session
    assert refused.details == {"command": "list", "reason": "not_administrator"}


def test_each_refusal_of_the_command_line_is_recorded_once(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["operator", "disable", "admin", "--as", "admin", "--password-stdin"]

    assert _run_cli(argv, sqlite_demo_url, f"{ADMIN.password}\n", monkeypatch) == 1

    assert "You cannot disable your own login" in capsys.readouterr().err
    login, refused, out = _trail(sqlite_demo_url, 3)
    assert (login.action, out.action) == (AuditAction.LOGIN_SUCCEEDED, AuditAction.LOGGED_OUT)
    assert refused.action is REFUSED
    assert refused.details["command"] == "disable" and refused.details["reason"] == "own_login"


def test_an_administrator_with_a_temporary_password_is_refused_on_the_trail(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = build_engine_for(sqlite_demo_url)
    try:
        uows = uow_factory_for(engine)
        issued = add_operator(uows(), actor_for(uows, "admin"), "newadmin", "Nia New", Role.ADMIN)
    finally:
        engine.dispose()
    argv = ["operator", "list", "--as", "newadmin", "--password-stdin"]

    assert _run_cli(argv, sqlite_demo_url, f"{issued.temporary_password}\n", monkeypatch) == 1

    assert "your password is temporary" in capsys.readouterr().err
    _, refused, _ = _trail(sqlite_demo_url, 3)
    assert refused.details == {"command": "list", "reason": "temporary_password"}
