"""What a command prints for someone to read at a terminal, wrapped at words to its width.

A terminal cuts a line longer than it is wide wherever its edge falls ("no re" / "cord
opened"). Sentences are wrapped at spaces instead, to the terminal's width
(`shutil.get_terminal_size`: the `COLUMNS` variable, else the terminal's own, else 80),
one column short of it, so that the cursor never waits past the edge. A command for the
reader to copy and run next (`ToRun`) is never wrapped: it stands on a line of its own,
indented, whole even when it is wider than the terminal (a long `--db` path), so that
the line copied is the command as it must be typed.
"""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass

#: Narrower than this, a sentence would stand a word a line: wrapped at this instead.
NARROWEST = 40


@dataclass(frozen=True)
class ToRun:
    """A command for the reader to copy and run next."""

    command: str


def terminal_width() -> int:
    """The width to wrap at: the terminal's less its last column (80 when unknown: the
    fallback `shutil.get_terminal_size` gives)."""
    columns = shutil.get_terminal_size().columns
    return max(columns - 1, NARROWEST)


def terminal_lines(*parts: str | ToRun, width: int | None = None) -> list[str]:
    """The lines of `parts`, in order: each sentence wrapped at spaces to `width` (the
    terminal's by default), never inside a word or a path; each command on a line of its
    own, indented by two spaces, never broken."""
    width = terminal_width() if width is None else width
    lines: list[str] = []
    for part in parts:
        if isinstance(part, ToRun):
            lines.append(f"  {part.command}")
        else:
            words = textwrap.wrap(part, width, break_long_words=False, break_on_hyphens=False)
            lines += words or [""]
    return lines
