"""Files and folders only their owner can open, whatever the umask (MP-11).

The database, its `-wal` and `-shm` files, the log, and anything else the console writes
that holds personal data (and the planned exports, backups and rejects files) are created
with these helpers:
folders 0700, files 0600. A umask can only take permissions away, so each one is also set
explicitly after creation: a permissive umask (0o000) cannot widen them, and an odd one
(0o277) cannot leave the owner unable to write.

SQLite creates `-wal` and `-shm` itself, with the permissions of the database file, so a
database file created here first keeps its companions private too.

Standard library only: every layer may use it, and the console's first frame does not wait
for it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import IO, Any

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
#: Permission bits for the group and for everyone else: any of them set, the file is shared.
NOT_OWNER_BITS = 0o077


def private_dir(path: Path) -> Path:
    """Create the folder `path` (0700) if it is missing; returns it.

    Parent folders it has to create get the usual permissions: they are not the console's
    (`~/.local/share`). A folder that already exists is left as it is, since it may be
    the operator's own (`--db ./desk.db`); `make_private` tightens one on purpose.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE)
    except FileExistsError:
        return path
    os.chmod(path, PRIVATE_DIR_MODE)
    return path


def create_private_file(path: Path) -> bool:
    """Create `path` empty with 0600 if it does not exist; True if it was created.

    An existing file is left untouched (its content and its permissions).
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    try:
        os.fchmod(descriptor, PRIVATE_FILE_MODE)
    finally:
        os.close(descriptor)
    return True


def open_private(path: Path, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """Open `path` for writing as `open()` would, the file readable by its owner only.

    `mode` is one of open()'s writing modes ("w", "a", "x", with "b" or "+"). A new file
    is created 0600; an existing one is set to 0600 before anything is written to it, so
    personal data never lands in a file others can read. Keyword arguments go to `open()`
    (encoding, newline...).
    """
    if not any(letter in mode for letter in "wax"):
        raise ValueError(f"open_private is for writing, not mode {mode!r}")

    def opener(name: str, flags: int) -> int:
        descriptor = os.open(name, flags, PRIVATE_FILE_MODE)
        try:
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
        except BaseException:
            os.close(descriptor)
            raise
        return descriptor

    return open(path, mode, opener=opener, **kwargs)


def already_there(path: Path) -> str:
    """Why a new file cannot be created at `path`, which exists: in words for the user."""
    if path.is_dir():
        return "That is a folder: add a file name to it."
    return "That file exists already: choose another name."


def typed_file(typed: str) -> Path:
    """The file a name typed for a new file means: spaces round it dropped, `~` expanded,
    and made absolute against the working directory, so what is said of it ("Evidence
    written to ...", "There is no folder ...") names it whole wherever it was typed."""
    return Path(os.path.abspath(Path(typed.strip()).expanduser()))


def new_file_problem(path: Path) -> str | None:
    """Why no new file can be created at `path`, in words naming it, or None: the check a
    form makes as it is saved and a command before it starts, so both say the same."""
    if path.exists() or path.is_symlink():
        return already_there(path)
    if path.parent.is_dir():
        return None
    problem = missing_folder(path.parent, "choose another")
    return problem[:1].upper() + problem[1:] if problem.startswith("there ") else problem


def not_written(path: Path, error: OSError) -> str:
    """Why the new file `path` was not written, from the error its creation raised: the
    words `new_file_problem` uses when the folder changed meanwhile, else the reason."""
    if isinstance(error, FileExistsError):
        return already_there(path)
    return new_file_problem(path) or f"Could not write {path}: {unwritable_reason(error)}."


def make_private(path: Path) -> bool:
    """Take the group's and everyone else's permissions off an existing file or folder.

    `-rw-r--r--` becomes `-rw-------`, `drwxr-xr-x` becomes `drwx------`. Returns True if
    anything changed; a missing path is no error (a `-wal` file comes and goes).
    """
    mode = permission_bits(path)
    if mode is None or not mode & NOT_OWNER_BITS:
        return False
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, mode & ~NOT_OWNER_BITS)
    return True


def permission_bits(path: Path) -> int | None:
    """The file's permission bits (e.g. 0o644), or None if there is no such file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def missing_folder(folder: Path, then: str) -> str:
    """Why a file cannot be made in `folder`, which is not a folder: it, or a folder it
    would be in, is a file (`bk/b1.db/x.db` with `bk/b1.db` a backup), or it is missing.
    `then` says what to do instead ("choose another")."""
    for place in (folder, *folder.parents):
        if place.exists() or place.is_symlink():
            if place.is_dir():
                break
            return f"{place} is a file, not a folder: {then}."
    return f"there is no folder {folder}: create it first, or {then}."


#: What each error the system gives for a file it cannot create means, in words.
_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "it is on a read-only file system",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.ENOENT: "it is not a regular folder files can be created in",
    errno.ENOTDIR: "it is not a regular folder files can be created in",
    errno.EINVAL: "it is not a regular folder files can be created in",
}


def unwritable_reason(error: OSError) -> str:
    """The reason an OSError gives for a file not written, in words (never its path): for
    `custinfo backup` and the legacy import's rejects file alike."""
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    return (error.strerror or type(error).__name__).lower()
