"""The call a third party's request was recorded in: `disclosures.interaction_id`.

A request recorded on a record opened in a call names that call, as a complaint, a
discrepancy report and a data protection request do: the call's timeline says it, the
supervisor closing a call its handler cannot finish counts it among what the call raised
(before, by the time it was recorded, which also counted one recorded outside the call
while it went on), and whoever decides it reads where it came from (docs/data-protection.md,
"Third-party disclosures"). NULL: recorded outside a call.

Requests recorded before stay NULL: nothing recorded which call, if any, each one came
from (a request recorded from the lookup while a call was open looks the same), so they
read as they always did.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-11 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0039"
down_revision: str | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE, COLUMN = "disclosures", "interaction_id"
FOREIGN_KEY = "fk_disclosures_interaction_id_interactions"


def upgrade() -> None:
    # SQLite takes the constraint inline in ADD COLUMN (a NULL column may carry REFERENCES),
    # so no batch copy of the table; PostgreSQL adds it separately.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN {COLUMN} INTEGER "
            f"CONSTRAINT {FOREIGN_KEY} REFERENCES interactions (id)"
        )
    else:
        op.add_column(TABLE, sa.Column(COLUMN, sa.Integer(), nullable=True))
        op.create_foreign_key(op.f(FOREIGN_KEY), TABLE, "interactions", [COLUMN], ["id"])


def downgrade() -> None:
    # Only which call each request came from is forgotten: they read as recorded outside
    # one. DROP COLUMN in place, also on SQLite (3.35+); PostgreSQL drops its constraint.
    op.execute(f"ALTER TABLE {TABLE} DROP COLUMN {COLUMN}")
