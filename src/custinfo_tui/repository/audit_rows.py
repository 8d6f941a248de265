"""An audit event's row as the repositories read it: the columns, and the one way a row
becomes a `StoredEvent` (hashes and chain, for verification) and an `AuditEvent`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from custinfo_tui.domain.audit_chain import EventContent, StoredEvent
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.repository.orm import AuditEventRow

#: The columns `EventContent` is built from, in its field order.
CONTENT_COLUMNS = (
    AuditEventRow.id,
    AuditEventRow.occurred_at,
    AuditEventRow.action,
    AuditEventRow.operator_id,
    AuditEventRow.customer_id,
    AuditEventRow.interaction_id,
    AuditEventRow.console_session,
    AuditEventRow.fields,
    AuditEventRow.reason,
    AuditEventRow.outcome,
    AuditEventRow.details,
)
#: ... and the two hashes and the chain stored with it: what `StoredEvent` is built from.
#: The trail's order is the order things happened: the time each event was stored at, then
#: its id. Ids alone do not follow it on PostgreSQL, where a desk's connection takes its next
#: event's id ahead of time (repository/audit_append.py; docs/architecture.md, "The trail's
#: order"); within one connection they do, so they settle events stored at the same instant.
OLDEST_FIRST = (AuditEventRow.occurred_at, AuditEventRow.id)
NEWEST_FIRST = (AuditEventRow.occurred_at.desc(), AuditEventRow.id.desc())

STORED_COLUMNS = (
    *CONTENT_COLUMNS,
    AuditEventRow.prev_hash,
    AuditEventRow.hash,
    AuditEventRow.chain,
)


def operator_label(operator_id: int | None) -> str:
    """Who acted, for an event whose operator has no username to show."""
    return "system" if operator_id is None else f"#{operator_id}"


def stored_event(row: Row[Any]) -> StoredEvent:
    """An event read with `STORED_COLUMNS`."""
    return StoredEvent(
        content=EventContent(*row[: len(CONTENT_COLUMNS)]),
        prev_hash=row.prev_hash,
        hash=row.hash,
        chain=row.chain,
    )


def to_event(stored: StoredEvent) -> AuditEvent:
    """The one way an event becomes the AuditEvent services see, appended or read back."""
    content = stored.content
    return AuditEvent(
        id=content.id,
        occurred_at=content.occurred_at,
        action=AuditAction(content.action),
        operator_id=content.operator_id,
        customer_id=content.customer_id,
        interaction_id=content.interaction_id,
        console_session=content.console_session,
        fields=tuple(content.fields),
        reason=content.reason,
        outcome=content.outcome,
        details=dict(content.details),
        prev_hash=stored.prev_hash,
        hash=stored.hash,
    )
