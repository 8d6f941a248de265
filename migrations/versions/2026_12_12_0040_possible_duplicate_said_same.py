"""A possible duplicate a handler raised as the same person: `queue_items.said_same_person`.

A handler who finds two records of one person asks a supervisor to merge them from the
lookup (services/same_person.py): a possible-duplicate item, as the capture's "a different
person" raises. Until now every item a handler raised was one saved as a different person,
so the two records' titles said "not the same person as" the other; one raised to say
they are the same person must say "POSSIBLE DUPLICATE of" instead. The column says which.

Items raised before are all false: a capture's "different person", or an import's, raised
by no one.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-12 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0040"
down_revision: str | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE, COLUMN = "queue_items", "said_same_person"


def upgrade() -> None:
    # A NOT NULL column with a default is added in place, also on SQLite.
    op.add_column(TABLE, sa.Column(COLUMN, sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # The items stay; what the handler said of them is forgotten, and their records'
    # titles read as a capture's "different person" until each is worked.
    op.execute(f"ALTER TABLE {TABLE} DROP COLUMN {COLUMN}")
