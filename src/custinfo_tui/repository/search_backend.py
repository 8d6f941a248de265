"""Where the customer search differs between SQLite and PostgreSQL: one object per backend.

Both keep the typo-tolerant name index (`name_index_keys`) the same way: every term's
deletion keys (domain.search.deletion_keys), which find each stored term within one slip
of a word. PostgreSQL also has a pg_trgm GIN index on the terms, which adds some two-slip
matches of longer names. A repository picks its backend once, from its session's dialect
(`search_backend_for`), instead of asking the dialect in every query.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from functools import cache
from typing import Any, Protocol

from sqlalchemy import (
    ARRAY,
    CompoundSelect,
    Insert,
    Integer,
    Select,
    any_,
    bindparam,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    union,
    union_all,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from custinfo_tui.domain.search import deletion_keys
from custinfo_tui.repository.orm import NameIndexKey


class SearchBackend(Hashable, Protocol):
    """The statements of the customer search that depend on the database. Hashable: the
    statements built from a backend's parts are kept by backend."""

    def insert_new_terms(self) -> Insert:
        """An INSERT into the name index that skips (kind, key, term) rows already there."""
        ...

    def two_slip_words(self, words: Collection[str]) -> list[str]:
        """Those of `words` this backend can find stored terms two slips from."""
        ...

    def candidate_terms(self, kind: str, two_slip_words: int) -> Select[str]:
        """Stored terms of this kind that may be one of the words with a slip, and for the
        first `two_slip_words` of them (from `two_slip_words`) what the backend finds a
        second slip away. Built once per shape: the words come in as the parameters
        `candidate_values` gives."""
        ...

    def candidate_values(
        self, kind: str, words: Collection[str], two_slip_words: Sequence[str]
    ) -> dict[str, Any]:
        """The parameters of `candidate_terms(kind, len(two_slip_words))` for `words`."""
        ...


class SqliteSearch:
    """SQLite (SQLCipher too): the deletion keys alone."""

    def insert_new_terms(self) -> Insert:
        return sqlite_insert(NameIndexKey).on_conflict_do_nothing()

    def two_slip_words(self, words: Collection[str]) -> list[str]:
        return []

    def candidate_terms(self, kind: str, two_slip_words: int) -> Select[str]:
        nearby = select(NameIndexKey.term).where(
            NameIndexKey.kind == kind,
            NameIndexKey.key.in_(bindparam(f"{kind}_keys", expanding=True)),
        )
        return nearby.distinct()

    def candidate_values(
        self, kind: str, words: Collection[str], two_slip_words: Sequence[str]
    ) -> dict[str, Any]:
        return {f"{kind}_keys": sorted(_deletion_keys_of(words))}


#: The shortest word pg_trgm is asked about. A key two slips from a shorter word is at
#: most 4/6 alike (Damerau-Levenshtein), under the 70% a search shows, and the keys within
#: one slip, or starting with the word, come from the deletion keys and the prefix query.
TRIGRAM_MIN_LENGTH = 7
#: How alike a key must be to be shown, in percent (services.lookup.MIN_SCORE). A key that
#: alike differs in length by at most 30% of the longer of the two (each letter of
#: difference is a slip), so pg_trgm is asked only about keys of such a length.
ALIKE_PERCENT = 70
#: Below this many rows in the name index (PostgreSQL's own estimate, `pg_class.reltuples`,
#: kept by ANALYZE and autovacuum), pg_trgm is asked about each distinct key of the kind and
#: a possible length, from the partial index `ix_name_index_keys_terms_by_length` (a few
#: hundred keys: well under a millisecond). Above it, through the GIN trigram index.
#: PostgreSQL's planner cannot choose between the two itself: it prices `%` like a
#: comparison, though each call works out a key's trigrams, so on a small index it scans
#: every row (3 to 4 ms at 100,000 demo customers) and on a large one it would take the
#: partial index for every key of that length (250 ms with 200,000 distinct surnames).
SMALL_NAME_INDEX_ROWS = 50_000

_pg_class = table("pg_class", column("oid"), column("reltuples"))


class PostgresSearch:
    """PostgreSQL: the deletion keys, and for the words of TRIGRAM_MIN_LENGTH letters or
    more the terms pg_trgm finds similar (`term % word`): two-slip typos of longer names."""

    def insert_new_terms(self) -> Insert:
        return postgresql_insert(NameIndexKey).on_conflict_do_nothing()

    def two_slip_words(self, words: Collection[str]) -> list[str]:
        return [word for word in words if len(word) >= TRIGRAM_MIN_LENGTH]

    def candidate_terms(self, kind: str, two_slip_words: int) -> Select[str]:
        # The keys as one array parameter, not one parameter each: the statement's text is
        # then the same however many keys the words have, so psycopg prepares it once it
        # recurs and PostgreSQL stops planning it anew (1.4 to 2 ms a whole-name search).
        keys = bindparam(f"{kind}_keys", type_=ARRAY(NameIndexKey.key.type))
        nearby = select(NameIndexKey.term).where(
            NameIndexKey.kind == kind, NameIndexKey.key == any_(keys)
        )
        if not two_slip_words:
            return nearby.distinct()
        term_type = NameIndexKey.term.type
        alike = or_(
            *(
                func.length(NameIndexKey.term).between(
                    bindparam(f"{kind}_shortest_{n}", type_=Integer),
                    bindparam(f"{kind}_longest_{n}", type_=Integer),
                )
                & NameIndexKey.term.op("%")(bindparam(f"{kind}_word_{n}", type_=term_type))
                for n in range(two_slip_words)
            )
        )
        # An uncorrelated subquery: PostgreSQL reads it once, before either branch, and runs
        # only the branch whose condition holds ("One-Time Filter" in EXPLAIN).
        rows = (
            select(_pg_class.c.reltuples)
            .where(_pg_class.c.oid == literal_column(f"'{NameIndexKey.__tablename__}'::regclass"))
            .scalar_subquery()
        )
        each_distinct_key = select(NameIndexKey.term).where(
            NameIndexKey.kind == kind,
            NameIndexKey.key == NameIndexKey.term,
            alike,
            rows < SMALL_NAME_INDEX_ROWS,
        )
        by_trigrams = select(NameIndexKey.term).where(
            NameIndexKey.kind == kind, alike, rows >= SMALL_NAME_INDEX_ROWS
        )
        return union(nearby, each_distinct_key, by_trigrams).subquery().select()

    def candidate_values(
        self, kind: str, words: Collection[str], two_slip_words: Sequence[str]
    ) -> dict[str, Any]:
        values: dict[str, Any] = {f"{kind}_keys": sorted(_deletion_keys_of(words))}
        for n, word in enumerate(two_slip_words):
            values[f"{kind}_shortest_{n}"] = -(-len(word) * ALIKE_PERCENT // 100)
            values[f"{kind}_longest_{n}"] = len(word) * 100 // ALIKE_PERCENT
            values[f"{kind}_word_{n}"] = word
        return values


_POSTGRES_SEARCH = PostgresSearch()
_SQLITE_SEARCH = SqliteSearch()


@cache
def similar_terms_statement(
    backend: SearchBackend, shape: tuple[tuple[str, int], ...]
) -> Select[Any] | CompoundSelect[Any]:
    """Every kind's candidate terms, labelled with the kind, in one statement: the kinds
    asked about, in order, each with how many words the backend looks for two slips away
    (`shape`). Built once per backend and shape (building took longer than PostgreSQL
    took to answer), the words and `{kind}_limit` given as parameters; a handful of shapes
    occur, three kinds with a few long words each."""
    parts = []
    for kind, two_slip_words in shape:
        found = backend.candidate_terms(kind, two_slip_words)
        terms = found.limit(bindparam(f"{kind}_limit")).subquery()
        parts.append(select(literal(kind).label("kind"), terms.c.term))
    return parts[0] if len(parts) == 1 else union_all(*parts)


def search_backend_for(session: Session) -> SearchBackend:
    """The backend for the database this session is bound to."""
    if session.get_bind().dialect.name == "postgresql":
        return _POSTGRES_SEARCH
    return _SQLITE_SEARCH


def _deletion_keys_of(words: Collection[str]) -> set[str]:
    """Every deletion key of these words: a stored term within one slip of one of them
    shares one (domain.search.deletion_keys)."""
    return {key for word in words for key in deletion_keys(word)}
