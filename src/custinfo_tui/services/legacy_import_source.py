"""What an import has read of its file, as its checkpoint records it (`legacy_imports`:
`source_bytes`, `source_sha256`; migration 0031): the length and SHA-256 of the file's first
bytes, up to the end of the last line of the last row done.

An import is known by the SHA-256 of its whole file, so a file corrected after an
interruption is another file. These say whether the changed file still begins with the
very bytes the import had read: then the rows it stored are the same rows, numbered the
same, and it may go on with the changed file from its checkpoint (`custinfo import
--continue-changed`) without storing anyone twice. A change in those first bytes (a row
the import already stored, or refused, corrected) means it may not.

The rows are counted in lines as Python's csv reader counts them (a line ends at "\\r\\n",
"\\r" or "\\n"; a row read over several lines counts them all: LegacyFile.line_at), and the
file's bytes are hashed line by line as the checkpoint moves, from a second handle on the
file. The encodings the import reads (UTF-8, Windows-1252) write those line ends as those
bytes and no other.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from custinfo_tui.services.closed_on_exit import ClosedOnExit

#: A line's end, as Python's csv reader (and `open(newline="")`) sees one.
_LINE_END = re.compile(rb"\r\n|\r|\n")
_CHUNK = 1 << 16


class ReadPrefix(ClosedOnExit):
    """The SHA-256 of a file's first lines, moved forward a number of lines at a time."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb")
        self._digest = hashlib.sha256()
        #: Lines hashed so far, and the bytes they take.
        self.lines = 0
        self.length = 0

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def advance_to(self, lines: int) -> None:
        """Take in the file's lines up to line `lines` (from the start of the file). The
        last line of a file may have no line end: the end of the file ends it."""
        while self.lines < lines:
            self._file.seek(self.length)
            chunk = self._file.read(_CHUNK)
            if not chunk:
                self.lines = lines  # nothing more to read: the file ends the last line
                return
            at_end = self.length + len(chunk) >= os.fstat(self._file.fileno()).st_size
            taken = self._lines_in(chunk, lines, at_end=at_end)
            self._digest.update(chunk[:taken])
            self.length += taken

    def _lines_in(self, chunk: bytes, lines: int, *, at_end: bool) -> int:
        """How much of `chunk` (read from `self.length`) to take, counting its lines up to
        `lines`: to the end of the last line wanted, or all of it. A "\\r" closing a chunk
        that is not the file's end is left for the next, which may begin with its "\\n"."""
        if not at_end:  # nearly every chunk: all its lines end alike, and it is taken whole
            ends, returns = chunk.count(b"\n"), chunk.count(b"\r")
            alike = not returns or returns == ends == chunk.count(b"\r\n")
            if alike and self.lines + ends < lines:
                self.lines += ends
                return len(chunk)
        for found in _LINE_END.finditer(chunk):
            if found.end() == len(chunk) and found.group() == b"\r" and not at_end:
                return found.start()  # not 0: a chunk that is not the file's end is long
            self.lines += 1
            if self.lines == lines:
                return found.end()
        if at_end:
            self.lines += 1  # a last line without a line end
        return len(chunk)

    def close(self) -> None:
        self._file.close()


def begins_with_what_was_read(path: Path, length: int, sha256: str) -> bool:
    """Whether the file at `path` begins with the `length` bytes whose SHA-256 a checkpoint
    recorded, and those end where a line does in it too."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        left = length
        while left > 0:
            block = file.read(min(left, _CHUNK))
            if not block:
                return False  # shorter than what was read
            digest.update(block)
            left -= len(block)
        if digest.hexdigest() != sha256:
            return False
        if length == 0:
            return True
        file.seek(length - 1)
        last, after = file.read(1), file.read(1)
    # What was read ended with a line's end, or with the file (a last line without one):
    # then the changed file must end there too, or its last row read is not the same row.
    return last in (b"\n", b"\r") or after == b""
