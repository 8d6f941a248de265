"""Reading a legacy file's header and rows (services/legacy_import_reading.py): every line
of the file in a total, whatever a stray quote, an empty line or a huge cell does."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from custinfo_tui.domain.legacy_import import WHOLE_ROW, ImportedPerson, ImportMapping, Refusal
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.legacy_import_reading import LegacyFile, Row, _ends_in_quotes

DOCS = Path(__file__).resolve().parents[2] / "docs"
NAMES = ImportMapping(columns={"given_name": "Forename", "family_name": "Surname"})
EXAMPLE = ImportMapping(
    columns={
        "given_name": "Forename",
        "family_name": "Surname",
        "postcode": "Postcode",
        "address_line1": "Address 1",
        "town": "Town",
    }
)


def _rows(path: Path, mapping: ImportMapping, skip: int = 0) -> list[Row]:
    with LegacyFile(path, mapping) as legacy:
        positions = {key: legacy.header.index(column) for key, column in mapping.columns.items()}
        return list(legacy.rows(positions, skip=skip))


def _file(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "legacy.csv"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def _refused(row: Row) -> str:
    number, result = row
    assert isinstance(result, tuple), f"row {number} was not refused"
    [refusal] = result
    assert refusal.field == WHOLE_ROW
    return refusal.reason


def test_a_quote_never_closed_in_the_last_column_refuses_its_row_and_counts_each_line(
    tmp_path: Path,
) -> None:
    """Found trying the import: a quote opened in the postcode cell and never closed took the
    four rows after it into that cell; read 3 = accepted 2 + rejected 1, the only reason a
    postcode's format, four customers in no total."""
    lines = (DOCS / "import.example.csv").read_text(encoding="utf-8").splitlines()
    unclosed = "L-1009,Quinn,Unclosed,01/01/1980,07700 900109,q@example.com,1 Road,,Leeds,"
    lines.insert(3, f'{unclosed}"LS1 4AP')

    rows = _rows(_file(tmp_path, "\n".join(lines) + "\n"), EXAMPLE)

    assert [number for number, _ in rows] == [1, 2, 3, 4, 5, 6, 7]  # every data line
    assert isinstance(rows[0][1], list) and isinstance(rows[1][1], list)
    reason = _refused(rows[2])
    assert "A quote opened in it is never closed, so the 4 lines after it were read" in reason
    assert "(listed as rows 5 to 8)" in reason  # as a spreadsheet numbers them
    assert all("read as part of row 4" in _refused(row) for row in rows[3:])


def test_a_quote_never_closed_in_a_name_is_named_not_taken_for_hidden_characters(
    tmp_path: Path,
) -> None:
    """Found trying the import: `Ann,"Smith` and three rows after it read as one row,
    refused for "hidden control characters"."""
    path = _file(tmp_path, 'Forename,Surname\nAnn,"Smith\nBob,Jones\nCat,Lee\nDan,Poe\n')

    rows = _rows(path, NAMES)

    assert [number for number, _ in rows] == [1, 2, 3, 4]
    assert "never closed, so the 3 lines after it were read" in _refused(rows[0])
    assert [_refused(row) for row in rows[1:]] == [
        "read as part of row 2, where a quote is not closed: close it and import the file again"
    ] * 3


def test_a_quote_closed_rows_later_with_the_width_right_by_chance_still_counts_the_rows(
    tmp_path: Path,
) -> None:
    path = _file(
        tmp_path,
        'Forename,Surname,Phone\nAnn,Smith,"07700 900101\nBob,Jones,07700 900102\n'
        'Cat,Lee,07700 900103"\nDan,Poe,07700 900104\n',
    )

    rows = _rows(path, ImportMapping(columns={**NAMES.columns, "phone": "Phone"}))

    assert [number for number, _ in rows] == [1, 2, 3, 4]
    assert "not closed on its line, so the 2 lines after it were read" in _refused(rows[0])
    assert "read as part of row 2" in _refused(rows[1]) and "row 2" in _refused(rows[2])
    assert rows[3] == (4, ["Dan", "Poe", "07700 900104"])


def test_a_line_break_inside_a_value_is_one_row_refused_or_ignored_if_not_read(
    tmp_path: Path,
) -> None:
    """A spreadsheet shows a cell holding a line break as one row: so is it counted. In a
    mapped cell it refuses the row (no field takes one); in a column not read, it is not the
    import's business."""
    path = _file(
        tmp_path,
        "Forename,Surname,Address 1,Town,Postcode,Notes\n"
        'Ann,Smith,"12 Mill Lane\nUpper Floor",Leeds,LS1 4AP,\n'
        'Bob,Jones,1 Road,Bristol,BS1 5TR,"rang twice\nasked for a callback"\n'
        "Cat,Lee,2 Road,York,YO1 7HH,\n",
    )

    rows = _rows(path, EXAMPLE)

    assert [number for number, _ in rows] == [1, 2, 3]
    assert "its address_line1 cell holds a line break, so lines 2 to 3" in _refused(rows[0])
    assert rows[1][1] == ["Bob", "Jones", "1 Road", "Bristol", "BS1 5TR",
                          "rang twice\nasked for a callback"]  # fmt: skip
    assert isinstance(rows[2][1], list)


def test_a_cell_longer_than_the_csv_limit_refuses_its_row_and_the_reading_goes_on(
    tmp_path: Path,
) -> None:
    """Found trying the import: a cell over 128 KiB, even in a column not read, crashed the
    import with `_csv.Error` at every run."""
    huge = "x" * (csv.field_size_limit() + 1)
    path = _file(
        tmp_path, f'Forename,Surname,Notes\nAnn,Smith,"{huge}"\nBob,Jones,{huge}\nCat,Lee,ok\n'
    )

    rows = _rows(path, NAMES)

    limit = f"{csv.field_size_limit():,}"
    assert [number for number, _ in rows] == [1, 2, 3]
    assert (
        _refused(rows[0]) == f"a cell is longer than {limit} characters, the most a cell may hold"
    )
    assert _refused(rows[1]).startswith("a cell is longer than")
    assert rows[2] == (3, ["Cat", "Lee", "ok"])


def test_a_huge_cell_over_many_lines_is_a_quote_never_closed_and_its_lines_are_counted(
    tmp_path: Path,
) -> None:
    """In a large file a quote never closed makes a cell longer than the limit: the lines it
    swallowed until then are counted, and the reading takes up the rows after them."""
    line_count = csv.field_size_limit() // 10 + 5  # lines of 11 characters
    body = "".join(f"Ann,Row{n:04d}\n" for n in range(line_count))
    path = _file(tmp_path, f'Forename,Surname\nBob,"Jones\n{body}')

    rows = _rows(path, NAMES)

    assert len(rows) == line_count + 1  # every data line is a row
    swallowed = [n for n, result in rows if isinstance(result, tuple)]
    assert swallowed[0] == 1 and swallowed == list(range(1, len(swallowed) + 1))
    assert "a quote opened in it is most likely never closed" in _refused(rows[0])
    assert all(isinstance(result, list) for _, result in rows[len(swallowed) :])


def test_empty_lines_before_the_header_are_skipped_and_counted(tmp_path: Path) -> None:
    """Found trying the import: "t_blanks.csv is empty: there is no header line to read"."""
    path = _file(tmp_path, "\n,,\n\nForename,Surname\nAnn,Smith\n")

    with LegacyFile(path, NAMES) as legacy:
        assert legacy.header == ["Forename", "Surname"]
        assert (legacy.empty_lines_before_header, legacy.header_row) == (3, 4)
        assert list(legacy.rows({"given_name": 0, "family_name": 1})) == [(1, ["Ann", "Smith"])]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_a_byte_order_mark_is_skipped(tmp_path: Path, encoding: str) -> None:
    path = _file(tmp_path, b"\xef\xbb\xbfForename,Surname\nZo\xc3\xab,Smith\n")

    mapping = NAMES.model_copy(update={"encoding": encoding})
    assert _rows(path, mapping) == [(1, ["Zoë", "Smith"])]


def test_a_byte_order_mark_before_a_file_said_to_be_windows_1252_is_refused(
    tmp_path: Path,
) -> None:
    """Found trying the import: with encoding = "cp1252" the mark was read as the first
    column's name ("the header has no column ..."); read so, "Zoë" would be stored "ZoÃ«"."""
    path = _file(tmp_path, b"\xef\xbb\xbfForename,Surname\nZo\xc3\xab,Smith\n")

    with pytest.raises(ServiceError, match=r'so it is UTF-8 text.*set encoding = "utf-8-sig"'):
        LegacyFile(path, NAMES.model_copy(update={"encoding": "cp1252"}))


def test_a_resumed_reading_skips_the_rows_done_by_their_numbers(tmp_path: Path) -> None:
    path = _file(tmp_path, 'Forename,Surname\nAnn,"Smith\nBob,Jones\n')
    everything = _rows(path, NAMES)

    assert _rows(path, NAMES, skip=1) == everything[1:]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ('a,"b\nc,d\n', True),
        ('a,"b\nc",d\n', False),
        ('a,"b ""quoted"" \nc\n', True),
        ('a,b"c,d\ne', False),  # a quote inside an unquoted cell is a character
        ('"a"b,"c\n', True),
    ],
)
def test_the_end_of_a_file_inside_a_quote_is_seen_as_the_csv_reader_reads(
    text: str, inside: bool
) -> None:
    assert _ends_in_quotes(text, ",") is inside


def test_a_row_refused_by_the_reading_keeps_its_refusal_through_the_check() -> None:
    from custinfo_tui.services.legacy_import_checking import Checker

    refusal = (Refusal(WHOLE_ROW, "read as part of row 2"),)
    checker = Checker(NAMES, {"given_name": 0, "family_name": 1}, 2, workers=0, batch_rows=10)

    [checked] = checker.check(iter([(1, ["Ann", "Smith"]), (2, refusal)]))

    assert checked[1] == (2, refusal) and isinstance(checked[0][1], ImportedPerson)
