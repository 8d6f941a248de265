"""Logging in and changing one's own password: what the use cases decide, on the in-memory
unit of work (tests/support/fake_uow.py). The lockout's storage round trip and the
re-hashing of old hashes are tested on every database in tests/integration/test_login_hardening.py.
"""

from __future__ import annotations

import pytest

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.services.auth import (
    LOGIN_FAILED_MESSAGE,
    MAX_FAILED_LOGINS,
    authenticate,
    change_password,
)
from custinfo_tui.services.operators import create_operator
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.fake_uow import FakeUnitOfWork
from tests.support.logins import AGENT, NEW_PASSWORD, T0, agent_row, fail_logins, recent_events


@pytest.fixture
def uow_factory() -> FakeUnitOfWork:
    """A fresh in-memory store holding the demo call-handler, as the demo database does."""
    uow = FakeUnitOfWork()
    create_operator(
        uow, None, "agent", AGENT.display_name, Role.AGENT, AGENT.password, temporary=False
    )
    return uow


def test_a_successful_login_resets_the_count_of_failures(
    uow_factory: FakeUnitOfWork,
) -> None:
    fail_logins(uow_factory, MAX_FAILED_LOGINS - 1, T0)
    assert agent_row(uow_factory)[1] == MAX_FAILED_LOGINS - 1

    assert authenticate(uow_factory(), "agent", AGENT.password, now=T0).ok
    fail_logins(uow_factory, 1, T0)

    assert agent_row(uow_factory)[1:3] == (1, None)


def test_unknown_usernames_are_audited_but_never_create_rows(
    uow_factory: FakeUnitOfWork,
) -> None:
    with uow_factory() as uow:
        before = uow.operators.count()
    for _ in range(2):
        outcome = authenticate(uow_factory(), "nobody-here", AGENT.password, now=T0)
        assert outcome.message == LOGIN_FAILED_MESSAGE
    with uow_factory() as uow:
        assert uow.operators.count() == before
    assert [e.details for e in recent_events(uow_factory, 2)] == [{"known_user": False}] * 2


def _agent_actor(uow_factory: UnitOfWorkFactory) -> Actor:
    operator_id = agent_row(uow_factory)[0]
    return Actor(
        operator_id=operator_id,
        username="agent",
        display_name=AGENT.display_name,
        role=Role.AGENT,
        console_session="test-session",
    )


def test_changing_the_password_checks_the_current_one_and_the_policy(
    uow_factory: FakeUnitOfWork,
) -> None:
    actor = _agent_actor(uow_factory)

    wrong = change_password(uow_factory(), actor, "not-my-password", NEW_PASSWORD, now=T0)
    assert (wrong.ok, wrong.field) == (False, "current")
    assert agent_row(uow_factory)[1] == 1  # counts towards the lockout

    common = change_password(uow_factory(), actor, AGENT.password, "qwerty123456", now=T0)
    assert (common.ok, common.field) == (False, "new")
    assert common.message is not None and "common passwords" in common.message

    same = change_password(uow_factory(), actor, AGENT.password, AGENT.password, now=T0)
    # The demo password contains the username, so the policy speaks first; either way: refused.
    assert (same.ok, same.field) == (False, "new")

    failures = recent_events(uow_factory, 3)
    assert [e.action for e in failures] == [AuditAction.PASSWORD_CHANGE_FAILED] * 3
    assert [e.details["reason"] for e in failures] == ["current", "policy", "policy"]
    assert all(NEW_PASSWORD not in str(e) and "qwerty" not in str(e) for e in failures)


def test_reusing_the_current_password_is_refused(uow_factory: FakeUnitOfWork) -> None:
    actor = _agent_actor(uow_factory)
    assert change_password(uow_factory(), actor, AGENT.password, NEW_PASSWORD, now=T0).ok

    again = change_password(uow_factory(), actor, NEW_PASSWORD, NEW_PASSWORD, now=T0)

    assert (again.ok, again.field) == (False, "new")
    assert again.message == "Choose a password different from your current one."


def test_a_changed_password_clears_the_temporary_flag_and_is_audited(
    uow_factory: FakeUnitOfWork,
) -> None:
    actor = _agent_actor(uow_factory)
    with uow_factory() as uow:
        operator = uow.operators.get_by_username("agent")
        assert operator is not None
        operator.must_change_password = True
        uow.commit()

    outcome = change_password(uow_factory(), actor, AGENT.password, NEW_PASSWORD, now=T0)

    assert outcome.ok
    with uow_factory() as uow:
        operator = uow.operators.get_by_username("agent")
        assert operator is not None
        assert not operator.must_change_password
        assert operator.password_changed_at == T0
    changed = recent_events(uow_factory, 1)[0]
    assert changed.action is AuditAction.PASSWORD_CHANGED
    assert changed.fields == ("password",)
    assert changed.console_session == "test-session"
    login = authenticate(uow_factory(), "agent", NEW_PASSWORD)
    assert login.ok and not login.must_change_password


def test_a_refused_new_operator_leaves_nothing_behind(uow_factory: FakeUnitOfWork) -> None:
    before = len(recent_events(uow_factory, 100))
    with pytest.raises(FieldProblems, match="already taken"):
        create_operator(uow_factory, None, "agent", "Another Agent", Role.AGENT, NEW_PASSWORD)
    with uow_factory() as uow:
        assert uow.operators.count() == 1
    assert len(recent_events(uow_factory, 100)) == before
