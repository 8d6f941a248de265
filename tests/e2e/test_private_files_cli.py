"""`custinfo init` and `custinfo demo` leave the database, the data folder and the log their
owner's only; other commands say when others can open them, and how to fix it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from custinfo_tui.cli import main
from custinfo_tui.settings import Settings
from tests.support.files import mode_of


def test_demo_creates_a_private_data_folder_database_and_log(permissive_umask: None) -> None:
    assert main(["demo", "--customers", "10"]) == 0

    settings = Settings()
    assert mode_of(settings.data_dir) == 0o700
    assert mode_of(settings.data_dir / "demo.db") == 0o600
    assert mode_of(settings.log_dir) == 0o700
    assert mode_of(settings.log_dir / "custinfo.log") == 0o600


def test_init_makes_a_database_and_log_others_could_open_private_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))
    assert main(["--db", str(db), "init", "--password-stdin"]) == 0
    log_dir = Settings().log_dir
    db.chmod(0o644)
    log_dir.chmod(0o755)
    (log_dir / "custinfo.log").chmod(0o644)
    capsys.readouterr()

    assert main(["--db", str(db), "init"]) == 0

    out = capsys.readouterr().out
    assert f"Others could open {db}: it is now its owner's only." in out
    assert mode_of(db) == 0o600
    assert mode_of(log_dir) == 0o700
    assert mode_of(log_dir / "custinfo.log") == 0o600


def test_demo_fixes_an_existing_demo_database_others_could_read(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--customers", "10"]) == 0
    db.chmod(0o664)

    assert main(["demo", "--db", str(db), "--customers", "10"]) == 0

    assert mode_of(db) == 0o600


def test_a_command_that_opens_a_database_others_can_read_says_how_to_fix_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--customers", "10"]) == 0
    db.chmod(0o644)
    capsys.readouterr()

    assert main(["--db", str(db), "audit", "verify"]) == 0

    err = capsys.readouterr().err.splitlines()
    assert "custinfo: Warning: others on this computer can open custinfo's files. To fix:" in err
    assert f"chmod 600 {db}" in err
    assert mode_of(db) == 0o644  # reported, not silently changed


def test_init_and_demo_leave_the_folder_a_database_is_given_in_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an administrator setting up from the README: `demo --db demo.db` and
    `init --db ./desk.db` set the working folder they were run in to 0700, closing the
    operator's own folder (a checkout, a shared /srv) behind their back. The database and
    its log are private; the folder is the operator's and stays as it was, and commands
    do not warn of it (`doctor` still rates it: test_doctor_cli.py)."""
    folder = tmp_path / "work"
    folder.mkdir()
    folder.chmod(0o755)
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))

    assert main(["--db", str(folder / "desk.db"), "init", "--password-stdin"]) == 0
    assert main(["demo", "--db", str(folder / "demo.db"), "--customers", "10"]) == 0
    capsys.readouterr()
    assert main(["--db", str(folder / "demo.db"), "audit", "verify"]) == 0

    assert mode_of(folder) == 0o755
    assert mode_of(folder / "desk.db") == 0o600
    assert mode_of(folder / "demo.db") == 0o600
    said = capsys.readouterr()
    assert "Others could open" not in said.out
    assert "others on this computer can open" not in said.err
