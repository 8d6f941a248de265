"""`custinfo backup` of a database whose own audit trail does not verify (docs/backups.md,
"A database whose audit trail does not verify"): the database is named as broken, not the
backup; `--as-is` keeps a copy for an investigation, marked as not verified; a copy whose
trail breaks on its own is still refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository import backup as repository_backup
from custinfo_tui.repository.engine import build_engine
from tests.support.files import mode_of


def _tamper(database: Path) -> None:
    """Change a stored event, as someone with the file and sqlite3 could."""
    with sqlite3.connect(database) as raw:
        raw.execute("DROP TRIGGER audit_events_no_update")
        raw.execute("UPDATE audit_events SET reason = 'altered' WHERE id = 3")
    raw.close()


def _backed_up(url: str) -> dict[str, object]:
    engine = build_engine(url)
    try:
        with uow_factory_for(engine)() as uow:
            [event] = uow.audit.list_recent(action=AuditAction.DATABASE_BACKED_UP.value)
            return dict(event.details)
    finally:
        engine.dispose()


def test_a_database_whose_own_trail_breaks_is_named_and_kept_as_it_is_only_when_asked(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator: the refusal blamed the backup ("the audit trail in the
    backup (t.db) does not verify ... Nothing was changed") when it was the database's own
    trail that was broken, and nothing let them keep a copy of it during the incident."""
    database = Path(str(make_url(sqlite_demo_url).database))
    _tamper(database)
    folder = tmp_path / "backups"
    folder.mkdir()
    copy = folder / "evidence.db"

    assert main(["--db", str(database), "backup", str(copy)]) == 1
    refused = capsys.readouterr().err
    assert list(folder.iterdir()) == []
    assert main(["--db", str(database), "backup", str(copy), "--as-is"]) == 0
    kept = capsys.readouterr().out
    assert main(["--db", str(tmp_path / "restored.db"), "restore", str(copy)]) == 1
    capsys.readouterr()

    flat = " ".join(refused.split())
    assert f"the audit trail of the database {database} itself does not verify" in flat
    assert "(event #3 was changed after it was recorded" in flat
    assert f"`custinfo --db {database} audit verify`" in flat and "give --as-is" in flat
    assert "in the backup" not in flat
    kept = " ".join(kept.split())  # read as words, wrapped to the terminal's width
    assert f"Copied as it is to {copy}: " in kept
    assert "NOT a verified backup: the audit trail of the database" in kept
    assert "NOT the audit trail. `custinfo restore` refuses it." in kept
    assert sorted(path.name for path in folder.iterdir()) == ["evidence.db"]
    assert mode_of(copy) == 0o600 and copy.read_bytes()[18:20] == b"\x01\x01"
    event = _backed_up(sqlite_demo_url)
    assert event["as_is"] is True and event["audit_trail"] == "not verified"
    assert not (tmp_path / "restored.db").exists()


def test_a_copy_whose_trail_breaks_while_the_databases_verifies_is_refused_even_as_is(
    sqlite_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--as-is` keeps the database's own broken trail, never a copy gone bad on the way."""
    copy_online = repository_backup.copy_online

    def copied_badly(source: Engine, target: Engine, *args: Any) -> None:
        copy_online(source, target, *args)
        with target.begin() as connection:
            connection.execute(text("DROP TRIGGER audit_events_no_update"))
            connection.execute(text("UPDATE audit_events SET reason = 'x' WHERE id = 3"))

    monkeypatch.setattr(repository_backup, "copy_online", copied_badly)
    database = str(make_url(sqlite_demo_url).database)
    copy = tmp_path / "monday.db"

    for as_is in ([], ["--as-is"]):
        assert main(["--db", database, "backup", str(copy), *as_is]) == 1
        refused = " ".join(capsys.readouterr().err.split())
        assert f"the audit trail in the copy written for {copy} does not verify" in refused
        assert "though the database's does" in refused and "No backup was kept" in refused
        assert not copy.exists()
