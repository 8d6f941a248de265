"""Reading a legacy file (services/legacy_import.py): its header, then its rows, numbered as a
spreadsheet numbers them, each either cells to check or, for a row the reading itself shows
is broken, the reason it is refused.

What only the reading can see is settled here, so that every line of the file is in a total:

- A byte-order mark is skipped, whatever the mapping's encoding says; one before a file the
  mapping calls Windows-1252 is refused, since the file is then UTF-8.
- Empty lines before the header are skipped and counted (a spreadsheet numbers them, so the
  rows after them keep its numbers).
- A row read over several lines of the file (a quoted cell holding a line break) is looked at
  whole: a quote opened in it and never closed (the file ends inside it), or one closed lines
  later leaving the row with more or fewer columns than the header, swallowed the lines after
  it. The row is refused with what happened, and each line it swallowed is counted as a row
  read and refused ("read as part of row N"), so read = accepted + rejected still holds and
  no customer is in no total. A row of the right width whose mapped cell holds a line break
  is refused whole (no field the import fills takes one), naming the lines it covers; a line
  break in a column the mapping does not read is that column's business.
- A cell longer than Python's csv field limit (128 KiB) stops the csv reader at that row: the
  row is refused as too long, with the lines it ran over, and the reading goes on at the next
  line.

The rows are numbered from 1 (the first line after the header) up: the rejects file adds the
header's own row number. A resumed import skips the rows its checkpoint has done by number,
so the numbering must not depend on anything but the file and the mapping's meaning.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import IO

from custinfo_tui.domain.legacy_import import WHOLE_ROW, ImportMapping, Refusal
from custinfo_tui.domain.text import counted
from custinfo_tui.services.closed_on_exit import ClosedOnExit
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.legacy_import_header import refuse_what_is_not_csv

#: A UTF-8 byte-order mark: what Excel's "CSV UTF-8" puts before the header.
BYTE_ORDER_MARK = b"\xef\xbb\xbf"

#: A row as read: its number (1 for the first after the header) and its cells, or why the
#: reading refuses it whole.
Row = tuple[int, list[str] | tuple[Refusal, ...]]

#: Rows between two notes of how far into the file the reading has got (the progress bar).
_MARK_EVERY = 128


class LegacyFile(ClosedOnExit):
    """A legacy CSV file open for reading: its header on opening, then `rows()`.

    ServiceError on opening, before anything is recorded, for a file that is no CSV (UTF-16,
    binary: services/legacy_import_header.py), one with a byte-order mark the mapping's
    encoding contradicts, one without a header (empty, or only empty lines),
    or a header too long to read.
    """

    def __init__(self, source: Path, mapping: ImportMapping) -> None:
        self._source = source
        self._mapping = mapping
        self._raw = source.open("rb")
        try:
            refuse_what_is_not_csv(self._raw, source)
            self._start = _after_byte_order_mark(self._raw, source, mapping)
            self._counter = _CountingReader(self._raw, self._start)
            self._reader = csv.reader(
                _text(io.BufferedReader(self._counter), mapping), delimiter=mapping.delimiter
            )
            self.header, self.empty_lines_before_header = self._read_header()
        except BaseException:
            self._raw.close()
            raise
        #: The header's row number as a spreadsheet shows it: 1, or 1 + the empty lines above.
        self.header_row = self.empty_lines_before_header + 1
        self._header_lines = self._reader.line_num
        #: (row, n): from that row on, row r ends on line r + n of the file (`line_at`).
        self._line_offsets: deque[tuple[int, int]] = deque([(1, self._header_lines)])
        self._marks: deque[tuple[int, int]] = deque()
        self._reached = self._start
        self._positions: Mapping[str, int] = {}
        #: Bytes of the file read by the time the rows an earlier, interrupted run had done
        #: were skipped: the part of the file this run does not count in its rate.
        self.bytes_at_resume = self._start

    @property
    def size(self) -> int:
        return self._source.stat().st_size

    def bytes_at(self, row: int) -> int:
        """About how many bytes of the file were read by the time row `row` was (the
        reading runs ahead of storing, so the progress bar asks about the row stored)."""
        while self._marks and self._marks[0][0] <= row:
            self._reached = self._marks.popleft()[1]
        return max(self._reached, self.bytes_at_resume)

    def line_at(self, row: int) -> int:
        """The line of the file (counted as the csv reader counts them, from the first)
        that row `row` ends on; row 0 is the header. Asked of rows read, in order (the
        checkpoints: services/legacy_import_source.py)."""
        offsets = self._line_offsets
        while len(offsets) > 1 and offsets[1][0] <= row:
            offsets.popleft()
        return row + offsets[0][1]

    def _ended_on(self, rows: list[Row], line: int) -> list[Row]:
        """`rows`, read from lines ending at `line`: noted for `line_at` when the rows and
        the lines part (a row read over several lines; the lines a quote swallowed are a
        row each)."""
        if rows and line - rows[-1][0] != self._line_offsets[-1][1]:
            self._line_offsets.append((rows[0][0], line - rows[-1][0]))
        return rows

    def rows(self, positions: Mapping[str, int], *, skip: int = 0) -> Iterator[Row]:
        """Every row after the header, numbered from 1, except the first `skip` (done by
        an earlier run): its cells, or why the reading refuses it (module docstring)."""
        reader, counter, marks = self._reader, self._counter, self._marks
        self._positions = positions
        number, line = 0, self._header_lines
        # A row read over several lines, held until the next is read: whether the file ends
        # inside its quote is known only then.
        held: tuple[list[str], int, int] | None = None
        while True:
            try:
                for cells in reader:
                    if held is not None:
                        spanned = self._spanning(number, *held, at_end=False)
                        for row in self._ended_on(spanned, held[2]):
                            number = row[0]
                            if number > skip:
                                yield row
                        held = None
                    if reader.line_num == line + 1:  # nearly every row: one line
                        line += 1
                        number += 1
                        if number > skip:
                            yield number, cells
                            if not number % _MARK_EVERY:
                                marks.append((number, counter.count))
                        elif number == skip:
                            self.bytes_at_resume = counter.count
                        continue
                    held = (cells, line + 1, reader.line_num)
                    line = reader.line_num
                break
            except csv.Error as error:
                if held is not None:
                    spanned = self._spanning(number, *held, at_end=False)
                    for row in self._ended_on(spanned, held[2]):
                        number = row[0]
                        if number > skip:
                            yield row
                    held = None
                # The csv reader drops the rest of the line it stopped in and starts afresh
                # at the next: the row covered the lines up to here.
                first, line = line + 1, reader.line_num
                for row in self._ended_on(self._unreadable(number, first, line, error), line):
                    number = row[0]
                    if number > skip:
                        yield row
        if held is not None:
            for row in self._ended_on(self._spanning(number, *held, at_end=True), held[2]):
                if row[0] > skip:
                    yield row

    def _spanning(
        self,
        number: int,
        cells: list[str],
        first: int,
        last: int,
        *,
        at_end: bool,
    ) -> list[Row]:
        """A row read over lines `first` to `last` of the file, numbered `number + 1`: its
        cells, or its refusal and the lines it swallowed (module docstring)."""
        row, width, extra = number + 1, len(self.header), last - first
        if at_end and self._ends_inside_a_quote(first):
            return self._swallowing(
                row,
                f"A quote opened in it is never closed, so the {_lines(extra)} after it "
                f"{_were(extra)} read as part of this row (listed as "
                f"{self._listed(row, extra)}): close the quote and import the file again",
                extra,
            )
        if len(cells) != width or self._holds_rows(cells):
            shape = (
                f"has {counted(len(cells), 'column')}; the header has {width}. "
                if len(cells) != width
                else ""
            )
            return self._swallowing(
                row,
                f"{shape}A quote opened in it is not closed on its line, so the "
                f"{_lines(extra)} after it {_were(extra)} read as part of this row (listed as "
                f"{self._listed(row, extra)}): close the quote and import the file again",
                extra,
            )
        broken = [
            key for key, position in self._positions.items() if _has_line_break(cells[position])
        ]
        if broken:
            return [
                (
                    row,
                    (
                        Refusal(
                            WHOLE_ROW,
                            f"its {broken[0]} cell holds a line break, so lines {first} to "
                            f"{last} of the file were read as this one row: none of the "
                            "fields imported takes a line break, and a quote not closed "
                            "where it should be does this; correct the file and import it "
                            "again",
                        ),
                    ),
                )
            ]
        return [(row, cells)]

    def _holds_rows(self, cells: list[str]) -> bool:
        """Whether a cell of a row read over several lines holds, after a line break, a line
        with as many delimiters as a row of the file: rows swallowed by a quote that a quote
        lines later closed, the row's width matching by chance. (A line break inside a
        value, an address's lines say, leaves no such line.)"""
        delimiter, least = self._mapping.delimiter, max(len(self.header) - 1, 1)
        return any(
            line.count(delimiter) >= least
            for cell in cells
            if _has_line_break(cell)
            for line in cell.splitlines()[1:]
        )

    def _unreadable(self, number: int, first: int, last: int, error: csv.Error) -> list[Row]:
        """The row the csv reader stopped in, over lines `first` to `last`: refused, with the
        lines it swallowed."""
        row, extra, limit = number + 1, last - first, csv.field_size_limit()
        if "field larger than field limit" in str(error):
            reason = (
                f"a cell is longer than {limit:,} characters, the most a cell may hold"
                if not extra
                else f"a cell runs over {extra + 1} lines and is longer than {limit:,} "
                "characters, the most a cell may hold: a quote opened in it is most likely "
                f"never closed (the lines after it are listed as {self._listed(row, extra)}); "
                "close the quote and import the file again"
            )
        else:
            reason = f"cannot be read as CSV ({error})"
        return self._swallowing(row, reason, extra)

    def _swallowing(self, row: int, reason: str, extra: int) -> list[Row]:
        refused: list[Row] = [(row, (Refusal(WHOLE_ROW, reason),))]
        swallowed = (
            Refusal(
                WHOLE_ROW,
                f"read as part of row {self._shown(row)}, where a quote is not closed: close "
                "it and import the file again",
            ),
        )
        return refused + [(row + n, swallowed) for n in range(1, extra + 1)]

    def _shown(self, row: int) -> int:
        """A row's number as a spreadsheet shows it."""
        return self.header_row + row

    def _listed(self, row: int, extra: int) -> str:
        """The rows the `extra` lines swallowed by row `row` are listed as."""
        if extra == 1:
            return f"row {self._shown(row + 1)}"
        return f"rows {self._shown(row + 1)} to {self._shown(row + extra)}"

    def _ends_inside_a_quote(self, first: int) -> bool:
        """Whether the file ends inside a quoted cell of the row beginning at line `first`:
        read again from that line (only the last row, and only if it spans lines)."""
        with self._source.open("rb") as raw:
            raw.seek(self._start)
            text = _text(raw, self._mapping)
            tail = "".join(islice(text, first - 1, None))
        return _ends_in_quotes(tail, self._mapping.delimiter)

    def _read_header(self) -> tuple[list[str], int]:
        empty = 0
        try:
            for cells in self._reader:
                if any(cell.strip() for cell in cells):
                    return cells, empty
                empty += 1
        except csv.Error as error:
            raise ServiceError(
                f"{self._source.name}: the header cannot be read ({error}); check the "
                "mapping's encoding and delimiter."
            ) from None
        if empty:
            raise ServiceError(
                f"{self._source.name} is empty: there is no header line to read (only "
                f"{_lines(empty).replace('line', 'empty line')})."
            )
        raise ServiceError(f"{self._source.name} is empty: there is no header line to read.")

    def close(self) -> None:
        self._raw.close()


def _after_byte_order_mark(raw: IO[bytes], source: Path, mapping: ImportMapping) -> int:
    """Where the file's text begins: after a UTF-8 byte-order mark, if there is one.
    ServiceError for one before a file the mapping calls Windows-1252: read as that, every
    letter beyond ASCII would be stored wrong ("ZoÃ«" for "Zoë")."""
    if raw.read(len(BYTE_ORDER_MARK)) != BYTE_ORDER_MARK:
        raw.seek(0)
        return 0
    if mapping.encoding == "cp1252":
        raise ServiceError(
            f"{source.name} begins with a UTF-8 byte-order mark, so it is UTF-8 text, but the "
            'mapping says encoding = "cp1252": set encoding = "utf-8-sig" in the mapping.'
        )
    return len(BYTE_ORDER_MARK)


def _text(raw: IO[bytes], mapping: ImportMapping) -> io.TextIOWrapper:
    # Bytes the encoding cannot read arrive as lone surrogates, refused cell by cell.
    return io.TextIOWrapper(raw, encoding=mapping.encoding, errors="surrogateescape", newline="")


def _has_line_break(cell: str) -> bool:
    return "\n" in cell or "\r" in cell


def _lines(count: int) -> str:
    return f"{count} line{'s' if count != 1 else ''}"


def _were(count: int) -> str:
    return "were" if count != 1 else "was"


def _ends_in_quotes(text: str, delimiter: str) -> bool:
    """Whether Python's csv reader (not strict, quotes doubled inside a quoted cell) is
    inside a quoted cell at the end of `text`, which begins at the start of a row."""
    quoted = quote_in_quoted = False
    field_start = True
    for char in text:
        if quoted:
            if char == '"':
                quoted, quote_in_quoted = False, True
        elif quote_in_quoted:
            quote_in_quoted = False
            if char == '"':  # a doubled quote: still inside
                quoted = True
            else:
                field_start = char == delimiter or char in "\r\n"
        elif field_start and char == '"':
            quoted = True
            field_start = False
        else:
            field_start = char == delimiter or char in "\r\n"
    return quoted


class _CountingReader(io.RawIOBase):
    """The file's bytes, counted as they are read: how far the progress bar has got."""

    def __init__(self, raw: IO[bytes], start: int) -> None:
        self._raw = raw
        self.count = start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)
