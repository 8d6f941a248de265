"""PostgreSQL: a desk's append after its own last one is one statement, and never lands
anywhere but after its chain's real newest event.

A connection remembers its last append (chain, hash, and an id taken for the next one).
These tests put what can come between two of its appends there on purpose: another desk
appending to the same chain, its own transaction rolled back, another desk holding the
chain. Each time the next event must follow the chain's true head, and the trail verifies.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from custinfo_tui.domain.events import AuditAction, AuditEvent, AuditEventIn
from custinfo_tui.repository.audit import AuditRepository
from custinfo_tui.services.audit import verify_chain
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.database import statements_sent

pytestmark = pytest.mark.postgres


@pytest.fixture
def engine(postgres_engine: Engine) -> Engine:
    """PostgreSQL only: SQLite's appends take its one write lock each time (chain 1)."""
    return postgres_engine


@pytest.fixture
def desks(engine: Engine) -> Iterator[tuple[Connection, Connection]]:
    """Two desks' database connections; a lock wait fails in 2 s instead of hanging."""
    with engine.connect() as one, engine.connect() as two:
        for connection in (one, two):
            connection.exec_driver_sql("SET lock_timeout = '2s'")
            connection.commit()
        yield one, two


def _append(desk: Connection, n: int, *, commit: bool = True) -> AuditEvent:
    with Session(bind=desk) as session:
        appended = AuditRepository(session).append(
            AuditEventIn(action=AuditAction.CUSTOMER_VIEWED, operator_id=None, details={"n": n})
        )
        if commit:
            session.commit()
        else:
            session.rollback()
    return appended


def _chain_of(engine: Engine, event_id: int) -> int:
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT chain FROM audit_events WHERE id = :id"), {"id": event_id}
        ).scalar_one()
    return int(found)


def test_a_desks_append_after_its_own_is_one_statement(
    desks: tuple[Connection, Connection], engine: Engine, uow_factory: UnitOfWorkFactory
) -> None:
    one, _ = desks
    first = _append(one, 1)
    with statements_sent(engine) as statements:
        following = [_append(one, n) for n in range(2, 6)]

    assert len(statements) == 4, statements
    links = [first, *following]
    assert [e.prev_hash for e in links[1:]] == [e.hash for e in links[:-1]]
    assert [e.id for e in links] == sorted(e.id for e in links)
    report = verify_chain(uow_factory())
    assert report.ok and report.events_checked == 5


def test_another_desks_append_in_between_is_followed_not_overwritten(
    desks: tuple[Connection, Connection], engine: Engine, uow_factory: UnitOfWorkFactory
) -> None:
    one, two = desks
    mine = _append(one, 1)
    theirs = _append(two, 2)  # a desk of its own: the same chain, as it was free
    assert _chain_of(engine, theirs.id) == _chain_of(engine, mine.id)

    after = _append(one, 3)

    assert theirs.prev_hash == mine.hash
    assert after.prev_hash == theirs.hash
    assert mine.id < theirs.id < after.id
    report = verify_chain(uow_factory())
    assert report.ok and report.events_checked == 3


def test_an_append_rolled_back_is_not_followed(
    desks: tuple[Connection, Connection], uow_factory: UnitOfWorkFactory
) -> None:
    one, _ = desks
    kept = _append(one, 1)
    _append(one, 2, commit=False)

    after = _append(one, 3)

    assert after.prev_hash == kept.hash
    report = verify_chain(uow_factory())
    assert report.ok and report.events_checked == 2


def test_a_chain_another_desk_holds_is_left_to_it_without_waiting(
    desks: tuple[Connection, Connection], engine: Engine, uow_factory: UnitOfWorkFactory
) -> None:
    """The desk's own chain is taken by another desk's open transaction: the desk appends
    to another chain at once (a wait would fail after the 2 s lock timeout)."""
    one, two = desks
    mine = _append(one, 1)
    with Session(bind=two) as holding:
        held = AuditRepository(holding).append(
            AuditEventIn(action=AuditAction.CUSTOMER_VIEWED, operator_id=None)
        )
        assert held.prev_hash == mine.hash  # the holder took the desk's chain

        elsewhere = _append(one, 2)
        holding.commit()

    assert _chain_of(engine, elsewhere.id) != _chain_of(engine, mine.id)
    report = verify_chain(uow_factory())
    assert report.ok and report.events_checked == 3 and report.chains_used == 2


def test_two_appends_in_one_transaction_follow_each_other(
    desks: tuple[Connection, Connection], uow_factory: UnitOfWorkFactory
) -> None:
    one, _ = desks
    first = _append(one, 1)
    with Session(bind=one) as session:
        audit = AuditRepository(session)
        pair = [
            audit.append(AuditEventIn(action=AuditAction.CUSTOMER_VIEWED, operator_id=None))
            for _ in range(2)
        ]
        session.commit()

    assert [e.prev_hash for e in pair] == [first.hash, pair[0].hash]
    report = verify_chain(uow_factory())
    assert report.ok and report.events_checked == 3
