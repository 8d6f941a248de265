"""A breach's record as the ICO may ask for it (Art. 33(3) and (5)): the assessment's facts.

`breaches.records_affected` (roughly how many records), `likely_consequences` and
`measures` (taken or proposed), which had only the closing summary to go in, and
`ico_reference`, the ICO's case reference once it is told (docs/data-protection.md,
"Recording the assessment"). All NULL until the DPO gives them; breaches assessed before
have none, and their record says so.

Revision ID: 0037
Revises: 0034
Create Date: 2026-12-10 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0037"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "breaches"
COLUMNS = (
    ("records_affected", sa.Integer()),
    ("likely_consequences", sa.Text()),
    ("measures", sa.Text()),
    ("ico_reference", sa.String(length=40)),
)


def upgrade() -> None:
    # Plain nullable columns: ADD COLUMN in place, also on SQLite (no batch copy).
    for name, kind in COLUMNS:
        op.add_column(TABLE, sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    # DROP COLUMN in place, also on SQLite (3.35+).
    for name, _ in reversed(COLUMNS):
        op.execute(f"ALTER TABLE {TABLE} DROP COLUMN {name}")
