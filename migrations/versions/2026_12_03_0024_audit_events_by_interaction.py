"""An interaction's audit events by index: `audit_events (interaction_id, id)`.

Verification, disclosure and the wrap-up read the events of the call in hand (oldest
first) on every check, reveal and save (`AuditRepository.for_interaction`). Without an
index each of those reads scanned the whole trail, which grows with every search of every
desk: at a contact centre's millions of events, each check would read them all.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 08:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_events_interaction_id_id", "audit_events", ["interaction_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_interaction_id_id", table_name="audit_events")
