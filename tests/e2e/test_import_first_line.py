"""`custinfo import` given a file whose first line is not the header the mapping expects, or
no CSV at all: said in words on standard error, which goes to cron mail and tickets, and
never a customer's record or a screenful of escaped bytes."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main

DOCS = Path(__file__).resolve().parents[2] / "docs"
EXAMPLE = DOCS / "import.example.csv"
#: What the example file's first customer row holds: none of it may be said.
AMELIA = ("L-1001", "Amelia", "Hart", "14/03/1985", "07700 900101", "amelia.hart@example.com",
          "12 Mill Lane", "Leeds", "LS1 4AP")  # fmt: skip


def _import(url: str, source: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    database = make_url(url).database
    assert database is not None
    code = main(
        ["--db", database, "import", str(source), "--mapping", str(DOCS / "import.example.toml")]
    )
    said = capsys.readouterr()
    assert said.out == ""
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT COUNT(*) FROM legacy_imports").fetchone() == (0,)
    return code, said.err


def test_a_file_without_a_header_row_is_said_so_without_showing_its_first_record(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying the import: `tail -n +2 import.example.csv > nohdr.csv` was refused
    with "the header has 10 columns: 'L-1001', 'Amelia', 'Hart', '14/03/1985', ...", a
    whole customer's record on standard error."""
    source = tmp_path / "nohdr.csv"
    source.write_bytes(EXAMPLE.read_bytes().split(b"\n", 1)[1])

    code, said = _import(sqlite_url, source, capsys)

    assert code == 1
    assert said == (
        "custinfo: nohdr.csv: the first line does not look like a header: it names none of "
        "the columns the mapping reads ('Forename', 'Surname', 'DOB', 'Telephone', 'Email', "
        "'Address 1', 'Address 2', 'Town', 'Postcode'). Read with delimiter ',' and "
        "encoding 'utf-8', it has 10 columns. If the file has no header row, add one naming "
        "its columns as the mapping does; otherwise check the mapping's `delimiter`, "
        "`encoding` and column names. (The line is not shown here: without a header, it is "
        "a customer's record.)\n"
    )
    assert not any(value in said for value in AMELIA)


def test_a_header_missing_a_mapped_column_names_it_by_the_mappings_name_only(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "renamed.csv"
    text = EXAMPLE.read_text(encoding="utf-8")
    source.write_text(text.replace("Surname", "surname ", 1).replace("Town", "City", 1))

    code, said = _import(sqlite_url, source, capsys)

    assert code == 1
    assert said.startswith(
        "custinfo: renamed.csv: the header has no column 'Surname' (the mapping's "
        "columns.family_name) (column 3 is named like it but for case, spaces or "
        "punctuation: the mapping must name it exactly); nor 'Town' (the mapping's "
        "columns.town). It names the other 7 the mapping reads. Read with delimiter ',' "
        "and encoding 'utf-8', it has 10 columns. Check the column names in the mapping"
    )
    assert "City" not in said and "surname " not in said


def test_a_header_naming_every_column_but_for_case_says_so_not_that_it_is_no_header(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying the import: `forename,SURNAME,dob` was said to be no header at all ("If
    the file has no header row, add one"), the case hint given only when some other column
    was named exactly."""
    source, mapping = tmp_path / "lower.csv", tmp_path / "legacy.toml"
    source.write_text("forename,SURNAME,dob\nAl,Case,01/01/1960\n", encoding="utf-8")
    mapping.write_text(
        '[columns]\ngiven_name = "Forename"\nfamily_name = "Surname"\ndate_of_birth = "DOB"\n',
        encoding="utf-8",
    )
    database = make_url(sqlite_url).database
    assert database is not None

    code = main(["--db", database, "import", str(source), "--mapping", str(mapping)])

    said = capsys.readouterr().err
    assert code == 1
    assert said.startswith(
        "custinfo: lower.csv: the header has no column 'Forename' (the mapping's "
        "columns.given_name) (column 1 is named like it but for case, spaces or "
        "punctuation: the mapping must name it exactly); nor 'Surname' (the mapping's "
        "columns.family_name) (column 2 is named like it"
    )
    assert "(column 3 is named like it" in said
    assert "Read with delimiter ',' and encoding 'utf-8', it has 3 columns. Check the" in said
    assert "does not look like a header" not in said and "add one" not in said
    assert "Al" not in said and "Case" not in said  # the row stays unsaid


@pytest.mark.parametrize(
    ("content", "saying"),
    [
        (
            EXAMPLE.read_text(encoding="utf-8").encode("utf-16"),  # Excel's "Unicode Text"
            'is UTF-16 text (Excel\'s "Unicode Text" saves it so), which the import does '
            'not read: save it from Excel as "CSV UTF-8" and set encoding = "utf-8-sig"',
        ),
        (
            EXAMPLE.read_text(encoding="utf-8").encode("utf-16-le"),  # no byte-order mark
            "is UTF-16 text",
        ),
        (b"PK\x03\x04" + bytes(range(256)) * 8, "it is a ZIP file, such as an Excel workbook"),
        (bytes(range(256)) * 64, "is not a CSV file: it is binary data, not text."),
    ],
    ids=["utf-16", "utf-16le", "xlsx", "binary"],
)
def test_a_file_that_is_no_csv_is_named_as_what_it_is_not_printed(
    sqlite_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    saying: str,
) -> None:
    """Found trying the import: a UTF-16 file was refused showing '\\udcff\\udcfeR\\x00e\\x00
    f...' without saying it was UTF-16, and a backup .db given by mistake printed 16 KB of
    escaped binary."""
    source = tmp_path / "customers.csv"
    source.write_bytes(content)

    code, said = _import(sqlite_url, source, capsys)

    assert code == 1
    assert said.startswith("custinfo: customers.csv ") and saying in said
    assert "\\x" not in said and "\\u" not in said and len(said) < 400
    assert not any(value in said for value in AMELIA)


def test_a_backup_given_for_the_csv_is_said_to_be_a_database(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = make_url(sqlite_url).database
    assert database is not None
    backup = tmp_path / "monday.db"
    backup.write_bytes(Path(database).read_bytes())

    code, said = _import(sqlite_url, backup, capsys)

    assert code == 1
    assert said == (
        "custinfo: monday.db is not a CSV file: it is a SQLite database (a custinfo backup, "
        "perhaps). Export the customers from the legacy system as CSV, and import that.\n"
    )


def test_a_csv_inside_a_zip_is_not_taken_for_text(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.write(EXAMPLE, "customers.csv")
    source = tmp_path / "customers.zip"
    source.write_bytes(packed.getvalue())

    code, said = _import(sqlite_url, source, capsys)

    assert code == 1 and "is not a CSV file: it is a ZIP file" in said
