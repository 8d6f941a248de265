"""Name keys without spaces, apostrophes, hyphens or full stops, so surnames of several
words are found however they are typed ("van der berg", "vanderberg", "mc donald",
"o'neill-ni bhriain").

Customers' given and family keys were the folded names (`fold_for_search`); they become
`custinfo_tui.domain.names.name_key`, which is the same folding with those separators left
out. So each new key is the old key without them, and only keys that hold one change:
they are found through the name indexes and updated key by key, never by a scan of the
customers. The name index (`name_index_keys`) swaps each such term for its new form under
the new deletion keys. `compact` and `deletion_keys` are copied rather than imported, so
this migration keeps producing the same rows whatever later happens to the app's code;
a unit test checks they agree with the app.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 15:00:00.000000
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MIN_FUZZY_LENGTH = 3
MAX_FUZZY_LENGTH = 30
BATCH_SIZE = 5_000
SEPARATORS = " '\u2018\u2019\u201b\u02bc`-\u2010\u2011\u2012\u2013\u2014."
_WITHOUT_SEPARATORS = str.maketrans("", "", SEPARATORS)
#: (name index kind, key column, name column) of the customers' names.
NAME_COLUMNS = (("given", "given_key", "given_name"), ("family", "family_key", "family_name"))

customers = sa.table(
    "customers",
    sa.column("given_key", sa.String()),
    sa.column("family_key", sa.String()),
    sa.column("given_name", sa.String()),
    sa.column("family_name", sa.String()),
)
name_index_keys = sa.table(
    "name_index_keys", sa.column("kind"), sa.column("key"), sa.column("term")
)


def compact(key: str) -> str:
    """A folded name without the separators: the new key of an old one."""
    return unicodedata.normalize("NFC", key.translate(_WITHOUT_SEPARATORS))


def fold(text: str) -> str:
    """`custinfo_tui.domain.text.fold_for_search` as it was: the old key of a name."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    kept = "".join(ch for ch in text if not _is_diacritic(ord(ch)))
    return " ".join(unicodedata.normalize("NFC", kept).split())


def _is_diacritic(code: int) -> bool:
    return (
        0x0300 <= code <= 0x036F
        or 0x1AB0 <= code <= 0x1AFF
        or 0x1DC0 <= code <= 0x1DFF
        or 0x20D0 <= code <= 0x20FF
        or 0xFE20 <= code <= 0xFE2F
    )


def deletion_keys(term: str) -> set[str]:
    if not MIN_FUZZY_LENGTH <= len(term) <= MAX_FUZZY_LENGTH:
        return {term}
    return {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}


def _index_terms(connection: sa.Connection, kind: str, terms: Iterable[str]) -> None:
    """Add the terms to the name index under their deletion keys; known rows are skipped."""
    rows = [
        {"kind": kind, "key": key, "term": term}
        for term in set(terms)
        for key in deletion_keys(term)
    ]
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    for start in range(0, len(rows), BATCH_SIZE):
        connection.execute(
            insert(name_index_keys).on_conflict_do_nothing(), rows[start : start + BATCH_SIZE]
        )


def _unindex_terms(connection: sa.Connection, kind: str, terms: Iterable[str]) -> None:
    for term in terms:
        connection.execute(
            name_index_keys.delete().where(
                name_index_keys.c.kind == kind, name_index_keys.c.term == term
            )
        )


def upgrade() -> None:
    connection = op.get_bind()
    for kind, key_column, _ in NAME_COLUMNS:
        column = customers.c[key_column]
        # DISTINCT on an indexed column: read from the index, not the table.
        keys = connection.execute(sa.select(column).distinct()).scalars().all()
        for old in keys:
            if compact(old) != old:
                connection.execute(
                    customers.update().where(column == old).values({key_column: compact(old)})
                )
        terms = (
            connection.execute(
                sa.select(name_index_keys.c.term).where(name_index_keys.c.kind == kind).distinct()
            )
            .scalars()
            .all()
        )
        changed = [term for term in terms if compact(term) != term]
        _unindex_terms(connection, kind, changed)
        _index_terms(connection, kind, [compact(term) for term in changed])


def downgrade() -> None:
    connection = op.get_bind()
    for kind, key_column, name_column in NAME_COLUMNS:
        names = connection.execute(sa.select(customers.c[name_column]).distinct()).scalars()
        old_terms = []
        for name in names.all():
            old = fold(name)
            if old != compact(old):
                connection.execute(
                    customers.update()
                    .where(customers.c[key_column] == compact(old))
                    .where(customers.c[name_column] == name)
                    .values({key_column: old})
                )
                old_terms.append(old)
        # The compact terms may be other customers' keys too: they stay in the index, where a
        # term nobody holds only yields a candidate that matches nobody.
        _index_terms(connection, kind, old_terms)
