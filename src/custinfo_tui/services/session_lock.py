"""The idle screen lock (MP-11): locking, unlocking with the same password, ending at the lock."""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.services import audit
from custinfo_tui.services.passwords import verify_secret
from custinfo_tui.services.session_standing import confirm_session
from custinfo_tui.services.unit_of_work import UnitOfWork
from custinfo_tui.services.verification import end_open_interactions


def record_lock(uow: UnitOfWork, actor: Actor, *, idle_seconds: int) -> None:
    """Note on the audit stream that the console locked itself after `idle_seconds`."""
    with uow:
        audit.record(uow, actor, AuditAction.SCREEN_LOCKED, details={"idle_seconds": idle_seconds})
        uow.commit()


def unlock(uow: UnitOfWork, actor: Actor, password: str) -> bool:
    """True when `password` is the locked operator's own; every attempt is audited. A
    session an administrator has ended since it logged in is refused (`SessionRevoked`)."""
    with uow:
        operator = uow.operators.get(actor.operator_id)
        confirm_session(uow, actor)  # the operator just read: no statement of its own
        ok = (
            operator is not None
            and operator.active
            and verify_secret(operator.password_hash, password)
        )
        action = AuditAction.SCREEN_UNLOCKED if ok else AuditAction.UNLOCK_FAILED
        audit.record(uow, actor, action, outcome="ok" if ok else "denied")
        uow.commit()
        return ok


def end_session_at_lock(uow: UnitOfWork, actor: Actor, *, reason: str) -> None:
    """End a locked session without its password, e.g. so another operator can use the desk.

    Nothing the locked operator had on screen is kept; the event says why it was ended.
    """
    with uow:
        end_open_interactions(uow, actor, "session_ended_at_lock")
        audit.record(uow, actor, AuditAction.SESSION_ENDED_AT_LOCK, details={"reason": reason})
        audit.record(uow, actor, AuditAction.LOGGED_OUT)
        uow.commit()
