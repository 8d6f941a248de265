"""Going around the append-only audit guard, the way the database's owner could."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from sqlalchemy import Connection, Engine

from custinfo_tui.repository.migrate import alembic_config

#: The revision before the triggers that refuse to change audit events (migration 0010).
BEFORE_THE_GUARD = "0009"


@contextmanager
def guard_lifted(engine: Engine) -> Iterator[Connection]:
    """A connection on which audit events can be edited: the guard's triggers are dropped
    for the edit and created again afterwards, all in one transaction.

    Only the tables' owner can do this; `custinfo audit verify` is what catches it.
    """
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, BEFORE_THE_GUARD)
        yield connection
        command.upgrade(config, "head")
