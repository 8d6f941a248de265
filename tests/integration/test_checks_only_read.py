"""A check only reads (docs/backups.md, "Checking a backup"): `custinfo audit verify` and
`custinfo doctor` leave a backup byte for byte as it was, one rollback-journal file with
nothing beside it, plain or encrypted."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.engine import build_engine
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

    said = capsys.readouterr().out
    assert "Audit trail OK" in said and f"Newest event #{newest.id}, hash {newest.hash}" in said
