"""Anchors and a restore (docs/backups.md, "The database a restore replaces"): the
restored trail makes seals of its own after the backup's, so anchors taken since the
backup no longer match it. The restore says so and what to do, and `audit verify
--anchors` names the restore instead of calling the trail broken, without ever calling it
verified against them."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services import audit
from tests.support.printed_lines import too_wide


def _work(url: str) -> None:
    engine = build_engine(url)
    with uow_factory_for(engine)() as uow:
        audit.record(uow, None, AuditAction.AUDIT_SEARCHED, details={"results": 0})
        uow.commit()
    engine.dispose()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_after_a_restore_old_anchors_name_the_restore_and_a_new_anchor_file_verifies(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found by an administrator: after a legitimate restore, `audit verify --anchors` with
    the anchors saved since the backup said "BROKEN ... the seals were cut back"."""
    database = str(make_url(sqlite_demo_url).database)
    old_anchors, new_anchors = tmp_path / "anchors-old.txt", tmp_path / "anchors-new.txt"
    backup = tmp_path / "monday.db"
    assert main(["--db", database, "audit", "seal", "--anchor-file", str(old_anchors)]) == 0
    assert main(["--db", database, "backup", str(backup)]) == 0
    _work(sqlite_demo_url)
    assert main(["--db", database, "audit", "seal", "--anchor-file", str(old_anchors)]) == 0
    capsys.readouterr()

    restore = ["restore", str(backup), "--force", "--anchors", str(old_anchors)]
    code, restored = _run(capsys, "--db", database, *restore)
    [kept] = Path(database).parent.glob(f"{Path(database).name}.replaced-*")
    assert main(["--db", database, "audit", "seal"]) == 0  # a console seals within a minute
    capsys.readouterr()
    verify_old = ["--db", database, "audit", "verify", "--anchors", str(old_anchors)]
    old_code, old_said = _run(capsys, *verify_old)

    assert code == 0
    assert too_wide(restored) == [] and too_wide(old_said) == []  # not cut at 80 columns
    flat = " ".join(restored.split())
    assert f"Anchors: {old_anchors.name} anchors seal #2 of the replaced trail, made after" in flat
    assert "Start a new anchor file from this database now" in flat
    commands = [line.strip() for line in restored.splitlines() if line.startswith("  custinfo")]
    assert commands == [
        "custinfo audit seal --anchor-file NEW-FILE",
        f"custinfo --db {shlex.quote(str(kept))} audit verify --anchors {old_anchors}",
    ]
    assert old_code == 1 and "BROKEN" not in old_said
    said = " ".join(old_said.split())
    assert (
        "Audit trail NOT verified against 1 anchor (seal #2): the trail records a restore" in said
    )
    assert "(database.restored, event #" in said and "whose newest seal was seal #1" in said
    assert f"(kept as {kept.name})" in said
    assert "The rest verified: " in said and "the other anchors among them." in said
    # The old anchors still check the replaced database, kept; a new file checks this one.
    assert _run(capsys, "--db", str(kept), "audit", "verify", "--anchors", str(old_anchors))[0] == 0
    seal_new = ["--db", database, "audit", "seal", "--anchor-file", str(new_anchors)]
    assert main(seal_new) == 0
    assert _run(capsys, "--db", database, "audit", "verify", "--anchors", str(new_anchors))[0] == 0


def test_an_anchor_the_backup_holds_changed_after_a_restore_is_still_broken(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A restore on the trail explains only seals made after it: the backup's own seal,
    anchored and no longer matching, is the trail rewritten, restore or not."""
    database = str(make_url(sqlite_demo_url).database)
    anchors, backup = tmp_path / "anchors.txt", tmp_path / "monday.db"
    assert main(["--db", database, "audit", "seal", "--anchor-file", str(anchors)]) == 0
    assert main(["--db", database, "backup", str(backup)]) == 0
    assert main(["--db", database, "restore", str(backup), "--force"]) == 0
    seal_id, _, rest = anchors.read_text().partition(":")
    anchors.write_text(f"{seal_id}:{'0' * 64}{rest[64:]}")
    capsys.readouterr()

    code, said = _run(capsys, "--db", database, "audit", "verify", "--anchors", str(anchors))

    assert code == 1
    assert "Audit trail BROKEN at seal #1 (changed)" in said and "restore" not in said


def test_a_restore_says_nothing_of_anchors_where_none_was_taken_after_the_backup(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an operator: every restore said "Anchors: ... Start a new anchor file",
    though no anchor file was ever used; the consoles seal every minute, so a replaced
    trail nearly always has seals the backup lacks. Said only of an anchor file given
    (`--anchors`) that anchors some of them."""
    database = str(make_url(sqlite_demo_url).database)
    anchors, backup = tmp_path / "anchors.txt", tmp_path / "monday.db"
    assert main(["--db", database, "audit", "seal", "--anchor-file", str(anchors)]) == 0
    assert main(["--db", database, "backup", str(backup)]) == 0
    _work(sqlite_demo_url)
    assert main(["--db", database, "audit", "seal"]) == 0  # sealed, as consoles do, not anchored
    capsys.readouterr()

    never_code, never_anchored = _run(capsys, "--db", database, "restore", str(backup), "--force")
    _work(sqlite_demo_url)
    assert main(["--db", database, "audit", "seal"]) == 0
    capsys.readouterr()
    restore = ["restore", str(backup), "--force", "--anchors", str(anchors)]
    before_code, anchored_before = _run(capsys, "--db", database, *restore)

    assert never_code == 0 and before_code == 0
    for said in (never_anchored, anchored_before):  # the file's one anchor the backup holds
        assert "The database it replaced is kept beside it" in " ".join(said.split())
        assert "Anchors" not in said and "anchor-file" not in said


def test_an_anchor_file_that_cannot_be_read_is_said_before_anything_is_restored(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = str(make_url(sqlite_demo_url).database)
    backup = tmp_path / "monday.db"
    assert main(["--db", database, "backup", str(backup)]) == 0
    capsys.readouterr()
    missing = tmp_path / "no-such-anchors.txt"

    code = main(["--db", database, "restore", str(backup), "--force", "--anchors", str(missing)])

    said = capsys.readouterr().err
    assert code == 1
    assert f"there is no anchor file at {missing}. Nothing was changed." in " ".join(said.split())
    assert not list(Path(database).parent.glob(f"{Path(database).name}.replaced-*"))
