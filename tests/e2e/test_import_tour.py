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
    assert said.startswith(
        "custinfo: an import of a file named customers.csv finished on "
    ), said
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
