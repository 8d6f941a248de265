"""Search keys without variation selectors.

A variation selector (U+FE00-U+FE0F, U+E0100-U+E01EF, Mongolian's U+180B-U+180D and
U+180F) chooses how the character before it is drawn, not which character it is, so
`custinfo_tui.domain.text.fold_for_search` now leaves them out: "Jane" followed by U+FE0F
has the key `jane`, as "Jane" has. The stored names and towns keep them as typed; the keys
built from them (customers' `given_key` and `family_key`, addresses' `town_key` and the
name index's terms) are recomputed here.

Almost no key holds one, so only those are touched: the distinct keys are read (from the
indexes on the customers' keys and the name index's terms, never the customers' rows), the
few holding a selector picked out in Python, and only the rows holding those keys read and
rewritten, each key from the name or town it was built from. The same statements run on
SQLite and PostgreSQL. `fold`, `name_key` and `deletion_keys` are copied rather than
imported, so this migration keeps producing the same rows whatever later happens to the
app's code; a unit test checks they agree with the app.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-10 09:00:00.000000
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MIN_FUZZY_LENGTH = 3
MAX_FUZZY_LENGTH = 30
BATCH_SIZE = 5_000
SEPARATORS = " '\u2018\u2019\u201b`\u02bc-\u2010\u2011\u2012\u2013\u2014."
_WITHOUT_SEPARATORS = str.maketrans("", "", SEPARATORS)

customers = sa.table(
    "customers",
    sa.column("id", sa.Integer()),
    sa.column("given_key", sa.String()),
    sa.column("family_key", sa.String()),
    sa.column("given_name", sa.String()),
    sa.column("family_name", sa.String()),
)
addresses = sa.table(
    "addresses",
    sa.column("id", sa.Integer()),
    sa.column("town", sa.String()),
    sa.column("town_key", sa.String()),
)
name_index_keys = sa.table(
    "name_index_keys", sa.column("kind"), sa.column("key"), sa.column("term")
)


def is_variation_selector(ch: str) -> bool:
    code = ord(ch)
    return (
        0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x180B <= code <= 0x180D
        or code == 0x180F
    )


def _is_diacritic(code: int) -> bool:
    return (
        0x0300 <= code <= 0x036F
        or 0x1AB0 <= code <= 0x1AFF
        or 0x1DC0 <= code <= 0x1DFF
        or 0x20D0 <= code <= 0x20FF
        or 0xFE20 <= code <= 0xFE2F
    )


def fold(text: str, *, keep_selectors: bool = False) -> str:
    """`custinfo_tui.domain.text.fold_for_search`; as it was before with `keep_selectors`."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    kept = "".join(
        ch
        for ch in text
        if not _is_diacritic(ord(ch)) and (keep_selectors or not is_variation_selector(ch))
    )
    return " ".join(unicodedata.normalize("NFC", kept).split())


def name_key(name: str, *, keep_selectors: bool = False) -> str:
    """`custinfo_tui.domain.names.name_key`; as it was before with `keep_selectors`."""
    folded = fold(name, keep_selectors=keep_selectors)
    return unicodedata.normalize("NFC", folded.translate(_WITHOUT_SEPARATORS))


def deletion_keys(term: str) -> set[str]:
    if not MIN_FUZZY_LENGTH <= len(term) <= MAX_FUZZY_LENGTH:
        return {term}
    return {term} | {term[:i] + term[i + 1 :] for i in range(len(term))}


def _holds_selector(text: str) -> bool:
    return any(is_variation_selector(ch) for ch in text)


#: (name index kind, table, key column, the column the key is built from, its key).
KEYS: tuple[tuple[str, sa.TableClause, str, str, Callable[..., str]], ...] = (
    ("given", customers, "given_key", "given_name", name_key),
    ("family", customers, "family_key", "family_name", name_key),
    ("town", addresses, "town_key", "town", fold),
)


def _rekey(
    connection: sa.Connection,
    table: sa.TableClause,
    key_column: str,
    source_column: str,
    old_keys: Sequence[str],
    new_key: Callable[[str], str],
) -> set[str]:
    """Rewrite the key of every row holding one of `old_keys`, from its source column; the
    new keys written."""
    rows = []
    for start in range(0, len(old_keys), BATCH_SIZE):
        batch = old_keys[start : start + BATCH_SIZE]
        rows += connection.execute(
            sa.select(table.c.id, table.c[source_column]).where(table.c[key_column].in_(batch))
        ).all()
    written = set()
    for row_id, source in rows:
        key = new_key(source)
        connection.execute(table.update().where(table.c.id == row_id).values({key_column: key}))
        written.add(key)
    return written


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


def _distinct(connection: sa.Connection, column: sa.ColumnElement[str], kind: str) -> list[str]:
    """Each value of `column` once: a customers' key, or the name index's terms of `kind`."""
    query = sa.select(column).distinct()
    if column is name_index_keys.c.term:  # each term is stored under itself once
        query = query.where(name_index_keys.c.kind == kind, name_index_keys.c.key == column)
    return list(connection.execute(query).scalars())


def upgrade() -> None:
    connection = op.get_bind()
    for kind, table, key_column, source_column, key_of in KEYS:
        # DISTINCT on an indexed column reads the index, not the table. The towns' keys have
        # no index of their own: the name index holds every one as a term.
        terms = _distinct(connection, name_index_keys.c.term, kind)
        stored = terms if table is addresses else _distinct(connection, table.c[key_column], kind)
        old_keys = [key for key in stored if _holds_selector(key)]
        written = _rekey(connection, table, key_column, source_column, old_keys, key_of)
        old_terms = [term for term in terms if _holds_selector(term)]
        _unindex_terms(connection, kind, old_terms)
        # A term nobody holds any more only yields a candidate that matches nobody, so each
        # old term's form without its selectors is indexed as well as the keys written.
        stripped = ["".join(ch for ch in t if not is_variation_selector(ch)) for t in old_terms]
        _index_terms(connection, kind, written | {term for term in stripped if term})


def downgrade() -> None:
    """Keys with their selectors again, as the code before this migration builds them: a
    scan of the names and towns (only a downgrade pays for it)."""
    connection = op.get_bind()
    for kind, table, key_column, source_column, key_of in KEYS:
        rows = connection.execute(sa.select(table.c.id, table.c[source_column])).all()
        old_terms = set()
        for row_id, source in rows:
            if source is None or not _holds_selector(source):
                continue
            old = key_of(source, keep_selectors=True)
            connection.execute(table.update().where(table.c.id == row_id).values({key_column: old}))
            old_terms.add(old)
        _index_terms(connection, kind, old_terms)
