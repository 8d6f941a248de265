"""Operator login through the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.services.auth import authenticate
from custinfo_tui.services.errors import AlreadyInitialised
from custinfo_tui.services.operators import create_first_admin, create_operator
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

PASSWORD = "correct-horse-battery"


def _events(uow_factory: UnitOfWorkFactory) -> list[str]:
    with uow_factory() as uow:
        return [event.action.value for event in reversed(uow.audit.list_recent())]


def test_first_admin_can_log_in_and_the_login_is_audited(uow_factory: UnitOfWorkFactory) -> None:
    admin = create_first_admin(uow_factory(), "Admin", PASSWORD)
    assert admin.username == "admin"
    assert admin.role is Role.ADMIN

    outcome = authenticate(uow_factory(), "admin", PASSWORD)

    assert outcome.ok and outcome.actor is not None
    assert outcome.actor.role is Role.ADMIN
    assert _events(uow_factory)[-1] == AuditAction.LOGIN_SUCCEEDED.value


def test_password_is_stored_only_as_an_argon2id_hash(uow_factory: UnitOfWorkFactory) -> None:
    create_first_admin(uow_factory(), "admin", PASSWORD)
    with uow_factory() as uow:
        operator = uow.operators.get_by_username("admin")
        assert operator is not None
        assert operator.password_hash.startswith("$argon2id$")
        assert PASSWORD not in operator.password_hash


def test_second_first_admin_is_refused(uow_factory: UnitOfWorkFactory) -> None:
    create_first_admin(uow_factory(), "admin", PASSWORD)
    with pytest.raises(AlreadyInitialised):
        create_first_admin(uow_factory(), "other", PASSWORD)


@pytest.mark.parametrize(
    ("username", "password"), [("agent", "wrong-password-123"), ("nobody", PASSWORD)]
)
def test_wrong_password_and_unknown_user_get_the_same_message(
    uow_factory: UnitOfWorkFactory, username: str, password: str
) -> None:
    create_operator(uow_factory(), None, "agent", "Alex Agent", Role.AGENT, PASSWORD)

    outcome = authenticate(uow_factory(), username, password)

    assert not outcome.ok
    assert outcome.message == "Username or password not recognised."
    assert _events(uow_factory)[-1] == AuditAction.LOGIN_FAILED.value


def test_short_password_is_refused_with_the_reason(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(FieldProblems, match="at least 12 characters") as refused:
        create_operator(uow_factory(), None, "agent", "Alex", Role.AGENT, "short")
    assert list(refused.value.problems) == ["password"]


def test_duplicate_username_is_refused(uow_factory: UnitOfWorkFactory) -> None:
    create_operator(uow_factory(), None, "agent", "Alex", Role.AGENT, PASSWORD)
    with pytest.raises(FieldProblems, match="already taken") as refused:
        create_operator(uow_factory(), None, "Agent", "Alex Again", Role.AGENT, PASSWORD)
    assert refused.value.problems == {"username": "That username is already taken."}
