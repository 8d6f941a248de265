"""Whether a legacy file's bytes are in the encoding its mapping names, told from the
whole file before anything is imported (services/legacy_import.py reads every byte for
the file's SHA-256 anyway, and this looks at the same blocks).

Found touring the import as an administrator would: a Windows-1252 file read as UTF-8
refused every row holding a letter beyond ASCII (Zoë, Seán), stored the others, and then
refused the file again with the encoding corrected, as a file imported already; a UTF-8
file read as Windows-1252 stored "Ãœrsula" for Ürsula wherever the two characters it
became were letters, and refused the other rows for a "«" nobody typed. So a file that is
plainly in the other encoding is refused whole, before anything is stored:

- read as UTF-8, a file whose bytes beyond ASCII never once form UTF-8, and are all
  characters of Windows-1252, is Windows-1252 text;
- read as Windows-1252, a file whose bytes beyond ASCII all form UTF-8 is UTF-8 text.

A UTF-8 file with a damaged cell (UTF-8 elsewhere in it) is not the wrong encoding: its
rows are refused one by one, with the bytes named, as before. The message names a line
and at most one byte, never a value.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from custinfo_tui.services.errors import ServiceError

#: Bytes the UTF-8 decoder could not read arrive as lone surrogates (surrogateescape).
_UNDECODED = re.compile("[\udc80-\udcff]")
#: A character beyond ASCII that UTF-8 did read.
_DECODED = re.compile("[\x80-\ud7ff\ue000-\U0010ffff]")
#: Bytes Windows-1252 leaves undefined: a file holding one is not Windows-1252 text.
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_BOM = b"\xef\xbb\xbf"


class EncodingSniff:
    """What the bytes of a file, given block by block from its start, say of its
    encoding: where the first byte UTF-8 cannot read is, where the first character UTF-8
    reads beyond ASCII is, and whether any byte is one Windows-1252 leaves undefined."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self._lines = 0  # line breaks in the blocks before this one
        self._started = False
        #: (line, byte) of the first byte UTF-8 cannot read.
        self.first_undecoded: tuple[int, int] | None = None
        #: The line of the first character beyond ASCII written as UTF-8.
        self.first_utf8_line: int | None = None
        self.cp1252_undefined = False

    def update(self, block: bytes) -> None:
        if not self._started:
            self._started = True
            block = block.removeprefix(_BOM)  # the mapping's byte-order mark rule covers it
        if not block.isascii() or self._decoder.getstate()[0]:  # or a character split
            self._look_at(block)
        self._lines += block.count(b"\n")

    def _look_at(self, block: bytes) -> None:
        if not self.cp1252_undefined:
            self.cp1252_undefined = any(byte in block for byte in _CP1252_UNDEFINED)
        text = self._decoder.decode(block)
        if self.first_undecoded is None and (bad := _UNDECODED.search(text)):
            line = self._lines + text.count("\n", 0, bad.start()) + 1
            self.first_undecoded = (line, ord(bad.group()) - 0xDC00)
        if self.first_utf8_line is None and (good := _DECODED.search(text)):
            self.first_utf8_line = self._lines + text.count("\n", 0, good.start()) + 1


def refuse_another_encoding(sniff: EncodingSniff, source: Path, encoding: str) -> None:
    """ServiceError when the file is plainly in another encoding than the mapping's
    (module docstring), saying which line shows it and what to set."""
    nothing = "Nothing was imported."
    if encoding == "cp1252":
        if sniff.first_undecoded is None and sniff.first_utf8_line is not None:
            raise ServiceError(
                f"{source.name} is UTF-8 text (every character beyond ASCII in it is written "
                f"as UTF-8, the first on line {sniff.first_utf8_line:,}), but the mapping says "
                'encoding = "cp1252", which would store each as two or three wrong characters '
                '("Ã«" for "ë"): set encoding = "utf-8" in the mapping. ' + nothing
            )
        return
    if sniff.first_undecoded is None or sniff.first_utf8_line is not None:
        return  # UTF-8, or UTF-8 with a damaged cell: its rows say so one by one
    if sniff.cp1252_undefined:
        return  # neither: each row with bytes UTF-8 cannot read is refused, naming them
    line, byte = sniff.first_undecoded
    raise ServiceError(
        f"{source.name} is not UTF-8 text: line {line:,} holds the byte 0x{byte:02X}, which "
        "UTF-8 cannot read, and no line holds a character written as UTF-8, so it is "
        'Windows-1252 text (what Excel\'s plain "CSV" saves): set encoding = "cp1252" in the '
        "mapping. Read as UTF-8, every row with a letter beyond ASCII would be refused, and "
        "the file could not then be imported again with the right one. " + nothing
    )
