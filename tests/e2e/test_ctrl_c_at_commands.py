"""Ctrl+C at a `custinfo` command (docs/configuration.md, docs/backups.md): exit status 130
after a line of its own saying what was left, never the shell's prompt on the prompt's
line; a backup leaves nothing, a restore stopped before the swap the database as it was,
and one past the swap finishes first. The same on PostgreSQL, where a restore is past the
point of no return once pg_restore has committed.

Found trying `init` and `operator ... --as admin`: Ctrl+C at the password prompt ended the
command with status 130 and nothing more, the shell's prompt following "Password for
admin: " on the same line.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import termios
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.commands.postgres_backup import find_tool
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.engine import build_engine
from tests.support.postgres import empty_database
from tests.support.terminal import on_a_terminal


@pytest.fixture(autouse=True)
def ctrl_c_as_at_a_terminal() -> Iterator[None]:
    """Ctrl+C's signal handled as Python handles it at a terminal: a test run in the
    background (a CI job under `nohup`) inherits it ignored, and a SIGINT sent then would
    do nothing, as `nohup custinfo ...` means it to."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def _file(url: str) -> Path:
    return Path(str(make_url(url).database))


def _actions(db: Path, action: AuditAction | None = None) -> int:
    """How many events the audit trail holds (of `action`)."""
    with sqlite3.connect(db) as connection:
        [(count,)] = connection.execute(
            "SELECT COUNT(*) FROM audit_events WHERE ? IS NULL OR action = ?",
            (action, action),
        ).fetchall()
    return int(count)


def _ctrl_c_at_the_prompt(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ctrl+C at the first hidden prompt; the prompts asked."""
    asked: list[str] = []

    def getpass(prompt: str) -> str:
        asked.append(prompt)
        raise KeyboardInterrupt

    monkeypatch.setattr("getpass.getpass", getpass)
    return asked


def _ctrl_c_during(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Ctrl+C pressed as `name` ("module.function") starts."""

    def pressed(*_args: Any, **_kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(name, pressed)


def _ctrl_c_pressed_as(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Ctrl+C pressed (a real SIGINT) as `name` ("module.function") starts, which then runs."""
    module, function = name.rsplit(".", 1)
    real: Callable[..., Any] = getattr(__import__(module, fromlist=[function]), function)

    def pressed(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)
        return real(*args, **kwargs)

    monkeypatch.setattr(name, pressed)


def test_ctrl_c_at_a_password_prompt_ends_its_line_and_says_nothing_was_changed(
    sqlite_demo_url: str,
) -> None:
    db = str(_file(sqlite_demo_url))
    with on_a_terminal("--db", db, "operator", "list", "--as", "admin") as terminal:
        terminal.wait_for("Password for admin: ")
        # What Ctrl+C makes the terminal send (the command has a session of its own, so
        # the test's terminal is not its controlling one, which would send it).
        terminal.process.send_signal(signal.SIGINT)
        assert terminal.until_closed() == 130
        assert terminal.modes()[3] & termios.ECHO  # what is typed next shows again
    assert terminal.output.endswith(
        "Password for admin: \r\ncustinfo: interrupted: nothing was changed.\r\n"
    )


def test_ctrl_c_at_an_operator_commands_prompt_changes_nothing(
    sqlite_demo_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _file(sqlite_demo_url)
    asked = _ctrl_c_at_the_prompt(monkeypatch)
    events = _actions(db)

    assert main(["--db", str(db), "operator", "disable", "--as", "admin", "agent"]) == 130

    assert asked == ["Password for admin: "]
    assert capsys.readouterr().err == "\ncustinfo: interrupted: nothing was changed.\n"
    assert _actions(db) == events  # not even a login


def test_ctrl_c_at_inits_password_prompt_says_no_administrator_was_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.db"
    asked = _ctrl_c_at_the_prompt(monkeypatch)

    assert main(["--db", str(db), "init"]) == 130

    assert asked == ["New admin password: "]
    assert capsys.readouterr().err == (
        "\ncustinfo: interrupted: no administrator was created; run `custinfo init` again "
        "to create one.\n"
    )
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM operators").fetchall() == [(0,)]


def test_ctrl_c_during_a_backup_leaves_no_file_and_says_so(
    sqlite_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = _file(sqlite_demo_url)
    folder = tmp_path / "backups"
    folder.mkdir()
    _ctrl_c_during(monkeypatch, "custinfo_tui.repository.backup.copy_online")

    assert main(["--db", str(db), "backup", str(folder / "monday.db")]) == 130

    assert capsys.readouterr().err.endswith(
        "\ncustinfo: interrupted: no backup was written; the database was not changed.\n"
    )
    assert list(folder.iterdir()) == []  # neither the copy begun nor its lock
    assert _actions(db, AuditAction.DATABASE_BACKED_UP) == 0


def test_ctrl_c_once_the_backup_has_its_name_waits_until_it_is_recorded(
    sqlite_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, backup = _file(sqlite_demo_url), tmp_path / "monday.db"
    _ctrl_c_pressed_as(monkeypatch, "custinfo_tui.services.backup.record_backup")

    assert main(["--db", str(db), "backup", str(backup)]) == 0

    said = capsys.readouterr()
    assert "custinfo: Ctrl+C: the backup is written: custinfo stops once it is recorded." in (
        said.err
    )
    assert f"Backed up to {backup}" in " ".join(said.out.split())
    assert _actions(db, AuditAction.DATABASE_BACKED_UP) == 1
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl+C as before


def test_ctrl_c_during_a_restore_before_the_swap_leaves_the_database_as_it_was(
    sqlite_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, backup = _file(sqlite_demo_url), tmp_path / "monday.db"
    assert main(["--db", str(db), "backup", str(backup)]) == 0  # recorded in db, not in it
    before = db.read_bytes()
    _ctrl_c_during(monkeypatch, "custinfo_tui.repository.backup.close_for_replacement")

    assert main(["--db", str(db), "restore", "--force", str(backup)]) == 130

    assert capsys.readouterr().err.endswith(
        "\ncustinfo: interrupted: nothing was restored; the database is as it was.\n"
    )
    assert db.read_bytes() == before
    assert _actions(db, AuditAction.DATABASE_BACKED_UP) == 1
    assert sorted(path.name for path in db.parent.iterdir() if "restoring" in path.name) == []


def test_ctrl_c_after_the_swap_lets_the_restore_finish(
    sqlite_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, backup = _file(sqlite_demo_url), tmp_path / "monday.db"
    assert main(["--db", str(db), "backup", str(backup)]) == 0
    capsys.readouterr()
    _ctrl_c_pressed_as(monkeypatch, "custinfo_tui.services.backup.record_restore")

    assert main(["--db", str(db), "restore", "--force", str(backup)]) == 0

    said = capsys.readouterr()
    assert "custinfo: Ctrl+C: the database is already replaced: custinfo stops once the " in (
        said.err
    )
    assert "Audit trail OK" in said.out
    assert _actions(db, AuditAction.DATABASE_RESTORED) == 1
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


# --- PostgreSQL: pg_dump and pg_restore -----------------------------------------------------


def _skip_without_pg_tools() -> None:
    if find_tool("pg_dump") is None or find_tool("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")


@pytest.fixture
def demo_to_back_up(postgres_demo_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The demo PostgreSQL database, named by CUSTINFO_DATABASE_URL as `custinfo backup`
    reads it."""
    _skip_without_pg_tools()
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", postgres_demo_url)
    return postgres_demo_url


@pytest.fixture
def restore_into(postgres_admin_url: str | None) -> Iterator[str]:
    """A new, empty database to restore a dump into, as `createdb` makes one."""
    _skip_without_pg_tools()
    assert postgres_admin_url is not None
    with empty_database(postgres_admin_url) as url:
        yield url


def _pg_actions(url: str, action: AuditAction) -> int:
    engine = build_engine(url)
    try:
        with engine.connect() as connection:
            statement = text("SELECT COUNT(*) FROM audit_events WHERE action = :action")
            return int(connection.execute(statement, {"action": action.value}).scalar_one())
    finally:
        engine.dispose()


def _tables(url: str) -> list[str]:
    engine = build_engine(url)
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


@pytest.fixture
def dump_to_restore(
    demo_to_back_up: str,
    restore_into: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    """A dump of the demo database, and CUSTINFO_DATABASE_URL naming the empty database
    to restore it into; what the backup printed is read away."""
    dump = tmp_path / "monday.dump"
    assert main(["backup", str(dump)]) == 0
    monkeypatch.setenv("CUSTINFO_DATABASE_URL", restore_into)
    capsys.readouterr()
    return dump


@pytest.mark.postgres
def test_ctrl_c_during_a_postgresql_backup_leaves_no_file_and_says_so(
    demo_to_back_up: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """It said only `custinfo: interrupted.`, where SQLite's backup says what it left."""
    folder = tmp_path / "backups"
    folder.mkdir()
    _ctrl_c_during(monkeypatch, "custinfo_tui.commands.postgres_backup.readable_dump")

    assert main(["backup", str(folder / "monday.dump")]) == 130

    assert capsys.readouterr().err.endswith(
        "\ncustinfo: interrupted: no backup was written; the database was not changed.\n"
    )
    assert list(folder.iterdir()) == []  # neither the dump pg_dump wrote nor its lock
    assert _pg_actions(demo_to_back_up, AuditAction.DATABASE_BACKED_UP) == 0


@pytest.mark.postgres
def test_ctrl_c_once_the_postgresql_dump_has_its_name_waits_until_it_is_recorded(
    demo_to_back_up: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dump = tmp_path / "monday.dump"
    _ctrl_c_pressed_as(monkeypatch, "custinfo_tui.services.backup.record_backup")

    assert main(["backup", str(dump)]) == 0

    said = capsys.readouterr()
    assert "custinfo: Ctrl+C: the backup is written: custinfo stops once it is recorded." in (
        said.err
    )
    assert f"Backed up to {dump}" in " ".join(said.out.split())
    assert _pg_actions(demo_to_back_up, AuditAction.DATABASE_BACKED_UP) == 1
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.postgres
def test_ctrl_c_during_pg_restore_leaves_the_database_empty_and_says_so(
    dump_to_restore: Path,
    restore_into: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """pg_restore restores in one transaction, which Ctrl+C stops with it: nothing is
    restored, and it is said so, naming the database."""
    _ctrl_c_during(monkeypatch, "custinfo_tui.commands.postgres_restore.tool_run")

    assert main(["restore", str(dump_to_restore)]) == 130

    name = make_url(restore_into).database
    assert capsys.readouterr().err.endswith(
        f"\ncustinfo: interrupted: nothing was restored; the database {name} is as it was.\n"
    )
    assert _tables(restore_into) == []


@pytest.mark.postgres
def test_ctrl_c_as_pg_restore_commits_lets_the_restore_finish(
    dump_to_restore: Path,
    restore_into: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl+C pressed as pg_restore's commit went through: the dump is in, so the restore
    is finished (migrated, its role, recorded), not left half done as `interrupted`."""
    from custinfo_tui.commands import postgres_restore

    real = postgres_restore.tool_run

    def committed_then_ctrl_c(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(postgres_restore, "tool_run", committed_then_ctrl_c)

    assert main(["restore", str(dump_to_restore)]) == 0

    said = capsys.readouterr()
    assert "\ncustinfo: Ctrl+C: the dump is restored: custinfo stops once the restore is " in (
        said.err
    )
    assert "Audit trail OK" in said.out
    assert _pg_actions(restore_into, AuditAction.DATABASE_RESTORED) == 1


@pytest.mark.postgres
def test_ctrl_c_after_pg_restore_lets_the_restore_finish(
    dump_to_restore: Path,
    restore_into: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _ctrl_c_pressed_as(monkeypatch, "custinfo_tui.services.backup.record_restore")

    assert main(["restore", str(dump_to_restore)]) == 0

    said = capsys.readouterr()
    assert (
        "custinfo: Ctrl+C: the dump is restored: custinfo stops once the restore is finished "
        "(the schema brought up to date, the console's role set up, the restore recorded)."
    ) in said.err
    assert "Audit trail OK" in said.out
    assert _pg_actions(restore_into, AuditAction.DATABASE_RESTORED) == 1
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
