"""A Core statement run straight on the database driver's own connection: for the one
statement every audited action sends (`repository.audit_append`).

`Connection.execute` costs a desk about 0.1 ms of CPU a statement before the driver sees
it: the compiled-statement cache, each parameter's processing, an execution context and a
result object. A call appends about fourteen events, and that was a fifth of what the
audit cost the call (docs/performance.md, "The append on the driver"). A `DriverStatement`
is compiled once, from the same Core statement, and runs on the session's own connection
and transaction, so it commits and rolls back with the rest of the work. It keeps what
the rest of the repository relies on: the engine's `before_cursor_execute` listeners see
it (so `engine.note_writes` counts it as a write, and tests see it sent), each parameter
goes through its type's processing, the driver's errors arrive as SQLAlchemy's
(`DBAPIError`, parameters hidden), and a connection lost under it is invalidated as
SQLAlchemy would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement


@dataclass(frozen=True)
class DriverStatement:
    """A statement's SQL as the driver takes it, the values it was compiled with, and how
    each parameter's type turns a value into what the driver takes (a JSON column's).
    PostgreSQL's driver, psycopg, only: it is asked to prepare the statement at once."""

    sql: str
    constants: dict[str, Any]
    processors: dict[str, Callable[[Any], Any]]

    @classmethod
    def compiled(cls, statement: ClauseElement, dialect: Dialect) -> DriverStatement:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler), "a SQL statement"
        constants: dict[str, Any] = {}
        processors: dict[str, Callable[[Any], Any]] = {}
        for bind, name in compiled.bind_names.items():  # the names as the SQL has them
            if not bind.required:
                constants[name] = bind.effective_value
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                processors[name] = processor
        return cls(str(compiled), constants, processors)

    def first_value(self, connection: Connection, parameters: dict[str, Any]) -> Any | None:
        """Run on `connection`'s transaction with `parameters` (every one the statement
        names but its constants); the first column of the first row returned, or None when
        no row is."""
        values = {**self.constants, **parameters}
        for name, processor in self.processors.items():
            values[name] = processor(values[name])
        driver = connection.connection.driver_connection
        assert driver is not None, "a connection the pool has not closed"
        with driver.cursor() as cursor:
            if connection.dispatch.before_cursor_execute:
                connection.dispatch.before_cursor_execute(
                    connection, cursor, self.sql, values, None, False
                )
            try:
                cursor.execute(self.sql, values, prepare=True)
                row = cursor.fetchone()
            except connection.dialect.loaded_dbapi.Error as error:
                raise _as_sqlalchemy_error(connection, self.sql, error) from error
        return None if row is None else row[0]


def _as_sqlalchemy_error(connection: Connection, sql: str, error: Any) -> StatementError:
    """The driver's `error` as `Connection.execute` raises it: the SQLAlchemy class of the
    same name, parameters never shown, the connection invalidated if it was lost."""
    dialect = connection.dialect
    lost = dialect.is_disconnect(error, connection.connection.dbapi_connection, None)
    if lost:
        connection.invalidate(error)
    wrapped: StatementError = DBAPIError.instance(
        sql,
        None,
        error,
        dialect.loaded_dbapi.Error,
        hide_parameters=True,
        connection_invalidated=lost,
        dialect=dialect,
    )
    return wrapped
