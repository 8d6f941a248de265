"""Personal-data breaches (MP-20): the report with its 72-hour deadline, the DPO's risk
assessment and decisions about telling the ICO and the individuals, the closing summary,
and the customers named as affected.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 23:59:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, *, nullable: bool) -> sa.Column[sa.DateTime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "breaches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=False),
        _when("reported_at", nullable=False),
        _when("discovered_at", nullable=False),
        _when("deadline", nullable=False),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("people_affected", sa.Integer(), nullable=True),
        sa.Column("risk", sa.String(length=16), nullable=True),
        sa.Column("ico", sa.String(length=16), nullable=True),
        _when("ico_told_at", nullable=True),
        sa.Column("ico_reason", sa.Text(), nullable=True),
        sa.Column("individuals", sa.String(length=16), nullable=True),
        _when("individuals_told_at", nullable=True),
        sa.Column("individuals_reason", sa.Text(), nullable=True),
        sa.Column("assessed_by_id", sa.Integer(), nullable=True),
        _when("assessed_at", nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        _when("closed_at", nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reported_by_id"], ["operators.id"], name=op.f("fk_breaches_reported_by_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["assessed_by_id"], ["operators.id"], name=op.f("fk_breaches_assessed_by_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["operators.id"], name=op.f("fk_breaches_closed_by_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breaches")),
    )
    op.create_index("ix_breaches_closed_at_deadline", "breaches", ["closed_at", "deadline"])
    op.create_table(
        "breach_customers",
        sa.Column("breach_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["breach_id"], ["breaches.id"], name=op.f("fk_breach_customers_breach_id_breaches")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_breach_customers_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("breach_id", "customer_id", name=op.f("pk_breach_customers")),
    )
    op.create_index(op.f("ix_breach_customers_customer_id"), "breach_customers", ["customer_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_breach_customers_customer_id"), table_name="breach_customers")
    op.drop_table("breach_customers")
    op.drop_index("ix_breaches_closed_at_deadline", table_name="breaches")
    op.drop_table("breaches")
