"""Training runs as the live database keeps them: who trained on which scenario, when, how
it ended, the scorecard and the trainer's notes (docs/training.md, "Running a role-play")."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.training.scorecard import Scorecard


class TrainingRunStatus(StrEnum):
    #: The sandbox is built and the trainee's console is (or was last) open on it.
    RUNNING = "running"
    #: The console closed and the run was scored.
    FINISHED = "finished"
    #: The run ended without a score: its sandbox could not be built. (A console that
    #: stops before the run ends leaves it RUNNING, to be played on or ended and scored.)
    ABANDONED = "abandoned"
    #: The run ended, but the trainee never played it: they never logged in, or took no
    #: step of the call. Not scored (its scorecard says why), so it counts in no score.
    NOT_PLAYED = "not played"


#: Why a run with no scorecard has nothing to export, in the runs list's words for its status.
_NOTHING_BECAUSE = {
    TrainingRunStatus.NOT_PLAYED: "was not played",
    TrainingRunStatus.RUNNING: "is still running, not scored yet",
    TrainingRunStatus.ABANDONED: "was abandoned, never scored",
}


def nothing_to_export(run_id: int, status: TrainingRunStatus) -> str:
    """What evidence of practice says of a run it cannot export, naming its status as the
    runs list shows it: "Run 2 was not played: there is nothing to export." """
    because = _NOTHING_BECAUSE.get(status, "has not been scored")
    return f"Run {run_id} {because}: there is nothing to export."


class TrainingNote(BaseModel):
    """A trainer's observation on one marking point of a run."""

    model_config = ConfigDict(frozen=True)

    marking_point: str
    text: str
    #: The trainer's username.
    written_by: str
    written_at: datetime


class TrainingRunSummary(BaseModel):
    """One run as a list shows it; no customer data (the sandbox holds that)."""

    model_config = ConfigDict(frozen=True)

    run_id: int
    scenario_id: str
    scenario_title: str
    #: The trainee's username.
    trainee: str
    #: Who started it: a trainer's username, or "system" for `custinfo train start`.
    started_by: str
    started_at: datetime
    ended_at: datetime | None
    status: TrainingRunStatus
    sandbox_path: str
    #: "4 of 6 met" once scored.
    score: str | None = None


class TrainingRunDetail(BaseModel):
    """A run with its scorecard and the trainer's notes, for the report and the debrief."""

    model_config = ConfigDict(frozen=True)

    run: TrainingRunSummary
    scorecard: Scorecard | None
    notes: tuple[TrainingNote, ...] = ()


class SandboxMarker(BaseModel):
    """What marks a database as a run's sandbox: only a sandbox holds one."""

    model_config = ConfigDict(frozen=True)

    run_id: int
    scenario_id: str
    #: The trainee's operator id in the sandbox.
    trainee_operator_id: int
    #: The last event of the sandbox's set-up: the run's own events come after it.
    set_up_last_event_id: int
