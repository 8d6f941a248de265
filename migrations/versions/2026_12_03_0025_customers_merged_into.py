"""The records merged into a customer by index: a partial index on `customers.merged_into_id`.

Opening a record asks which records were merged into it (repository/merging.py), and with
no index each asking scanned every customer: three full scans of the customers table for
each call the desks benchmark takes. Few records are ever merged, so the index holds only
those (`WHERE merged_into_id IS NOT NULL`).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03 08:15:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_customers_merged_into_id",
        "customers",
        ["merged_into_id"],
        postgresql_where=sa.text("merged_into_id IS NOT NULL"),
        sqlite_where=sa.text("merged_into_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_customers_merged_into_id", table_name="customers")
