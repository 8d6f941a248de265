"""Going around the append-only audit guard, the way the database's owner could."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, bindparam, text

#: The revision before the triggers that refuse to change audit events (migration 0010).
BEFORE_THE_GUARD = "0009"
#: The tables the guard's triggers protect (migrations 0010 and 0020).
GUARDED_TABLES = ("audit_events", "audit_chain_head", "audit_seals")


@contextmanager
def guard_lifted(engine: Engine) -> Iterator[Connection]:
    """A connection on which the audit tables can be edited: their guard triggers are off
    for the edit and back afterwards, all in one transaction.

    Only the tables' owner can do this; `custinfo audit verify` is what catches it.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            for table in GUARDED_TABLES:
                connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            yield connection
            for table in GUARDED_TABLES:
                connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
            return
        triggers = connection.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN :tables"
            ).bindparams(bindparam("tables", expanding=True)),
            {"tables": list(GUARDED_TABLES)},
        ).all()
        for name, _ in triggers:
            connection.execute(text(f"DROP TRIGGER {name}"))
        yield connection
        for _, sql in triggers:
            connection.execute(text(sql))
