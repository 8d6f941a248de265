"""Merging duplicate records (MP-13): when a record was merged into another and by whom,
and the second record a possible-duplicate queue item is about.

`customers.merged_into_id` has been there from the start; the merged record keeps its row
(status "merged"), so its reference and name keys still lead the lookup to the survivor.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 21:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("merged_at", sa.DateTime(timezone=True), nullable=True))
    _add_reference("customers", "merged_by_id", "operators")
    _add_reference("queue_items", "other_customer_id", "customers")


def _add_reference(table: str, column: str, referred: str) -> None:
    """A nullable column referring to another table's id, with its named foreign key.

    SQLite takes the constraint inline in ADD COLUMN (a NULL column may carry REFERENCES),
    so no batch copy of tables the audit trail refers to; PostgreSQL adds it separately.
    """
    name = f"fk_{table}_{column}_{referred}"
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            f"CONSTRAINT {name} REFERENCES {referred} (id)"
        )
        return
    op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(op.f(name), table, referred, [column], ["id"])


def downgrade() -> None:
    # DROP COLUMN in place, also on SQLite (3.35+): a batch copy would drop `customers`,
    # which the audit trail's foreign keys refuse once there are events. A column's own
    # foreign key goes with it.
    op.execute("ALTER TABLE queue_items DROP COLUMN other_customer_id")
    op.execute("ALTER TABLE customers DROP COLUMN merged_by_id")
    op.execute("ALTER TABLE customers DROP COLUMN merged_at")
