"""Training runs as the live database keeps them: who trained on which scenario, when, how
it ended, the scorecard and the trainer's notes (docs/training.md, "Running a role-play")."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

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


class NotStartedBecause(StrEnum):
    """Why `custinfo train play`, started from the training screen, started nothing
    (`training.run_not_started`): the run stays running, never played."""

    #: The trainer's password was not accepted at its prompt (a wrong one, their account
    #: locked, none given).
    PASSWORD_NOT_ACCEPTED = "password_not_accepted"
    #: The trainer pressed Ctrl+C at its password prompt.
    STOPPED_AT_PASSWORD = "stopped_at_password"

    @property
    def words(self) -> str:
        """Why, as the trail and the runs list say it."""
        return _NOT_STARTED_WORDS[self]


_NOT_STARTED_WORDS = {
    NotStartedBecause.PASSWORD_NOT_ACCEPTED: "the trainer's password was not accepted",
    NotStartedBecause.STOPPED_AT_PASSWORD: "the trainer stopped it at the password",
}
#: Why, said to the trainer who tried it.
_NOT_STARTED_BY_YOU = {
    NotStartedBecause.PASSWORD_NOT_ACCEPTED: "your password was not accepted",
    NotStartedBecause.STOPPED_AT_PASSWORD: "you stopped it at the password",
}
#: A running run never started, as the runs lists show its status.
NOT_STARTED = "not started"


def run_not_started(details: Mapping[str, Any]) -> str:
    """`training.run_not_started` in words, on the trail: "Training run 6 not started:
    the trainer's password was not accepted"."""
    why = str(details.get("why", ""))
    said = f": {NotStartedBecause(why).words}" if why in set(NotStartedBecause) else ""
    return f"Training run {details.get('run', '?')} not started{said}"


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
    #: A running run tried from the training screen and never started, and why: the
    #: newest `training.run_not_started` of the run, if nothing came of it since.
    not_started: NotStartedBecause | None = None
    #: Who tried it (the trainer's username, from that event), so the runs name them to
    #: another trainer: "You stopped it at the password" was said to every trainer.
    not_started_by: str | None = None

    def why_not_started(self, viewer: str | None = None) -> str:
        """Why it was not started, as said to `viewer` (a username), mid-sentence: "you
        stopped it at the password" to the trainer who did, "terry stopped it at the
        password" to anyone else; "" for a run not "not started"."""
        if self.not_started is None:
            return ""
        by = self.not_started_by
        if by is None:  # tried by no one the live database still names
            return self.not_started.words
        if by == viewer:
            return _NOT_STARTED_BY_YOU[self.not_started]
        if self.not_started is NotStartedBecause.PASSWORD_NOT_ACCEPTED:
            return f"{by}'s password was not accepted"
        return f"{by} stopped it at the password"

    @property
    def shown_status(self) -> str:
        """The status as the runs lists show it: "not started" for a running run tried and
        never started (nothing was done in it), where "running" read like a run under
        way."""
        return NOT_STARTED if self.not_started is not None else self.status.value


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
