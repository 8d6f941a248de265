"""Audit hash chain: prev_hash and hash on every audit event, and the one-row chain head.

Existing events are hashed in id order, so a database upgraded from 0001 verifies cleanly.

The canonical form is copied here from `custinfo_tui.domain.audit_chain` rather than
imported: a migration must produce the same rows for as long as old databases exist, even
after the app's code moves or its canonical form gets a version 2. A unit test checks that
this copy and the app's agree.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:10:00.000000
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64
BATCH_SIZE = 5_000

# Just the columns this migration reads and writes, as they are at this revision.
audit_events = sa.table(
    "audit_events",
    sa.column("id", sa.Integer()),
    sa.column("occurred_at", sa.DateTime(timezone=True)),
    sa.column("action", sa.String()),
    sa.column("operator_id", sa.Integer()),
    sa.column("customer_id", sa.Integer()),
    sa.column("interaction_id", sa.Integer()),
    sa.column("console_session", sa.String()),
    sa.column("fields", sa.JSON()),
    sa.column("reason", sa.String()),
    sa.column("outcome", sa.String()),
    sa.column("details", sa.JSON()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)
audit_chain_head = sa.table(
    "audit_chain_head",
    sa.column("id", sa.Integer()),
    sa.column("last_event_id", sa.Integer()),
    sa.column("last_hash", sa.String()),
)


def _utc(value: datetime) -> datetime:
    # SQLite hands back the stored UTC time without a zone.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def event_hash(row: Any, prev_hash: str) -> str:
    """Copy of domain.audit_chain.chain_hash, frozen at this revision."""
    document = {
        "id": row.id,
        "occurred_at": _utc(row.occurred_at).isoformat(timespec="microseconds"),
        "action": row.action,
        "operator_id": row.operator_id,
        "customer_id": row.customer_id,
        "interaction_id": row.interaction_id,
        "console_session": row.console_session,
        "fields": list(row.fields),
        "reason": row.reason,
        "outcome": row.outcome,
        "details": row.details,
        "prev_hash": prev_hash,
    }
    text = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    )
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _hash_existing_events(connection: sa.Connection) -> tuple[int | None, str]:
    """Chain the events already stored, oldest first, a batch at a time; return the newest."""
    last_id: int | None = None
    last_hash = GENESIS_HASH
    while True:
        query = sa.select(audit_events).order_by(audit_events.c.id).limit(BATCH_SIZE)
        if last_id is not None:
            query = query.where(audit_events.c.id > last_id)
        rows = connection.execute(query).all()
        if not rows:
            return last_id, last_hash
        updates = []
        for row in rows:
            row_hash = event_hash(row, last_hash)
            updates.append({"row_id": row.id, "new_prev_hash": last_hash, "new_hash": row_hash})
            last_id, last_hash = row.id, row_hash
        connection.execute(
            audit_events.update()
            .where(audit_events.c.id == sa.bindparam("row_id"))
            .values(prev_hash=sa.bindparam("new_prev_hash"), hash=sa.bindparam("new_hash")),
            updates,
        )


def upgrade() -> None:
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_event_id", sa.Integer(), nullable=True),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_chain_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))

    connection = op.get_bind()
    last_id, last_hash = _hash_existing_events(connection)
    connection.execute(
        audit_chain_head.insert().values(id=1, last_event_id=last_id, last_hash=last_hash)
    )

    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_events_prev_hash"), ["prev_hash"])


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_events_prev_hash"), type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")

    op.drop_table("audit_chain_head")
