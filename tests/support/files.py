"""File permissions in tests: copies of test databases with the permissions `custinfo init`
leaves (0600), a file's mode, and a umask set for the length of a test.

A plain `shutil.copyfile` follows the umask (0644 here), and the console would warn on
its login screen that others can open the file (docs/security.md).
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from custinfo_tui.private_files import PRIVATE_FILE_MODE


def copy_private(source: Path, target: Path) -> Path:
    """Copy a database file to `target`, readable by its owner only."""
    shutil.copyfile(source, target)
    target.chmod(PRIVATE_FILE_MODE)
    return target


def mode_of(path: Path) -> int:
    """The permission bits of `path`, e.g. 0o600."""
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def umask_set_to(mask: int) -> Iterator[None]:
    """Run with `mask` as the process's umask; the old one is put back after."""
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)
