"""`custinfo import` killed (SIGKILL) part way, its file corrected with an editor, then run
again, as the administrator who found it did: said plainly, listed by `custinfo doctor`,
and continued with `--continue-changed`, every customer stored once."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main

SRC = Path(__file__).resolve().parents[2] / "src"
ROWS = 3_000
MAPPING = """\
[columns]
given_name = "First"
family_name = "Last"
date_of_birth = "Born"
address_line1 = "Addr1"
town = "Town"
postcode = "PC"
"""


def _family(n: int) -> str:
    return "Changed" + "".join(chr(97 + (n // 26**place) % 26) for place in (2, 1, 0))


def _write(path: Path, roads: dict[int, str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Ref", "First", "Last", "Born", "Tel", "Addr1", "Town", "PC"])
        for n in range(ROWS):
            writer.writerow([f"L-{n:05d}", "Robin", _family(n), f"{1 + n % 28:02d}/06/1970",
                             f"020 7946 0{n % 1000:03d}", f"{n} {roads.get(n, 'Long Road')}",
                             "Leeds", "LS1 4AP"])  # fmt: skip


def _killed_after(command: list[str], database: str, rows: int) -> None:
    """Run the import in a process of its own and kill it (SIGKILL, with its checking
    worker) once its checkpoint has passed `rows` rows."""
    process = subprocess.Popen(
        [sys.executable, "-m", "custinfo_tui", *command],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while process.poll() is None:
        try:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
                [(done,)] = connection.execute("SELECT MAX(rows_read) FROM legacy_imports")
        except sqlite3.OperationalError:
            done = None
        if done is not None and done >= rows:
            os.killpg(process.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the import ended before it was killed"


def test_a_file_corrected_after_a_kill_is_not_imported_twice(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = make_url(sqlite_url).database
    assert database is not None
    source, mapping = tmp_path / "big4.csv", tmp_path / "big4.toml"
    _write(source, {})
    mapping.write_text(MAPPING, encoding="utf-8")
    command = ["--db", database, "import", str(source), "--mapping", str(mapping),
               "--batch-rows", "150", "--workers", "1"]  # fmt: skip
    _killed_after(command, database, 1_500)
    with sqlite3.connect(database) as connection:
        [(done,)] = connection.execute("SELECT rows_read FROM legacy_imports")
    _write(source, {2_900: "Long Rd"})  # sed -i '2902s/Long Road/Long Rd/'

    assert main(command) == 1
    said = capsys.readouterr().err
    assert said.startswith(
        f"custinfo: an import of big4.csv stopped after {done:,} rows stored on "
    )
    assert "the file has changed since" in said and "--continue-changed" in said
    main(["--db", database, "doctor"])  # its exit status is about the test database
    doctor = capsys.readouterr().out
    assert "1 unfinished: import 1 of big4.csv, begun " in doctor
    assert f"stopped after {done:,} rows ({done:,} customers stored, 0 refused)" in doctor

    assert main([*command, "--continue-changed"]) == 0

    out = capsys.readouterr().out
    assert f"Imported big4.csv (continued after row {done:,}, with the file changed" in out
    assert f"read {ROWS:,} = accepted {ROWS:,} + rejected 0; 0 accepted flagged" in out
    with sqlite3.connect(database) as connection:
        families = Counter(
            row[0] for row in connection.execute("SELECT family_name FROM customers")
        )
        [(runs,)] = connection.execute("SELECT COUNT(*) FROM legacy_imports")
        [(line,)] = connection.execute(
            "SELECT line1 FROM addresses JOIN customers ON customers.id = customer_id "
            "WHERE family_name = ?",
            (_family(2_900),),
        )
    assert families == Counter(_family(n) for n in range(ROWS))  # each stored once
    assert runs == 1 and line == "2900 Long Rd"  # the one import, with the correction
    main(["--db", database, "doctor"])  # its exit status is about the test database
    assert "legacy imports            none unfinished" in capsys.readouterr().out


def test_an_import_given_up_says_what_it_kept_and_how_to_import_the_rest(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = make_url(sqlite_url).database
    assert database is not None
    source, mapping = tmp_path / "big4.csv", tmp_path / "big4.toml"
    _write(source, {})
    mapping.write_text(MAPPING, encoding="utf-8")
    command = ["--db", database, "import", str(source), "--mapping", str(mapping),
               "--batch-rows", "150", "--workers", "1"]  # fmt: skip
    _killed_after(command, database, 300)
    with sqlite3.connect(database) as connection:
        [(done,)] = connection.execute("SELECT rows_read FROM legacy_imports")
    _write(source, {5: "Long Rd"})  # a row the import had stored, corrected

    assert main([*command, "--continue-changed"]) == 1
    assert "It cannot go on with this file: the rows it had already read changed too." in (
        capsys.readouterr().err
    )
    assert main([*command, "--abandon-unfinished"]) == 0

    out = capsys.readouterr().out
    assert out.startswith(
        f"Gave up the import of big4.csv begun on {time.strftime('%d %b %Y', time.gmtime())}, "
        f"where it stopped: after {done:,} rows, {done:,} customers stored (they stay), 0 "
        "refused.\n"
        f"No row refused, so no rejects file is kept ({tmp_path / 'big4.rejects.csv'} "
        "removed).\n"
        "0 of its customers flagged as possible duplicates.\n"
        f"To import the rest of the file, put its header and the rows after its first "
        f"{done:,} in a new file and import that"
    )
    main(["--db", database, "doctor"])  # its exit status is about the test database
    assert "legacy imports            none unfinished" in capsys.readouterr().out
