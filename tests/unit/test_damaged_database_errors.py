"""Which drivers' errors mean the database's files are damaged (`says_damaged`): read from
real SQLite and SQLCipher files with a page overwritten, and psycopg's error classes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg.errors
import pytest

from custinfo_tui.repository.errors import asks_to_retry, says_damaged

KEY = "x'5EC7E57D0000000000000000F1C7171005000000000000000000000000000000'"


def _read_after_damage(connect: object, path: Path, key: str | None = None) -> Exception:
    """What the driver raises reading a table whose page was overwritten."""

    def opened() -> sqlite3.Connection:
        connection = connect(path)  # type: ignore[operator]
        if key is not None:
            connection.execute(f'PRAGMA key="{key}"')
        return connection

    connection = opened()
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.executemany("INSERT INTO notes VALUES (?)", [("x" * 500,)] * 100)
    connection.commit()
    connection.close()
    with path.open("r+b") as file:
        file.seek(4096 * 5)
        file.write(b"\xa5" * 4096)
    connection = opened()
    try:
        with pytest.raises(Exception) as caught:
            connection.execute("SELECT count(*), max(length(text)) FROM notes").fetchall()
    finally:
        connection.close()
    return caught.value


def test_a_malformed_page_of_a_sqlite_file_is_damage(tmp_path: Path) -> None:
    error = _read_after_damage(sqlite3.connect, tmp_path / "plain.db")
    assert says_damaged(error) and not asks_to_retry(error)


def test_a_page_of_an_encrypted_file_that_fails_its_check_is_damage(tmp_path: Path) -> None:
    sqlcipher3 = pytest.importorskip("sqlcipher3")
    error = _read_after_damage(sqlcipher3.connect, tmp_path / "encrypted.db", KEY)
    assert says_damaged(error)


def test_a_wrong_key_is_not_called_damage(tmp_path: Path) -> None:
    """SQLCipher says "file is not a database" of a wrong key, as SQLite of a file whose
    header is gone: only the second is damage."""
    sqlcipher3 = pytest.importorskip("sqlcipher3")
    path = tmp_path / "encrypted.db"
    made = sqlcipher3.connect(path)
    made.execute(f'PRAGMA key="{KEY}"')
    made.execute("CREATE TABLE notes (text TEXT)")
    made.commit()
    made.close()
    wrong = sqlcipher3.connect(path)
    wrong.execute("PRAGMA key='not-the-key'")
    with pytest.raises(sqlcipher3.DatabaseError) as caught:
        wrong.execute("SELECT count(*) FROM notes").fetchall()
    wrong.close()
    assert not says_damaged(caught.value)


def test_postgresql_data_or_index_corrupted_is_damage_and_a_deadlock_is_not() -> None:
    assert says_damaged(psycopg.errors.DataCorrupted())
    assert says_damaged(psycopg.errors.IndexCorrupted())
    assert not says_damaged(psycopg.errors.DeadlockDetected())
    assert not says_damaged(None)
