"""What an import has read of its file (services/legacy_import_source.py): the bytes up to
the end of each row, as a checkpoint records them, so a file changed since is known to hold
the rows already done unchanged, or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from custinfo_tui.domain.legacy_import import ImportMapping
from custinfo_tui.services.legacy_import_reading import LegacyFile
from custinfo_tui.services.legacy_import_source import ReadPrefix, begins_with_what_was_read

NAMES = ImportMapping(columns={"given_name": "Forename", "family_name": "Surname"})

#: Each row's bytes as the file holds them, line ends and all: line ends of every kind, a
#: cell holding a line break (one row over two lines), a quote that swallows the next line
#: (two rows), an empty line, a last line without a line end.
ROWS = (
    b"Amelia,Hart\r\n",
    b"Tomasz,Nowak\n",
    b"Grace,O'Brien\r",
    b'Sam,"Okafor\nJunior"\r\n',
    b"\r\n",
    b'Priya,Pa"tel\n',
    b"Leo,Shaw\n",
    b"Mia,Khan",
)
HEADER = b"\xef\xbb\xbf\r\nForename,Surname\r\n"  # a byte-order mark and an empty line first


def _ends(rows: tuple[bytes, ...]) -> list[int]:
    """Where each row ends in the file: row 0 is the header."""
    ends = [len(HEADER)]
    for row in rows:
        ends.append(ends[-1] + len(row))
    return ends


def test_what_is_read_ends_where_each_row_ends_whatever_its_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    content = HEADER + b"".join(ROWS)
    path.write_bytes(content)

    with LegacyFile(path, NAMES) as legacy, ReadPrefix(path) as read:
        rows = list(legacy.rows({"given_name": 0, "family_name": 1}))
        read_to = []
        for row in range(len(rows) + 1):
            read.advance_to(legacy.line_at(row))
            read_to.append(read.length)

    assert len(rows) == 8  # the quote in "Pa"tel" is a cell's, not one opening a cell
    assert read_to == _ends(ROWS)


def test_a_quote_swallowing_lines_reads_them_one_row_each(tmp_path: Path) -> None:
    """The lines a quote never closed swallowed are counted a row each (docs/import.md):
    what is read stops at the end of each, as a checkpoint between them would."""
    rows = (b"Amelia,Hart\n", b'Sam,"Okafor\n', b"Leo,Shaw\n", b"Mia,Khan\n")
    path = tmp_path / "legacy.csv"
    path.write_bytes(HEADER + b"".join(rows))

    with LegacyFile(path, NAMES) as legacy, ReadPrefix(path) as read:
        numbers = [number for number, _ in legacy.rows({"given_name": 0, "family_name": 1})]
        read_to = []
        for row in range(len(numbers) + 1):
            read.advance_to(legacy.line_at(row))
            read_to.append(read.length)

    assert numbers == [1, 2, 3, 4]
    assert read_to == _ends(rows)


@pytest.mark.parametrize(
    ("changed", "same"),
    [
        (lambda rows: (*rows[:3], b"Sam,Okafor-Smith\n", *rows[4:]), True),  # after row 3
        (lambda rows: (b"Amelia,Harte\r\n", *rows[1:]), False),  # in a row already read
        (lambda rows: (*rows[:2], b"Grace,O'Brien\r\n", *rows[3:]), True),  # its "\n" after
        (lambda rows: rows[:3], True),  # the rows after cut off
        (lambda rows: rows[:2], False),  # a row already read cut off
    ],
    ids=["a later row", "an earlier row", "a line end after", "rows cut after", "rows cut"],
)
def test_a_changed_file_begins_with_what_was_read_only_if_the_rows_read_are_unchanged(
    tmp_path: Path, changed: object, same: bool
) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes(HEADER + b"".join(ROWS))
    with LegacyFile(path, NAMES) as legacy, ReadPrefix(path) as read:
        for _ in legacy.rows({"given_name": 0, "family_name": 1}):
            pass
        read.advance_to(legacy.line_at(3))  # the checkpoint: three rows done
        length, sha256 = read.length, read.sha256

    assert callable(changed)
    path.write_bytes(HEADER + b"".join(changed(ROWS)))

    assert begins_with_what_was_read(path, length, sha256) is same


def test_a_last_row_without_a_line_end_is_not_the_same_row_with_more_after_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes(HEADER + b"Amelia,Hart")
    with LegacyFile(path, NAMES) as legacy, ReadPrefix(path) as read:
        assert len(list(legacy.rows({"given_name": 0, "family_name": 1}))) == 1
        read.advance_to(legacy.line_at(1))
        length, sha256 = read.length, read.sha256
    assert length == path.stat().st_size

    path.write_bytes(HEADER + b"Amelia,Hartley\nLeo,Shaw\n")

    assert not begins_with_what_was_read(path, length, sha256)
