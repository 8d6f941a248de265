"""What a command prints for someone to read at a terminal, wrapped at words to its width.

A terminal cuts a line longer than it is wide wherever its edge falls ("no re" / "cord
opened"). Sentences are wrapped at spaces instead, to the terminal's width
(`shutil.get_terminal_size`: the `COLUMNS` variable, else the terminal's own, else 80),
one column short of it, so that the cursor never waits past the edge. A command for the
reader to copy and run next (`ToRun`) is never wrapped: it stands on a line of its own,
indented, whole even when it is wider than the terminal (a long `--db` path), so that
the line copied is the command as it must be typed; one quoted in a sentence
(`custinfo audit seal`) is wrapped as one word where it fits on a line. A sentence that
follows a lead (an indent, a step's time, a marking point's number: `Aligned`) continues
under its own first word, so a report's items stay apart: a note's further lines under
the note, not at column 0. `say` prints them (`fail` a command's refusal, on standard
error); `as_parts` reads lines written one a line.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from custinfo_tui.domain.text import printable_in_lines

#: Narrower than this, a sentence would stand a word a line: wrapped at this instead.
NARROWEST = 40


@dataclass(frozen=True)
class ToRun:
    """A command for the reader to copy and run next."""

    command: str


@dataclass(frozen=True)
class Aligned:
    """A sentence after `lead` ("  ", "  10:31:05  ", "MP-08 "), its further lines indented
    to the column it starts at; `keep` ("[MP-03 +, MP-05 +]", "not met"), when given, ends
    it after `gap`, never broken: on the sentence's last line where it fits, else on a line
    of its own under the sentence."""

    lead: str
    text: str
    keep: str = ""
    gap: str = "  "


def terminal_width() -> int:
    """The width to wrap at: the terminal's less its last column (80 when unknown: the
    fallback `shutil.get_terminal_size` gives)."""
    columns = shutil.get_terminal_size().columns
    return max(columns - 1, NARROWEST)


def terminal_lines(*parts: str | ToRun | Aligned, width: int | None = None) -> list[str]:
    """The lines of `parts`, in order: each sentence wrapped at spaces to `width` (the
    terminal's by default), never inside a word or a path, an `Aligned` one's further lines
    under its first word; each command on a line of its own, indented by two spaces, never
    broken."""
    width = terminal_width() if width is None else width
    lines: list[str] = []
    for part in parts:
        if isinstance(part, ToRun):
            lines.append(f"  {part.command}")
        elif isinstance(part, Aligned):
            lines += _aligned(part, width)
        else:
            lines += _wrapped(part, width) or [""]
    return lines


def say(*parts: str | ToRun | Aligned, to: TextIO | None = None) -> None:
    """Print `parts` as `terminal_lines` lays them out at the terminal's width, made inert
    (`printable_in_lines`): what a command says to the person who ran it (on standard
    output, or `to`: `sys.stderr` for a refusal)."""
    if parts:
        print(printable_in_lines("\n".join(terminal_lines(*parts))), file=to or sys.stdout)


def fail(message: str) -> int:
    """Say `message` on standard error after "custinfo: ", made inert and wrapped at words
    to the terminal's width: a command's refusal. Returns the exit status 1."""
    say(f"custinfo: {message}", to=sys.stderr)
    return 1


def as_parts(lines: Iterable[str]) -> list[str | ToRun | Aligned]:
    """Lines written one a line, as `terminal_lines` takes them: one indented two spaces
    a command to copy (`ToRun`), or, in brackets, a note under the line before it
    (`Aligned`); any other a sentence, wrapped at words."""
    parts: list[str | ToRun | Aligned] = []
    for line in lines:
        if line.startswith("  ("):
            parts.append(Aligned("  ", line[2:]))
        else:
            parts.append(ToRun(line[2:]) if line.startswith("  ") else line)
    return parts


#: A command quoted in a sentence (`custinfo audit seal`): wrapped as one word, whole,
#: where it fits on a line (else at its spaces: past the edge the terminal would cut it).
_QUOTED = re.compile(r"`[^`\n]*`")
#: Stands for a space inside a quoted command while the sentence is wrapped (private use:
#: never in text the console prints, and not a space to `textwrap`).
_HELD_SPACE = "\ue000"


def _wrapped(text: str, width: int, lead: str = "", indent: str = "") -> list[str]:
    room = width - len(indent) - 1  # and a comma or a full stop after it

    def hold(quoted: re.Match[str]) -> str:
        command = quoted[0]
        return command.replace(" ", _HELD_SPACE) if len(command) <= room else command

    held = _QUOTED.sub(hold, text)
    lines = textwrap.wrap(
        held,
        width,
        initial_indent=lead,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_HELD_SPACE, " ") for line in lines]


def _aligned(part: Aligned, width: int) -> list[str]:
    indent = " " * len(part.lead)
    lines = _wrapped(part.text, width, part.lead, indent)
    if not lines:
        return [f"{part.lead}{part.keep}".rstrip()]
    if part.keep:
        if len(lines[-1]) + len(part.gap) + len(part.keep) <= width:
            lines[-1] = f"{lines[-1]}{part.gap}{part.keep}"
        else:
            lines.append(f"{indent}{part.keep}")
    return lines
