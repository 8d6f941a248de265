"""A trigram index on name keys: pg_trgm's GIN index on PostgreSQL, a plain index elsewhere.

pg_trgm is a trusted extension (PostgreSQL 13 and later): the database owner may create
it without superuser rights.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 11:35:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_name_index_keys_term",
        "name_index_keys",
        ["term"],
        postgresql_using="gin",
        postgresql_ops={"term": "gin_trgm_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_name_index_keys_term", table_name="name_index_keys")
