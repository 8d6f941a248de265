"""`custinfo import` as a new contact centre's administrator first runs it, migrating from a
legacy system with nothing but the docs: the refused rows corrected and imported again,
and a file saved in one encoding with the mapping naming another."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _customers(url: str) -> int:
    with sqlite3.connect(f"file:{make_url(url).database}?mode=ro", uri=True) as connection:
        [(count,)] = connection.execute("SELECT COUNT(*) FROM customers")
    return int(count)


def _import(url: str, source: Path, mapping: Path) -> int:
    database = make_url(url).database
    assert database is not None
    return main(["--db", database, "import", str(source), "--mapping", str(mapping)])


def test_a_file_corrected_after_its_import_finished_is_refused_not_imported_twice(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found touring the import: the refused rows corrected in the file itself, the old
    rejects file moved away as the refusal of an existing one says, and the same command
    run again imported the file as a new one: every customer the first import had stored
    was stored a second time, each flagged as a possible duplicate of themself."""
    source, mapping = tmp_path / "customers.csv", tmp_path / "legacy.toml"
    shutil.copy(DOCS / "import.example.csv", source)
    shutil.copy(DOCS / "import.example.toml", mapping)
    assert _import(sqlite_url, source, mapping) == 0
    first = capsys.readouterr().out
    assert "read 6 = accepted 4 + rejected 2" in first
    assert (  # the summary says what to do with the refused rows, before anyone tries
        "To import them, put those rows, corrected, in a new file under the same header, "
        "with a name of its own, and import that: customers.csv itself is imported (run "
        "again, even corrected, it is refused)." in first
    )
    corrected = source.read_text(encoding="utf-8").replace("31/02/1988", "28/02/1988")
    source.write_text(corrected, encoding="utf-8")
    (tmp_path / "customers.rejects.csv").rename(tmp_path / "first.rejects.csv")

    code = _import(sqlite_url, source, mapping)

    assert code == 1
    said = capsys.readouterr().err
    assert said.startswith("custinfo: an import of a file named customers.csv finished on "), said
    assert (
        "(import 1: 4 customers stored, 2 rows refused), and this file has other bytes: "
        "importing it would store again every customer that import stored. Put only the rows "
        "it refused, corrected, in a new file under the same header, with a name of its own, "
        "and import that. (A new export that only shares its name: rename it.)"
    ) in " ".join(said.split())
    assert _customers(sqlite_url) == 4
    assert not (tmp_path / "customers.rejects.csv").exists()  # refused before anything

    fixes = tmp_path / "corrections.csv"
    lines = corrected.splitlines()
    fixes.write_text("\n".join([lines[0], lines[5]]) + "\n", encoding="utf-8")
    assert _import(sqlite_url, fixes, mapping) == 0  # what the message said works
    assert _customers(sqlite_url) == 5


def test_a_file_whose_every_row_was_refused_is_said_to_be_imported_again_once_put_right(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator whose first mapping read no date of birth: every row was
    refused, and the summary said the file was imported and would be refused run again,
    even corrected, so the fix looked like copying every row into a file of a new name.
    Nothing stored, the same file runs again, as the import allows."""
    source, mapping = tmp_path / "customers.csv", tmp_path / "legacy.toml"
    shutil.copy(DOCS / "import.example.csv", source)
    example = (DOCS / "import.example.toml").read_text(encoding="utf-8")
    marker = 'date_formats = ["%d/%m/%Y", "%Y-%m-%d", "%d %b %Y"]'
    assert marker in example
    mapping.write_text(example.replace(marker, 'date_formats = ["%m.%d.%Y"]'), encoding="utf-8")
    assert _import(sqlite_url, source, mapping) == 0
    first = " ".join(capsys.readouterr().out.split())
    assert "read 6 = accepted 0 + rejected 6" in first
    assert "itself is imported" not in first
    rejects = tmp_path / "customers.rejects.csv"
    assert (
        "No row was stored, so customers.csv is not imported: put right what the reasons "
        "say, in the mapping or in the file, and run the import again, with "
        f"{rejects} moved away (a new import writes over no file) or another named with "
        "--rejects." in first
    )

    # What it says works: the mapping put right, the rejects file moved away.
    shutil.copy(DOCS / "import.example.toml", mapping)
    rejects.rename(tmp_path / "first.rejects.csv")
    assert _import(sqlite_url, source, mapping) == 0
    assert "read 6 = accepted 4 + rejected 2" in capsys.readouterr().out
    assert _customers(sqlite_url) == 4


LEGACY = (
    "Ref,First Name,Last Name,Date of Birth,Tel,Notes\r\n"
    "C001,Zoë,Brontë,14/02/1984,07700 900201,Owes £12.50 on account\r\n"
    "C002,Ürsula,Smith,01/02/1970,020 7946 0202,\r\n"
    "C003,Albert,Lamb,03/04/1990,07700 900203,\r\n"
)
MAPPING = """\
encoding = "{encoding}"
[columns]
given_name = "First Name"
family_name = "Last Name"
date_of_birth = "Date of Birth"
phone = "Tel"
"""


def _names(url: str) -> set[tuple[str, str]]:
    with sqlite3.connect(f"file:{make_url(url).database}?mode=ro", uri=True) as connection:
        return set(connection.execute("SELECT given_name, family_name FROM customers"))


@pytest.mark.parametrize(
    ("saved_as", "mapping_says", "said"),
    [
        (
            "cp1252",
            "utf-8",
            "custinfo: legacy.csv is not UTF-8 text: line 2 holds the byte 0xEB, which UTF-8 "
            "cannot read, and no line holds a character written as UTF-8, so it is "
            'Windows-1252 text (what Excel\'s plain "CSV" saves): set encoding = "cp1252" in '
            "the mapping. Read as UTF-8, every row with a letter beyond ASCII would be "
            "refused, and the file could not then be imported again with the right one. "
            "Nothing was imported.",
        ),
        (
            "utf-8",
            "cp1252",
            "custinfo: legacy.csv is UTF-8 text (every character beyond ASCII in it is "
            "written as UTF-8, the first on line 2), but the mapping says encoding = "
            '"cp1252", which would store each as two or three wrong characters ("Ã«" for '
            '"ë"): set encoding = "utf-8" in the mapping. Nothing was imported.',
        ),
    ],
    ids=["cp1252 read as utf-8", "utf-8 read as cp1252"],
)
def test_a_file_in_another_encoding_than_the_mappings_is_refused_before_anything_is_stored(
    sqlite_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    saved_as: str,
    mapping_says: str,
    said: str,
) -> None:
    """Found touring the import: a Windows-1252 file read as UTF-8 refused Zoë Brontë's row
    and stored the rest, and then, the mapping corrected, was refused as a file imported
    already; a UTF-8 file read as Windows-1252 stored "Ãœrsula Smith". Either is now
    refused whole, and the mapping corrected imports every row as it was written."""
    source, mapping = tmp_path / "legacy.csv", tmp_path / "legacy.toml"
    source.write_bytes(LEGACY.encode(saved_as))
    mapping.write_text(MAPPING.format(encoding=mapping_says), encoding="utf-8")
    before = _customers(sqlite_url)

    code = _import(sqlite_url, source, mapping)

    err = capsys.readouterr().err
    assert code == 1
    assert " ".join(err.split()) == said
    assert "Zo" not in err and "Smith" not in err  # a line and a byte, never a value
    assert _customers(sqlite_url) == before
    assert not (tmp_path / "legacy.rejects.csv").exists()

    mapping.write_text(MAPPING.format(encoding=saved_as), encoding="utf-8")
    assert _import(sqlite_url, source, mapping) == 0
    assert "read 3 = accepted 3 + rejected 0" in capsys.readouterr().out
    assert {("Zoë", "Brontë"), ("Ürsula", "Smith")} <= _names(sqlite_url)


def test_a_utf8_file_with_one_damaged_cell_is_imported_refusing_that_row_alone(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """UTF-8 elsewhere in the file: the encoding is right and the cell is damaged, so the
    row is refused naming the byte, as before, and the others are imported."""
    source, mapping = tmp_path / "legacy.csv", tmp_path / "legacy.toml"
    source.write_bytes(LEGACY.encode("utf-8").replace(b"Lamb", b"La\xe9mb"))
    mapping.write_text(MAPPING.format(encoding="utf-8"), encoding="utf-8")

    assert _import(sqlite_url, source, mapping) == 0

    assert "read 3 = accepted 2 + rejected 1" in capsys.readouterr().out
    rejects = (tmp_path / "legacy.rejects.csv").read_text(encoding="utf-8")
    assert '4,family_name,"holds bytes that are not utf-8 text (0xE9;' in rejects
