"""Call wrap-up (MP-18): the customer's own words, a follow-up date and when the interaction
was wrapped up, with an index for each operator's calls still to finish.

Interactions that had already ended count as wrapped up when they ended: they were closed
under the old flow, which had no wrap-up step, and must not all come back as calls to
finish. Interactions still open stay NULL, so their handler finishes them at next login.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 19:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN on both databases: no batch copy of a table the audit trail refers to.
    op.add_column("interactions", sa.Column("customer_words", sa.Text(), nullable=True))
    op.add_column("interactions", sa.Column("follow_up_on", sa.Date(), nullable=True))
    op.add_column(
        "interactions", sa.Column("wrapped_up_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.execute("UPDATE interactions SET wrapped_up_at = ended_at WHERE ended_at IS NOT NULL")
    op.create_index(
        "ix_interactions_operator_id_wrapped_up_at",
        "interactions",
        ["operator_id", "wrapped_up_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_interactions_operator_id_wrapped_up_at", table_name="interactions")
    with op.batch_alter_table("interactions") as batch_op:
        batch_op.drop_column("wrapped_up_at")
        batch_op.drop_column("follow_up_on")
        batch_op.drop_column("customer_words")
