"""A verification lock folded into another at a merge: `verification_locks.folded_into_id`.

Merging two records both locked for possible fraud leaves the kept record one lock: the
other is ended (`lifted_at`), naming the lock it was folded into, so the failures before it
are not taken as looked at and spent, as a supervisor's lift spends them
(docs/after-the-call.md, "A lock moves with the record"). NULL for every lock before.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE, COLUMN = "verification_locks", "folded_into_id"
FOREIGN_KEY = "fk_verification_locks_folded_into_id_verification_locks"


def upgrade() -> None:
    # SQLite takes the constraint inline in ADD COLUMN (a NULL column may carry REFERENCES),
    # so no batch copy of a table the queue refers to; PostgreSQL adds it separately.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN {COLUMN} INTEGER "
            f"CONSTRAINT {FOREIGN_KEY} REFERENCES {TABLE} (id)"
        )
        return
    op.add_column(TABLE, sa.Column(COLUMN, sa.Integer(), nullable=True))
    op.create_foreign_key(op.f(FOREIGN_KEY), TABLE, TABLE, [COLUMN], ["id"])


def downgrade() -> None:
    # DROP COLUMN in place, also on SQLite (3.35+); the column's own foreign key goes with it.
    op.execute(f"ALTER TABLE {TABLE} DROP COLUMN {COLUMN}")
