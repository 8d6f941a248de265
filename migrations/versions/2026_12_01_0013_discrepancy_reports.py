"""Discrepancy reports (MP-14): a handler's report that a field on file is wrong, what
the caller says is right and why, and the supervisor's decision; each linked to its
supervisor queue item.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 21:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "discrepancy_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("claimed_value", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome_reason", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("queue_item_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_discrepancy_reports_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"],
            ["operators.id"],
            name=op.f("fk_discrepancy_reports_reported_by_id_operators"),
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_discrepancy_reports_interaction_id_interactions"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["operators.id"],
            name=op.f("fk_discrepancy_reports_decided_by_id_operators"),
        ),
        sa.ForeignKeyConstraint(
            ["queue_item_id"],
            ["queue_items.id"],
            name=op.f("fk_discrepancy_reports_queue_item_id_queue_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discrepancy_reports")),
    )
    for column in ("customer_id", "reported_by_id", "queue_item_id"):
        op.create_index(op.f(f"ix_discrepancy_reports_{column}"), "discrepancy_reports", [column])


def downgrade() -> None:
    for column in ("queue_item_id", "reported_by_id", "customer_id"):
        op.drop_index(op.f(f"ix_discrepancy_reports_{column}"), table_name="discrepancy_reports")
    op.drop_table("discrepancy_reports")
