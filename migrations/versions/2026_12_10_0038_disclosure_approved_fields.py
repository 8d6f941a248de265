"""The fields an approver released of those a third party asked for:
`disclosures.approved_fields`.

The approver of a request may release fewer fields than were asked for, the least that
answers what was asked (docs/data-protection.md, "Third-party disclosures"); `fields`
stays what was asked, and this column holds what was approved, so the release, the
record's timeline and the person's subject access pack say both. NULL: not approved.

Requests approved before, which released every field asked for, get those fields: the
approved and released ones, and those approved and then closed by an erasure (the only
ones closed by erasure with a decision).

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-10 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0038"
down_revision: str | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE, COLUMN = "disclosures", "approved_fields"

#: Every request approved before released all it asked for.
APPROVED_BEFORE = sa.text(
    f"UPDATE {TABLE} SET {COLUMN} = fields WHERE status IN ('approved', 'released') "
    "OR (status = 'erased' AND decided_at IS NOT NULL)"
)


def upgrade() -> None:
    # A NULL column needs no batch copy of the table on SQLite.
    op.add_column(TABLE, sa.Column(COLUMN, sa.JSON(), nullable=True))
    op.execute(APPROVED_BEFORE)


def downgrade() -> None:
    # DROP COLUMN in place, also on SQLite (3.35+): the approvals narrowed are forgotten,
    # and the log reads as if every field asked for had been approved.
    op.execute(f"ALTER TABLE {TABLE} DROP COLUMN {COLUMN}")
