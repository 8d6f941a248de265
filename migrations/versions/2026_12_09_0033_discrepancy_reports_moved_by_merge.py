"""A discrepancy report moved by a merge: `discrepancy_reports.reported_on_id`.

A report still open on a record merged into another moves to the record kept, where the
supervisor who decides it opens and corrects the record (docs/after-the-call.md,
"Discrepancy reports on a record merged since"); the column names the record it was made
on, for the queue and the report to say so. NULL: made on the record it is on.

Reports left open on a merged record by merges before this one (their queue items moved
to the kept record, the reports did not, so correcting one was refused) move now the same
way: to the record their record was merged into, naming it as the record they were made
on. Decided reports stay where they are.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-09 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE, COLUMN = "discrepancy_reports", "reported_on_id"
FOREIGN_KEY = "fk_discrepancy_reports_reported_on_id_customers"

#: Open reports on a merged record, to the record it was merged into (merges keep that one
#: step: a record merged into one merged later points at the last record kept).
MOVE_LEFT_BEHIND = sa.text(
    f"UPDATE {TABLE} SET {COLUMN} = customer_id, customer_id = ("
    "SELECT merged_into_id FROM customers WHERE customers.id = discrepancy_reports.customer_id"
    ") WHERE status = 'open' AND customer_id IN ("
    "SELECT id FROM customers WHERE merged_into_id IS NOT NULL)"
)


def upgrade() -> None:
    # SQLite takes the constraint inline in ADD COLUMN (a NULL column may carry REFERENCES),
    # so no batch copy of the table; PostgreSQL adds it separately.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN {COLUMN} INTEGER "
            f"CONSTRAINT {FOREIGN_KEY} REFERENCES customers (id)"
        )
    else:
        op.add_column(TABLE, sa.Column(COLUMN, sa.Integer(), nullable=True))
        op.create_foreign_key(op.f(FOREIGN_KEY), TABLE, "customers", [COLUMN], ["id"])
    op.execute(MOVE_LEFT_BEHIND)


def downgrade() -> None:
    # The reports moved stay with the record kept (their queue items are there too); only
    # the record they were made on is forgotten. DROP COLUMN in place, also on SQLite (3.35+).
    op.execute(f"ALTER TABLE {TABLE} DROP COLUMN {COLUMN}")
