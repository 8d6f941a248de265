"""Lockout, re-hashing and changing one's own password, on SQLite and PostgreSQL.

The re-hashing test uses the product's argon2 parameters (`real_argon2`); the others the
tests' cheap ones.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.services.auth import (
    LOGIN_FAILED_MESSAGE,
    MAX_FAILED_LOGINS,
    authenticate,
    change_password,
)
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

AGENT = next(op for op in DEMO_OPERATORS if op.username == "agent")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW_PASSWORD = "tangerine bicycle orchestra"


def _events(uow_factory: UnitOfWorkFactory, limit: int = 20) -> list[AuditEvent]:
    with uow_factory() as uow:
        return list(reversed(uow.audit.list_recent(limit=limit)))


def _agent_row(uow_factory: UnitOfWorkFactory) -> tuple[int, int, datetime | None, str]:
    with uow_factory() as uow:
        operator = uow.operators.get_by_username("agent")
        assert operator is not None
        return operator.id, operator.failed_logins, operator.locked_until, operator.password_hash


def _fail_logins(uow_factory: UnitOfWorkFactory, times: int, at: datetime) -> None:
    for _ in range(times):
        outcome = authenticate(uow_factory(), "agent", "not-the-password", now=at)
        assert outcome.message == LOGIN_FAILED_MESSAGE


def test_five_wrong_passwords_lock_the_operator_for_fifteen_minutes(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    _fail_logins(demo_uow_factory, MAX_FAILED_LOGINS, T0)

    operator_id, _, locked_until, _ = _agent_row(demo_uow_factory)
    assert locked_until == T0 + timedelta(minutes=15)
    fifth, locked = _events(demo_uow_factory, 2)
    assert fifth.details == {"operator_id": operator_id, "reason": "password"}
    assert locked.action is AuditAction.OPERATOR_LOCKED_OUT
    assert locked.details["operator_id"] == operator_id

    # Locked: even the right password gets the same generic message, and the lock is audited.
    outcome = authenticate(
        demo_uow_factory(), "agent", AGENT.password, now=T0 + timedelta(minutes=14)
    )
    assert not outcome.ok
    assert outcome.message == LOGIN_FAILED_MESSAGE
    refused = _events(demo_uow_factory, 1)[0]
    assert refused.action is AuditAction.LOGIN_FAILED
    assert refused.details == {"operator_id": operator_id, "reason": "locked"}

    # Fifteen simulated minutes later the right password works and the lock is lifted.
    outcome = authenticate(
        demo_uow_factory(), "agent", AGENT.password, now=T0 + timedelta(minutes=15, seconds=1)
    )
    assert outcome.ok
    assert _agent_row(demo_uow_factory)[1:3] == (0, None)


def test_a_successful_login_resets_the_count_of_failures(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    _fail_logins(demo_uow_factory, MAX_FAILED_LOGINS - 1, T0)
    assert _agent_row(demo_uow_factory)[1] == MAX_FAILED_LOGINS - 1

    assert authenticate(demo_uow_factory(), "agent", AGENT.password, now=T0).ok
    _fail_logins(demo_uow_factory, 1, T0)

    assert _agent_row(demo_uow_factory)[1:3] == (1, None)


def test_unknown_usernames_are_audited_but_never_create_rows(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    with demo_uow_factory() as uow:
        before = uow.operators.count()
    for _ in range(2):
        outcome = authenticate(demo_uow_factory(), "nobody-here", AGENT.password, now=T0)
        assert outcome.message == LOGIN_FAILED_MESSAGE
    with demo_uow_factory() as uow:
        assert uow.operators.count() == before
    assert [e.details for e in _events(demo_uow_factory, 2)] == [{"known_user": False}] * 2


@pytest.mark.real_argon2
def test_a_hash_with_old_parameters_is_replaced_at_the_next_login(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(AGENT.password)
    with demo_uow_factory() as uow:
        operator = uow.operators.get_by_username("agent")
        assert operator is not None
        operator.password_hash = weak
        uow.commit()

    assert authenticate(demo_uow_factory(), "agent", AGENT.password).ok

    rehashed = _agent_row(demo_uow_factory)[3]
    assert rehashed != weak
    assert rehashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


# --- changing one's own password ---------------------------------------------------------


def _agent_actor(uow_factory: UnitOfWorkFactory) -> Actor:
    operator_id = _agent_row(uow_factory)[0]
    return Actor(
        operator_id=operator_id,
        username="agent",
        display_name=AGENT.display_name,
        role=Role.AGENT,
        console_session="test-session",
    )


def test_changing_the_password_checks_the_current_one_and_the_policy(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    actor = _agent_actor(demo_uow_factory)

    wrong = change_password(demo_uow_factory(), actor, "not-my-password", NEW_PASSWORD, now=T0)
    assert (wrong.ok, wrong.field) == (False, "current")
    assert _agent_row(demo_uow_factory)[1] == 1  # counts towards the lockout

    common = change_password(demo_uow_factory(), actor, AGENT.password, "qwerty123456", now=T0)
    assert (common.ok, common.field) == (False, "new")
    assert common.message is not None and "common passwords" in common.message

    same = change_password(demo_uow_factory(), actor, AGENT.password, AGENT.password, now=T0)
    # The demo password contains the username, so the policy speaks first; either way: refused.
    assert (same.ok, same.field) == (False, "new")

    failures = _events(demo_uow_factory, 3)
    assert [e.action for e in failures] == [AuditAction.PASSWORD_CHANGE_FAILED] * 3
    assert [e.details["reason"] for e in failures] == ["current", "policy", "policy"]
    assert all(NEW_PASSWORD not in str(e) and "qwerty" not in str(e) for e in failures)


def test_reusing_the_current_password_is_refused(demo_uow_factory: UnitOfWorkFactory) -> None:
    actor = _agent_actor(demo_uow_factory)
    assert change_password(demo_uow_factory(), actor, AGENT.password, NEW_PASSWORD, now=T0).ok

    again = change_password(demo_uow_factory(), actor, NEW_PASSWORD, NEW_PASSWORD, now=T0)

    assert (again.ok, again.field) == (False, "new")
    assert again.message == "Choose a password different from your current one."


def test_a_changed_password_clears_the_temporary_flag_and_is_audited(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    actor = _agent_actor(demo_uow_factory)
    with demo_uow_factory() as uow:
        operator = uow.operators.get_by_username("agent")
        assert operator is not None
        operator.must_change_password = True
        uow.commit()

    outcome = change_password(demo_uow_factory(), actor, AGENT.password, NEW_PASSWORD, now=T0)

    assert outcome.ok
    with demo_uow_factory() as uow:
        operator = uow.operators.get_by_username("agent")
        assert operator is not None
        assert not operator.must_change_password
        assert operator.password_changed_at == T0
    changed = _events(demo_uow_factory, 1)[0]
    assert changed.action is AuditAction.PASSWORD_CHANGED
    assert changed.fields == ("password",)
    assert changed.console_session == "test-session"
    login = authenticate(demo_uow_factory(), "agent", NEW_PASSWORD)
    assert login.ok and not login.must_change_password
