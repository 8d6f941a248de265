"""Playing a run from the training screen: `custinfo train play` gets this console's
settings, its database among them, through the environment (training_launcher.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from custinfo_tui.settings import Settings
from custinfo_tui.training_launcher import TerminalTrainingLauncher, settings_environment


def test_the_command_started_reads_the_same_settings_and_the_demo_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        log_dir=tmp_path / "logs",
        idle_lock_minutes=7,
        access_reasons=["Complaint investigation", "Other"],
        scenarios_dir=tmp_path / "scenarios",
    )

    environment = settings_environment(settings, demo=True)
    for key, value in environment.items():
        if key.startswith("CUSTINFO_"):
            monkeypatch.setenv(key, value)

    seen = Settings()
    assert seen.database_url == f"sqlite+pysqlite:///{tmp_path / 'demo.db'}"
    assert seen.model_dump(exclude={"database_url"}) == settings.model_dump(
        exclude={"database_url"}
    )


def test_the_run_is_custinfo_train_play_as_the_trainer_with_this_interpreter_and_no_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[tuple[list[str], dict[str, Any]]] = []

    def run(command: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        ran.append((command, options))
        return subprocess.CompletedProcess(command, 3)

    monkeypatch.setattr(subprocess, "run", run)
    launcher = TerminalTrainingLauncher(Settings(data_dir=tmp_path, log_dir=tmp_path))

    assert launcher.launch(7, "trainer") == 3

    ((command, options),) = ran
    assert command == [
        *(sys.executable, "-m", "custinfo_tui", "train", "play", "7"),
        *("--as", "trainer"),
    ]
    assert "shell" not in options
    assert options["env"]["CUSTINFO_DATABASE_URL"].endswith("custinfo.db")
