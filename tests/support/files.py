"""Copies of test databases with the permissions `custinfo init` leaves: 0600.

A plain `shutil.copyfile` follows the umask (0644 here), and the console would warn on
its login screen that others can open the file (docs/security.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from custinfo_tui.private_files import PRIVATE_FILE_MODE


def copy_private(source: Path, target: Path) -> Path:
    """Copy a database file to `target`, readable by its owner only."""
    shutil.copyfile(source, target)
    target.chmod(PRIVATE_FILE_MODE)
    return target
