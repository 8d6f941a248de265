"""Third-party disclosures (MP-17): a request for a customer's data from outside their own
representatives (who asks, for whom, how they were checked, the lawful basis claimed, what
they asked for, which fields and how), the decision on it and its release; each linked to
its supervisor queue item.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 00:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("requester", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("identity_check", sa.Text(), nullable=False),
        sa.Column("lawful_basis", sa.String(length=200), nullable=False),
        sa.Column("asked_for", sa.Text(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_by_id", sa.Integer(), nullable=True),
        sa.Column("queue_item_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_disclosures_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["operators.id"],
            name=op.f("fk_disclosures_requested_by_id_operators"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["operators.id"], name=op.f("fk_disclosures_decided_by_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["released_by_id"],
            ["operators.id"],
            name=op.f("fk_disclosures_released_by_id_operators"),
        ),
        sa.ForeignKeyConstraint(
            ["queue_item_id"],
            ["queue_items.id"],
            name=op.f("fk_disclosures_queue_item_id_queue_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    for column in ("customer_id", "status", "queue_item_id"):
        op.create_index(op.f(f"ix_disclosures_{column}"), "disclosures", [column])


def downgrade() -> None:
    for column in ("queue_item_id", "status", "customer_id"):
        op.drop_index(op.f(f"ix_disclosures_{column}"), table_name="disclosures")
    op.drop_table("disclosures")
