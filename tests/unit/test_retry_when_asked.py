"""The database's "try again" becomes RetryableStorageError, and the use case runs again.

SQLite's "database is locked" comes from two real connections to one file; PostgreSQL's
serialization failure and deadlock are psycopg's own error classes (their SQLSTATEs).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg.errors
import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from custinfo_tui.repository.errors import (
    ConcurrentUpdate,
    RetryableStorageError,
    StorageError,
    asks_to_retry,
)
from custinfo_tui.repository.unit_of_work import SqlAlchemyUnitOfWork
from custinfo_tui.services import retry
from custinfo_tui.services.outages import DatabaseNotAnswering
from custinfo_tui.services.retry import ATTEMPTS, LONGEST_WAIT, backoff, run_again_when_asked


@pytest.fixture
def locked_error(tmp_path: Path) -> Iterator[sqlite3.OperationalError]:
    """The error SQLite gives a writer while another connection holds the write lock."""
    path = tmp_path / "busy.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    writer = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as caught:
        writer.execute("INSERT INTO t VALUES (1)")
    yield caught.value
    writer.close()
    holder.close()


def test_a_locked_sqlite_database_asks_to_retry(locked_error: sqlite3.OperationalError) -> None:
    assert "locked" in str(locked_error)
    assert asks_to_retry(locked_error)


def test_postgresql_serialization_failures_and_deadlocks_ask_to_retry() -> None:
    assert asks_to_retry(psycopg.errors.SerializationFailure())
    assert asks_to_retry(psycopg.errors.DeadlockDetected())


def test_other_database_errors_do_not_ask_to_retry(tmp_path: Path) -> None:
    assert not asks_to_retry(psycopg.errors.UniqueViolation())
    assert not asks_to_retry(psycopg.errors.LockNotAvailable())
    with pytest.raises(sqlite3.OperationalError) as caught:
        sqlite3.connect(tmp_path / "empty.db").execute("SELECT * FROM missing")
    assert not asks_to_retry(caught.value)
    assert not asks_to_retry(None)


def _unit_of_work() -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(sessionmaker(create_engine("sqlite://")))


def test_the_unit_of_work_turns_a_locked_database_into_a_retryable_error(
    locked_error: sqlite3.OperationalError,
) -> None:
    with pytest.raises(RetryableStorageError) as caught, _unit_of_work():
        raise OperationalError("UPDATE audit_chain_head ...", {}, locked_error)
    # Like every storage error: the driver's own message is not chained or quoted.
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert str(caught.value) == "database busy: OperationalError"


def test_the_unit_of_work_keeps_other_failures_plain_storage_errors(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError) as missing:
        sqlite3.connect(tmp_path / "empty.db").execute("SELECT * FROM missing")
    with pytest.raises(StorageError) as caught, _unit_of_work():
        raise OperationalError("SELECT ...", {}, missing.value)
    assert not isinstance(caught.value, RetryableStorageError)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(retry, "wait", waited.append)
    return waited


def test_a_use_case_the_database_turned_back_runs_again_until_it_succeeds(
    waits: list[float],
) -> None:
    runs: list[int] = []

    def use_case() -> str:
        runs.append(1)
        if len(runs) < 3:
            raise RetryableStorageError("database busy: OperationalError")
        return "done"

    assert run_again_when_asked(use_case) == "done"
    assert len(runs) == 3
    assert len(waits) == 2 and all(0 <= w <= LONGEST_WAIT for w in waits)


def test_after_the_last_attempt_the_handler_is_told_the_database_did_not_answer(
    waits: list[float],
) -> None:
    runs: list[int] = []

    def use_case() -> None:
        runs.append(1)
        raise RetryableStorageError("database busy: OperationalError")

    with pytest.raises(DatabaseNotAnswering, match="The database did not answer"):
        run_again_when_asked(use_case)
    assert len(runs) == ATTEMPTS and len(waits) == ATTEMPTS - 1


@pytest.mark.parametrize(
    "error", [StorageError("database error"), ConcurrentUpdate("changed"), ValueError("bug")]
)
def test_other_failures_are_not_run_again(waits: list[float], error: Exception) -> None:
    runs: list[int] = []

    def use_case() -> None:
        runs.append(1)
        raise error

    with pytest.raises(type(error)):
        run_again_when_asked(use_case)
    assert len(runs) == 1 and waits == []


def test_the_back_off_is_jittered_below_a_doubling_ceiling() -> None:
    ceilings = [backoff(attempt, rng=lambda: 1.0) for attempt in range(1, 8)]
    assert ceilings == sorted(ceilings) and ceilings[0] > 0
    assert ceilings[-1] == LONGEST_WAIT
    assert backoff(3, rng=lambda: 0.0) == 0.0
