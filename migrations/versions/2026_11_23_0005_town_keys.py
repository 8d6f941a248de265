"""Town keys: addresses get their town folded for search, and towns join the name index,
so a name can be narrowed by town ("smith leeds").

`fold` and `deletion_keys` are copied from `custinfo_tui.domain.text.fold_for_search` and
`custinfo_tui.domain.search.deletion_keys` rather than imported, so this migration keeps
producing the same rows whatever later happens to the app's code; a unit test checks the
copies agree with the app on UK town names.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 11:30:00.000000
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MIN_FUZZY_LENGTH = 3
MAX_FUZZY_LENGTH = 30


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    kept = "".join(ch for ch in decomposed if not 0x0300 <= ord(ch) <= 0x036F)
    return " ".join(unicodedata.normalize("NFC", kept).split())


def deletion_keys(term: str) -> set[str]:
    if not MIN_FUZZY_LENGTH <= len(term) <= MAX_FUZZY_LENGTH:
        return {term}
    return {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}


def upgrade() -> None:
    key_type = sa.String(length=80).with_variant(sa.String(length=80, collation="C"), "postgresql")
    with op.batch_alter_table("addresses") as batch_op:
        batch_op.add_column(sa.Column("town_key", key_type, nullable=False, server_default=""))
    connection = op.get_bind()
    addresses = sa.table("addresses", sa.column("town", sa.String()), sa.column("town_key"))
    name_index_keys = sa.table(
        "name_index_keys", sa.column("kind"), sa.column("key"), sa.column("term")
    )
    towns = connection.execute(sa.text("SELECT DISTINCT town FROM addresses")).scalars().all()
    rows = []
    for town in towns:
        key = fold(town)
        connection.execute(addresses.update().where(addresses.c.town == town).values(town_key=key))
        rows += [{"kind": "town", "key": k, "term": key} for k in deletion_keys(key)]
    unique = list({(r["kind"], r["key"], r["term"]): r for r in rows}.values())
    if unique:
        op.bulk_insert(name_index_keys, unique)


def downgrade() -> None:
    op.execute("DELETE FROM name_index_keys WHERE kind = 'town'")
    with op.batch_alter_table("addresses") as batch_op:
        batch_op.drop_column("town_key")
