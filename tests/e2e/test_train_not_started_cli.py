"""A run tried from the training screen and never started, as `custinfo train` says it
from the live stream (`training.run_not_started`), until `train play` gets past the
trainer's password and records that the run's console started (`training.run_played`)
(docs/training.md, "The debrief and the training screen")."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui import console_terminal
from custinfo_tui.commands import train
from custinfo_tui.composition import build_console_services, uow_factory_for
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.runs import NotStartedBecause
from custinfo_tui.interrupts import INTERRUPTED_STATUS
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.tui.app import CustinfoApp
from tests.support.acting import TRAINER, main_as


@pytest.fixture(autouse=True)
def _as_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console_terminal, "not_terminals", lambda: [])


def test_train_list_and_report_say_not_started_until_train_play_starts_the_console(
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
    # What the training screen records when `train play` gave status 3.
    why = NotStartedBecause.PASSWORD_NOT_ACCEPTED
    services.record_training_run_not_started(trainer, run.run_id, why)

    assert main_as(["--db", db, "train", "list"], TRAINER) == 0
    [line] = [row for row in capsys.readouterr().out.splitlines() if "change-of-address" in row]
    assert "not started" in line
    assert main_as(["--db", db, "train", "report", str(run.run_id)], TRAINER) == 0
    report = capsys.readouterr().out
    assert "; not started." in report
    assert (
        "Not started: it was tried from the training screen and trainer's password "
        "was not accepted, so nothing was done in it. To start it:"
        in " ".join(report.split())  # trainer, by name; wrapped at words to the terminal
    )
    assert f"\n  custinfo train play {run.run_id} --db {db} --as trainer\n" in report
    assert "its console stopped" not in report

    def stopped(app: CustinfoApp) -> None:  # the trainee's console, up, then Ctrl+C
        raise KeyboardInterrupt

    monkeypatch.setattr(train, "run_console", stopped)
    play = ["--db", db, "train", "play", str(run.run_id)]
    assert main_as(play, TRAINER) == INTERRUPTED_STATUS
    capsys.readouterr()

    assert main_as(["--db", db, "train", "list"], TRAINER) == 0
    [line] = [row for row in capsys.readouterr().out.splitlines() if "change-of-address" in row]
    assert "running" in line and "not started" not in line
    assert main_as(["--db", db, "train", "report", str(run.run_id)], TRAINER) == 0
    assert "its console stopped before the run ended" in capsys.readouterr().out
    assert services.training_runs(trainer)[0].not_started is None
    engine = build_engine(sqlite_demo_url)
    try:
        with uow_factory_for(engine)() as uow:
            [played] = uow.audit.list_recent(action=AuditAction.TRAINING_RUN_PLAYED.value)
    finally:
        engine.dispose()
    assert (played.operator_id, played.details) == (trainer.operator_id, {"run": run.run_id})
