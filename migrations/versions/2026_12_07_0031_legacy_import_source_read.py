"""What a legacy import had read of its file at each checkpoint, and an import given up.

`legacy_imports.source_bytes` and `source_sha256`: the length and SHA-256 of the file's
first bytes, up to the end of the last row the checkpoint counts as done. A file changed
after an interruption (a row corrected with sed) is no longer known by its bytes; these say
whether the rows the import already stored are still the same in it, so it can go on with
the changed file (`custinfo import --continue-changed`) instead of starting a second import
that stores every customer twice. `abandoned_at`: when an unfinished import was given up
(`--abandon-unfinished`): its customers stay, its possible duplicates raised, and it is
finished there. NULL for every import before this revision (docs/import.md, "Interrupted
imports").

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 12:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("legacy_imports") as table:
        table.add_column(sa.Column("source_bytes", sa.BigInteger(), nullable=True))
        table.add_column(sa.Column("source_sha256", sa.String(length=64), nullable=True))
        table.add_column(sa.Column("abandoned_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("legacy_imports") as table:
        table.drop_column("abandoned_at")
        table.drop_column("source_sha256")
        table.drop_column("source_bytes")
