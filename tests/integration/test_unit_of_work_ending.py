"""How a unit of work ends: what it wrote without `commit()` is gone; one that only read ends
with COMMIT, which on PostgreSQL keeps the driver's prepared statements."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, column, event, insert, select, table, text
from sqlalchemy.orm import Session

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.errors import StorageError

SCRATCH = table("scratch", column("n"))


@pytest.fixture
def scratch(engine: Engine) -> Engine:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE scratch (n integer)"))
    return engine


def _rows(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT n FROM scratch ORDER BY n")).scalars())


def _insert_plain(session: Session) -> None:
    session.execute(text("INSERT INTO scratch (n) VALUES (1)"))


def _insert_compiled(session: Session) -> None:
    session.execute(insert(SCRATCH).values(n=2))


def _insert_in_a_with(session: Session) -> None:
    added = insert(SCRATCH).values(n=3).returning(SCRATCH.c.n).cte("added")
    session.execute(select(added.c.n)).all()


def _insert_in_plain_with(session: Session) -> None:
    added = "WITH added AS (INSERT INTO scratch (n) VALUES (4) RETURNING n)"
    session.execute(text(f"{added} SELECT n FROM added")).all()


def _wrote_without_committing(engine: Engine, write: Callable[[Session], None]) -> list[int]:
    """What the scratch table holds after a unit of work that read, wrote and read again,
    and left without `commit()`."""
    with uow_factory_for(engine)() as uow:
        uow.customers.count()  # a read first: the transaction began reading
        write(uow.session)
        uow.customers.count()  # and ends reading
    return _rows(engine)


@pytest.mark.parametrize("write", [_insert_plain, _insert_compiled])
def test_what_a_unit_of_work_wrote_without_committing_is_not_kept(
    scratch: Engine, write: Callable[[Session], None]
) -> None:
    assert _wrote_without_committing(scratch, write) == []


@pytest.mark.postgres
@pytest.mark.parametrize("write", [_insert_in_a_with, _insert_in_plain_with])
def test_a_select_that_inserts_in_its_with_counts_as_a_write(
    postgres_engine: Engine, write: Callable[[Session], None]
) -> None:
    with postgres_engine.begin() as connection:
        connection.execute(text("CREATE TABLE scratch (n integer)"))
    assert _wrote_without_committing(postgres_engine, write) == []


def test_what_was_committed_stays_and_what_came_after_does_not(scratch: Engine) -> None:
    with uow_factory_for(scratch)() as uow:
        _insert_compiled(uow.session)
        uow.commit()
        uow.customers.count()  # the record a service returns, read after its commit
    with uow_factory_for(scratch)() as uow:
        _insert_plain(uow.session)
        uow.commit()
        _insert_compiled(uow.session)
    assert _rows(scratch) == [1, 2]


def test_work_that_failed_after_reading_only_leaves_the_connection_usable(engine: Engine) -> None:
    factory = uow_factory_for(engine)
    with pytest.raises(ValueError), factory() as uow:
        uow.customers.count()
        raise ValueError("refused: a handler's mistake, not the database's")
    with pytest.raises(StorageError), factory() as uow:
        uow.session.execute(text("SELECT no_such_column FROM customers"))
    with factory() as uow:
        assert uow.customers.count() == 0


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit])
def test_an_interrupt_while_a_statement_runs_leaves_as_itself_and_keeps_nothing(
    scratch: Engine, interrupt: type[BaseException]
) -> None:
    """Found trying the import: Ctrl+C while a batch was stored left the unit of work as
    PendingRollbackError, the CLI's "internal error", instead of the interrupt."""
    struck = 0

    def interrupt_the_second_insert(*args: object) -> None:
        nonlocal struck
        if str(args[2]).startswith("INSERT INTO scratch"):
            struck += 1
            if struck == 2:
                raise interrupt

    factory = uow_factory_for(scratch)
    event.listen(scratch, "before_cursor_execute", interrupt_the_second_insert)
    with pytest.raises(interrupt), factory() as uow:
        _insert_plain(uow.session)
        _insert_compiled(uow.session)
    event.remove(scratch, "before_cursor_execute", interrupt_the_second_insert)
    assert _rows(scratch) == []
    with factory() as uow:  # and the next unit of work is not refused
        _insert_compiled(uow.session)
        uow.commit()
    assert _rows(scratch) == [2]


@pytest.fixture
def one_connection_engine(postgres_url: str) -> Iterator[Engine]:
    engine = build_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_statements_stay_prepared_across_units_of_work_that_only_read(
    one_connection_engine: Engine,
) -> None:
    """psycopg prepares a statement the fifth time a connection runs it, and forgets every
    one at a ROLLBACK. A unit of work that returns what it read after its commit used to
    end with one, so no statement stayed prepared and the server planned each anew."""
    factory = uow_factory_for(one_connection_engine)
    for _ in range(6):
        with factory() as uow:
            uow.session.execute(text("SELECT 1 FROM customers WHERE id = :id"), {"id": 1})
            uow.commit()
            uow.customers.count()  # read after the commit: this transaction only reads
    with one_connection_engine.connect() as connection:
        prepared = connection.exec_driver_sql(
            "SELECT statement FROM pg_prepared_statements"
        ).scalars()
        assert any("FROM customers WHERE id" in statement for statement in prepared)
