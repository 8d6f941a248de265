"""Managing operators: creating, disabling, resetting passwords, listing. Login lives in `auth`.

Every refusal of an administrator's command is itself audited (`refusals_recorded`,
services/operator_refusals.py), whether it came from `custinfo operator` or the console.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operator_refusals import OperatorCommand, OperatorRefusal
from custinfo_tui.domain.operators import Actor, IssuedPassword, OperatorSummary
from custinfo_tui.domain.password_policy import password_problem
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.text import clean_free_text, describe_hidden, strip_control_characters
from custinfo_tui.repository.orm import Operator
from custinfo_tui.services import audit
from custinfo_tui.services.errors import AlreadyInitialised, NotFound
from custinfo_tui.services.operator_refusals import (
    OperatorDetailsRefused,
    OperatorRefused,
    refusals_recorded,
)
from custinfo_tui.services.passwords import hash_secret
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.session_standing import confirm_session
from custinfo_tui.services.unit_of_work import UnitOfWork

#: Temporary passwords are read out or passed on by hand: no 0/o, 1/l/i to confuse.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
#: Why an administrator's own password is not reset: the reset ends the session that would
#: show the temporary password, the old one stops working, and a sole administrator was
#: locked out for good. Changing it needs the current one, and ends no session.
OWN_PASSWORD_SAID = (
    'You cannot reset your own password: change it with Ctrl+P, "Change password" in '
    "the console, or ask another administrator to reset it."
)
_TEMPORARY_GROUPS, _TEMPORARY_GROUP_LENGTH = 4, 5


def check_new_password(password: str, username: str | None = None) -> str | None:
    """The reason a new password is refused, or None (NIST SP 800-63B: see password_policy)."""
    return password_problem(password, username=username)


def generate_temporary_password(username: str = "") -> str:
    """About 99 bits from `secrets`, in groups of five: `k7m2q-x9r4t-...`; passes the policy."""
    while True:
        password = "-".join(
            "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(_TEMPORARY_GROUP_LENGTH))
            for _ in range(_TEMPORARY_GROUPS)
        )
        if check_new_password(password, username) is None:
            return password


def _clean_username(username: str) -> str:
    return clean_free_text(username).lower()


def _problems(
    username: str, display_name: str, password: str, *, check_username: bool
) -> dict[str, str]:
    """What is wrong with a new operator's details, by field ("username", "password",
    "name"), so the console's form marks each box refused and the command line says all."""
    problems: dict[str, str] = {}
    cleaned = _clean_username(username)
    if not cleaned or len(cleaned) > 64 or " " in cleaned:
        problems["username"] = "A username is 1 to 64 characters with no spaces."
    password_said = check_new_password(password, cleaned if check_username else None)
    if password_said:
        problems["password"] = password_said
    hidden = next((ch for ch in display_name if strip_control_characters(ch) != ch), None)
    if not clean_free_text(display_name) and check_username:
        problems["name"] = "Give their name as the console shows it (--name)."
    elif hidden is not None:
        # Shown on every screen's header and in the audit trail: refused, as a customer's
        # name is, rather than kept with pieces silently missing; named as what it is.
        problems["name"] = f"The name contains {describe_hidden(hidden)}; type it again."
    return problems


def _refuse_details(
    uow: UnitOfWork, username: str, display_name: str, password: str, *, check_username: bool
) -> None:
    """Raise `OperatorDetailsRefused`, every box refused at once, when any detail of a new
    operator is (a username taken among them); nothing when all are fine."""
    problems = _problems(username, display_name, password, check_username=check_username)
    taken = uow.operators.get_by_username(_clean_username(username))
    if taken is not None and "username" not in problems:
        problems = {"username": "That username is already taken.", **problems}
    if problems:
        refusal = OperatorRefusal.USERNAME_TAKEN if taken else OperatorRefusal.DETAILS_REFUSED
        raise OperatorDetailsRefused(
            refusal, problems, operator_id=taken.id if taken is not None else None
        )


def check_new_operator(uow: UnitOfWork, actor: Actor, username: str, display_name: str) -> None:
    """What `add_operator` would refuse in these details, without adding anyone: for the
    console's form, which refuses a box of its own (an unknown role) and should say a
    username taken with it rather than at a second save. Reads only; nothing is audited,
    since nothing was asked to be done."""
    require(actor, Permission.MANAGE_OPERATORS)
    with uow:
        confirm_session(uow, actor)
        _refuse_details(
            uow, username, display_name, generate_temporary_password(), check_username=True
        )


def _new_operator(
    uow: UnitOfWork,
    username: str,
    display_name: str,
    role: Role,
    password: str,
    *,
    temporary: bool,
    check_username: bool = True,
) -> Operator:
    """The new operator, added to `uow`; FieldProblems, by field, when any detail is
    refused (a username taken among them), so a form marks each box refused."""
    _refuse_details(uow, username, display_name, password, check_username=check_username)
    now = datetime.now(UTC)
    username = _clean_username(username)
    operator = Operator(
        username=username,
        display_name=clean_free_text(display_name) or username,
        role=role.value,
        password_hash=hash_secret(password),
        active=True,
        must_change_password=temporary,
        failed_logins=0,
        created_at=now,
        password_changed_at=now,
        session_generation=0,
    )
    return uow.operators.add(operator)


def create_first_admin(uow: UnitOfWork, username: str, password: str) -> OperatorSummary:
    """Create the first administrator of a new database; refused once any operator exists.

    Its `operator.created` names the login by id, as every other operator's does, so the
    trail's About says "op: admin" for it; without the id it said "-", and the first
    event of every database was the one whose login could not be told. `first` marks it
    as `custinfo init`'s (services/demo.py tells a real database by it)."""
    with uow:
        if uow.operators.count() > 0:
            raise AlreadyInitialised("This database already has operators.")
        operator = _new_operator(
            uow, username, "Administrator", Role.ADMIN, password, temporary=False
        )
        audit.record(
            uow,
            None,
            AuditAction.OPERATOR_CREATED,
            details={"operator_id": operator.id, "role": "admin", "first": True},
        )
        uow.commit()
        return OperatorSummary.model_validate(operator, from_attributes=True)


@refusals_recorded(OperatorCommand.ADD)
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
    """Add an operator. `actor` None means the command line acting as the system (demo set-up).

    The whole password policy applies, except that the system may give a demo operator a
    password containing its username: the demo passwords are published and fictitious.
    """
    if actor is not None:
        require(actor, Permission.MANAGE_OPERATORS)
    with uow:
        operator = _new_operator(
            uow,
            username,
            display_name,
            role,
            password,
            temporary=temporary,
            check_username=actor is not None,
        )
        audit.record(
            uow,
            actor,
            AuditAction.OPERATOR_CREATED,
            details={"operator_id": operator.id, "role": role.value},
        )
        uow.commit()
        return OperatorSummary.model_validate(operator, from_attributes=True)


def add_operator(
    uow: UnitOfWork, actor: Actor, username: str, display_name: str, role: Role
) -> IssuedPassword:
    """An admin adds an operator with a generated temporary password, changed at first login."""
    temporary = generate_temporary_password(_clean_username(username))
    summary = create_operator(uow, actor, username, display_name, role, temporary, temporary=True)
    return IssuedPassword(operator=summary, temporary_password=temporary)


def _end_sessions(operator: Operator) -> None:
    """Any console session the operator has open is refused from its next action and ended
    (services/session_standing.py): it was granted under what has just changed."""
    operator.session_generation += 1


def _existing(uow: UnitOfWork, username: str) -> Operator:
    operator = uow.operators.get_by_username(_clean_username(username))
    if operator is None:
        raise NotFound("There is no operator with that username.")
    return operator


@refusals_recorded(OperatorCommand.DISABLE)
def disable_operator(uow: UnitOfWork, actor: Actor, username: str) -> OperatorSummary:
    """Stop an operator logging in, and end any session they have open at its next action.
    Their audit history stays; the row is never deleted."""
    return _set_active(uow, actor, username, active=False)


@refusals_recorded(OperatorCommand.ENABLE)
def enable_operator(uow: UnitOfWork, actor: Actor, username: str) -> OperatorSummary:
    """Let a disabled operator log in again (their password as it was; reset it too if it
    may be known to someone else). Audited as `operator.enabled`."""
    return _set_active(uow, actor, username, active=True)


def _set_active(uow: UnitOfWork, actor: Actor, username: str, *, active: bool) -> OperatorSummary:
    """Disable or enable a login, refused (saying so) when it is so already, and one's own
    never disabled. Audited as `operator.disabled` or `operator.enabled`."""
    require(actor, Permission.MANAGE_OPERATORS)
    with uow:
        operator = _existing(uow, username)
        if not active and operator.id == actor.operator_id:
            raise OperatorRefused(
                OperatorRefusal.OWN_LOGIN,
                "You cannot disable your own login; ask another administrator.",
                operator_id=operator.id,
            )
        if operator.active == active:
            state, refusal = (
                ("active", OperatorRefusal.ACTIVE_ALREADY)
                if active
                else ("disabled", OperatorRefusal.DISABLED_ALREADY)
            )
            raise OperatorRefused(
                refusal, f"{operator.username} is {state} already.", operator_id=operator.id
            )
        operator.active = active
        if not active:
            _end_sessions(operator)
        audit.record(
            uow,
            actor,
            AuditAction.OPERATOR_ENABLED if active else AuditAction.OPERATOR_DISABLED,
            fields=("active",),
            details={"operator_id": operator.id},
        )
        uow.commit()
        return OperatorSummary.model_validate(operator, from_attributes=True)


@refusals_recorded(OperatorCommand.SET_ROLE)
def change_role(uow: UnitOfWork, actor: Actor, username: str, role: Role) -> OperatorSummary:
    """Give an operator another role, from their next login: a session they have open is
    ended at its next action, since it was granted the old role's permissions. Refused for
    one's own role, so an administrator cannot lock every administrator out. Audited as
    `operator.role_changed` with the old and new role."""
    require(actor, Permission.MANAGE_OPERATORS)
    with uow:
        operator = _existing(uow, username)
        if operator.id == actor.operator_id:
            raise OperatorRefused(
                OperatorRefusal.OWN_ROLE,
                "You cannot change your own role; ask another administrator.",
                operator_id=operator.id,
            )
        if operator.role == role.value:
            raise OperatorDetailsRefused(
                OperatorRefusal.ROLE_HELD,
                {"role": f"{operator.username} is a {role.label} already."},
                operator_id=operator.id,
            )
        old = operator.role
        operator.role = role.value
        _end_sessions(operator)
        audit.record(
            uow,
            actor,
            AuditAction.OPERATOR_ROLE_CHANGED,
            fields=("role",),
            details={"operator_id": operator.id, "from": old, "to": role.value},
        )
        uow.commit()
        return OperatorSummary.model_validate(operator, from_attributes=True)


@refusals_recorded(OperatorCommand.RESET_PASSWORD)
def reset_password(
    uow: UnitOfWork, actor: Actor, username: str, *, now: datetime | None = None
) -> IssuedPassword:
    """Give an operator a new temporary password, returned once; it must be changed at login.

    Also lifts a lockout: the admin has checked who is asking, which the lock was waiting for.
    A session the operator has open is ended at its next action: a reset is how an
    administrator shuts out whoever knew the old password. Refused for one's own password
    (`OWN_PASSWORD_SAID`).
    """
    require(actor, Permission.MANAGE_OPERATORS)
    with uow:
        # A session revoked since it was opened is refused before anything else.
        confirm_session(uow, actor)
        operator = _existing(uow, username)
        if operator.id == actor.operator_id:
            raise OperatorRefused(
                OperatorRefusal.OWN_PASSWORD, OWN_PASSWORD_SAID, operator_id=operator.id
            )
        temporary = generate_temporary_password(operator.username)
        operator.password_hash = hash_secret(temporary)
        operator.must_change_password = True
        operator.password_changed_at = now or datetime.now(UTC)
        operator.failed_logins = 0
        operator.locked_until = None
        _end_sessions(operator)
        audit.record(
            uow,
            actor,
            AuditAction.PASSWORD_RESET,
            fields=("password", "must_change_password"),
            details={"operator_id": operator.id},
        )
        uow.commit()
        summary = OperatorSummary.model_validate(operator, from_attributes=True)
        return IssuedPassword(operator=summary, temporary_password=temporary)


def list_operators(uow: UnitOfWork, actor: Actor | None = None) -> list[OperatorSummary]:
    """Every operator, by username. `actor` None means the system (demo set-up, tests)."""
    if actor is not None:
        return _listed_for(uow, actor)
    with uow:
        return _summaries(uow)


@refusals_recorded(OperatorCommand.LIST)
def _listed_for(uow: UnitOfWork, actor: Actor) -> list[OperatorSummary]:
    """Every operator, for an administrator: audited as `operator.listed` with the count."""
    require(actor, Permission.MANAGE_OPERATORS)
    with uow:
        operators = _summaries(uow)
        audit.record(uow, actor, AuditAction.OPERATORS_LISTED, details={"count": len(operators)})
        uow.commit()
        return operators


def _summaries(uow: UnitOfWork) -> list[OperatorSummary]:
    return [
        OperatorSummary.model_validate(op, from_attributes=True) for op in uow.operators.list_all()
    ]
