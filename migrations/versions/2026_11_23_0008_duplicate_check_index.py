"""The duplicate check's index: family key with date of birth, so a common surname typed
with the date of birth finds the customer among thousands of namesakes at once.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 14:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_customers_family_key_date_of_birth", "customers", ["family_key", "date_of_birth"]
    )


def downgrade() -> None:
    op.drop_index("ix_customers_family_key_date_of_birth", table_name="customers")
