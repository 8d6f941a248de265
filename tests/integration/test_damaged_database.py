"""A damaged SQLite database is called damaged, wherever it is met: by the console's
services (a message to call the administrator, no error reference, nothing of the driver's
words), by `custinfo audit verify`, `custinfo doctor` and `custinfo backup`, which say so
of the database and point at the last good backup (docs/backups.md, "A damaged
database"). Each database here is a demo copy with some pages overwritten on purpose."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from custinfo_tui.cli import main
from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.repository.errors import DatabaseDamaged
from custinfo_tui.services import lookup
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.errors import DamagedDatabase
from tests.support.actors import actor_for
from tests.support.damaged_file import damage, database_file
from tests.support.printed_lines import words

#: The pages a lookup by name reads, and the audit trail's own.
SEARCH_PAGES = ("name_index_keys", "sqlite_autoindex_name_index_keys_1", "ix_name_index_keys_term")
TRAIL_INDEXES = ("ix_audit_events_customer_id_occurred_at",)
RESTORE = 'restore the last good backup (docs/backups.md, "A damaged database")'


@pytest.fixture
def demo_file(sqlite_demo_url: str) -> Path:
    return database_file(sqlite_demo_url)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    said = capsys.readouterr()
    return code, said.out, said.err


def test_a_unit_of_work_on_a_damaged_page_says_the_database_is_damaged(
    sqlite_demo_url: str, demo_file: Path
) -> None:
    agent = actor_for(uow_factory_for(build_engine_for(sqlite_demo_url)), "agent")
    damage(demo_file, *SEARCH_PAGES)
    uows = uow_factory_for(build_engine_for(sqlite_demo_url))

    with pytest.raises(DatabaseDamaged) as told:
        lookup.lookup(uows(), agent, "smith")

    assert "malformed" not in str(told.value)
    assert told.value.__cause__ is None and told.value.__suppress_context__


def test_the_console_tells_the_handler_to_call_the_administrator_and_logs_it(
    sqlite_demo_url: str, demo_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Searches gave "Could not search (error reference ...)", and the log only a
    StorageError caused by DatabaseError."""
    uows = uow_factory_for(build_engine_for(sqlite_demo_url))
    agent = actor_for(uows, "agent")
    services = ConsoleServices(uows, VerificationPolicy(), CapturePolicy(), ComplaintPolicy())
    damage(demo_file, *SEARCH_PAGES)

    with caplog.at_level(logging.ERROR), pytest.raises(DamagedDatabase) as told:
        services.search_customers(agent, "smith")

    assert str(told.value) == (
        "The database is damaged, so this could not be done. Call the administrator: "
        "it has to be restored from the last good backup."
    )
    [logged] = [r.getMessage() for r in caplog.records if "damaged" in r.getMessage()]
    assert "custinfo doctor" in logged and "smith" not in logged.lower()


def test_audit_verify_does_not_say_ok_when_the_trail_cannot_be_read(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(demo_file, "audit_events")

    code, out, _ = _run(capsys, "--db", str(demo_file), "audit", "verify")

    assert code == 1
    assert "OK" not in out
    assert words(out).startswith("Audit trail NOT verified: its tables are damaged (SQLite's quick")
    assert RESTORE in words(out)  # read as words, whatever the terminal's width


def test_audit_verify_does_not_say_ok_when_an_index_of_the_trail_is_damaged(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every event still read in id order, so the walk said OK; the trail's searches read
    the damaged index."""
    damage(demo_file, *TRAIL_INDEXES)

    code, out, _ = _run(capsys, "--db", str(demo_file), "audit", "verify")

    assert code == 1
    assert out.startswith("Audit trail NOT verified: its tables are damaged (SQLite's quick")
    assert "audit_events: " in out


def test_doctor_fails_a_damaged_database_with_the_way_to_restore(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said 0 FAIL."""
    damage(demo_file, *SEARCH_PAGES)

    code, out, _ = _run(capsys, "--db", str(demo_file), "doctor")

    assert code == 1
    [line] = [line for line in out.splitlines() if "  database integrity  " in line]
    assert line.startswith("FAIL") and "the database is damaged (SQLite's quick check: " in line
    assert f"fix: Close every console, then {RESTORE}." in words(out)
    assert "Result: FAIL" in out


def test_doctor_passes_a_sound_database_saying_how_long_the_check_took(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "--db", str(demo_file), "doctor")

    [line] = [line for line in out.splitlines() if "  database integrity  " in line]
    assert line.startswith("OK") and "SQLite's quick check: sound (" in line
    assert code == 0


def test_backup_of_a_damaged_database_blames_the_database_not_the_backup(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said "the backup x.db is damaged", of a copy that only copied the damage."""
    damage(demo_file, *SEARCH_PAGES)
    target = tmp_path / "x.db"

    code, _, err = _run(capsys, "--db", str(demo_file), "backup", str(target))
    err = words(err)  # read as words, wrapped to the terminal's width

    assert code == 1
    assert err.startswith(f"custinfo: the database {demo_file} itself is damaged (SQLite's")
    assert "the backup x.db is damaged" not in err
    assert RESTORE in err
    assert not target.exists() and list(tmp_path.glob(".x.db*")) == []


def test_restore_over_a_damaged_database_says_how_to_restore_all_the_same(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What it recorded since the backup, its erasures among them, cannot be read: it was
    said of the backup ("cannot be read as a custinfo database"), and nothing said how."""
    backup = tmp_path / "good.db"
    assert main(["--db", str(demo_file), "backup", str(backup)]) == 0
    damage(demo_file, "audit_events")

    code, _, err = _run(capsys, "--db", str(demo_file), "restore", str(backup), "--force")
    err = words(err)

    assert code == 1
    assert err.startswith(f"custinfo: the database {demo_file} is damaged: what it recorded")
    assert f"mv {demo_file} {demo_file}.damaged" in err
    assert "the backup good.db" not in err
    demo_file.rename(f"{demo_file}.damaged")
    assert main(["--db", str(demo_file), "restore", str(backup), "--force"]) == 0
    assert main(["--db", str(demo_file), "audit", "verify"]) == 0
