"""What the console says of a record that was erased, wherever it is met: the lookup given
its reference, a subject access request logged about it, and a handler who still had it
open when the DPO erased it, whose next action on it is refused with the same words
(docs/data-protection.md, "A record erased while it is open")."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.services.errors import RecordErased

if TYPE_CHECKING:
    from custinfo_tui.services.unit_of_work import UnitOfWork

#: What follows when (and by whom) a record was erased: what went and what is kept, no
#: more. "Nothing about the customer is held" overstated it: erasure keeps the reference,
#: the dates and channels of contacts and the audit trail (docs/data-protection.md,
#: "What erasure does").
WHAT_REMAINS = (
    "Its personal details are gone; the reference and the record of what was done "
    "(dates, channels, the audit trail) are kept."
)


def _erasures(uow: UnitOfWork, customer_id: int) -> list[AuditEvent]:
    """The record's erasures done (not refused), newest first, from the trail: at the
    desk (`customer.erased`), or whole by a retention run (`retention.anonymised`, of the
    personal category)."""
    erased = [
        event
        for event in uow.audit.list_recent(
            customer_id=customer_id, action=AuditAction.CUSTOMER_ERASED.value, limit=20
        )
        if event.outcome == "ok"
    ]
    retained = [
        event
        for event in uow.audit.list_recent(
            customer_id=customer_id, action=AuditAction.RETENTION_ANONYMISED.value, limit=20
        )
        if event.details.get("category") == DataCategory.PERSONAL.value
    ]
    return sorted([*erased, *retained], key=lambda event: event.id, reverse=True)


def erasure_of(uow: UnitOfWork, customer_id: int) -> tuple[date, str] | None:
    """The day the record was erased and by whom, from the trail: an operator's username,
    "the system" (`custinfo erase`) or "a retention run"; None if not found."""
    erased = _erasures(uow, customer_id)
    if not erased:
        return None
    return erased[0].occurred_at.date(), _erased_by(uow, erased[0])


def _erased_by(uow: UnitOfWork, event: AuditEvent) -> str:
    if event.action is AuditAction.RETENTION_ANONYMISED:
        return "a retention run"
    operator = uow.operators.get(event.operator_id) if event.operator_id else None
    return operator.username if operator is not None else "the system"


def when_erased(uow: UnitOfWork, customer_id: int) -> str | None:
    """ "This record was erased on 01 Dec 2026 by dpo.", from the trail; None if not found."""
    erased = _erasures(uow, customer_id)
    if not erased:
        return None
    if erased[0].action is AuditAction.RETENTION_ANONYMISED:
        why = erased[0].details.get("why", "its retention period ended")
        return (
            f"This record was anonymised on {erased[0].occurred_at:%d %b %Y} by the retention "
            f"run: {why}."
        )
    by = _erased_by(uow, erased[0])
    return f"This record was erased on {erased[0].occurred_at:%d %b %Y} by {by}."


def erased_note(uow: UnitOfWork, customer_id: int) -> str:
    """ "This record was erased on 04 Dec 2026 by dpo. Its personal details are gone; ..."."""
    return f"{when_erased(uow, customer_id) or 'This record was erased.'} {WHAT_REMAINS}"


def record_erased(uow: UnitOfWork, customer_id: int) -> RecordErased:
    """The refusal of any work on an erased record, in the lookup's words."""
    return RecordErased(erased_note(uow, customer_id))
