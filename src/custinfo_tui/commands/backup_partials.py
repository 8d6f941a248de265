"""A backup's copy while it is written and checked: `.NAME.partial` beside the target
(docs/backups.md, "Taking a backup"), held by the backup writing it, and removed by the next
backup into the same folder once nothing holds it.

The copy holds every customer. A backup that ends, however it ends short of `kill -9`,
removes it; one killed leaves it (with SQLite's `-wal` and `-shm` beside it), hidden by its
dot. So each backup holds an exclusive lock (`flock`) on `.NAME.partial.lock` from before
its copy exists until after the copy is gone: the operating system lets go of the lock
when the process ends, however it ends. Before writing its own copy, a backup sweeps the
folder: a copy whose lock nobody holds was left by a backup that is dead, and goes; one
whose lock is held is being written now, and stays.

A copy left by a custinfo from before the lock (no `.lock` beside it) cannot be asked: it
goes only once nothing has written to it for a day (no backup spends a day without
writing its copy), and is otherwise named, for the administrator to judge.
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from custinfo_tui.private_files import PRIVATE_FILE_MODE

#: What a backup's copy is called beside its target, and the files beside the copy.
PARTIAL_SUFFIX = ".partial"
LOCK_SUFFIX = ".lock"
_COMPANIONS = ("-wal", "-shm", "-journal")
#: A copy, its companions or its lock: `.NAME.partial`, `.NAME.partial-wal`, ...
_LEFT_BEHIND = re.compile(r"^(\..+\.partial)(-wal|-shm|-journal|\.lock)?$")
#: A copy without a lock, untouched this long, was left by a backup that is not running.
UNLOCKED_IDLE_SECONDS = 24 * 60 * 60


class BackupInProgress(Exception):
    """Another backup to the same file is being written now."""


def staged_path(target: Path) -> Path:
    """Where the backup of `target` is written and checked before it is renamed to it."""
    return target.with_name(f".{target.name}{PARTIAL_SUFFIX}")


@contextmanager
def staging(target: Path) -> Iterator[Path]:
    """Hold the lock of `target`'s copy for the block, which writes the copy: yields where.
    The copy and its companions are removed when the block ends, the lock last.
    BackupInProgress if another backup to `target` holds it; OSError if the folder takes no
    new file (the caller says why)."""
    staged = staged_path(target)
    lock = _lock_of(staged)
    descriptor = _hold(lock, create=True)
    if descriptor is None:
        raise BackupInProgress(
            f"another backup to {target.name} is being written in {target.parent.absolute()} "
            "now: wait for it to end, or give another name. Nothing was changed."
        )
    try:
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())  # for whoever looks
        _remove_copy(staged)  # the name is this backup's now: nothing of another's is kept
        yield staged
    finally:
        _remove_copy(staged)
        lock.unlink(missing_ok=True)
        os.close(descriptor)  # lets go of the lock


@dataclass
class Sweep:
    """What sweeping a folder did: the copies removed (each with the companions that were
    beside it) and those left, a backup from before the lock perhaps still writing them."""

    removed: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What to tell the administrator, one line a copy; nothing when nothing was found."""
        said = [
            f"Removed {name} beside it: the copy a backup stopped before it finished had "
            "left there (it held every customer)."
            for name in self.removed
        ]
        said += [
            f"Left {name} beside it: a backup's copy from an earlier custinfo, which records "
            "no lock, written to within a day; if no backup is running there, delete it and "
            "the -wal and -shm beside it (it holds every customer)."
            for name in self.left
        ]
        return said


def sweep_stale_copies(target: Path, *, now: float | None = None) -> Sweep:
    """Before backing up to `target`, remove the copies that backups no longer running left
    in its folder (module docstring): what was removed and what was left. A copy without a
    lock named as `target`'s own is removed whatever its age, as this backup writes over
    it. A folder that cannot be listed is left as it is."""
    sweep = Sweep()
    folder, own = target.parent, staged_path(target).name
    try:
        names = [entry.name for entry in folder.iterdir()]
    except OSError:
        return sweep
    copies = sorted({match.group(1) for name in names if (match := _LEFT_BEHIND.match(name))})
    for name in copies:
        staged = folder / name
        lock = _lock_of(staged)
        if lock.exists():
            descriptor = _hold(lock, create=False)
            if descriptor is None:
                continue  # a backup is writing it now
            try:
                removed = _remove_copy(staged)
                lock.unlink(missing_ok=True)
            finally:
                os.close(descriptor)
        elif name == own or _idle_since(staged) < (now or time.time()) - UNLOCKED_IDLE_SECONDS:
            removed = _remove_copy(staged)
        else:
            sweep.left.append(name)
            continue
        if removed:
            sweep.removed.append(_described(name, removed))
    return sweep


def _hold(lock: Path, *, create: bool) -> int | None:
    """An open descriptor holding `lock` exclusively, or None if another process holds it
    (or, with `create` False, it is gone). The file the lock is taken on must still be the
    one at `lock` once taken: its owner may have removed it in between, and a lock on a
    removed file guards nothing."""
    flags = os.O_RDWR | (os.O_CREAT if create else 0)
    while True:
        try:
            descriptor = os.open(lock, flags, PRIVATE_FILE_MODE)
        except FileNotFoundError:
            if create:
                raise
            return None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return None
        try:
            held = os.fstat(descriptor)
            now_there = os.stat(lock)
            if (held.st_dev, held.st_ino) == (now_there.st_dev, now_there.st_ino):
                return descriptor
        except FileNotFoundError:
            pass
        os.close(descriptor)
        if not create:
            return None


def _remove_copy(staged: Path) -> list[str]:
    """Remove a copy and the files SQLite kept beside it: the suffixes of those that were
    there ("" for the copy itself)."""
    removed = []
    for suffix in ("", *_COMPANIONS):
        try:
            staged.with_name(staged.name + suffix).unlink()
        except FileNotFoundError:
            continue
        removed.append(suffix)
    return removed


def _idle_since(staged: Path) -> float:
    """When the copy or a file beside it was last written (0 if none is there)."""
    times = []
    for suffix in ("", *_COMPANIONS):
        try:
            times.append(staged.with_name(staged.name + suffix).stat().st_mtime)
        except FileNotFoundError:
            continue
    return max(times, default=0.0)


def _lock_of(staged: Path) -> Path:
    return staged.with_name(staged.name + LOCK_SUFFIX)


def _described(name: str, removed: list[str]) -> str:
    beside = [suffix for suffix in removed if suffix]
    if not beside:
        return name
    if "" not in removed:
        return f"{name}'s {', '.join(beside)}"
    return f"{name} (with its {', '.join(beside)})"
