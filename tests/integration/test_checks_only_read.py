"""A check only reads (docs/backups.md, "Checking a backup"): `custinfo audit verify` and
`custinfo doctor` leave a backup byte for byte as it was, one rollback-journal file with
nothing beside it, plain or encrypted; and a database in WAL mode with no `-wal` or `-shm`
beside it (a copy taken with `cp`, a database no console has open) as it was, with none."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.engine import build_engine, sqlite_url
from custinfo_tui.services import audit
from tests.conftest import TEST_DATABASE_KEY
from tests.support.encryption import key_file


def _digest(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("sqlcipher", marks=pytest.mark.sqlcipher)]
)
def test_verifying_a_backup_leaves_its_bytes_as_they_were(
    backend: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found by an administrator: `sha1sum mon.db; custinfo --db mon.db audit verify;
    sha1sum mon.db` differed, the file turned from a rollback journal to WAL."""
    database = str(make_url(request.getfixturevalue(f"{backend}_demo_url")).database)
    if backend == "sqlcipher":
        keys = key_file(tmp_path / "key", TEST_DATABASE_KEY)
        monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(keys))
    folder = tmp_path / "backups"
    folder.mkdir()
    backup = folder / "mon.db"
    assert main(["--db", database, "backup", str(backup)]) == 0
    before = _digest(backup)
    capsys.readouterr()

    assert main(["--db", str(backup), "audit", "verify"]) == 0
    verified = capsys.readouterr().out
    main(["--db", str(backup), "doctor"])

    assert "Audit trail OK" in verified
    assert _digest(backup) == before
    assert sorted(path.name for path in folder.iterdir()) == ["mon.db"]  # no -wal, no -shm
    if backend == "sqlite":
        assert backup.read_bytes()[18:20] == b"\x01\x01"  # still a rollback journal


def test_verifying_the_database_in_use_reads_what_a_console_wrote_to_its_log(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Read-only, a check of the database a console has open still reads the events in its
    write-ahead log, not yet in the file."""
    database = Path(str(make_url(sqlite_demo_url).database))
    console = build_engine(sqlite_demo_url)
    try:
        with uow_factory_for(console)() as uow:
            newest = audit.record(uow, None, AuditAction.AUDIT_SEARCHED, details={"results": 0})
            uow.commit()
        assert database.with_name(database.name + "-wal").stat().st_size > 0

        assert main(["--db", str(database), "audit", "verify"]) == 0
    finally:
        console.dispose()

    said = " ".join(capsys.readouterr().out.split())
    assert "Audit trail OK" in said and f"Newest event #{newest.id}, hash {newest.hash}" in said


def _folders(*files: Path) -> list[list[str]]:
    return [sorted(path.name for path in file.parent.iterdir()) for file in files]


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("sqlcipher", marks=pytest.mark.sqlcipher)]
)
def test_checking_a_database_in_wal_mode_leaves_no_wal_or_shm_beside_it(
    backend: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found by an administrator checking a copy of the live database: `audit verify` and
    `doctor` left an empty mon.db-wal and mon.db-shm beside it (SQLite makes them to read a
    WAL database, read-only or not, and only the last connection removes them)."""
    demo = Path(str(make_url(request.getfixturevalue(f"{backend}_demo_url")).database))
    if backend == "sqlcipher":
        keys = key_file(tmp_path / "key", TEST_DATABASE_KEY)
        monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(keys))
    copy, live = tmp_path / "copies" / "mon.db", tmp_path / "live" / "custinfo.db"
    for file in (copy, live):
        file.parent.mkdir()
        shutil.copy2(demo, file)
    if backend == "sqlite":
        assert copy.read_bytes()[18:20] == b"\x02\x02"  # WAL mode, as the consoles leave it
    before = _digest(copy), _digest(live), copy.stat().st_mtime_ns

    assert main(["--db", str(copy), "audit", "verify"]) == 0
    assert _folders(copy) == [["mon.db"]]
    main(["--db", str(copy), "doctor"])
    assert _folders(copy) == [["mon.db"]]
    assert main(["--db", str(live), "restore", str(copy)]) == 0  # a check only

    assert "Checked only: the backup can be restored." in capsys.readouterr().out
    assert _folders(copy, live) == [["mon.db"], ["custinfo.db"]]
    assert (_digest(copy), _digest(live), copy.stat().st_mtime_ns) == before


def test_a_check_leaves_the_log_to_a_console_that_opened_the_database_during_it(
    sqlite_demo_url: str,
) -> None:
    """The `-wal` and `-shm` a check made are the log of a console that opened the
    database meanwhile: they stay while it has the database open (removed, what it wrote
    next would be lost), and go when it closes, as SQLite does."""
    database = Path(str(make_url(sqlite_demo_url).database))
    log, index = (database.with_name(database.name + end) for end in ("-wal", "-shm"))
    check = build_engine(sqlite_url(database), read_only=True)
    with check.connect() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM audit_events").scalar()
    assert log.exists() and index.exists()  # made by the check's connection
    console = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"db = sqlite3.connect({str(database)!r})\n"
            "db.execute('SELECT count(*) FROM customers').fetchall()\n"
            "print('open', flush=True); sys.stdin.read()\n"
            "db.execute('PRAGMA user_version = 7'); db.commit(); db.close()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert console.stdout is not None and console.stdout.readline() == "open\n"
        check.dispose()

        assert log.exists() and index.exists()  # the console's now, its log still empty
        assert log.stat().st_size == 0
    finally:
        console.communicate("")
    assert not log.exists() and not index.exists()  # the console, closing last, removed them
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (7,)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
