"""Subject access requests (MP-16) and restricting processing (UK GDPR Art. 18): the
requests with their due dates, extensions and answers, and the restrictions set and lifted
by the data protection officer (docs/data-protection.md).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 00:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subject_access_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=300), nullable=False),
        sa.Column("identity_check", sa.String(length=300), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("extended_by_months", sa.Integer(), nullable=False),
        sa.Column("extension_reason", sa.String(length=300), nullable=True),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("logged_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_subject_access_requests_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["logged_by_id"],
            ["operators.id"],
            name=op.f("fk_subject_access_requests_logged_by_id_operators"),
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["operators.id"],
            name=op.f("fk_subject_access_requests_answered_by_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_requests")),
    )
    op.create_index(
        op.f("ix_subject_access_requests_customer_id"), "subject_access_requests", ["customer_id"]
    )
    op.create_index(
        "ix_subject_access_requests_answered_at_due_on",
        "subject_access_requests",
        ["answered_at", "due_on"],
    )
    op.create_table(
        "processing_restrictions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("restricted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("restricted_by_id", sa.Integer(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.Column("lift_reason", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_processing_restrictions_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["restricted_by_id"],
            ["operators.id"],
            name=op.f("fk_processing_restrictions_restricted_by_id_operators"),
        ),
        sa.ForeignKeyConstraint(
            ["lifted_by_id"],
            ["operators.id"],
            name=op.f("fk_processing_restrictions_lifted_by_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processing_restrictions")),
    )
    op.create_index(
        op.f("ix_processing_restrictions_customer_id"), "processing_restrictions", ["customer_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_processing_restrictions_customer_id"), "processing_restrictions")
    op.drop_table("processing_restrictions")
    op.drop_index("ix_subject_access_requests_answered_at_due_on", "subject_access_requests")
    op.drop_index(op.f("ix_subject_access_requests_customer_id"), "subject_access_requests")
    op.drop_table("subject_access_requests")
