"""Bulk INSERTs through the driver's executemany, with values already in the column
types' bound form: for the legacy import (repository/legacy_import.py), where the ORM's and
even Core's per-row bookkeeping would cost more than validating a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table


def _bound(column: Sequence[Any], binder: Callable[[Any], Any] | None) -> Sequence[Any]:
    """One column's values as the driver takes them. Column by column, so a timestamp all
    the rows share is bound once rather than per row."""
    if binder is None:
        return column
    first = column[0]
    if all(value is first for value in column):
        return [binder(first) if first is not None else None] * len(column)
    return [binder(value) if value is not None else None for value in column]


def insert_through_driver(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
) -> None:
    """INSERT the rows through the driver's executemany, each value bound as its column's
    type binds it (dates as SQLite text, UTC timestamps naive on SQLite...)."""
    dialect = connection.dialect
    binders = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]
    quote = dialect.identifier_preparer.quote
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))})"
    )
    if any(binders):
        by_column = zip(*rows, strict=True)
        bound = (_bound(column, binder) for column, binder in zip(by_column, binders, strict=True))
        rows = list(zip(*bound, strict=True))
    connection.exec_driver_sql(statement, rows)
