"""Where a form asks for a new file to write (an export), what would stop it being written.

Checked as the form is saved, so the name is corrected in its box with nothing typed lost;
the service checks again as it writes (`open_private(..., "x")`), since the folder can
change in between.
"""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.private_files import already_there


def new_file_problem(typed: str) -> str | None:
    """Why no new file can be written at `typed` (as the services read it: `~` expanded),
    or None. The message names the folder, never the file's contents."""
    path = Path(typed.strip()).expanduser()
    if path.exists():
        return already_there(path)
    if not path.parent.is_dir():
        return f"There is no folder {path.parent}: create it first, or choose another."
    return None
