"""A desk whose call meets a locked SQLite file gets its answer, not "database is locked";
a PostgreSQL deadlock leaves the unit of work as the same retryable error.

SQLite: another connection holds the file's write lock; the console's busy timeout is cut
to nothing so the first attempt fails at once, and the retry's wait is where the other
writer finishes. PostgreSQL: two transactions lock two rows in opposite orders, and the
server's deadlock detector turns one of them back (after its 1 s deadlock_timeout).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select

from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.events import AuditAction, AuditTrailFilters
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.repository.engine import sqlite_file
from custinfo_tui.repository.orm import Operator
from custinfo_tui.repository.unit_of_work import SqlAlchemyUnitOfWork
from custinfo_tui.services import retry
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.outages import DatabaseNotAnswering
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for


class OtherWriter:
    """Another desk mid-transaction: it holds the database's write lock until it finishes."""

    def __init__(self, url: str) -> None:
        path = sqlite_file(url)
        assert path is not None
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("BEGIN IMMEDIATE")
        self.waits = 0

    def finish(self, _seconds: float = 0.0) -> None:
        self.waits += 1
        if self.connection.in_transaction:
            self.connection.execute("COMMIT")


@pytest.fixture
def uow_factory(sqlite_demo_url: str) -> Iterator[UnitOfWorkFactory]:
    """The console's engine, except that a busy database fails at once instead of waiting."""
    engine = build_engine_for(sqlite_demo_url)

    @event.listens_for(engine, "connect")
    def no_busy_wait(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=0")

    yield uow_factory_for(engine)
    engine.dispose()


@pytest.fixture
def console(uow_factory: UnitOfWorkFactory) -> ConsoleServices:
    return ConsoleServices(uow_factory, VerificationPolicy(), CapturePolicy(), ComplaintPolicy())


def test_a_search_that_meets_a_locked_database_runs_again_and_is_audited_once(
    console: ConsoleServices,
    uow_factory: UnitOfWorkFactory,
    sqlite_demo_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    agent = actor_for(uow_factory, "agent")
    other = OtherWriter(sqlite_demo_url)
    monkeypatch.setattr(retry, "wait", other.finish)

    result = console.search_customers(agent, "Smith")

    assert other.waits == 1  # the first attempt was turned back, the second went through
    assert result.matches
    searches = AuditTrailFilters(operator="agent", action=AuditAction.CUSTOMER_SEARCHED)
    assert len(console.search_events(actor_for(uow_factory, "dpo"), searches)) == 1


def test_a_database_locked_for_longer_than_the_retries_tells_the_handler(
    console: ConsoleServices,
    uow_factory: UnitOfWorkFactory,
    sqlite_demo_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    agent = actor_for(uow_factory, "agent")
    other = OtherWriter(sqlite_demo_url)
    monkeypatch.setattr(retry, "wait", lambda _seconds: None)

    with pytest.raises(DatabaseNotAnswering, match="The database did not answer"):
        console.search_customers(agent, "Smith")
    other.finish()


@pytest.mark.postgres
def test_a_postgresql_deadlock_turns_one_desk_back_with_a_retryable_error(
    postgres_demo_url: str,
) -> None:
    engine = build_engine_for(postgres_demo_url)
    factory = uow_factory_for(engine)
    both_hold_one = threading.Barrier(2, timeout=10)
    outcomes: dict[str, object] = {}

    def lock(uow: SqlAlchemyUnitOfWork, username: str) -> None:
        query = select(Operator.id).where(Operator.username == username).with_for_update()
        uow.session.execute(query).one()

    def desk(mine: str, theirs: str) -> None:
        uow = factory()
        assert isinstance(uow, SqlAlchemyUnitOfWork)
        try:
            with uow:
                lock(uow, mine)
                both_hold_one.wait()
                lock(uow, theirs)
                uow.commit()
            outcomes[mine] = "committed"
        except Exception as error:
            outcomes[mine] = error

    desks = [
        threading.Thread(target=desk, args=("agent", "supervisor")),
        threading.Thread(target=desk, args=("supervisor", "agent")),
    ]
    for thread in desks:
        thread.start()
    for thread in desks:
        thread.join(timeout=30)
    engine.dispose()

    # One desk committed; the other was chosen as the deadlock's victim and may run again.
    assert sorted(type(outcome).__name__ for outcome in outcomes.values()) == [
        "RetryableStorageError",
        "str",
    ]
