"""A role-play run the training screen tried to play that `custinfo train play` never
started (docs/training.md, "The debrief and the training screen"): the trainer's password
not accepted at its prompt (status 3), or Ctrl+C there (status 4); and a run's console
started, which ends that.

The run stays running, never played, to be tried again or ended not played. That it was
tried and not started is an event on the live stream (`training.run_not_started`: the
run's id and why, never the password), recorded for the trainer as their other training
events are, so the training screen reads it from the stream: it was kept by the screen
alone, and closing it, or restarting the console, lost it, and the run read as one whose
console had stopped with the trainee's work in it. Tried again, and past the password,
`train play` records that the run's console started (`training.run_played`), so a run
whose console then stops is said to have stopped, not to have never started.
"""

from __future__ import annotations

from typing import NamedTuple

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.training.runs import NotStartedBecause, TrainingRunStatus
from custinfo_tui.services import audit
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork

#: How many of the newest such events are read for the runs list: far more than the runs
#: a training team has running at once.
_NEWEST = 500


def record_not_started(uow: UnitOfWork, actor: Actor, run_id: int, why: NotStartedBecause) -> None:
    """Record that the trainer's attempt to play `run_id` started nothing, and why.
    Trainers only; only a running run (one scored or ended meanwhile has nothing to try
    again)."""
    require(actor, Permission.RUN_TRAINING)
    with uow:
        run = uow.training.get_run(run_id)
        if run is None:
            raise NotFound(f"There is no training run {run_id}.")
        if run.status != TrainingRunStatus.RUNNING:
            raise ServiceError(f"Run {run_id} is already {run.status}.")
        audit.record(
            uow,
            actor,
            AuditAction.TRAINING_RUN_NOT_STARTED,
            details={"run": run_id, "why": why.value},
        )
        uow.commit()


def record_played(uow: UnitOfWork, actor: Actor | None, run_id: int) -> None:
    """Record that `custinfo train play` (or `train start`) got past the trainer's password
    and starts the run's console now (`training.run_played`): a run tried and not started
    before is started now. `actor` None: the system, for runs started so."""
    if actor is not None:
        require(actor, Permission.RUN_TRAINING)
    with uow:
        audit.record(uow, actor, AuditAction.TRAINING_RUN_PLAYED, details={"run": run_id})
        uow.commit()


class Tried(NamedTuple):
    """A run tried from the training screen and not started: why, and by whom."""

    why: NotStartedBecause
    #: The trainer's username; None when the live database no longer names them.
    by: str | None


def not_started_runs(uow: UnitOfWork) -> dict[int, Tried]:
    """Each run tried and not started, with why and who tried it: its newest
    `training.run_not_started` on the stream, unless a `training.run_played` of the run
    came after it (tried again, and started); inside the caller's unit of work. Whether
    the run is still running is the caller's to check: one ended since is no longer "not
    started"."""
    played = _newest_of_each_run(uow, AuditAction.TRAINING_RUN_PLAYED)
    found: dict[int, Tried] = {}
    for run, event in _newest_of_each_run(uow, AuditAction.TRAINING_RUN_NOT_STARTED).items():
        why = str(event.details.get("why", ""))
        since = played.get(run)
        if why in set(NotStartedBecause) and (since is None or since.id < event.id):
            found[run] = Tried(NotStartedBecause(why), _username(uow, event.operator_id))
    return found


def _username(uow: UnitOfWork, operator_id: int | None) -> str | None:
    operator = uow.operators.get(operator_id) if operator_id is not None else None
    return operator.username if operator is not None else None


def _newest_of_each_run(uow: UnitOfWork, action: AuditAction) -> dict[int, AuditEvent]:
    """The newest event of `action` for each run its `run` detail names."""
    newest: dict[int, AuditEvent] = {}
    for event in uow.audit.list_recent(action=action.value, limit=_NEWEST):
        run = event.details.get("run")
        if isinstance(run, int) and run not in newest:
            newest[run] = event
    return newest
