"""Caller verification (MP-08): representatives, the supervisor queue, verification locks.

Customers get a security question and the argon2id hash of its answer; interactions say
who is on the line. Existing interactions were all with the customer themselves.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:06:30.714442
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "representatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("relationship", sa.String(length=60), nullable=False),
        sa.Column("authority", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("postcode", sa.String(length=16), nullable=True),
        sa.Column("address_line1", sa.String(length=120), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("security_question", sa.String(length=200), nullable=True),
        sa.Column("security_answer_hash", sa.String(length=255), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["operators.id"],
            name=op.f("fk_representatives_created_by_id_operators"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_representatives_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representatives")),
    )
    with op.batch_alter_table("representatives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_representatives_customer_id"), ["customer_id"], unique=False
        )

    op.create_table(
        "queue_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["operators.id"], name=op.f("fk_queue_items_closed_by_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_queue_items_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_queue_items_interaction_id_interactions"),
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"], ["operators.id"], name=op.f("fk_queue_items_raised_by_id_operators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_items")),
    )
    with op.batch_alter_table("queue_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_queue_items_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            "ix_queue_items_status_raised_at", ["status", "raised_at"], unique=False
        )

    op.create_table(
        "verification_locks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queue_item_id", sa.Integer(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.Column("lift_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_verification_locks_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["lifted_by_id"],
            ["operators.id"],
            name=op.f("fk_verification_locks_lifted_by_id_operators"),
        ),
        sa.ForeignKeyConstraint(
            ["queue_item_id"],
            ["queue_items.id"],
            name=op.f("fk_verification_locks_queue_item_id_queue_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_locks")),
    )
    with op.batch_alter_table("verification_locks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verification_locks_customer_id"), ["customer_id"], unique=False
        )

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("security_question", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("security_answer_hash", sa.String(length=255), nullable=True))

    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "caller_kind", sa.String(length=16), nullable=False, server_default="customer"
            )
        )
        batch_op.add_column(sa.Column("representative_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_interactions_representative_id_representatives"),
            "representatives",
            ["representative_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_interactions_representative_id_representatives"), type_="foreignkey"
        )
        batch_op.drop_column("representative_id")
        batch_op.drop_column("caller_kind")

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("security_answer_hash")
        batch_op.drop_column("security_question")

    with op.batch_alter_table("verification_locks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verification_locks_customer_id"))

    op.drop_table("verification_locks")
    with op.batch_alter_table("queue_items", schema=None) as batch_op:
        batch_op.drop_index("ix_queue_items_status_raised_at")
        batch_op.drop_index(batch_op.f("ix_queue_items_customer_id"))

    op.drop_table("queue_items")
    with op.batch_alter_table("representatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_representatives_customer_id"))

    op.drop_table("representatives")
