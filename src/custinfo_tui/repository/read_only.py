"""A check leaves a SQLite file's folder as it found it (docs/backups.md, "Checking a
backup"): no `-wal` and `-shm` left beside a database in WAL mode.

SQLite opens a database in WAL mode through its `-wal` and `-shm` files (the log, and the
index in shared memory by which connections agree on it), and creates them when they are
missing, even for a connection opened read-only (`mode=ro`), the folder permitting. Only
the last connection to close removes them, once it has checkpointed the log into the
file, and a read-only one cannot checkpoint: `custinfo audit verify` or `custinfo doctor`
of a WAL database nobody had open left an empty FILE-wal and FILE-shm beside it.

Once the check's connections are closed, `remove_what_a_check_left` has SQLite remove
them the way it always does: a connection that may write is opened and closed. SQLite
removes them on close only if it is the last connection to the database (it takes the
exclusive lock that any other connection's shared lock refuses), after checkpointing a
log that is empty, so nothing is written to the database file. It does so only for files
the check created: both missing before its first connection, the log still empty after
its last. A database a console has open had both already, and they are not touched; a
console that opened it during the check holds its lock, so SQLite leaves them to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from custinfo_tui.repository import encryption

#: The files SQLite keeps beside a database in WAL mode.
_LOG_SUFFIXES = ("-wal", "-shm")


def open_by_uri(path: Path, mode: str) -> Callable[..., None]:
    """A `do_connect` hook: SQLite opens `path` as a URI with `mode` (`ro`: nothing this
    connection does writes to it; `rw`: the file must exist, none is created). SQLCipher's
    driver takes the same arguments."""
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"

    def by_uri(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
        cargs[:1] = [uri]
        cparams["uri"] = True

    return by_uri


def remove_what_a_check_left(engine: Engine, path: Path) -> None:
    """Have the read-only `engine` on `path` leave no `-wal` and `-shm` of its own making
    once it is disposed (module docstring)."""
    found: list[bool] = []  # whether either was there as the first connection opened

    def before_the_first(*_args: Any) -> None:
        if not found:
            found.append(any(_beside(path, suffix).exists() for suffix in _LOG_SUFFIXES))

    def disposed(disposed_engine: Engine) -> None:
        if found and not found[0] and _made_and_empty(path):
            _close_as_the_last(disposed_engine.url, path)

    event.listen(engine, "do_connect", before_the_first)
    event.listen(engine, "engine_disposed", disposed)


def _made_and_empty(path: Path) -> bool:
    """Whether a `-wal` or `-shm` is beside `path` now, the log holding nothing: a log with
    frames in it was written by another connection, whose data it is."""
    log = _beside(path, "-wal")
    if log.exists() and log.stat().st_size > 0:
        return False
    return any(_beside(path, suffix).exists() for suffix in _LOG_SUFFIXES)


def _close_as_the_last(url: URL, path: Path) -> None:
    """Open `path` (with its key, if it has one) for writing, read its schema, and close it:
    SQLite removes the `-wal` and `-shm` as the last connection, or leaves them to the
    connection that still has the database open. A file this account may not write is
    opened read-only by SQLite, which then removes nothing: they are left as they are."""
    cleaner = create_engine(url, poolclass=NullPool)
    event.listen(cleaner, "do_connect", open_by_uri(path, "rw"))
    if encryption.is_encrypted(url):
        event.listen(cleaner, "connect", encryption.silence_sqlcipher_log)
    try:
        with cleaner.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master")
    except DBAPIError:
        pass  # gone, or locked: what is beside it is left as it is
    finally:
        cleaner.dispose()


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)
