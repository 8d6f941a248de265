"""`custinfo backup` killed part way leaves its copy (`.NAME.partial`, with SQLite's -wal
and -shm), a full copy of every customer hidden by its dot: the next backup into the same
folder, whatever its name, removes it once the backup that wrote it is dead, and says so.
Found trying backups with dated names: the copies of killed runs piled up, each removed
only if the same name was backed up again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from tests.support.printed_lines import words

SRC = Path(__file__).resolve().parents[2] / "src"

#: A backup's copy written through the console's own staging and online copy, then the
#: process killed (SIGKILL) before it could tidy up, as `kill -9` of `custinfo backup` does.
KILLED_WHILE_COPYING = """
import os, signal, sys
from pathlib import Path
from custinfo_tui.commands.backup_partials import staging
from custinfo_tui.private_files import create_private_file
from custinfo_tui.repository.backup import copy_online
from custinfo_tui.repository.engine import build_engine, sqlite_url

database, target = sys.argv[1], Path(sys.argv[2])
with staging(target) as staged:
    create_private_file(staged)
    copy = build_engine(sqlite_url(staged.resolve()))
    copy_online(build_engine(sqlite_url(Path(database))), copy)
    writing = copy.connect()  # open, with its -wal and -shm, as the copy is checked
    writing.exec_driver_sql("PRAGMA journal_mode = WAL")
    writing.exec_driver_sql("PRAGMA user_version = 1")
    writing.commit()
    print("copied", flush=True)
    if sys.argv[3] == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    sys.stdin.read()  # still writing, until told to go on
"""


def _database(url: str) -> str:
    database = make_url(url).database
    assert database is not None
    return database


def _backup_started(database: str, target: Path, *, then: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_WHILE_COPYING, database, str(target), then],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "copied\n"
    return process


def _hidden(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def test_the_next_backup_removes_the_copy_a_killed_backup_left_and_says_so(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    database = _database(sqlite_demo_url)
    killed = _backup_started(database, folder / "custinfo-2026-12-01.db", then="kill")
    assert killed.wait() == -signal.SIGKILL
    assert ".custinfo-2026-12-01.db.partial" in _hidden(folder)  # every customer, hidden

    code = main(["--db", database, "backup", str(folder / "custinfo-2026-12-02.db")])

    out = capsys.readouterr().out
    assert code == 0
    assert words(out).startswith(
        "Removed .custinfo-2026-12-01.db.partial (with its -wal, -shm) beside it: the copy a "
        "backup stopped before it finished had left there (it held every customer). "
        "Backed up to "
    )
    assert sorted(path.name for path in folder.iterdir()) == ["custinfo-2026-12-02.db"]


def test_a_copy_a_running_backup_is_writing_is_left_alone(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    database = _database(sqlite_demo_url)
    running = _backup_started(database, folder / "monday.db", then="wait")
    try:
        assert main(["--db", database, "backup", str(folder / "tuesday.db")]) == 0
        assert "Removed" not in capsys.readouterr().out
        assert ".monday.db.partial" in _hidden(folder)
        # A second backup to the very name being written is refused, not let in over it.
        assert main(["--db", database, "backup", str(folder / "monday.db")]) == 1
        assert words(capsys.readouterr().err) == (
            f"custinfo: another backup to monday.db is being written in {folder} now: wait "
            "for it to end, or give another name. Nothing was changed."
        )
        assert ".monday.db.partial" in _hidden(folder)
    finally:
        running.kill()
        running.wait()

    assert main(["--db", database, "backup", str(folder / "wednesday.db")]) == 0
    assert "Removed .monday.db.partial (with its -wal, -shm)" in capsys.readouterr().out
    assert _hidden(folder) == []


def test_a_copy_from_before_the_lock_goes_once_untouched_for_a_day_and_is_named_till_then(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    old, recent = folder / ".sunday.db.partial", folder / ".monday.db.partial"
    for copy in (old, recent, folder / ".sunday.db.partial-wal"):
        copy.write_bytes(b"SQLite format 3\x00")
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    for copy in (old, folder / ".sunday.db.partial-wal"):
        os.utime(copy, (two_days_ago, two_days_ago))

    assert main(["--db", _database(sqlite_url), "backup", str(folder / "tuesday.db")]) == 0

    out = capsys.readouterr().out
    assert "Removed .sunday.db.partial (with its -wal) beside it" in out
    assert (
        "Left .monday.db.partial beside it: a backup's copy from an earlier custinfo, which "
        "records no lock, written to within a day; if no backup is running there, delete it "
        "and the -wal and -shm beside it (it holds every customer)." in out
    )
    assert _hidden(folder) == [".monday.db.partial"]
