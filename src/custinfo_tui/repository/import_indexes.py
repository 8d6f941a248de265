"""The secondary indexes a first import into an empty SQLite database sets aside.

`custinfo import` (services/legacy_import.py) drops the secondary indexes of the
customers' tables before a first import into an empty SQLite database, and builds them once
at the end (`LegacyImportRepository.set_indexes_aside`, `restore_indexes`): building an
index from a million sorted rows takes seconds, keeping it in order while a million rows
arrive at random places took minutes. A console opening a database an interrupted import
left without them builds them first (`restore_set_aside_indexes`). PostgreSQL keeps its
indexes: the console's role cannot drop them.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, Engine, Index, inspect

from custinfo_tui.repository.orm import Base

#: Tables whose secondary indexes a first import into an empty SQLite database drops and
#: builds once at the end: building an index from a million sorted rows takes seconds,
#: keeping it in order while a million rows arrive at random places took minutes.
SET_ASIDE_TABLES = ("customers", "contact_points", "addresses")
#: Of those indexes, the ones `possible_duplicates` reads (family name with date of birth;
#: a contact's kind and value): a finishing import builds them first.
DUPLICATE_SEARCH_INDEXES = ("ix_customers_family_key_date_of_birth", "ix_contact_points_kind_value")


def restore_set_aside_indexes(engine: Engine) -> int:
    """Build the secondary indexes an interrupted first import set aside, if any are missing
    (a database is never used without them for long): how many were built."""
    if engine.dialect.name != "sqlite":
        return 0
    with engine.begin() as connection:
        return build_set_aside_indexes(connection)


def build_set_aside_indexes(connection: Connection, names: Collection[str] | None = None) -> int:
    """Build those of the set-aside indexes missing (or only those of `names`): how many
    were built."""
    inspector = inspect(connection)
    missing = [
        index
        for index in set_aside_indexes()
        if (names is None or index.name in names)
        and not inspector.has_index(str(index.table), str(index.name))
    ]
    for index in missing:
        index.create(connection)
    return len(missing)


def set_aside_indexes() -> list[Index]:
    """The secondary indexes a first import builds at the end: all but those on
    `customer_id`, which take the rows in the order they come (each new customer's id is the
    highest), so keeping them costs less than building them."""
    tables = Base.metadata.tables
    return [
        index
        for name in SET_ASIDE_TABLES
        for index in sorted(tables[name].indexes, key=lambda index: str(index.name))
        if not index.unique and [column.name for column in index.columns] != ["customer_id"]
    ]
