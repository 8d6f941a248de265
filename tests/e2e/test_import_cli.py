"""`custinfo import` as an administrator runs it, and killed (SIGKILL) part way, again and
again, before it is let finish: every row ends up stored once or listed as refused once."""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from custinfo_tui.cli import main
from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.services import audit

DOCS = Path(__file__).resolve().parents[2] / "docs"
SRC = Path(__file__).resolve().parents[2] / "src"


def _path_of(url: str) -> str:
    database = make_url(url).database
    assert database is not None
    return database


def test_import_prints_what_it_read_accepted_and_rejected_with_a_progress_bar(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rejects = tmp_path / "example.rejects.csv"

    code = main(
        ["--db", _path_of(sqlite_url), "import", str(DOCS / "import.example.csv"),
         "--mapping", str(DOCS / "import.example.toml"), "--rejects", str(rejects)]
    )  # fmt: skip

    out, err = capsys.readouterr()
    assert code == 0
    assert "read 6 = accepted 4 + rejected 2; 1 accepted flagged as possible duplicates" in out
    assert f"Refused rows (row, field, reason): {rejects}" in out
    assert "100%" in err and "6 rows" in err and "rows/s" in err and "0:00 left" in err
    assert "6 rows; looking for possible duplicates..." in err  # the last step, not a hang
    assert rejects.stat().st_mode & 0o077 == 0  # the rejects file is the operator's alone


def test_a_bad_mapping_is_named_with_its_line_and_key_not_a_traceback(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "legacy.toml"
    mapping.write_text('[columns]\ngiven_name = "A"\nsurname = "B"\n', encoding="utf-8")

    code = main(
        ["--db", _path_of(sqlite_url), "import", str(DOCS / "import.example.csv"),
         "--mapping", str(mapping)]
    )  # fmt: skip

    assert code == 1
    assert "legacy.toml, line 3, columns.surname: not a field" in capsys.readouterr().err


def test_an_encoding_the_import_does_not_read_is_refused_naming_those_it_reads(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying the import: `encoding = "latin-1"` got pydantic's words, "Input should
    be 'utf-8', 'utf-8-sig' or 'cp1252'"."""
    mapping = tmp_path / "legacy.toml"
    example = (DOCS / "import.example.toml").read_text(encoding="utf-8")
    mapping.write_text(example.replace('encoding = "utf-8"', 'encoding = "latin-1"'), "utf-8")

    code = main(
        ["--db", _path_of(sqlite_url), "import", str(DOCS / "import.example.csv"),
         "--mapping", str(mapping)]
    )  # fmt: skip

    assert code == 1
    line = example.splitlines().index('encoding = "utf-8"') + 1
    assert capsys.readouterr().err == (
        f"custinfo: legacy.toml, line {line}, encoding: 'latin-1' is not an encoding the "
        'import reads; give "utf-8", "utf-8-sig" (UTF-8 with a byte-order mark) or "cp1252" '
        "(Windows-1252, which also reads Latin-1 files)\n"
    )


def test_rejects_naming_the_file_being_imported_is_refused_and_the_file_kept(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying the import: `import self.csv --rejects self.csv` left self.csv holding
    only `row,field,reason`, every customer row gone."""
    source = tmp_path / "self.csv"
    source.write_bytes((DOCS / "import.example.csv").read_bytes())

    code = main(
        ["--db", _path_of(sqlite_url), "import", str(source),
         "--mapping", str(DOCS / "import.example.toml"), "--rejects", str(source)]
    )  # fmt: skip

    assert code == 1
    assert source.read_bytes() == (DOCS / "import.example.csv").read_bytes()
    assert capsys.readouterr().err == (
        f"custinfo: the rejects file {source} is the file being imported: listing the "
        "refused rows there would wipe it. Name another file with --rejects.\n"
    )


def test_rejects_in_a_folder_that_is_a_file_says_so(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said "there is no folder notes.txt" of a file the administrator could see there;
    and a mapping's words reach the terminal only as printable text."""
    notes = tmp_path / "notes.txt"
    notes.write_text("the operator's notes\n", encoding="utf-8")
    rejects = notes / "rejects.csv"

    code = main(
        ["--db", _path_of(sqlite_url), "import", str(DOCS / "import.example.csv"),
         "--mapping", str(DOCS / "import.example.toml"), "--rejects", str(rejects)]
    )  # fmt: skip

    assert code == 1
    assert capsys.readouterr().err == (
        f"custinfo: the rejects file {rejects}: {notes} is a file, not a folder: name "
        "another file with --rejects.\n"
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('encoding = "latin-1\x1b[2J"\n', encoding="utf-8")
    main(["--db", _path_of(sqlite_url), "import", str(DOCS / "import.example.csv"),
          "--mapping", str(mapping)])  # fmt: skip
    assert "\x1b" not in capsys.readouterr().err


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="Linux's /proc")
def test_rejects_in_a_folder_no_file_can_be_made_in_is_said_not_an_internal_error(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying the import: `--rejects` in a folder the file could not be made in ended
    with "custinfo: internal error (reference ...)", the log showing PermissionError."""
    code = main(
        ["--db", _path_of(sqlite_url), "import", str(DOCS / "import.example.csv"),
         "--mapping", str(DOCS / "import.example.toml"), "--rejects", "/proc/rejects.csv"]
    )  # fmt: skip

    assert code == 1
    assert capsys.readouterr().err == (
        "custinfo: the rejects file rejects.csv cannot be written in the folder /proc: it "
        "is not a regular folder files can be created in. Nothing was imported; name a "
        "file in another folder with --rejects.\n"
    )
    with sqlite3.connect(_path_of(sqlite_url)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM legacy_imports").fetchone() == (0,)


def test_an_existing_file_named_by_rejects_is_kept_and_the_import_not_begun(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = tmp_path / "important.toml"
    kept.write_text("# the operator's own settings\n", encoding="utf-8")
    command = ["--db", _path_of(sqlite_url), "import", str(DOCS / "import.example.csv"),
               "--mapping", str(DOCS / "import.example.toml"), "--rejects", str(kept)]  # fmt: skip

    assert main(command) == 1
    assert kept.read_text(encoding="utf-8") == "# the operator's own settings\n"
    assert "name another with --rejects, or move that one away" in capsys.readouterr().err
    kept.unlink()
    assert main(command) == 0  # nothing was recorded: the import starts afresh


def _family(n: int) -> str:
    """A fictitious family name for row n: names hold letters only ("Killtestbaa")."""
    letters = "".join(chr(97 + (n // 26**place) % 26) for place in (2, 1, 0))
    return f"Killtest{letters}"


def _legacy_file(path: Path, rows: int) -> None:
    rng = random.Random(5)
    with path.open("w", encoding="cp1252", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["First", "Last", "Born", "Phone", "Email"])
        for n in range(rows):
            born = f"{1 + n % 28:02d}/{1 + n % 12:02d}/{1940 + n % 60}"
            row = ["Zoë", _family(n), born, f"07700 900{n % 1000:03d}", f"z{n}@example.com"]
            if rng.random() < 0.05:
                row[2] = "31/02/1980"
            if n % 97 == 0 and n:
                row = ["Zoë", _family(n - 1), *row[2:4], f"z{n - 1}@example.com"]
            writer.writerow(row)


def _run_until(process: subprocess.Popen[bytes], db: str, stop: int) -> bool:
    """Wait until the import's checkpoint is past `stop` rows; False if it ended first."""
    while process.poll() is None:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
                done = connection.execute("SELECT MAX(rows_read) FROM legacy_imports").fetchone()
        except sqlite3.OperationalError:
            done = None
        if done and done[0] is not None and done[0] >= stop:
            return True
        time.sleep(0.01)
    return False


MAPPING = """\
encoding = "cp1252"
[columns]
given_name = "First"
family_name = "Last"
date_of_birth = "Born"
phone = "Phone"
email = "Email"
"""


def test_an_import_killed_again_and_again_stores_each_row_once(
    sqlite_url: str, tmp_path: Path
) -> None:
    rows = 4_000
    source, mapping, rejects = tmp_path / "legacy.csv", tmp_path / "m.toml", tmp_path / "r.csv"
    _legacy_file(source, rows)
    mapping.write_text(MAPPING, encoding="utf-8")
    command = [
        sys.executable, "-m", "custinfo_tui", "--db", _path_of(sqlite_url), "import",
        str(source), "--mapping", str(mapping), "--rejects", str(rejects),
        "--batch-rows", "150", "--workers", "1",
    ]  # fmt: skip
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    rng, db = random.Random(), _path_of(sqlite_url)
    # Four kills, each once the import has got past a random row: between batches, or in
    # the middle of one (stored, rejects written, or neither yet); then it may finish.
    stops = sorted(rng.sample(range(0, rows - 1_000, 50), 4))
    kills, code, out, started = 0, None, b"", time.monotonic()
    for stop in [*stops, None]:
        process = subprocess.Popen(
            command, env=env, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        if stop is not None and _run_until(process, db, stop):
            time.sleep(rng.uniform(0, 0.05))
            os.killpg(process.pid, signal.SIGKILL)  # the importer and its worker, at once
            process.communicate()
            kills += 1
            continue
        out, _ = process.communicate()
        code = process.returncode
        break
    elapsed = time.monotonic() - started

    assert code == 0, out
    with source.open(encoding="cp1252", newline="") as file:
        families = [row[1] for row in list(csv.reader(file))[1:]]
    with rejects.open(encoding="utf-8", newline="") as file:
        lines = [(int(line[0]), line[1]) for line in list(csv.reader(file))[1:]]
    refused = {row for row, _ in lines}
    with sqlite3.connect(_path_of(sqlite_url)) as connection:
        stored = Counter(row[0] for row in connection.execute("SELECT family_name FROM customers"))
        [(read, accepted, rejected)] = connection.execute(
            "SELECT rows_read, accepted, rejected FROM legacy_imports"
        ).fetchall()
    assert read == rows == accepted + rejected
    assert len(lines) == len(set(lines)) and len(refused) == rejected  # each listed once
    # Every row of the file is stored once or refused once: none twice, none lost.
    assert stored + Counter(families[row - 2] for row in refused) == Counter(families)
    assert f"read {rows:,} = accepted {accepted:,} + rejected {rejected:,}" in out.decode()
    engine = build_engine_for(sqlite_url)
    assert audit.verify_chain(uow_factory_for(engine)()).ok
    engine.dispose()
    assert kills == 4 and elapsed < 60, f"{kills} kills, {elapsed:.0f} s"
    assert b"(continued after row " in out


def test_ctrl_c_while_a_batch_is_stored_says_how_to_continue_and_the_rerun_resumes(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying the import: Ctrl+C a few seconds in gave "custinfo: internal error"
    and exit 1, the unit of work's rollback raising PendingRollbackError over the
    interrupt that had struck while SQLite stored a batch."""
    rows = 1_000
    source, mapping, rejects = tmp_path / "legacy.csv", tmp_path / "m.toml", tmp_path / "r.csv"
    _legacy_file(source, rows)
    mapping.write_text(MAPPING, encoding="utf-8")
    command = ["--db", _path_of(sqlite_url), "import", str(source), "--mapping", str(mapping),
               "--rejects", str(rejects), "--batch-rows", "150", "--workers", "0"]  # fmt: skip
    inserts = 0

    def ctrl_c_in_the_third_batch(*args: object) -> None:
        nonlocal inserts
        statement = str(args[2])
        if statement.startswith("INSERT INTO customers "):
            inserts += 1
            if inserts == 3:
                raise KeyboardInterrupt

    event.listen(Engine, "before_cursor_execute", ctrl_c_in_the_third_batch)
    try:
        interrupted = main(command)
    finally:
        event.remove(Engine, "before_cursor_execute", ctrl_c_in_the_third_batch)
    said = capsys.readouterr().err

    assert interrupted == 130
    assert "internal error" not in said
    assert (
        "custinfo: import interrupted; every batch stored so far is kept. Run the same "
        "command again to continue." in said
    )
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "(continued after row 300)" in out  # two batches of 150 were kept
    with sqlite3.connect(_path_of(sqlite_url)) as connection:
        [(read, accepted, rejected)] = connection.execute(
            "SELECT rows_read, accepted, rejected FROM legacy_imports"
        ).fetchall()
        [(stored,)] = connection.execute("SELECT COUNT(*) FROM customers").fetchall()
    assert read == rows == accepted + rejected and stored == accepted
    assert f"read {rows:,} = accepted {accepted:,} + rejected {rejected:,}" in out


@pytest.mark.parametrize(
    ("option", "value", "least"),
    [("--batch-rows", "-5", 1), ("--batch-rows", "0", 1), ("--workers", "-1", 0)],
)
def test_a_count_below_its_least_is_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, least: int
) -> None:
    """`--batch-rows -5` was taken, and the import then ran without end, its checkpoint
    left half done."""
    with pytest.raises(SystemExit) as refused:
        main(["import", str(tmp_path / "rows.csv"), "--mapping", "map.toml", option, value])
    assert refused.value.code == 2
    said = capsys.readouterr().err
    assert f"argument {option}: give a number of at least {least}, not {value}" in said


def test_a_resumed_imports_bar_says_the_time_left_from_its_own_pace() -> None:
    """Found trying the import: resumed, the bar said `62% 22,000 rows ... 0:00 left`, the
    part of the file read again counted as this run's work; and 100% before the end."""
    from custinfo_tui.commands.legacy_import import ProgressBar
    from custinfo_tui.services.legacy_import import ImportProgress

    bar = ProgressBar(io.StringIO())
    resumed = ImportProgress(
        rows=22_000, rows_this_run=1_000, bytes_done=6_200, bytes_total=10_000,
        accepted=22_000, rejected=0, bytes_resumed=6_000,
    )  # fmt: skip
    almost = replace(resumed, bytes_done=9_990)

    assert bar.line(resumed, 10.0).endswith(" 62% 22,000 rows, 100 rows/s, 3:10 left")
    assert " 99% " in bar.line(almost, 10.0)  # 100% only once every row is stored
    assert " 100% " in bar.line(replace(almost, bytes_done=10_000), 10.0)


def test_empty_lines_before_the_header_are_counted_and_no_empty_rejects_file_is_left(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying the import: empty lines before the header gave "is empty: there is no
    header line to read"; and an import refusing nothing left a rejects file holding only
    its header."""
    lines = (DOCS / "import.example.csv").read_text(encoding="utf-8").splitlines()
    source = tmp_path / "blanks.csv"
    source.write_text("\n\n" + "\n".join(lines[:4]) + "\n", encoding="utf-8")
    rejects = tmp_path / "blanks.rejects.csv"

    code = main(
        ["--db", _path_of(sqlite_url), "import", str(source),
         "--mapping", str(DOCS / "import.example.toml"), "--rejects", str(rejects)]
    )  # fmt: skip

    out = capsys.readouterr().out
    assert code == 0, out
    assert "Skipped 2 empty lines before the header" in out
    assert "read 3 = accepted 3 + rejected 0" in out
    assert f"No row refused, so no rejects file is kept ({rejects} removed)." in out
    assert not rejects.exists()


ORPHAN = """
import os, signal
from custinfo_tui.domain.legacy_import import ImportMapping
from custinfo_tui.services.legacy_import_checking import Checker
mapping = ImportMapping(columns={"given_name": "First", "family_name": "Last", "phone": "Phone"})
rows = ((n, ["Robin", "Importer", f"07700 9{n % 100000:05d}"]) for n in range(1, 40_001))
checked = Checker(mapping, {"given_name": 0, "family_name": 1, "phone": 2}, 3, 1, 1_000)
next(checked.check(rows))
os.kill(os.getpid(), signal.SIGKILL)  # killed while its worker checks the next chunks
"""


def test_a_worker_whose_import_was_killed_ends_without_a_word() -> None:
    """Found trying the import: after `kill -9` of an import, its orphaned pool worker wrote
    `Process ForkPoolWorker-1: Traceback ... BrokenPipeError` twice to the terminal."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    # The worker shares the importer's standard error: reading it to its end waits for both.
    done = subprocess.run(
        [sys.executable, "-c", ORPHAN], env=env, capture_output=True, timeout=60, check=False
    )

    assert done.returncode == -signal.SIGKILL
    assert b"Traceback" not in done.stderr and b"BrokenPipeError" not in done.stderr, done.stderr
