"""Operator login (MP-11)."""

from __future__ import annotations

import uuid

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor, LoginOutcome
from custinfo_tui.domain.roles import Role
from custinfo_tui.services import audit
from custinfo_tui.services.passwords import verify_secret
from custinfo_tui.services.unit_of_work import UnitOfWork

#: Deliberately generic: it must not reveal whether the username exists.
LOGIN_FAILED_MESSAGE = "Username or password not recognised."


def authenticate(uow: UnitOfWork, username: str, password: str) -> LoginOutcome:
    """Check a username and password; every attempt, good or bad, goes on the audit stream."""
    username = username.strip().lower()
    with uow:
        operator = uow.operators.get_by_username(username) if username else None
        # Verify even for an unknown user, so timing does not tell which part was wrong.
        password_ok = verify_secret(operator.password_hash if operator else None, password)
        if operator is None or not operator.active or not password_ok:
            audit.record(
                uow,
                None,
                AuditAction.LOGIN_FAILED,
                outcome="denied",
                details={"operator_id": operator.id} if operator else {"known_user": False},
            )
            uow.commit()
            return LoginOutcome(message=LOGIN_FAILED_MESSAGE)
        actor = Actor(
            operator_id=operator.id,
            username=operator.username,
            display_name=operator.display_name,
            role=Role(operator.role),
            console_session=str(uuid.uuid4()),
        )
        audit.record(uow, actor, AuditAction.LOGIN_SUCCEEDED)
        uow.commit()
        return LoginOutcome(actor=actor, must_change_password=operator.must_change_password)


def log_out(uow: UnitOfWork, actor: Actor) -> None:
    """Close a console session on the audit stream, so its events have a clear end."""
    with uow:
        audit.record(uow, actor, AuditAction.LOGGED_OUT)
        uow.commit()
