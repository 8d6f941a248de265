"""Who set up the database and who took or put back its backups, as the trail says it.

Found reading a new install's trail as its supervisor: the first event of every database,
`custinfo init`'s first administrator, said About "-" where every other `operator.created`
said "op: USERNAME"; and `custinfo backup` and `custinfo restore` were recorded under
"system" whoever ran them, so nobody could say who had taken a copy of every customer.
They take `--as USERNAME` now, optional (docs/backups.md, "Who may run them").
"""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from textual.widgets import DataTable

from custinfo_tui.cli import main
from custinfo_tui.commands.backup_signer import NOT_ON_POSTGRESQL
from custinfo_tui.commands.postgres_backup import find_tool
from custinfo_tui.composition import make_app, uow_factory_for
from custinfo_tui.domain.roles import Role
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services.operators import create_operator
from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.audit import AuditScreen
from tests.support.acting import ADMIN, main_as, password_typed
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.printed_lines import words

SIZE = (80, 24)
#: The new install's administrator and supervisor (fictitious).
BOSS = ("boss", "a-long-desk-passphrase")
SUPERVISOR = ("sam", "sam-supervises-the-floor")


def _set_up(tmp_path: Path) -> Settings:
    """A new database as `custinfo init --admin-username boss` makes it, and a supervisor."""
    db = tmp_path / "desk.db"
    with password_typed(BOSS[1]):
        assert main(["--db", str(db), "init", "--admin-username", BOSS[0], "--password-stdin"]) == 0
    settings = Settings(
        database_url=f"sqlite:///{db}", data_dir=tmp_path, log_dir=tmp_path / "logs"
    )
    with console_uow_factory(settings) as uows:
        username, password = SUPERVISOR
        create_operator(
            uows(), None, username, "Sam Supervisor", Role.SUPERVISOR, password, temporary=False
        )
    return settings


def _as(argv: list[str], who: tuple[str, str], password: str | None = None) -> int:
    """`custinfo ARGV --as USERNAME --password-stdin`, the password typed on standard input."""
    username, own = who
    with password_typed(own if password is None else password):
        return main([*argv, "--as", username, "--password-stdin"])


def _trail(db: Path) -> list[tuple[str | None, str, str]]:
    """Every event, oldest first: (who by username or None for the system, action, outcome)."""
    with closing(sqlite3.connect(db)) as connection:  # closed: a restore waits for none
        rows = connection.execute(
            "SELECT o.username, e.action, e.outcome FROM audit_events e "
            "LEFT JOIN operators o ON o.id = e.operator_id ORDER BY e.id"
        ).fetchall()
    return [tuple(row) for row in rows]


def _database(settings: Settings) -> Path:
    assert settings.database_url is not None
    return Path(settings.database_url.removeprefix("sqlite:///"))


def _rows(screen: AuditScreen) -> list[tuple[str, ...]]:
    """(Who, What as stored, About) of each row shown, newest first."""
    table = screen.query_one("#audit-table", DataTable)
    cells = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
    return [
        (row[1], entry.action, row[3]) for row, entry in zip(cells, screen.entries, strict=True)
    ]


async def _trail_as_the_supervisor_reads_it(settings: Settings) -> list[tuple[str, ...]]:
    """The supervisor's audit trail screen (Ctrl+T) at 80x24: (Who, What, About) by row."""
    console = make_app(settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+t")
        screen = console.screen
        assert isinstance(screen, AuditScreen)
        rows = _rows(screen)
        # The About box finds the first administrator's event by their login, as any other.
        await page.keys("ctrl+f", "tab", *"op:boss", "ctrl+s")
        return [*rows, *(("found", *row[1:]) for row in _rows(screen))]


async def test_a_supervisor_reads_whose_login_init_made(tmp_path: Path) -> None:
    rows = await _trail_as_the_supervisor_reads_it(_set_up(tmp_path))

    assert ("system", "operator.created", "op: boss") in rows
    assert ("found", "operator.created", "op: boss") in rows


async def test_a_supervisor_reads_who_took_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = _set_up(tmp_path)
    assert _as(["--db", str(_database(settings)), "backup", str(tmp_path / "monday.db")], BOSS) == 0
    assert "Backed up to" in capsys.readouterr().out

    rows = await _trail_as_the_supervisor_reads_it(settings)

    assert ("boss", "database.backed_up", "-") in rows


def test_a_backup_and_a_restore_given_as_are_recorded_under_that_administrator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _database(_set_up(tmp_path))
    backup, restored = tmp_path / "monday.db", tmp_path / "restored.db"
    assert _as(["--db", str(db), "backup", str(backup)], BOSS) == 0
    assert _as(["--db", str(restored), "restore", str(backup)], BOSS) == 0
    capsys.readouterr()

    assert _trail(db)[-3:] == [
        ("boss", "operator.login_succeeded", "ok"),
        ("boss", "database.backed_up", "ok"),
        ("boss", "operator.logged_out", "ok"),
    ]
    # The restore is on the restored database's trail, the one the desks use from now on,
    # between a login and a log-out made there: the backup's accounts are its accounts.
    assert _trail(restored)[-3:] == [
        ("boss", "operator.login_succeeded", "ok"),
        ("boss", "database.restored", "ok"),
        ("boss", "operator.logged_out", "ok"),
    ]
    for database in (db, restored):
        assert main(["--db", str(database), "audit", "verify"]) == 0
    assert "Audit trail OK" in capsys.readouterr().out


def test_without_as_a_backup_and_a_restore_are_the_systems_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _database(_set_up(tmp_path))
    backup = tmp_path / "monday.db"
    assert main(["--db", str(db), "backup", str(backup)]) == 0
    assert _trail(db)[-1] == (None, "database.backed_up", "ok")
    assert main(["--db", str(db), "restore", str(backup), "--force"]) == 0
    capsys.readouterr()

    assert _trail(db)[-1] == (None, "database.restored", "ok")


def test_a_wrong_password_or_a_supervisor_takes_no_backup_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _database(_set_up(tmp_path))
    backup = tmp_path / "monday.db"

    assert _as(["--db", str(db), "backup", str(backup)], BOSS, "not-the-password-at-all") == 1
    assert "not recognised" in capsys.readouterr().err
    assert _as(["--db", str(db), "backup", str(backup)], SUPERVISOR) == 1
    said = words(capsys.readouterr().err)
    assert "sam is a Supervisor; only an administrator or the data protection officer" in said

    assert not backup.exists() and not list(tmp_path.glob(".monday.db*"))
    assert _trail(db)[-4:] == [
        (None, "operator.login_failed", "denied"),
        ("sam", "operator.login_succeeded", "ok"),
        ("sam", "command.refused", "refused"),
        ("sam", "operator.logged_out", "ok"),
    ]


def test_a_restore_refused_at_its_password_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _database(_set_up(tmp_path))
    backup, elsewhere = tmp_path / "monday.db", tmp_path / "elsewhere.db"
    assert main(["--db", str(db), "backup", str(backup)]) == 0
    before = _trail(db)
    capsys.readouterr()

    argv = ["--db", str(db), "restore", str(backup), "--force"]
    assert _as(argv, BOSS, "not-the-password-at-all") == 1
    assert _as(["--db", str(elsewhere), "restore", str(backup)], BOSS, "nope-nope-nope") == 1

    assert "not recognised" in capsys.readouterr().err
    assert _trail(db) == before and not elsewhere.exists()
    # A check only (no --force) records nothing, so it asks for no password.
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main([*argv[:-1], "--as", BOSS[0], "--password-stdin"]) == 0
    assert "Checked only" in capsys.readouterr().out and _trail(db) == before
    assert not list(tmp_path.glob("*.restoring*")) and not list(tmp_path.glob("desk.db.*"))


def test_restore_as_on_postgresql_is_refused_before_anything_is_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dump's accounts can be read only once it is restored: too late to refuse."""
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", "postgresql://desk@localhost/custinfo_new")
    dump = tmp_path / "custinfo.dump"
    dump.write_bytes(b"PGDMP")
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))

    assert main(["restore", str(dump), "--as", "boss", "--password-stdin"]) == 1

    said = " ".join(capsys.readouterr().err.split())
    assert said == f"custinfo: {NOT_ON_POSTGRESQL}"


@pytest.mark.postgres
def test_a_postgresql_backup_given_as_is_recorded_under_that_administrator(
    postgres_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)

    assert main_as(["backup", str(tmp_path / "custinfo.dump")], ADMIN) == 0

    assert "Backed up to" in capsys.readouterr().out
    engine = build_engine(postgres_demo_url)
    try:
        with uow_factory_for(engine)() as uow:
            newest = uow.audit.list_recent(limit=3)
            admin = uow.operators.get_by_username("admin")
    finally:
        engine.dispose()
    assert admin is not None
    assert [(event.action, event.operator_id) for event in reversed(newest)] == [
        ("operator.login_succeeded", admin.id),
        ("database.backed_up", admin.id),
        ("operator.logged_out", admin.id),
    ]
