"""Where a form asks for a new file to write (an export), what would stop it being written.

Checked as the form is saved, so the name is corrected in its box with nothing typed lost;
the service checks again as it writes (`open_private(..., "x")`), since the folder can
change in between. The words are `private_files.new_file_problem`'s, which the command
line says too.
"""

from __future__ import annotations

from custinfo_tui.private_files import new_file_problem as problem_at
from custinfo_tui.private_files import typed_file


def new_file_problem(typed: str) -> str | None:
    """Why no new file can be written at `typed` (as the services read it: `~` expanded,
    made absolute), or None. The message names the file or its folder, never contents."""
    return problem_at(typed_file(typed))
