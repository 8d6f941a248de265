"""Playing a role-play from the trainer's console: `custinfo train play` in this terminal.

The training screen records the run as the trainer's and builds its sandbox
(`ConsoleServices.start_training_run`), then suspends the console and calls
`TerminalTrainingLauncher.launch`, which runs `custinfo train play RUN --as TRAINER` (the
trainer gives their password at its prompt: the command acts for them) with the same
interpreter and this console's settings (passed through `CUSTINFO_*` environment variables,
the live database among them) and waits for it: it runs the training console on the
sandbox until it closes, and scores the run (docs/training.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from custinfo_tui.settings import Settings


class TerminalTrainingLauncher:
    """`tui.ports.TrainingLauncher` for a real terminal."""

    def __init__(self, settings: Settings, *, demo: bool = False) -> None:
        self._environment = settings_environment(settings, demo=demo)

    def launch(self, run_id: int, trainer: str) -> int:
        """`custinfo train play RUN --as TRAINER`: it asks the trainer for their password in
        this terminal, as every command that acts for an operator does, then hands the
        terminal to the trainee's console."""
        command = [
            *(sys.executable, "-m", "custinfo_tui", "train", "play", str(run_id)),
            *("--as", trainer),
        ]
        # A list, never a shell.
        return subprocess.run(command, env=self._environment, check=False).returncode


def settings_environment(settings: Settings, *, demo: bool = False) -> dict[str, str]:
    """This process's environment with every setting as its `CUSTINFO_*` variable, so the
    command started sees the same configuration, the database the console opened among it
    (the demo database's file, for `custinfo run --demo`)."""
    environment = dict(os.environ)
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        key = f"CUSTINFO_{name.upper()}"
        if isinstance(value, bool):
            environment[key] = "true" if value else "false"
        elif isinstance(value, list):
            environment[key] = json.dumps(value)
        elif isinstance(value, str | Path | int | float):
            environment[key] = str(value)
    if not settings.database_url:
        environment["CUSTINFO_DATABASE_URL"] = settings.resolved_database_url(demo=demo)
    return environment
