"""Which customers each legacy import stored (`legacy_import_customers`): ids only.

The import looks for possible duplicates once every row is stored, among the customers this
table names (docs/import.md); it also answers where a record came from.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 04:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "legacy_import_customers",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["legacy_imports.id"],
            name=op.f("fk_legacy_import_customers_import_id_legacy_imports"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_legacy_import_customers_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint(
            "import_id", "customer_id", name=op.f("pk_legacy_import_customers")
        ),
    )


def downgrade() -> None:
    op.drop_table("legacy_import_customers")
