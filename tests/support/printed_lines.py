"""What a command printed, read as an 80-column terminal shows it (`terminal_lines.py`)."""

from __future__ import annotations


def too_wide(printed: str) -> list[str]:
    """The lines of `printed` wider than 79 columns, which an 80-column terminal would cut
    wherever its edge fell: none but a command to copy (indented) or one word (a path, a
    hash) kept whole, as wrapping at words never breaks either."""
    return [
        line
        for line in printed.splitlines()
        if len(line) > 79 and not line.startswith("  ") and len(line.split()) > 1
    ]


def words(printed: str) -> str:
    """`printed` read as words, its lines joined: what it says, whatever the width it was
    wrapped to."""
    return " ".join(printed.split())
