"""Telling a database that did not answer (the console tries again at the next login) from
one that refused the console's settings (it must be started again once they are right).

The messages are libpq's and SQLite's own, as psycopg and sqlite3 raise them; psycopg
gives a failed connection no SQLSTATE, so its words are all there is to go on.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest

from custinfo_tui.repository.errors import did_not_answer

SERVER = 'connection failed: connection to server at "127.0.0.1", port 5432 failed: '


@pytest.mark.parametrize(
    "message",
    [
        SERVER + "Connection refused\n\tIs the server running on that host and accepting "
        "TCP/IP connections?",
        'connection failed: connection to server on socket "/run/postgresql/.s.PGSQL.5432" '
        "failed: No such file or directory\n\tIs the server running locally and accepting "
        "connections on that socket?",
        SERVER + "FATAL:  the database system is starting up",
        SERVER + "FATAL:  the database system is shutting down",
        SERVER + "FATAL:  sorry, too many clients already",
        SERVER + "timeout expired",
        "consuming input failed: server closed the connection unexpectedly",
    ],
    ids=["stopped", "no-socket", "starting", "stopping", "full", "timeout", "closed"],
)
def test_a_server_that_is_down_starting_or_full_did_not_answer(message: str) -> None:
    assert did_not_answer(psycopg.OperationalError(message))


@pytest.mark.parametrize(
    "message",
    [
        SERVER + 'FATAL:  database "custinfo" does not exist',
        SERVER + 'FATAL:  role "desk_07" does not exist',
        SERVER + 'FATAL:  password authentication failed for user "desk_07"',
        "failed to resolve host 'dbhots': [Errno -2] Name or service not known",
    ],
    ids=["no-database", "no-role", "password", "no-such-host"],
)
def test_a_server_that_refused_the_settings_answered(message: str) -> None:
    assert not did_not_answer(psycopg.OperationalError(message))


def test_a_sqlite_file_that_cannot_be_opened_answered_and_a_locked_one_did_not(
    tmp_path: Path,
) -> None:
    with pytest.raises(sqlite3.OperationalError) as unopenable:
        sqlite3.connect(tmp_path / "no-such-folder" / "custinfo.db")
    assert not did_not_answer(unopenable.value)
    assert did_not_answer(sqlite3.OperationalError("database is locked"))
    assert not did_not_answer(None)
