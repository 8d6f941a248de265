"""Complaints (MP-19): the complaint with its four steps' text, stage and due dates, and
each change of stage with its note, operator and time.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 20:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("customer_said", sa.Text(), nullable=False),
        sa.Column("apology", sa.Text(), nullable=False),
        sa.Column("solution", sa.Text(), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("acknowledge_by", sa.Date(), nullable=False),
        sa.Column("final_response_by", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_complaints_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_complaints_interaction_id_interactions"),
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"], ["operators.id"], name=op.f("fk_complaints_raised_by_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
    )
    op.create_index(op.f("ix_complaints_customer_id"), "complaints", ["customer_id"])
    op.create_index(
        "ix_complaints_closed_at_final_response_by",
        "complaints",
        ["closed_at", "final_response_by"],
    )
    op.create_table(
        "complaint_stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=32), nullable=False),
        sa.Column("to_stage", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_stage_changes_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_complaint_stage_changes_operator_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_stage_changes")),
    )
    op.create_index(
        op.f("ix_complaint_stage_changes_complaint_id"),
        "complaint_stage_changes",
        ["complaint_id"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_complaint_stage_changes_complaint_id"), table_name="complaint_stage_changes"
    )
    op.drop_table("complaint_stage_changes")
    op.drop_index("ix_complaints_closed_at_final_response_by", table_name="complaints")
    op.drop_index(op.f("ix_complaints_customer_id"), table_name="complaints")
    op.drop_table("complaints")
