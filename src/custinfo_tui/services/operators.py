"""Creating operators. Login lives in `auth`."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor, OperatorSummary
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.text import collapse_spaces, strip_control_characters
from custinfo_tui.repository.orm import Operator
from custinfo_tui.services import audit
from custinfo_tui.services.errors import AlreadyInitialised, ServiceError
from custinfo_tui.services.passwords import hash_secret
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork

MIN_PASSWORD_LENGTH = 12


def check_new_password(password: str) -> str | None:
    """The reason a new password is refused, or None. Length only, after NIST SP 800-63B."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    return None


def _new_operator(
    username: str, display_name: str, role: Role, password: str, *, temporary: bool
) -> Operator:
    username = collapse_spaces(strip_control_characters(username)).lower()
    if not username or len(username) > 64 or " " in username:
        raise ServiceError("A username is 1 to 64 characters with no spaces.")
    problem = check_new_password(password)
    if problem:
        raise ServiceError(problem)
    now = datetime.now(UTC)
    return Operator(
        username=username,
        display_name=collapse_spaces(strip_control_characters(display_name)) or username,
        role=role.value,
        password_hash=hash_secret(password),
        active=True,
        must_change_password=temporary,
        failed_logins=0,
        created_at=now,
        password_changed_at=now,
    )


def create_first_admin(uow: UnitOfWork, username: str, password: str) -> OperatorSummary:
    """Create the first administrator of a new database; refused once any operator exists."""
    with uow:
        if uow.operators.count() > 0:
            raise AlreadyInitialised("This database already has operators.")
        operator = uow.operators.add(
            _new_operator(username, "Administrator", Role.ADMIN, password, temporary=False)
        )
        audit.record(
            uow, None, AuditAction.OPERATOR_CREATED, details={"role": "admin", "first": True}
        )
        uow.commit()
        return OperatorSummary.model_validate(operator, from_attributes=True)


def create_operator(
    uow: UnitOfWork,
    actor: Actor | None,
    username: str,
    display_name: str,
    role: Role,
    password: str,
    *,
    temporary: bool = True,
) -> OperatorSummary:
    """Add an operator. `actor` None means the command line acting as the system (demo set-up)."""
    if actor is not None:
        require(actor, Permission.MANAGE_OPERATORS)
    with uow:
        if uow.operators.get_by_username(username.strip().lower()) is not None:
            raise ServiceError("That username is already taken.")
        operator = uow.operators.add(
            _new_operator(username, display_name, role, password, temporary=temporary)
        )
        audit.record(uow, actor, AuditAction.OPERATOR_CREATED, details={"role": role.value})
        uow.commit()
        return OperatorSummary.model_validate(operator, from_attributes=True)


def list_operators(uow: UnitOfWork) -> list[OperatorSummary]:
    with uow:
        return [
            OperatorSummary.model_validate(op, from_attributes=True)
            for op in uow.operators.list_all()
        ]
