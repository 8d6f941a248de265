"""A legacy import's checkpoint names its rejects file and holds the SHA-256 of what the
file held at the checkpoint, so a resumed import cuts back only its own rejects file: one
named at another path is refused, naming the recorded one, and one whose first bytes are
not what the import wrote is refused before anything is cut (docs/import.md, "Interrupted
imports"). NULL for a run begun before this revision.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("legacy_imports") as table:
        table.add_column(sa.Column("rejects_path", sa.Text(), nullable=True))
        table.add_column(sa.Column("rejects_sha256", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("legacy_imports") as table:
        table.drop_column("rejects_sha256")
        table.drop_column("rejects_path")
