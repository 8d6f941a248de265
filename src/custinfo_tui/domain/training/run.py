"""A console started in training mode: which run, which scenario, and who is training."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from custinfo_tui.domain.training.scenario import Scenario


@dataclass(frozen=True)
class TrainingMode:
    """Handed to the console that runs on a run's sandbox database (never the live one)."""

    run_id: int
    scenario: Scenario
    #: The trainee's username, recorded on the run.
    trainee: str
    #: Where the console writes what it is asking now, for `custinfo train caller RUN`.
    cue_file: Path | None = None
