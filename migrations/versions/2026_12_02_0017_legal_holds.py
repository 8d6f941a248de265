"""Legal holds (docs/data-protection.md): a DPO's recorded reason to keep a customer's data
(a legal claim, a regulatory retention), which blocks erasure and retention runs until
lifted. Erased records need no new column: their status is "erased".

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 00:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_legal_holds_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["operators.id"], name=op.f("fk_legal_holds_set_by_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["lifted_by_id"], ["operators.id"], name=op.f("fk_legal_holds_lifted_by_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
    )
    op.create_index(op.f("ix_legal_holds_customer_id"), "legal_holds", ["customer_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_legal_holds_customer_id"), table_name="legal_holds")
    op.drop_table("legal_holds")
