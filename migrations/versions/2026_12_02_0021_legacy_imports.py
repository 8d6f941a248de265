"""Legacy imports (`custinfo import`, docs/import.md): each import's counts and checkpoint,
so an interrupted import continues where it stopped without storing a row twice.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 02:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "legacy_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("mapping_sha256", sa.String(length=64), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.Column("rejects_bytes", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legacy_imports")),
    )
    op.create_index(
        "ix_legacy_imports_file_sha256_mapping_sha256",
        "legacy_imports",
        ["file_sha256", "mapping_sha256"],
    )


def downgrade() -> None:
    op.drop_index("ix_legacy_imports_file_sha256_mapping_sha256", table_name="legacy_imports")
    op.drop_table("legacy_imports")
