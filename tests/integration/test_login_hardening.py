"""What logging in stores, on SQLite, SQLCipher and PostgreSQL: the lockout's time, a
temporary password's 72 hours, and the re-hashing of a hash made with old parameters (with
the product's argon2 parameters, `real_argon2`). What the login use cases decide is tested
on the in-memory unit of work in tests/unit/test_login_use_cases.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import TEMPORARY_EXPIRED_MESSAGE
from custinfo_tui.services.auth import (
    LOGIN_FAILED_MESSAGE,
    MAX_FAILED_LOGINS,
    authenticate,
)
from custinfo_tui.services.operators import list_operators, reset_password
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for
from tests.support.logins import AGENT, T0, agent_row, fail_logins, recent_events


def test_five_wrong_passwords_lock_the_operator_for_fifteen_minutes(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    fail_logins(demo_uow_factory, MAX_FAILED_LOGINS, T0)

    operator_id, _, locked_until, _ = agent_row(demo_uow_factory)
    assert locked_until == T0 + timedelta(minutes=15)
    fifth, locked = recent_events(demo_uow_factory, 2)
    assert fifth.details == {"operator_id": operator_id, "reason": "password"}
    assert locked.action is AuditAction.OPERATOR_LOCKED_OUT
    assert locked.details["operator_id"] == operator_id

    # Locked: even the right password gets the same generic message, and the lock is audited.
    outcome = authenticate(
        demo_uow_factory(), "agent", AGENT.password, now=T0 + timedelta(minutes=14)
    )
    assert not outcome.ok
    assert outcome.message == LOGIN_FAILED_MESSAGE
    refused = recent_events(demo_uow_factory, 1)[0]
    assert refused.action is AuditAction.LOGIN_FAILED
    assert refused.details == {"operator_id": operator_id, "reason": "locked"}

    # Fifteen simulated minutes later the right password works and the lock is lifted.
    outcome = authenticate(
        demo_uow_factory(), "agent", AGENT.password, now=T0 + timedelta(minutes=15, seconds=1)
    )
    assert outcome.ok
    assert agent_row(demo_uow_factory)[1:3] == (0, None)


def test_a_temporary_password_is_refused_after_72_hours_saying_to_ask_for_a_new_one(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    """Found by an administrator: a temporary password never expired, so one written on a
    note and never used still opened the account weeks later."""
    issued = reset_password(demo_uow_factory(), actor_for(demo_uow_factory, "admin"), "agent")
    at = datetime.now(UTC)
    temporary = issued.temporary_password

    outcome = authenticate(demo_uow_factory(), "agent", temporary, now=at + timedelta(hours=73))

    assert not outcome.ok
    assert outcome.message == TEMPORARY_EXPIRED_MESSAGE
    assert "ask an administrator for a new one" in TEMPORARY_EXPIRED_MESSAGE
    refused = recent_events(demo_uow_factory, 1)[0]
    assert refused.action is AuditAction.LOGIN_FAILED
    assert refused.details == {"operator_id": issued.operator.id, "reason": "temporary_expired"}
    assert agent_row(demo_uow_factory)[1] == 0  # the right password: no wrong one counted
    [agent] = [op for op in list_operators(demo_uow_factory()) if op.username == "agent"]
    assert agent.standing(at + timedelta(hours=73)) == "active, temporary password expired"
    # A wrong password after the 72 hours tells nothing of the account.
    wrong = authenticate(demo_uow_factory(), "agent", "not-it", now=at + timedelta(hours=73))
    assert wrong.message == LOGIN_FAILED_MESSAGE
    # Within them it opens the account, straight to choosing a password.
    outcome = authenticate(demo_uow_factory(), "agent", temporary, now=at + timedelta(hours=71))
    assert outcome.ok and outcome.must_change_password


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

    rehashed = agent_row(demo_uow_factory)[3]
    assert rehashed != weak
    assert rehashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
