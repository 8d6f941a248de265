"""`custinfo doctor`: one table of what a security review checks, OK / WARN / FAIL with
what to do, exit status 1 on a FAIL, and no personal data in it."""

from __future__ import annotations

import io
import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.private_files import open_private
from custinfo_tui.services.demo import DEMO_OPERATORS
from tests.support.printed_lines import words

TOPICS = (
    "database folder",  # --db names a file outside the data folder: its own folder
    "database file",
    "database -wal file",
    "database -shm file",
    "log folder",
    "log file",
    "database schema",
    "encryption at rest",
    "TLS to the database",
    "audit trail",
    "audit events append-only",
    "administrators",
    "unused logins (90 days)",
    "idle lock",
)


def _line(out: str, topic: str) -> str:
    return next(line for line in out.splitlines() if f"  {topic}  " in line)


def _doctor(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--db", str(db), "doctor"])
    return code, capsys.readouterr().out


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--customers", "50"]) == 0
    return db


def test_doctor_on_a_demo_database_lists_every_check_and_passes(
    demo_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")

    code, out = _doctor(demo_db, capsys)

    assert code == 0
    assert out.splitlines()[0] == f"custinfo doctor: SQLite database {demo_db}"
    for topic in TOPICS:
        assert _line(out, topic)
    assert _line(out, "database file").split()[:3] == ["OK", "database", "file"]
    assert _line(out, "encryption at rest").startswith("WARN")
    assert "not applicable" in _line(out, "TLS to the database")
    assert re.search(r"events intact; newest #\d+, hash [0-9a-f]{64}", _line(out, "audit trail"))
    assert "Result: WARN (" in out
    # The table's rows stay one a line; the fixes and notes under them, and the result,
    # wrap at words (they ran to 155 columns, cut mid-word by an 80-column terminal).
    rows = ("status", "OK", "WARN", "FAIL", "custinfo doctor:")
    assert [line for line in out.splitlines() if len(line) > 79 and not line.startswith(rows)] == []
    assert "fix: Encrypt the database with SQLCipher (CUSTINFO_DATABASE_KEY_FILE," in words(out)


def test_doctor_never_prints_personal_data(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = _doctor(demo_db, capsys)

    for fictitious in ("Smith", "Taylor", "07700", "example.com", "SE1"):
        assert fictitious not in out
    for operator in DEMO_OPERATORS:
        assert operator.password not in out
        assert f" {operator.username} " not in f" {out} ".replace("\n", " ")


def test_doctor_fails_on_a_world_readable_database_and_gives_the_command(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_db.chmod(0o644)

    code, out = _doctor(demo_db, capsys)

    assert code == 1
    line = _line(out, "database file")
    assert line.startswith("FAIL") and "-rw-r--r--: every account on this computer" in line
    assert f"fix: chmod 600 {demo_db}" in out
    assert "Result: FAIL (" in out


def test_doctor_warns_but_passes_when_only_the_group_can_read(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_db.chmod(0o640)

    code, out = _doctor(demo_db, capsys)

    assert code == 0
    assert _line(out, "database file").startswith("WARN")


def test_doctor_names_the_databases_a_restore_replaced_and_says_to_delete_them(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator: after `restore --force` the doctor said nothing of the
    `custinfo.db.replaced-*` copy kept beside the database, every customer in it."""
    db = Path(str(make_url(sqlite_demo_url).database))
    assert main(["--db", str(db), "backup", str(tmp_path / "mon.db")]) == 0
    assert main(["--db", str(db), "restore", "--force", str(tmp_path / "mon.db")]) == 0
    [kept] = db.parent.glob(f"{db.name}.replaced-*")
    stamp = datetime.strptime(kept.name.rsplit("-", 2)[1], "%Y%m%d")

    code, out = _doctor(db, capsys)

    assert code == 0
    assert _line(out, "replaced databases").startswith("WARN")
    said = " ".join(out.split())
    copy = f"{kept.name} (replaced {stamp:%Y-%m-%d} "
    assert f"1 copy of the database kept by `restore --force`: {copy}" in said
    assert f" UTC, {kept.stat().st_size:,} bytes). It holds every customer's personal data" in said
    assert (
        "fix: Once the restored database is confirmed good (`custinfo doctor`, `custinfo "
        "audit verify`) and what the restore undid is done again, delete it as you would an "
        'old backup (docs/backups.md, "The database a restore replaces"): '
        f"rm {kept}"
    ) in said

    kept.unlink()
    code, out = _doctor(db, capsys)
    assert "none kept beside the database" in _line(out, "replaced databases")


def test_doctor_fails_when_there_is_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nowhere.db"

    code, out = _doctor(db, capsys)

    assert code == 1
    assert f"there is no database at {db}" in _line(out, "database")
    assert not db.exists()


def test_after_an_init_stopped_before_its_admin_doctor_fails_saying_run_init_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying `init`: a refused password left a database with no operators, and
    doctor only warned "no active administrator ... no command to restore an administrator
    yet (ask your supplier)", though `custinfo init` run again creates one."""
    db = tmp_path / "desk.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(SystemExit):
        main(["--db", str(db), "init", "--password-stdin"])
    assert "password refused" in capsys.readouterr().err

    code, out = _doctor(db, capsys)

    assert code == 1
    line = _line(out, "administrators")
    assert line.startswith("FAIL") and line.endswith(
        "no operators at all: run `custinfo init` to create the first administrator"
    )
    assert "ask your supplier" not in out
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))
    assert main(["--db", str(db), "init", "--password-stdin"]) == 0
    assert _line(_doctor(db, capsys)[1], "administrators").split()[:3] == [
        "OK",
        "administrators",
        "1",
    ]


def test_with_operators_but_no_active_admin_doctor_says_no_command_restores_one(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(demo_db) as connection:
        connection.execute("UPDATE operators SET active = 0 WHERE role = 'admin'")

    code, out = _doctor(demo_db, capsys)

    assert code == 0
    assert _line(out, "administrators").startswith("WARN")
    assert "no command to restore an administrator yet (ask your supplier)" in words(out)


def test_commands_point_at_the_demo_database_when_only_it_was_built(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """After the README's first command a new user has `demo.db` and no `custinfo.db`."""
    monkeypatch.setenv("CUSTINFO_DATA_DIR", str(demo_db.parent))
    monkeypatch.delenv("CUSTINFO_DATABASE_URL", raising=False)
    capsys.readouterr()

    assert main(["doctor"]) == 1
    said = " ".join(capsys.readouterr().out.split())
    assert f"there is no database at {demo_db.parent / 'custinfo.db'}" in said
    assert "The demo's database is checked with `custinfo doctor --demo`." in said
    assert main(["doctor", "--demo"]) == 0

    assert main(["audit", "verify"]) != 0
    assert f"The demo's database is {demo_db}: give `--db {demo_db}` to use it." in words(
        capsys.readouterr().err
    )
    assert not (demo_db.parent / "custinfo.db").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["operator", "list", "--as", "admin", "--password-stdin"],
        ["rekey"],
        ["audit", "verify"],
        ["dsar", "list", "--as", "dpo", "--password-stdin"],
        ["train", "list", "--as", "trainer", "--password-stdin"],
        ["import", "customers.csv", "--mapping", "mapping.toml"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_no_command_leaves_an_empty_database_where_there_was_none(
    demo_db: Path,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found beside the demo's database: `operator list` made an empty custinfo.db, and
    every command then said "not set up or needs upgrading: run `custinfo init`"."""
    monkeypatch.setenv("CUSTINFO_DATA_DIR", str(demo_db.parent))
    monkeypatch.delenv("CUSTINFO_DATABASE_URL", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("admin-demo-2026\n"))
    capsys.readouterr()

    assert main(command) != 0
    said = " ".join(capsys.readouterr().err.split())
    assert f"there is no database at {demo_db.parent / 'custinfo.db'}" in said
    assert not (demo_db.parent / "custinfo.db").exists()


def test_doctor_reports_a_long_idle_lock(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CUSTINFO_IDLE_LOCK_MINUTES", "45")

    code, out = _doctor(demo_db, capsys)

    assert code == 0
    assert _line(out, "idle lock").startswith("WARN")
    assert "CUSTINFO_IDLE_LOCK_MINUTES to 15 or less" in words(out)


@pytest.mark.postgres
def test_doctor_on_postgresql_reports_tls_and_the_roles_audit_privileges(
    postgres_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The test server trusts local connections, so any password gets in: it must not show.
    url = make_url(postgres_demo_url).set(password="not-to-be-printed")
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", url.render_as_string(hide_password=False))

    code = main(["doctor"])

    out = capsys.readouterr().out
    assert code == 0
    assert "not-to-be-printed" not in out
    assert out.splitlines()[0].startswith("custinfo doctor: postgresql database custinfo_test_")
    tls = _line(out, "TLS to the database")
    assert tls.startswith("OK") and "off, but the server is on this computer" in tls
    privileges = _line(out, "audit events append-only")
    assert privileges.startswith("WARN")
    assert "custinfo may UPDATE, DELETE, TRUNCATE audit events" in privileges
    assert "server's business" in _line(out, "encryption at rest")
    assert "database file" not in out


def test_doctor_sees_a_sqlcipher_database_as_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("sqlcipher3")
    key_file = tmp_path / "database.key"
    with open_private(key_file) as file:
        file.write("a-fictitious-database-key-2026\n")
    monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(key_file))
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))
    db = tmp_path / "desk.db"
    assert main(["--db", str(db), "init", "--encrypt", "--password-stdin"]) == 0

    code, out = _doctor(db, capsys)

    assert code == 0
    assert _line(out, "encryption at rest").startswith("OK")
    assert "on: SQLCipher encrypts the file" in out


def test_doctor_on_a_file_elsewhere_checks_its_folder_and_says_it_is_missing_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an IT-operations explorer: `doctor --db FILE` said "OK data folder: not
    there now" of the default data folder, not FILE's; and "OK database file: not there
    now" beside "FAIL database: there is no database"."""
    monkeypatch.setenv("CUSTINFO_DATA_DIR", str(tmp_path / "unused-data"))
    folder = tmp_path / "desk"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)

    code, out = _doctor(folder / "x.db", capsys)

    assert code == 1
    assert "data folder" not in out
    assert f"chmod 700 {folder}" in out
    assert _line(out, "database folder").startswith("WARN")
    assert "no database yet: nothing to protect" in _line(out, "database file")
    assert f"there is no database at {folder / 'x.db'}" in _line(out, "database")
    assert not (tmp_path / "unused-data").exists()
