"""`custinfo backup` and `custinfo restore` (docs/backups.md): a checked copy, restored
elsewhere with the same records and an intact audit trail; damaged backups refused; the
erasures a restore would undo named and re-applied."""

from __future__ import annotations

import io
import os
import sqlite3
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.commands import postgres_backup
from custinfo_tui.commands.postgres_backup import find_tool
from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.roles import Role
from custinfo_tui.repository.encryption import FileState, file_state
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services import audit, erasure, operators, restriction
from tests.conftest import TEST_DATABASE_KEY, sqlcipher_url_for
from tests.support.actors import actor_for
from tests.support.console_login import console_login
from tests.support.encryption import key_file
from tests.support.files import mode_of
from tests.support.outage import DatabaseToStop
from tests.support.printed_lines import too_wide, words


def _file(url: str) -> str:
    return str(make_url(url).database)


def _rows(engine: Engine, table: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT * FROM {table} ORDER BY id"))
        return [tuple(row) for row in rows]


def _events(url: str, action: AuditAction) -> list[dict[str, object]]:
    engine = build_engine(url)
    try:
        with uow_factory_for(engine)() as uow:
            return [event.details for event in uow.audit.list_recent(action=action.value)]
    finally:
        engine.dispose()


DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_a_backup_restored_elsewhere_holds_the_same_records_and_its_trail_verifies(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    backup = tmp_path / "backups" / "monday.db"
    backup.parent.mkdir()
    restored = tmp_path / "restored.db"

    assert main(["--db", _file(sqlite_demo_url), "backup", str(backup)]) == 0
    said = capsys.readouterr().out
    assert main(["--db", str(restored), "restore", str(backup)]) == 0
    restoring = capsys.readouterr().out
    assert too_wide(said) == [] and too_wide(restoring) == []  # none cut at 80 columns
    assert main(["--db", str(restored), "audit", "verify"]) == 0

    assert "300 customers" in said and "Checked: SQLite integrity" in said
    assert "no erasure made since the backup can be checked" in " ".join(restoring.split())
    source = build_engine(sqlite_demo_url)
    with source.connect() as connection:
        values = connection.execute(text("SELECT value FROM contact_points")).scalars().all()
    source.dispose()
    assert values and not [value for value in values if value in said + restoring]
    assert mode_of(backup) == 0o600 and mode_of(restored) == 0o600
    assert "Audit trail OK" in restoring
    source, copy = build_engine(sqlite_demo_url), build_engine(f"sqlite:///{restored}")
    try:
        for table in ("customers", "interactions", "consents"):
            assert _rows(copy, table) == _rows(source, table)
    finally:
        source.dispose()
        copy.dispose()
    [backed_up] = _events(sqlite_demo_url, AuditAction.DATABASE_BACKED_UP)
    assert backed_up["file"] == "monday.db" and backed_up["customers"] == 300
    assert _events(f"sqlite:///{restored}", AuditAction.DATABASE_RESTORED)


def test_an_existing_backup_file_is_replaced_only_with_force(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "backup.db"
    backup.write_bytes(b"yesterday's")

    assert main(["--db", _file(sqlite_url), "backup", str(backup)]) == 1
    assert "already exists; give --force" in capsys.readouterr().err
    assert backup.read_bytes() == b"yesterday's"
    assert main(["--db", _file(sqlite_url), "backup", str(backup), "--force"]) == 0
    assert file_state(backup) is FileState.PLAIN
    assert backup.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: one file, no -wal
    assert sorted(path.name for path in tmp_path.iterdir() if "backup" in path.name) == [
        "backup.db"
    ]


def test_a_folder_or_a_missing_folder_is_refused_with_what_to_give_instead(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    for forced in ([], ["--force"]):
        assert main(["--db", _file(sqlite_url), "backup", str(folder), *forced]) == 1
        said = words(capsys.readouterr().err)
        assert f"is a folder: add a file name to it, for example {folder}/" in said
        assert "--force" not in said
    assert list(folder.iterdir()) == []

    nowhere = tmp_path / "no-such-folder" / "monday.db"
    assert main(["--db", _file(sqlite_url), "backup", str(nowhere)]) == 1
    assert f"there is no folder {nowhere.parent}" in words(capsys.readouterr().err)

    # Restoring from a folder said "there is no backup file at" the folder.
    assert main(["--db", _file(sqlite_url), "restore", str(folder)]) == 1
    assert f"{folder} is a folder: give the backup file in it." in words(capsys.readouterr().err)


@pytest.mark.sqlcipher
def test_an_encrypted_database_is_backed_up_encrypted_with_its_key(
    sqlcipher_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(
        "CUSTINFO_DATABASE_KEY_FILE", str(key_file(tmp_path / "key", TEST_DATABASE_KEY))
    )
    backup, restored = tmp_path / "backup.db", tmp_path / "restored.db"

    assert main(["--db", _file(sqlcipher_demo_url), "backup", str(backup)]) == 0
    assert "encrypted with the database's key" in capsys.readouterr().out
    assert main(["--db", str(restored), "restore", str(backup)]) == 0

    assert file_state(backup) is FileState.ENCRYPTED
    assert file_state(restored) is FileState.ENCRYPTED
    assert b"example.com" not in backup.read_bytes()
    copy = build_engine(sqlcipher_url_for(restored))
    try:
        with copy.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM customers")).scalar() == 300
    finally:
        copy.dispose()


@pytest.mark.sqlcipher
def test_a_backup_made_before_a_rekey_is_restored_with_its_key_and_takes_the_current_one(
    sqlcipher_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """After `custinfo rekey` an older backup could not be restored over the database: with
    the new key the backup did not open, with the old one the database did not, and moving
    the database away lost the erasures made since (docs/backups.md)."""
    database = Path(_file(sqlcipher_demo_url))
    old = key_file(tmp_path / "old-key", TEST_DATABASE_KEY)
    new = key_file(tmp_path / "new-key", "a fictitious passphrase since the rekey")
    monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(old))
    backup = tmp_path / "monday.db"
    assert main(["--db", str(database), "backup", str(backup)]) == 0
    engine = build_engine(sqlcipher_demo_url)
    erased = erasure.erase_customer(uow_factory_for(engine)(), None, 1, "Art. 17 request")
    engine.dispose()
    assert main(["--db", str(database), "rekey", "--new-key-file", str(new)]) == 0
    monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(new))
    capsys.readouterr()

    assert main(["--db", str(database), "restore", str(backup), "--force"]) == 1
    refused = capsys.readouterr().err
    assert "cannot be opened with this key" in refused
    assert "--backup-key-file" in refused  # the way on, named
    restore = ["--db", str(database), "restore", str(backup), "--backup-key-file", str(old)]
    assert main(restore) == 0  # without --force: a check, said, nothing changed
    warned = words(capsys.readouterr().out)
    assert main([*restore, "--force"]) == 0
    restored = capsys.readouterr().out

    assert erased.reference in warned and "Nothing was changed" in warned
    assert "Erased again: 1 customer." in restored and "Audit trail OK" in restored
    assert "now encrypted with the database's current key" in restored
    said = refused + warned + restored
    assert TEST_DATABASE_KEY not in said and "since the rekey" not in said
    # The console opens it with the key it uses now; the old key no longer does.
    assert main(["--db", str(database), "audit", "verify"]) == 0
    monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(old))
    assert main(["--db", str(database), "audit", "verify"]) != 0


def test_a_key_for_a_plain_backup_is_refused_as_needless(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _file(sqlite_demo_url)
    backup = tmp_path / "plain.db"
    assert main(["--db", database, "backup", str(backup)]) == 0
    keys = key_file(tmp_path / "key", TEST_DATABASE_KEY)
    capsys.readouterr()

    restoring = ["restore", str(backup), "--backup-key-file", str(keys), "--force"]
    assert main(["--db", database, *restoring]) == 1

    assert "is not encrypted, so it needs no key" in capsys.readouterr().err


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("sqlcipher", marks=pytest.mark.sqlcipher)]
)
def test_a_damaged_backup_is_refused_and_the_database_left_as_it_was(
    damage: str,
    backend: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = Path(_file(request.getfixturevalue(f"{backend}_demo_url")))
    if backend == "sqlcipher":
        keys = key_file(tmp_path / "key", TEST_DATABASE_KEY)
        monkeypatch.setenv("CUSTINFO_DATABASE_KEY_FILE", str(keys))
    backup = tmp_path / "backup.db"
    assert main(["--db", str(database), "backup", str(backup)]) == 0
    data = bytearray(backup.read_bytes())
    if damage == "truncated":
        del data[len(data) // 2 :]
    else:
        data[len(data) // 2 : len(data) // 2 + 8192] = b"\xa5" * 8192
    backup.write_bytes(bytes(data))
    before = database.read_bytes()
    capsys.readouterr()

    assert main(["--db", str(database), "restore", str(backup), "--force"]) == 1

    refused = capsys.readouterr().err
    # Named: the tester could not tell which of several backups was damaged.
    assert "the backup backup.db is damaged" in refused or "backup.db cannot be" in refused
    assert "Nothing was changed" in refused
    assert database.read_bytes() == before
    assert not list(tmp_path.glob(".*restoring*"))


def test_a_tampered_backup_is_named_as_the_file_that_does_not_verify(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The refusal named the database being restored over ("the audit trail in the backup
    (live.db) does not verify"), so the operator could condemn the wrong file."""
    database = Path(_file(sqlite_demo_url))
    backup = tmp_path / "tampered.db"
    assert main(["--db", str(database), "backup", str(backup)]) == 0
    with sqlite3.connect(backup) as raw:
        for (trigger,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'"
        ).fetchall():
            raw.execute(f"DROP TRIGGER {trigger}")
        raw.execute("UPDATE audit_events SET reason = 'altered' WHERE id = 5")
    raw.close()
    capsys.readouterr()

    assert main(["--db", str(database), "restore", str(backup), "--force"]) == 1

    refused = capsys.readouterr().err
    assert "the audit trail in the backup (tampered.db) does not verify" in refused
    assert database.name not in refused


def test_a_file_that_is_no_database_is_refused_without_asking_for_a_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV given to restore was taken for an encrypted database and a key was asked for."""
    export = tmp_path / "customers.csv"
    export.write_text("Forename,Surname\nJo,Bloggs\n", encoding="utf-8")

    assert main(["--db", str(tmp_path / "new.db"), "restore", str(export)]) == 1

    refused = capsys.readouterr().err
    assert "is not a custinfo backup: it is not a SQLite database, plain or encrypted" in refused
    assert "Key for" not in refused


def test_a_backup_taken_while_another_desk_writes_is_consistent(
    sqlite_demo_url: str, tmp_path: Path
) -> None:
    engine = build_engine(sqlite_demo_url)
    uows = uow_factory_for(engine)
    stop, started = threading.Event(), threading.Event()
    written = []

    def desk_writing() -> None:
        while not stop.is_set():
            with uows() as uow:
                audit.record(uow, None, AuditAction.AUDIT_SEARCHED, details={"results": 0})
                uow.commit()
            written.append(1)
            started.set()

    desk = threading.Thread(target=desk_writing)
    desk.start()
    try:
        assert started.wait(10)
        before = len(written)
        assert main(["--db", _file(sqlite_demo_url), "backup", str(tmp_path / "b.db")]) == 0
        during = len(written) - before
    finally:
        stop.set()
        desk.join()
        engine.dispose()
    assert during > 0  # the desk kept saving while the backup ran
    restored = tmp_path / "restored.db"
    assert main(["--db", str(restored), "restore", str(tmp_path / "b.db")]) == 0
    assert main(["--db", str(restored), "audit", "verify"]) == 0


def test_restore_names_what_it_would_undo_and_erases_again_without_being_asked(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = _file(sqlite_demo_url)
    backup = tmp_path / "backup.db"
    assert main(["--db", database, "backup", str(backup)]) == 0
    engine = build_engine(sqlite_demo_url)
    uows = uow_factory_for(engine)
    erased = erasure.erase_customer(uows(), None, 1, "Art. 17 request")
    restriction.restrict_processing(uows(), None, "1020 5429 F", "Accuracy contested")
    engine.dispose()
    assert main(["--db", database, "retention", "run"]) == 0
    capsys.readouterr()

    assert main(["--db", database, "restore", str(backup)]) == 0
    printed = capsys.readouterr().out
    assert too_wide(printed) == []  # its warnings wrapped at words, none cut by the terminal
    warned = words(printed)
    assert main(["--db", database, "restore", str(backup), "--force"]) == 0  # no flag needed
    restored = capsys.readouterr().out

    assert "records 1 erasure made after this backup was taken" in warned
    assert "The restore erases that customer again, unless --undo-erasures" in warned
    assert "1 retention run since the backup" in warned
    assert "work that restoring undoes" in warned and "1 restriction of processing" in warned
    assert erased.reference in warned and "Nothing was changed" in warned
    assert "Erased again: 1 customer." in restored and "Audit trail OK" in restored
    engine = build_engine(sqlite_demo_url)
    with uow_factory_for(engine)() as uow:
        assert uow.customers.get(1).status == "erased"  # type: ignore[union-attr]
        [again] = uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value, customer_id=1)
    engine.dispose()
    # Who erased first and why; not the first erasure's event number, which is another
    # event's in the restored trail.
    assert again.reason is not None
    assert again.reason.startswith("Erasure re-applied after a restore (erased ")
    assert again.reason.endswith(" UTC by the system: Art. 17 request)")
    assert "#" not in again.reason


def test_restore_names_the_operators_accounts_it_puts_back_as_they_were(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator: a leaver disabled after the backup could log in again
    once it was restored, and nothing said so."""
    database = _file(sqlite_demo_url)
    backup = tmp_path / "backup.db"
    assert main(["--db", database, "backup", str(backup)]) == 0
    engine = build_engine(sqlite_demo_url)
    uows = uow_factory_for(engine)
    admin = actor_for(uows, "admin")
    operators.disable_operator(uows(), admin, "trainer")
    operators.change_role(uows(), admin, "supervisor", Role.AGENT)
    engine.dispose()
    capsys.readouterr()

    assert main(["--db", database, "restore", str(backup)]) == 0
    warned = words(capsys.readouterr().out)

    assert "operators' accounts changed since this backup" in warned
    assert "disabled: trainer; given another role: supervisor." in warned
    assert "an operator disabled since could log in again" in warned


def test_an_erasure_made_in_error_is_undone_only_when_asked(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying the command line: `restore --force` alone put a customer erased after
    the backup back in use, and agents found and opened them again."""
    database = _file(sqlite_demo_url)
    backup = tmp_path / "backup.db"
    assert main(["--db", database, "backup", str(backup)]) == 0
    engine = build_engine(sqlite_demo_url)
    erasure.erase_customer(uow_factory_for(engine)(), None, 1, "Erased the wrong John Smith")
    engine.dispose()
    capsys.readouterr()

    assert main(["--db", database, "restore", str(backup), "--force", "--undo-erasures"]) == 0
    assert "1 erasure made after the backup was undone" in capsys.readouterr().out
    engine = build_engine(sqlite_demo_url)
    with uow_factory_for(engine)() as uow:
        assert uow.customers.get(1).status == "active"  # type: ignore[union-attr]
    engine.dispose()


def test_restore_is_refused_while_a_console_has_the_database_open(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _file(sqlite_demo_url)
    backup = tmp_path / "backup.db"
    assert main(["--db", database, "backup", str(backup)]) == 0
    console = build_engine(sqlite_demo_url)
    with console.connect() as connection:
        connection.execute(text("SELECT count(*) FROM customers"))
        assert main(["--db", database, "restore", str(backup), "--force"]) == 1
    console.dispose()

    assert "is open in a console" in capsys.readouterr().err


@pytest.mark.postgres
def test_postgresql_dump_restored_into_an_empty_database_verifies(
    postgres_demo_url: str,
    postgres_admin_url: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    assert postgres_admin_url is not None
    dump = tmp_path / "custinfo.dump"
    empty = f"custinfo_restored_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{empty}"'))
    restored_url = make_url(postgres_admin_url).set(database=empty).render_as_string(False)
    try:
        monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
        assert main(["backup", str(dump)]) == 0
        said = capsys.readouterr().out
        monkeypatch.setenv("CUSTINFO_DATABASE_URL", restored_url)
        assert main(["restore", str(dump)]) == 0
        restoring = capsys.readouterr().out
        assert main(["restore", str(dump)]) == 1  # never over a database that has tables
        assert "empty database only" in capsys.readouterr().err

        assert mode_of(dump) == 0o600 and "300 customers" in said
        assert "Audit trail OK" in restoring
        source, copy = build_engine(postgres_demo_url), build_engine(restored_url)
        try:
            assert _rows(copy, "customers") == _rows(source, "customers")
        finally:
            source.dispose()
            copy.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_a_backup_while_the_server_does_not_answer_says_so_not_an_internal_error(
    postgres_to_stop: DatabaseToStop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """It said "internal error (reference ...)" and logged a crash, where `audit verify`
    and `doctor` say the database cannot be reached."""
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_to_stop.url)
    postgres_to_stop.stop()

    assert main(["backup", str(tmp_path / "custinfo.dump")]) == 1

    assert capsys.readouterr().err == (
        "custinfo: no database server answered at the host and port in "
        "CUSTINFO_DATABASE_URL: check them, and that the server is running.\n"
    )
    assert not list(tmp_path.glob("*custinfo.dump*"))
    assert "crash" not in (tmp_path / "logs" / "custinfo.log").read_text(encoding="utf-8")


@pytest.mark.postgres
def test_a_backup_as_a_consoles_role_says_to_run_it_as_the_schema_owner(
    postgres_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """pg_dump's error line is followed by a "detail" line quoting its query; the command
    printed only that last line, which says nothing of the permission refused."""
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    dump = tmp_path / "custinfo.dump"
    with console_login(postgres_demo_url) as desk:
        monkeypatch.setenv("CUSTINFO_DATABASE_URL", desk)
        assert main(["backup", str(dump)]) == 1

    said = " ".join(capsys.readouterr().err.split())
    assert "permission was refused" in said
    assert "Run the backup as the role that owns the schema" in said
    assert "pg_dump: error: query failed: ERROR: permission denied for sequence" in said
    assert "detail" not in said and "Query was" not in said
    assert not list(tmp_path.glob("*custinfo.dump*"))


def test_without_pg_dump_the_documented_procedure_is_printed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(postgres_backup, "find_tool", lambda _name: None)
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", "postgresql://custinfo@127.0.0.1/custinfo")

    assert main(["backup", str(tmp_path / "custinfo.dump")]) == 1

    said = capsys.readouterr().out
    assert "pg_dump --format=custom" in said and "pg_restore --no-owner" in said
    assert "holds personal data" in said
    assert not (tmp_path / "custinfo.dump").exists()


def test_customers_imported_after_the_backup_are_named_as_lost_finished_or_not(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator: a restore listed erasures and operators' changes, not the
    customers imported since, and --force dropped them without a word."""
    database = _file(sqlite_demo_url)
    backup = tmp_path / "backup.db"
    assert main(["--db", database, "backup", str(backup)]) == 0
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes((DOCS / "import.example.csv").read_bytes())
    imported = [
        "--db", database, "import", str(legacy), "--mapping", str(DOCS / "import.example.toml"),
        "--workers", "0", "--rejects", str(tmp_path / "rejects.csv"),
    ]  # fmt: skip
    assert main(imported) == 0
    capsys.readouterr()
    engine = build_engine(sqlite_demo_url)
    with engine.connect() as connection:
        accepted = connection.execute(text("SELECT count(*) FROM legacy_import_customers"))
        count = accepted.scalar_one()
    engine.dispose()

    assert main(["--db", database, "restore", str(backup)]) == 0
    warned = words(capsys.readouterr().out)
    # An import stopped half-way has no `customers.imported` event yet: told by its rows.
    with sqlite3.connect(database) as raw:
        raw.execute("UPDATE legacy_imports SET finished_at = NULL")
    raw.close()
    assert main(["--db", database, "restore", str(backup)]) == 0
    unfinished = capsys.readouterr().out

    assert count > 0
    lost = f"Warning: {count} customers imported since (import of legacy.csv) would be lost"
    assert lost in warned
    assert f"{count} customers imported since (import of legacy.csv, unfinished)" in unfinished
    assert "new customer" not in warned  # counted once, as imported


def test_work_added_since_the_backup_is_counted_by_its_rows_not_only_its_events(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever added a row after the backup, an event for it or not (an import records
    its event only once finished), the restore counts it as work it undoes."""
    database = _file(sqlite_demo_url)
    backup = tmp_path / "backup.db"
    assert main(["--db", database, "backup", str(backup)]) == 0
    with sqlite3.connect(database) as raw:
        for table in ("customers", "representatives"):  # as nothing in custinfo adds them
            columns = [row[1] for row in raw.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(column for column in columns if column != "id")
            values = names.replace("reference", "'Z00000000000'")  # references are unique
            raw.execute(
                f"INSERT INTO {table} ({names}) SELECT {values} FROM {table} ORDER BY id LIMIT 1"
            )
    raw.close()
    capsys.readouterr()

    assert main(["--db", database, "restore", str(backup)]) == 0

    warned = words(capsys.readouterr().out)
    assert "work that restoring undoes" in warned
    for work in ("1 new customer", "1 representative added"):
        assert work in warned


def test_a_backup_of_another_database_is_said_to_be_one_and_nothing_is_erased_by_it(
    sqlite_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found by an administrator: restoring another install's backup said only "The current
    database records no erasure since this backup was taken"; and the current database's
    erasures, by customer id, would have been made again on the other one's customers."""
    database = _file(sqlite_demo_url)
    other, backup = tmp_path / "other.db", tmp_path / "other-backup.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("Correct-Horse-77\n"))
    assert main(["--db", str(other), "init", "--admin-username", "admin", "--password-stdin"]) == 0
    assert main(["--db", str(other), "backup", str(backup)]) == 0
    engine = build_engine(sqlite_demo_url)
    erasure.erase_customer(uow_factory_for(engine)(), None, 1, "Art. 17 request")
    engine.dispose()
    capsys.readouterr()

    assert main(["--db", database, "restore", str(backup)]) == 0
    warned = words(capsys.readouterr().out)
    assert main(["--db", database, "restore", str(backup), "--force"]) == 0
    restored = capsys.readouterr().out

    assert f"Warning: this backup is NOT a backup of {database}" in warned
    assert "300 customers" in warned  # what would be replaced
    assert "records no erasure" not in warned and "erasure made after" not in warned
    assert "Erased again" not in restored and "Audit trail OK" in restored
    [event] = _events(sqlite_demo_url, AuditAction.DATABASE_RESTORED)
    assert event["other_database"] is True and event["later_erasures"] == 0
    # The same database's backup is not taken for another's.
    assert main(["--db", database, "backup", str(tmp_path / "again.db")]) == 0
    assert main(["--db", database, "restore", str(tmp_path / "again.db")]) == 0  # no --force
    assert "NOT a backup" not in capsys.readouterr().out


def test_undone_erasures_are_recorded_one_by_one_and_counted_apart_from_reapplied_ones(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator: `--undo-erasures` recorded the same `later_erasures 2`
    as a restore that erased them again, and nothing on the trail named who came back."""
    database = _file(sqlite_demo_url)
    backup = tmp_path / "backup.db"
    assert main(["--db", database, "backup", str(backup)]) == 0
    engine = build_engine(sqlite_demo_url)
    for customer_id in (1, 2):
        erasure.erase_customer(uow_factory_for(engine)(), None, customer_id, "Wrong person")
    engine.dispose()
    assert main(["--db", database, "backup", str(tmp_path / "erased.db")]) == 0
    capsys.readouterr()

    assert main(["--db", database, "restore", str(backup), "--force", "--undo-erasures"]) == 0
    said = capsys.readouterr().out
    [undo] = _events(sqlite_demo_url, AuditAction.DATABASE_RESTORED)
    engine = build_engine(sqlite_demo_url)
    with uow_factory_for(engine)() as uow:
        back = uow.audit.list_recent(action=AuditAction.ERASURE_UNDONE.value)
    engine.dispose()
    assert main(["--db", database, "restore", str(tmp_path / "erased.db"), "--force"]) == 0
    assert main(["--db", database, "restore", str(backup), "--force"]) == 0
    reapply = _events(sqlite_demo_url, AuditAction.DATABASE_RESTORED)[0]

    said = " ".join(said.split())  # read as words, whatever the terminal's width
    assert "2 customers back" in said and "customer.erasure_undone" in said
    assert undo["erasures_undone"] == 2 and undo["erasures_reapplied"] == 0
    assert reapply["erasures_reapplied"] == 2 and reapply["erasures_undone"] == 0
    assert sorted(event.customer_id for event in back) == [1, 2]  # type: ignore[type-var]
    for event in back:
        assert event.reason is not None and "undone by restoring backup.db" in event.reason
        assert "UTC by the system: Wrong person" in event.reason
        assert set(event.details) == {"erased_at"}


@pytest.mark.parametrize("companion", ["", "-wal", "-shm", "-journal"])
def test_a_backup_is_never_written_over_the_database_or_the_files_beside_it(
    companion: str, sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator: `backup kk.db-wal --force` beside an open console said
    "Backed up to kk.db-wal" and wrecked the database's log; with no console open it
    ended in an internal error."""
    database = Path(_file(sqlite_demo_url))
    console = build_engine(sqlite_demo_url)
    with console.connect() as connection:
        connection.execute(text("SELECT count(*) FROM customers"))
        target = database.with_name(database.name + companion)
        link = tmp_path / "link.db"
        os.symlink(target, link)
        for given in (target, link):
            assert main(["--db", str(database), "backup", str(given), "--force"]) == 1
            refused = capsys.readouterr().err
            assert "is the database or one of the files SQLite keeps beside it" in refused
            assert "internal error" not in refused
        link.unlink()
        if target.exists():  # nor restored from
            assert main(["--db", str(database), "restore", str(target), "--force"]) == 1
            assert "not a backup of it" in words(capsys.readouterr().err)
    console.dispose()
    assert main(["--db", str(database), "audit", "verify"]) == 0


def test_an_empty_file_is_refused_as_empty_and_a_plain_database_as_no_backup(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 0-byte file was said to have "its schema version missing or newer"."""
    empty = tmp_path / "empty.db"
    empty.touch()
    assert main(["--db", _file(sqlite_url), "restore", str(empty), "--force"]) == 1
    assert words(capsys.readouterr().err) == (
        f"custinfo: {empty} is empty: not a custinfo backup. Nothing was changed."
    )
    plain = tmp_path / "plain.db"
    with sqlite3.connect(plain) as raw:
        raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    raw.close()
    assert main(["--db", _file(sqlite_url), "restore", str(plain), "--force"]) == 1
    assert "plain.db is not a custinfo backup" in capsys.readouterr().err


def test_a_backup_without_the_audit_trails_guards_is_restored_with_them_put_back(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator: a backup whose append-only triggers had been dropped
    restored "checked", and `custinfo doctor` then found the triggers missing."""
    database = _file(sqlite_demo_url)
    backup = tmp_path / "backup.db"
    assert main(["--db", database, "backup", str(backup)]) == 0
    with sqlite3.connect(backup) as raw:
        raw.execute("DROP TRIGGER audit_events_no_update")
        raw.execute("DROP TRIGGER audit_events_no_delete")
        raw.execute("CREATE TRIGGER keep_quiet AFTER INSERT ON audit_events BEGIN SELECT 1; END")
    raw.close()
    capsys.readouterr()

    assert main(["--db", database, "restore", str(backup), "--force"]) == 0

    said = capsys.readouterr().out
    assert "the backup's audit trail guards were missing or altered" in said
    assert "audit_events_no_delete, audit_events_no_update, keep_quiet" in said
    with sqlite3.connect(database) as raw:
        names = {
            name for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("DELETE FROM audit_events WHERE id = 1")
    raw.close()
    assert {"audit_events_no_update", "audit_events_no_delete"} <= names
    assert "keep_quiet" not in names
    [event] = _events(sqlite_demo_url, AuditAction.DATABASE_RESTORED)
    assert event["triggers_put_back"] == [
        "audit_events_no_delete", "audit_events_no_update", "keep_quiet"
    ]  # fmt: skip
