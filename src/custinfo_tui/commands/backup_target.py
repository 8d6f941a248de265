"""Where `custinfo backup FILE` may write, checked before anything is read or written."""

from __future__ import annotations

import os
from pathlib import Path

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
        return f"there is no folder {target.parent}: create it first, or choose another."
    if target.exists() and not force:
        return f"{target} already exists; give --force to replace it."
    return None
