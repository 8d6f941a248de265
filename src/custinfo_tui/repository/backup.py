"""Copying, checking and replacing the embedded SQLite database file (docs/backups.md).

`copy_online` uses SQLite's online backup API: one read transaction over the source, so
the copy is a consistent snapshot while consoles go on writing (in WAL mode a reader does
not block writers). An encrypted database is copied page for page into a file keyed with
the same key: SQLCipher refuses to back up into a plaintext file, so a backup of an
encrypted database can never be a readable copy.

`install` puts a checked copy in place of the database the way an editor saves a file:
written beside it, flushed to disk, renamed over it, so a crash leaves the old database or
the new one, never half of one.
"""

from __future__ import annotations

import itertools
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine

from custinfo_tui.domain.replaced_copies import ReplacedCopy
from custinfo_tui.private_files import PRIVATE_FILE_MODE, open_private
from custinfo_tui.repository.migrate import alembic_config

#: The files SQLite keeps beside a database: they belong to the file they sit beside, and
#: an old one beside a new database would be replayed into it.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
#: What the database a restore replaced is kept as beside it: `custinfo.db.replaced-...`,
#: then the time of the restore (UTC) in this form, and `-2`, `-3`... when that is taken.
REPLACED_INFIX = ".replaced-"
REPLACED_STAMP = "%Y%m%d-%H%M%S"
_REPLACED_NAME = re.compile(r"^(\d{8}-\d{6})(?:-\d+)?$")
#: How long to wait for another connection before calling the database in use (ms).
_IN_USE_WAIT_MS = 500


class DatabaseFileInUse(Exception):
    """Another console or command has the database open. The message is safe to show."""

    def __init__(self, database: Path) -> None:
        super().__init__(
            f"{database} is open in a console or another custinfo command: close them all "
            "(their unsaved work would be lost), then restore again. Nothing was changed."
        )


class CopyNotWritten(Exception):
    """SQLite could not write the copy (a full disk, an I/O error, a file it may not
    write). The message is SQLite's first line, which names no value."""


def copy_online(source: Engine, target: Engine) -> None:
    """Copy the whole of `source` into `target` (both SQLite, the same key if encrypted),
    leaving `target` one self-contained file (rollback journal, no `-wal`).

    Raises CopyNotWritten when the driver refuses the copy's writing.
    """
    source_raw = source.raw_connection()
    target_raw = target.raw_connection()
    try:
        # pages=-1: in one step, so one snapshot; a step-by-step copy restarts whenever
        # another connection writes, and could never finish beside a busy console.
        _driver(source_raw).backup(_driver(target_raw), pages=-1)
        cursor = target_raw.cursor()
        cursor.execute("PRAGMA journal_mode=DELETE")
        cursor.close()
    except target.dialect.loaded_dbapi.Error as error:
        raise CopyNotWritten(str(error).splitlines()[0] if str(error) else "not written") from None
    finally:
        target_raw.close()
        source_raw.close()


def is_known_revision(revision: str | None) -> bool:
    """Whether this version of custinfo has the migration a database is at (a backup from
    a newer version has one it does not)."""
    if revision is None:
        return False
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def close_for_replacement(engine: Engine, database: Path) -> None:
    """Fold the write-ahead log into the database file and leave WAL mode, which needs the
    only connection to it: raises DatabaseFileInUse when another one exists."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"PRAGMA busy_timeout={_IN_USE_WAIT_MS}")
        try:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            (mode,) = cursor.execute("PRAGMA journal_mode=DELETE").fetchone()
        except Exception:
            raise DatabaseFileInUse(database) from None
        if str(mode).lower() != "delete":
            raise DatabaseFileInUse(database)
        cursor.close()
    finally:
        raw.invalidate()
        engine.dispose()


def copy_private(source: Path, target: Path) -> None:
    """Copy `source` to `target` (created or truncated, 0600), flushed to disk."""
    with source.open("rb") as reading, open_private(target, "wb") as writing:
        while chunk := reading.read(1024 * 1024):
            writing.write(chunk)
        writing.flush()
        os.fsync(writing.fileno())


def keep_replaced(database: Path, at: datetime | None = None) -> Path:
    """Keep the database a restore is about to replace beside it, as
    `NAME.replaced-YYYYMMDD-HHMMSS` (UTC; `-2`, `-3`... after it should that name be taken),
    readable by its owner only: its trail since the backup and its personal data are
    evidence of what the restore undid (docs/backups.md). A second name for the same file
    (a hard link: nothing copied, the rename over it then leaves it whole), or a private
    copy where the file system has no links. Called once the database has left WAL mode,
    so the file holds all of it."""
    stamp = f"{at or datetime.now(UTC):{REPLACED_STAMP}}"
    names = (f"{stamp}-{n}" if n > 1 else stamp for n in itertools.count(1))
    for kept in (database.with_name(f"{database.name}{REPLACED_INFIX}{n}") for n in names):
        if kept.exists():
            continue
        try:
            os.link(database, kept)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (some network and FAT file systems)
            copy_private(database, kept)
        os.chmod(kept, PRIVATE_FILE_MODE)
        return kept
    raise AssertionError("itertools.count never ends")


def replaced_copies(database: Path) -> list[ReplacedCopy]:
    """The copies `keep_replaced` kept beside `database` (the files SQLite may keep beside
    one of them left out), oldest first, for `custinfo doctor` to name."""
    prefix = f"{database.name}{REPLACED_INFIX}"
    try:
        found = [path for path in database.parent.iterdir() if path.name.startswith(prefix)]
    except OSError:  # a folder this account cannot list: nothing it can name
        return []
    copies = [
        ReplacedCopy(path, _replaced_at(path.name.removeprefix(prefix)), path.stat().st_size)
        for path in sorted(found)
        if not path.name.endswith(COMPANION_SUFFIXES) and path.is_file()
    ]
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(copies, key=lambda copy: copy.replaced_at or oldest)


def _replaced_at(stamp: str) -> datetime | None:
    """When the restore replaced a copy, from the rest of its name; None for a name
    changed since."""
    match = _REPLACED_NAME.match(stamp)
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(1), REPLACED_STAMP).replace(tzinfo=UTC)
    except ValueError:  # digits that are no time
        return None


def install(staged: Path, database: Path) -> None:
    """Rename the checked file `staged` over `database`, after removing the old file's
    companions; the folder is flushed so the rename survives a crash."""
    for companion in companions(database):
        companion.unlink(missing_ok=True)
    os.replace(staged, database)
    _fsync_folder(database.parent)


def companions(database: Path) -> tuple[Path, ...]:
    """The `-wal`, `-shm` and `-journal` files SQLite may keep beside `database`."""
    return tuple(database.with_name(database.name + suffix) for suffix in COMPANION_SUFFIXES)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _driver(raw: Any) -> Any:
    """The driver's own connection (sqlite3 or sqlcipher3), which has `backup`."""
    return raw.driver_connection
