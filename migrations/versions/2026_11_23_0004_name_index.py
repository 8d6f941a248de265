"""Typo-tolerant name index: every folded family and given name key under its deletion keys,
and an index on given names so a first name alone can be searched.

Existing customers' keys are indexed here. The deletion rule is copied from
`custinfo_tui.domain.search.deletion_keys` rather than imported, so this migration keeps
producing the same rows whatever later happens to the app's code; a unit test checks the
two agree.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 11:06:08.779139
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MIN_FUZZY_LENGTH = 3
MAX_FUZZY_LENGTH = 30
BATCH_SIZE = 5_000


def deletion_keys(term: str) -> set[str]:
    if not MIN_FUZZY_LENGTH <= len(term) <= MAX_FUZZY_LENGTH:
        return {term}
    return {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}


def _key_type() -> sa.types.TypeEngine[str]:
    return sa.String(length=100).with_variant(sa.String(length=100, collation="C"), "postgresql")


def _rows(connection: sa.Connection) -> Iterator[dict[str, str]]:
    for kind, column in (("family", "family_key"), ("given", "given_key")):
        terms = connection.execute(sa.text(f"SELECT DISTINCT {column} FROM customers")).scalars()
        for term in terms.all():
            for key in deletion_keys(term):
                yield {"kind": kind, "key": key, "term": term}


def upgrade() -> None:
    table = op.create_table(
        "name_index_keys",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", _key_type(), nullable=False),
        sa.Column("term", _key_type(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", "term", name=op.f("pk_name_index_keys")),
    )
    assert table is not None
    with op.batch_alter_table("customers") as batch_op:
        batch_op.create_index("ix_customers_given_key", ["given_key"], unique=False)
    batch: list[dict[str, str]] = []
    for row in _rows(op.get_bind()):
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            op.bulk_insert(table, batch)
            batch = []
    if batch:
        op.bulk_insert(table, batch)


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_index("ix_customers_given_key")
    op.drop_table("name_index_keys")
