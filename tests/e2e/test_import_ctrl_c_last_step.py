"""Ctrl+C during the import's last step, the one long statement that looks for possible
duplicates: acted on at once, not when the statement ends (docs/import.md, "Interrupted
imports")."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

SRC = Path(__file__).resolve().parents[2] / "src"

MAPPING = """\
[columns]
given_name = "First"
family_name = "Last"
date_of_birth = "Born"
email = "Email"
"""

#: The import, with the duplicate search made as slow as a 200,000-row file's (half a
#: minute of SQLite work in one statement, which Python cannot break into) by a count run
#: on the search's own connection just before it.
#: Ctrl+C as a terminal delivers it: a process started in the background by a shell without
#: job control (a CI job run with `&`, `nohup`) inherits SIGINT ignored, and Python then
#: leaves it ignored, as an administrator's `nohup custinfo import ... &` means it to be.
SLOWED = """
import signal
import sys
signal.signal(signal.SIGINT, signal.default_int_handler)
from sqlalchemy import event
from sqlalchemy.engine import Engine
from custinfo_tui.cli import main

def slow_search(connection, cursor, statement, *args):
    if "WITH found AS" in statement:
        print("searching", file=sys.stderr, flush=True)
        cursor.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
            "WHERE i < 300000000) SELECT COUNT(*) FROM n"
        )
        cursor.fetchall()

event.listen(Engine, "before_cursor_execute", slow_search)
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_while_duplicates_are_looked_for_exits_at_once_and_the_rerun_finishes(
    sqlite_url: str, tmp_path: Path
) -> None:
    """Found trying the import: Ctrl+C at "looking for possible duplicates..." on a
    200,000-row file was ignored for half a minute, until the statement ended."""
    db = make_url(sqlite_url).database
    assert db is not None
    source, mapping, rejects = tmp_path / "legacy.csv", tmp_path / "m.toml", tmp_path / "r.csv"
    source.write_text(
        "First,Last,Born,Email\n"
        "Robin,Importer,01/02/1970,robin@example.com\n"
        "Robin,Importer,01/02/1970,robin@example.com\n"
        "Sam,Other,03/04/1980,sam@example.org\n",
        encoding="utf-8",
    )
    mapping.write_text(MAPPING, encoding="utf-8")
    command = ["--db", db, "import", str(source), "--mapping", str(mapping),
               "--rejects", str(rejects), "--workers", "0"]  # fmt: skip
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }

    process = subprocess.Popen(
        [sys.executable, "-c", SLOWED, *command],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    said = b""
    while b"searching" not in said:
        line = process.stderr.readline()
        assert line, f"the import ended before its last step: {said!r}"
        said += line
    time.sleep(0.5)  # well inside the statement
    interrupted_at = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        _, rest = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("Ctrl+C was not acted on in 20 s")
    took = time.monotonic() - interrupted_at

    assert process.returncode == 130, rest
    assert took < 3, f"{took:.1f} s after Ctrl+C"
    assert b"import interrupted; every batch stored so far is kept" in rest
    assert b"Traceback" not in rest
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT finished_at FROM legacy_imports").fetchall() == [(None,)]
        assert connection.execute("SELECT COUNT(*) FROM queue_items").fetchone() == (0,)

    # Run again, the import finishes: the duplicate raised once, the run finished.
    done = subprocess.run(
        [sys.executable, "-m", "custinfo_tui", *command],
        env=env, capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"read 3 = accepted 3 + rejected 0; 1 accepted flagged" in done.stdout
    with sqlite3.connect(db) as connection:
        [(finished,)] = connection.execute("SELECT finished_at FROM legacy_imports").fetchall()
        [(queued,)] = connection.execute(
            "SELECT COUNT(*) FROM queue_items WHERE kind = 'possible_duplicate'"
        ).fetchall()
    assert finished is not None and queued == 1
