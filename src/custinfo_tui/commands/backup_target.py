"""Where `custinfo backup FILE` may write, checked before anything is read or written."""

from __future__ import annotations

import os
from pathlib import Path

from custinfo_tui.private_files import missing_folder

#: The files SQLite keeps beside a database (`repository.backup.COMPANION_SUFFIXES`).
_COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def is_the_database_or_beside_it(path: Path, database: Path) -> bool:
    """Whether `path` is the SQLite database's file or one of its `-wal`, `-shm` and
    `-journal` files (by any name: a link, another spelling, a hard link to one): a backup
    written there, or restored from there, is the live database's own data."""
    own = [
        file.resolve()
        for named in {database.absolute(), database.resolve()}
        for file in (named, *(named.with_name(named.name + s) for s in _COMPANION_SUFFIXES))
    ]
    if path.resolve() in own:
        return True
    if not path.exists():
        return False
    return any(file.exists() and os.path.samefile(path, file) for file in own)


def backup_target_problem(target: Path, *, force: bool, example: str) -> str | None:
    """Why no backup can be written at `target`, or None; `example`, a file name to
    suggest when `target` is a folder."""
    if target.is_dir():
        return f"{target} is a folder: add a file name to it, for example {target / example}."
    if not target.parent.is_dir():
        return missing_folder(target.parent, "choose a file name in a folder")
    if target.exists() and not force:
        return f"{target} already exists; give --force to replace it."
    return None


def not_written(target: Path, reason: str) -> str:
    """What `backup` says when the backup could not be written at `target`, for `reason`
    (`unwritable_reason`, or SQLite's words for a copy it could not finish)."""
    folder = target.parent.absolute()
    return (
        f"the backup cannot be written in the folder {folder}: {reason}. No backup file "
        "was left there; choose another folder."
    )
