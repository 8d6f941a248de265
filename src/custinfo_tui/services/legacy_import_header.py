"""What a legacy file's first bytes and first line say, before anything is imported
(services/legacy_import.py): that it is no CSV at all (UTF-16 text, a database, a
workbook), or where each column the mapping reads is in its header, or why the header will
not do.

Whatever is said here goes to a terminal, a cron mail, a ticket: it never repeats what the
file holds. A file without a header row has a customer's record as its first line, so the
first line is described (how many columns it has, which of the mapping's columns it names,
a delimiter or encoding that would read it) and never shown.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from custinfo_tui.domain.legacy_import import ImportMapping, column_positions
from custinfo_tui.services.errors import ServiceError

#: How much of the file is looked at to tell a CSV from something else.
_SAMPLE_BYTES = 8_192
#: Byte-order marks of UTF-16 (little- and big-endian): Excel's "Unicode Text" begins so.
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
#: The first bytes of files given by mistake for a CSV export, and what each is.
_SIGNATURES = (
    (b"SQLite format 3\x00", "a SQLite database (a custinfo backup, perhaps)"),
    (b"PK\x03\x04", "a ZIP file, such as an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
)
#: Delimiters legacy exports use, tried when the mapping's reads no header.
_DELIMITERS = (",", ";", "\t", "|")
#: Bytes the encoding could not read arrive as lone surrogates (errors="surrogateescape").
_UNDECODED = re.compile("[\udc80-\udcff]")


def refuse_what_is_not_csv(raw: IO[bytes], source: Path) -> None:
    """ServiceError if the file's first bytes show it is not CSV text the import reads:
    UTF-16 (a byte-order mark, or every other byte NUL), a file type known by its first
    bytes, or binary data (NUL bytes). Leaves `raw` at the start of the file."""
    sample = raw.read(_SAMPLE_BYTES)
    raw.seek(0)
    if sample.startswith(_UTF16_MARKS) or _looks_like_utf16(sample):
        raise ServiceError(
            f'{source.name} is UTF-16 text (Excel\'s "Unicode Text" saves it so), which the '
            'import does not read: save it from Excel as "CSV UTF-8" and set encoding = '
            f'"utf-8-sig" in the mapping, or convert it (iconv -f UTF-16 -t UTF-8 '
            f"{source.name} > a-new-file.csv)."
        )
    what = next((what for mark, what in _SIGNATURES if sample.startswith(mark)), None)
    if what is None and _looks_binary(sample):
        what = "binary data, not text"
    if what is not None:
        raise ServiceError(
            f"{source.name} is not a CSV file: it is {what}. Export the customers from the "
            "legacy system as CSV, and import that."
        )


#: Control bytes text has no use for (all but tab, line feed, vertical tab, form feed,
#: carriage return and escape): compressed or encrypted data is one byte in eight of them.
_BINARY_BYTES = bytes(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B})


def _looks_binary(sample: bytes) -> bool:
    """Whether the bytes are binary data rather than text: NUL bytes (more than one in a
    hundred: a stray one in a cell is that cell's business), or control bytes text has no
    use for (more than one in twenty)."""
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return sample.count(0) > len(sample) // 100 or controls > len(sample) // 20


def _looks_like_utf16(sample: bytes) -> bool:
    """Whether the bytes are UTF-16 without a byte-order mark: text in a Latin script has
    a NUL in every other byte, and almost none in the others."""
    if len(sample) < 16:
        return False
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    mostly, rarely = 0.3, 0.05
    return (zeros_odd > mostly * len(odd) and zeros_even < rarely * len(even)) or (
        zeros_even > mostly * len(even) and zeros_odd < rarely * len(odd)
    )


def mapped_positions(source: Path, mapping: ImportMapping, header: Sequence[str]) -> dict[str, int]:
    """Where each mapped column is in `header`. ServiceError naming, by the mapping's names,
    the columns the header lacks (with what would read it: another delimiter, another
    encoding, a header row to add), or a mapped column it names twice."""
    try:
        return column_positions(mapping, header)
    except KeyError:
        raise ServiceError(_no_mapped_column(source, mapping, header)) from None
    except ValueError as repeated:
        raise ServiceError(f"{source.name}: {repeated}.") from None


def _no_mapped_column(source: Path, mapping: ImportMapping, header: Sequence[str]) -> str:
    names = {cell.strip() for cell in header}
    wanted = {key: column.strip() for key, column in mapping.columns.items()}
    missing = {key: column for key, column in wanted.items() if column not in names}
    found = len(wanted) - len(missing)
    read = (
        f"Read with delimiter {mapping.delimiter!r} and encoding {mapping.encoding!r}, it has "
        f"{len(header)} column{'s' if len(header) != 1 else ''}"
    )
    alike = {key: _named_alike(column, header) for key, column in missing.items()}
    # A header named the mapping's columns but for case or punctuation is still a header:
    # said so column by column, even when none is named exactly.
    header_like = bool(found) or any(alike.values())
    if not header_like:
        said = (
            f"{source.name}: the first line does not look like a header: it names none of "
            f"the columns the mapping reads ({', '.join(map(repr, wanted.values()))}). {read}."
        )
    else:
        lacking = "; nor ".join(
            f"{column!r} (the mapping's columns.{key}){alike[key]}"
            for key, column in missing.items()
        )
        others = f" It names the other {found} the mapping reads." if found else ""
        said = f"{source.name}: the header has no column {lacking}.{others} {read}."
    return f"{said} {_what_would_read_it(mapping, header, found, header_like=header_like)}"


def _named_alike(column: str, header: Sequence[str]) -> str:
    """A header column named as `column` is but for case, spaces or punctuation, by its
    number (never its name: the line may be a customer's record)."""
    alike = [
        number
        for number, cell in enumerate(header, start=1)
        if _loosely(cell) == _loosely(column) and _loosely(column)
    ]
    if not alike:
        return ""
    return (
        f" (column {alike[0]} is named like it but for case, spaces or punctuation: the "
        "mapping must name it exactly)"
    )


def _loosely(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _what_would_read_it(
    mapping: ImportMapping, header: Sequence[str], found: int, *, header_like: bool
) -> str:
    """What to change so the file's first line reads as the header the mapping expects:
    another delimiter that names more of the mapping's columns, the encoding when the line
    holds bytes it cannot read, or else the file's header row or the mapping's names. The
    line itself is never shown."""
    line = mapping.delimiter.join(header)
    wanted = {column.strip() for column in mapping.columns.values()}
    for delimiter in _DELIMITERS:
        if delimiter == mapping.delimiter or delimiter not in line:
            continue
        cells = next(csv.reader([line], delimiter=delimiter))
        named = len(wanted & {cell.strip() for cell in cells})
        if named > found:
            return (
                f"Read with delimiter {delimiter!r} it names {named} of the "
                f"{len(wanted)}: set delimiter = {json.dumps(delimiter)} in the mapping."
            )
    if _UNDECODED.search(line):
        return (
            f"It holds bytes that are not {mapping.encoding} text: check the mapping's `encoding`."
        )
    if not header_like:
        return (
            "If the file has no header row, add one naming its columns as the mapping does; "
            "otherwise check the mapping's `delimiter`, `encoding` and column names. (The line "
            "is not shown here: without a header, it is a customer's record.)"
        )
    return (
        "Check the column names in the mapping against the file's header row (not shown "
        "here: a first line is not always a header, and may be a customer's record)."
    )
