"""A demo database on a PostgreSQL server of the test's own, which the test stops and
starts again: what a handler or an administrator meets while the database does not answer
(docs/crash-safety.md).

The server is stopped as a crash, or an administrator's `pg_ctl stop -m immediate`, would:
every server process ends at once, so new connections are refused and the pool's are dead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.migrate import upgrade_to_head
from custinfo_tui.services.demo import load_demo_data
from tests.support.postgres import PostgresServer, private_postgres

#: Few customers: these tests are about the database going away, not about finding people.
CUSTOMERS = 20


@dataclass(frozen=True)
class DatabaseToStop:
    """The demo database's URL (the schema owner's), and its server to stop and start."""

    url: str
    server: PostgresServer

    def stop(self) -> None:
        self.server.stop_immediately()

    def start(self) -> None:
        self.server.start()


@contextmanager
def demo_database_to_stop() -> Iterator[DatabaseToStop]:
    """A migrated demo database on a private server; raises `PostgresUnavailable` where the
    server binaries are missing. The server is stopped and deleted afterwards."""
    with private_postgres() as server:
        admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text('CREATE DATABASE "custinfo"'))
        admin.dispose()
        url = make_url(server.url).set(database="custinfo").render_as_string(False)
        engine = build_engine(url)
        try:
            upgrade_to_head(engine)
            load_demo_data(uow_factory_for(engine), CUSTOMERS)
        finally:
            engine.dispose()
        yield DatabaseToStop(url=url, server=server)
