"""`custinfo train play` with the trainer's password not accepted, or stopped with Ctrl+C
at its prompt, exits with a status of its own, so the console that started it
(training_launcher.py) tells a run never started from a console that stopped
(docs/training.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui import console_terminal
from custinfo_tui.cli import main
from custinfo_tui.commands import train
from custinfo_tui.composition import build_console_services
from custinfo_tui.interrupts import INTERRUPTED_STATUS
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.ports import PASSWORD_NOT_ACCEPTED, STOPPED_AT_PASSWORD
from tests.support.acting import SUPERVISOR, TRAINER, main_as


@pytest.fixture(autouse=True)
def _as_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest's standard streams are no terminal: `custinfo` takes them for one."""
    monkeypatch.setattr(console_terminal, "not_terminals", lambda: [])


def test_train_play_with_a_wrong_password_starts_nothing_and_says_so_by_its_status(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = str(make_url(sqlite_demo_url).database)
    services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
    trainer = services.authenticate(TRAINER.username, TRAINER.password).actor
    assert trainer is not None
    run = services.start_training_run(trainer, "change-of-address", "agent")
    consoles: list[CustinfoApp] = []
    monkeypatch.setattr(train, "run_console", consoles.append)

    play = ["--db", db, "train", "play", str(run.run_id)]
    assert PASSWORD_NOT_ACCEPTED not in (0, 1, 2)
    assert main_as(play, TRAINER, password="not-the-password") == PASSWORD_NOT_ACCEPTED
    assert "Username or password not recognised." in capsys.readouterr().err
    assert consoles == []  # nothing started: no console on the sandbox
    assert services.training_run(trainer, run.run_id).run.status == "running"

    # Other refusals keep status 1: another role, and a wrong password at another command.
    assert main_as(play, SUPERVISOR) == 1
    assert main_as(["--db", db, "train", "list"], TRAINER, password="not-the-password") == 1
    assert consoles == []


def test_ctrl_c_at_the_password_prompt_starts_nothing_and_after_it_stops_the_run(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found by a trainer who pressed Ctrl+C at "Password for trainer:" to go back: status
    130 had the console say the run "stopped before it was ended", though nothing had
    started. Ctrl+C once the trainee's console is up is still 130, the run stopped."""
    db = str(make_url(sqlite_demo_url).database)
    services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
    trainer = services.authenticate(TRAINER.username, TRAINER.password).actor
    assert trainer is not None
    run = services.start_training_run(trainer, "change-of-address", "agent")
    play = ["--db", db, "train", "play", str(run.run_id), "--as", TRAINER.username]
    consoles: list[CustinfoApp] = []
    monkeypatch.setattr(train, "run_console", consoles.append)

    def ctrl_c(prompt: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("getpass.getpass", ctrl_c)
    assert STOPPED_AT_PASSWORD not in (0, 1, 2, PASSWORD_NOT_ACCEPTED, INTERRUPTED_STATUS)
    assert main(play) == STOPPED_AT_PASSWORD
    said = capsys.readouterr().err
    assert "custinfo: interrupted: nothing was changed." in said
    assert "stopped before it was ended" not in said
    assert consoles == []
    assert services.training_run(trainer, run.run_id).run.status == "running"

    def ctrl_c_in_the_console(app: CustinfoApp) -> None:
        consoles.append(app)
        raise KeyboardInterrupt

    monkeypatch.setattr("getpass.getpass", lambda prompt: TRAINER.password)
    monkeypatch.setattr(train, "run_console", ctrl_c_in_the_console)
    assert main(play) == INTERRUPTED_STATUS
    assert f"run {run.run_id} stopped before it was ended" in capsys.readouterr().err
    assert len(consoles) == 1
    assert services.training_run(trainer, run.run_id).run.status == "running"
