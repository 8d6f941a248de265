"""Operator login, lockout and changing one's own password (MP-11)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Literal

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import (
    LOGIN_FAILED_MESSAGE,
    NO_OPERATORS_MESSAGE,
    TEMPORARY_EXPIRED_MESSAGE,
    Actor,
    LoginOutcome,
)
from custinfo_tui.domain.password_policy import (
    PasswordChangeOutcome,
    normalise_password,
    password_problem,
    temporary_password_expired,
)
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.wrap_up import DESK_QUIET_MINUTES, RUN_ENDED
from custinfo_tui.repository.orm import Operator
from custinfo_tui.services import audit
from custinfo_tui.services.passwords import hash_secret, needs_rehash, verify_secret
from custinfo_tui.services.session_standing import (
    ENDED_WITH_REVOKED_SESSION,
    confirm_session,
    session_refusal,
)
from custinfo_tui.services.unit_of_work import UnitOfWork
from custinfo_tui.services.verification import end_open_interactions

CURRENT_PASSWORD_WRONG_MESSAGE = "That is not your current password."

#: Wrong passwords in a row (at login or when changing password) before the operator is locked.
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


def _is_locked(operator: Operator, now: datetime) -> bool:
    return operator.locked_until is not None and operator.locked_until > now


def _count_failure(uow: UnitOfWork, operator: Operator, now: datetime) -> None:
    """One more wrong password; the fifth in a row locks the operator for LOCKOUT."""
    operator.failed_logins += 1
    if operator.failed_logins < MAX_FAILED_LOGINS:
        return
    # The count starts again, so after the lock ends the operator has five fresh tries.
    operator.failed_logins = 0
    operator.locked_until = now + LOCKOUT
    audit.record(
        uow,
        None,
        AuditAction.OPERATOR_LOCKED_OUT,
        outcome="denied",
        details={
            "operator_id": operator.id,
            "failed_logins": MAX_FAILED_LOGINS,
            "minutes": int(LOCKOUT.total_seconds() // 60),
        },
    )


def authenticate(
    uow: UnitOfWork, username: str, password: str, *, now: datetime | None = None
) -> LoginOutcome:
    """Check a username and password; every attempt, good or bad, goes on the audit stream.

    Five wrong passwords in a row lock the operator for 15 minutes. The caller is never told
    why a login failed (unknown user, wrong password, locked, disabled): the audit stream is.
    Only a database with no operator at all is said to have none, with what creates one;
    and the right temporary password given after it expired is said to have expired (who
    knows it is the operator it was given to), and counts as no wrong password.
    """
    now = now or datetime.now(UTC)
    username = username.strip().lower()
    with uow:
        operator = uow.operators.get_by_username(username) if username else None
        # Verify even for an unknown or locked user, so timing does not tell them apart.
        password_ok = verify_secret(operator.password_hash if operator else None, password)
        reason = _refusal(operator, password_ok, now)
        if operator is None or reason is not None:
            details: dict[str, object] = (
                {"operator_id": operator.id, "reason": reason}
                if operator
                else {"known_user": False}
            )
            audit.record(uow, None, AuditAction.LOGIN_FAILED, outcome="denied", details=details)
            if operator is not None and reason == "password":
                _count_failure(uow, operator, now)
            nobody = operator is None and uow.operators.count() == 0
            uow.commit()
            if reason == "temporary_expired":
                return LoginOutcome(message=TEMPORARY_EXPIRED_MESSAGE)
            return LoginOutcome(message=NO_OPERATORS_MESSAGE if nobody else LOGIN_FAILED_MESSAGE)
        operator.failed_logins = 0
        operator.locked_until = None
        if needs_rehash(operator.password_hash):
            operator.password_hash = hash_secret(password)
        actor = Actor(
            operator_id=operator.id,
            username=operator.username,
            display_name=operator.display_name,
            role=Role(operator.role),
            console_session=str(uuid.uuid4()),
            session_generation=operator.session_generation,
        )
        audit.record(uow, actor, AuditAction.LOGIN_SUCCEEDED)
        uow.commit()
        return LoginOutcome(actor=actor, must_change_password=operator.must_change_password)


def _refusal(operator: Operator | None, password_ok: bool, now: datetime) -> str | None:
    """Why a login is refused, for the audit stream only; None lets it through."""
    if operator is None:
        return "unknown_user"
    if not operator.active:
        return "disabled"
    if _is_locked(operator, now):
        return "locked"  # even the right password: a lock is only useful if it holds
    if not password_ok:
        return "password"
    if operator.must_change_password and temporary_password_expired(
        operator.password_changed_at, now
    ):
        return "temporary_expired"
    return None


def change_password(
    uow: UnitOfWork,
    actor: Actor,
    current_password: str,
    new_password: str,
    *,
    now: datetime | None = None,
) -> PasswordChangeOutcome:
    """The logged-in operator replaces their own password, proving they know the current one.

    Clears a temporary password's must-change flag. A wrong current password counts towards
    the lockout like a wrong password at login, so a desk left logged in is no place to guess.
    """
    now = now or datetime.now(UTC)
    with uow:
        operator = uow.operators.get(actor.operator_id)
        confirm_session(uow, actor)  # the operator just read: no statement of its own
        current_ok = operator is not None and verify_secret(
            operator.password_hash, current_password
        )
        if operator is None or not operator.active or _is_locked(operator, now):
            return _refuse(uow, actor, "current", CURRENT_PASSWORD_WRONG_MESSAGE, "locked")
        if not current_ok:
            _count_failure(uow, operator, now)
            return _refuse(uow, actor, "current", CURRENT_PASSWORD_WRONG_MESSAGE, "current")
        operator.failed_logins = 0  # the operator has just proved the current password
        problem = password_problem(new_password, username=operator.username)
        # The current password is verified, so comparing the two spellings is enough.
        if problem is None and normalise_password(new_password) == normalise_password(
            current_password
        ):
            problem = "Choose a password different from your current one."
        if problem is not None:
            return _refuse(uow, actor, "new", problem, "policy")
        operator.password_hash = hash_secret(new_password)
        operator.must_change_password = False
        operator.password_changed_at = now
        audit.record(
            uow,
            actor,
            AuditAction.PASSWORD_CHANGED,
            fields=("password",),
            details={"operator_id": operator.id},
        )
        uow.commit()
        return PasswordChangeOutcome(ok=True)


def _refuse(
    uow: UnitOfWork,
    actor: Actor,
    field: Literal["current", "new"],
    message: str,
    reason: str,
) -> PasswordChangeOutcome:
    """Audit a refused password change (with why, never what) and commit the failure count."""
    audit.record(
        uow,
        actor,
        AuditAction.PASSWORD_CHANGE_FAILED,
        outcome="denied",
        details={"reason": reason},
    )
    uow.commit()
    return PasswordChangeOutcome(ok=False, field=field, message=message)


def log_out(uow: UnitOfWork, actor: Actor, *, ending_run: bool = False) -> None:
    """Close a console session on the audit stream, so its events have a clear end.

    Calls the operator left open end with it (outcome `logged_out`; `run_ended` when a
    trainee ends a role-play, so its debrief says they ended the run, not logged out).
    """
    with uow:
        end_open_interactions(uow, actor, RUN_ENDED if ending_run else "logged_out")
        audit.record(uow, actor, AuditAction.LOGGED_OUT)
        uow.commit()


def other_console_active(
    uow: UnitOfWork, actor: Actor, *, now: datetime | None = None
) -> datetime | None:
    """When another console session of the operator's last recorded an action, if one did
    in the last `DESK_QUIET_MINUTES` and has not logged out: told at login, so that an
    operator logged in at two desks knows it (a session of theirs they did not open is
    theirs to report). A console that stopped without logging out looks the same on the
    trail. Reading one's own sessions records nothing."""
    since = (now or datetime.now(UTC)) - timedelta(minutes=DESK_QUIET_MINUTES)
    with uow:
        return uow.interactions.other_consoles_last_active(
            actor.operator_id, actor.console_session, since
        )


def end_revoked_session(uow: UnitOfWork, actor: Actor) -> str | None:
    """End a session the services refused (`SessionRevoked`: an administrator disabled its
    operator, changed their role or reset their password since it logged in); what to tell
    the operator on the login screen.

    Calls the operator left open end as at logging out (outcome `session_revoked`), and the
    stream records why (`operator.session_revoked`, with the reason) and the session's end
    (`operator.logged_out`). A session that stands after all is simply logged out (None).
    """
    with uow:
        refusal = session_refusal(uow, actor)
        outcome = ENDED_WITH_REVOKED_SESSION if refusal is not None else "logged_out"
        end_open_interactions(uow, actor, outcome)
        if refusal is not None:
            audit.record(
                uow, actor, AuditAction.SESSION_REVOKED, details={"reason": refusal.reason}
            )
        audit.record(uow, actor, AuditAction.LOGGED_OUT)
        uow.commit()
        return None if refusal is None else str(refusal)
