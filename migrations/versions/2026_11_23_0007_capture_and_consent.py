"""Capture and consent: customers can hold support needs (special-category data), and a
consent row can record the Article 9 condition that allows holding them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 14:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch_op:
        batch_op.add_column(sa.Column("accessibility_needs", sa.Text(), nullable=True))
    with op.batch_alter_table("consents") as batch_op:
        batch_op.add_column(sa.Column("condition", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consents") as batch_op:
        batch_op.drop_column("condition")
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_column("accessibility_needs")
