"""`custinfo restore FILE` without `--force` is a check a cron job can read from its exit
status (docs/backups.md, "Checking a backup"): 0 for a backup that checks and can be
restored, 1 for one that cannot; either way nothing is changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from tests.support.printed_lines import too_wide


def test_a_check_only_restore_exits_0_for_a_good_backup_and_1_for_a_bad_one(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found by an administrator: both ended with exit status 1, so a cron job checking
    last night's backup could not tell a good one from one that is no backup at all."""
    database = Path(str(make_url(sqlite_demo_url).database))
    good, tampered, empty = tmp_path / "good.db", tmp_path / "tampered.db", tmp_path / "empty.db"
    assert main(["--db", str(database), "backup", str(good)]) == 0
    assert main(["--db", str(database), "backup", str(tampered)]) == 0
    with sqlite3.connect(tampered) as raw:
        raw.execute("DROP TRIGGER audit_events_no_update")
        raw.execute("UPDATE audit_events SET reason = 'altered' WHERE id = 5")
    raw.close()
    empty.touch()
    before, backup_before = database.read_bytes(), good.read_bytes()
    capsys.readouterr()

    assert main(["--db", str(database), "restore", str(good)]) == 0
    printed = capsys.readouterr().out
    checked = " ".join(printed.split())
    assert main(["--db", str(database), "restore", str(tampered)]) == 1
    refused = capsys.readouterr().err
    assert main(["--db", str(database), "restore", str(empty)]) == 1

    assert too_wide(printed) == []  # wrapped at words: an 80-column terminal cuts none
    assert f"Backup {good}: " in checked and "; checked." in checked
    assert "Checked only: the backup can be restored. Nothing was changed; --force" in checked
    assert "the audit trail in the backup (tampered.db) does not verify" in refused
    assert database.read_bytes() == before and good.read_bytes() == backup_before
