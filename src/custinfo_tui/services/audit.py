"""Appending to, and reading, the one audit/event stream."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from custinfo_tui.domain.events import AuditAction, AuditEvent, AuditEventIn
from custinfo_tui.domain.operators import Actor
from custinfo_tui.services.unit_of_work import UnitOfWork


def record(
    uow: UnitOfWork,
    actor: Actor | None,
    action: AuditAction,
    *,
    customer_id: int | None = None,
    interaction_id: int | None = None,
    fields: Iterable[str] = (),
    reason: str | None = None,
    outcome: str = "ok",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event inside the caller's transaction, so it commits or rolls back with the work.

    `details` must hold only non-personal facts (kinds, counts, levels); callers pass field
    names in `fields`, never values.
    """
    return uow.audit.append(
        AuditEventIn(
            action=action,
            operator_id=actor.operator_id if actor else None,
            console_session=actor.console_session if actor else None,
            customer_id=customer_id,
            interaction_id=interaction_id,
            fields=tuple(fields),
            reason=reason,
            outcome=outcome,
            details=details or {},
        )
    )
