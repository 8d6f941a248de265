"""Training runs (docs/training.md, "Running a role-play"): starting one on a fresh sandbox,
finishing and scoring it, listing runs, a run's detail and the trainer's notes; and the guard
that keeps the live database and sandboxes apart.

Runs live in the live database with their scorecards; a run's customers and events stay in
its sandbox (`services.training_sandbox`). The command line acts as the system (`actor`
None), as `custinfo audit` does; from the console a trainer needs `Permission.RUN_TRAINING`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor, OperatorSummary
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.training.runs import (
    TrainingNote,
    TrainingRunDetail,
    TrainingRunStatus,
    TrainingRunSummary,
)
from custinfo_tui.domain.training.scenario import Scenario, ScenarioNames
from custinfo_tui.domain.training.scorecard import Scorecard
from custinfo_tui.domain.training.scoring import (
    NEVER_LOGGED_IN,
    ScoringPolicies,
    scorecard_of_run,
)
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.repository.orm import TrainingNoteRow, TrainingRun
from custinfo_tui.services import audit
from custinfo_tui.services.errors import NotFound, PermissionDenied, ServiceError
from custinfo_tui.services.permissions import Permission, allows, require
from custinfo_tui.services.scenarios import ScenarioShelf, read_scenarios
from custinfo_tui.services.training_not_started import Tried, not_started_runs
from custinfo_tui.services.training_sandbox import (
    TraineeAccount,
    fill_sandbox,
    read_transcript,
    sandbox_marker,
)
from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

#: Opens (creating and migrating) the SQLite sandbox at a path, for as long as it is used.
SandboxOpener = Callable[[Path], AbstractContextManager[UnitOfWorkFactory]]

#: The longest trainer's note kept on one marking point.
MAX_NOTE_LENGTH = 2_000
#: The longest scenario title a run keeps (its column's length).
MAX_TITLE_LENGTH = 200
_MARKING_POINT = re.compile(r"^MP-(0[1-9]|1[0-9]|2[01])$")


class WrongDatabase(ServiceError):
    """The console was pointed at a sandbox in normal mode, or at a non-sandbox in training."""


@dataclass(frozen=True)
class StartedRun:
    run: TrainingRunSummary
    #: The sandbox's SQLite file, and where the console writes its cues for the caller.
    sandbox: Path
    cue_file: Path


def sandbox_path(training_dir: Path, run_id: int) -> Path:
    """`<data_dir>/training/run-<id>.sqlite`."""
    return training_dir / f"run-{run_id}.sqlite"


def cue_file_path(sandbox: Path, run_id: int) -> Path:
    """Where a run's training console writes what it asks now: beside the sandbox."""
    return sandbox.with_name(f"run-{run_id}.cue.json")


def start_run(
    uow: UnitOfWork,
    actor: Actor | None,
    scenario: Scenario,
    trainee_username: str,
    training_dir: Path,
    open_sandbox: SandboxOpener,
) -> StartedRun:
    """Record a run for an enabled trainee, then build its sandbox: a fresh SQLite file with
    the trainee's own account and the scenario's customers. A sandbox that cannot be built
    leaves the run abandoned and says why."""
    if actor is not None:
        require(actor, Permission.RUN_TRAINING)
    check_console_database(uow, training_run_id=None)  # the live database, never a sandbox
    now = datetime.now(UTC)
    with uow:
        trainee = uow.operators.get_by_username(trainee_username)
        if trainee is None or not trainee.active:
            raise NotFound(f"No enabled operator is called {trainee_username!r}.")
        if not _takes_calls(trainee.role):
            raise ServiceError(
                f"{trainee_username!r} is a {Role(trainee.role).label}, who takes no calls: "
                "a role-play is a call, so choose someone who takes them."
            )
        account = TraineeAccount(
            username=trainee.username,
            display_name=trainee.display_name,
            role=trainee.role,
            password_hash=trainee.password_hash,
            password_changed_at=trainee.password_changed_at,
        )
        run = uow.training.add_run(
            TrainingRun(
                scenario_id=scenario.id,
                scenario_title=scenario.title[:MAX_TITLE_LENGTH],
                trainee_id=trainee.id,
                started_by_id=actor.operator_id if actor else None,
                started_at=now,
                status=TrainingRunStatus.RUNNING,
                sandbox_path="",
            )
        )
        run.sandbox_path = str(sandbox_path(training_dir, run.id))
        run_id, sandbox = run.id, Path(run.sandbox_path)
        audit.record(
            uow,
            actor,
            AuditAction.TRAINING_RUN_STARTED,
            details={"run": run_id, "scenario": scenario.id, "trainee": trainee.id},
        )
        uow.commit()
    try:
        if sandbox.exists():
            raise ServiceError(f"A sandbox for run {run_id} already exists at {sandbox}.")
        with open_sandbox(sandbox) as sandbox_uows:
            fill_sandbox(sandbox_uows(), run_id, scenario, account)
    except Exception:
        _end(uow, run_id, TrainingRunStatus.ABANDONED)
        raise
    summary = run_detail(uow, None, run_id).run
    return StartedRun(summary, sandbox, cue_file_path(sandbox, run_id))


def finish_run(
    uow: UnitOfWork,
    actor: Actor | None,
    run_id: int,
    scenario: Scenario,
    sandbox: UnitOfWork,
    policies: ScoringPolicies | None = None,
) -> TrainingRunDetail:
    """Score a run from its sandbox (the events after the set-up, the records as they ended)
    and keep the scorecard and end time on the live run. `policies` are those the run's
    console ran under (the policy file's; the built-in ones by default): a level or a
    complaint stage only the file names is scored as the console saw it. A run the trainee
    never played (`scoring.not_played`) is ended not played instead: no point scored, and
    its scorecard says why, so it counts in no score."""
    if actor is not None:
        require(actor, Permission.RUN_TRAINING)
    marker = sandbox_marker(sandbox)
    if marker is None or marker.run_id != run_id:
        raise ServiceError(f"That database is not the sandbox of run {run_id}.")
    now = datetime.now(UTC)
    with uow:
        run = _run(uow, run_id, for_update=True)
        if run.status != TrainingRunStatus.RUNNING:
            raise ServiceError(f"Run {run_id} is already {run.status}.")
        if run.scenario_id != scenario.id:
            raise ServiceError(f"Run {run_id} is of scenario {run.scenario_id}.")
        started_at = run.started_at
    transcript = read_transcript(sandbox, started_at, now)
    scorecard = scorecard_of_run(scenario, transcript, policies)
    with uow:
        run = _run(uow, run_id, for_update=True)
        run.scorecard = scorecard.model_dump(mode="json")
        run.ended_at = now
        if scorecard.played:
            run.status = TrainingRunStatus.FINISHED
            action = AuditAction.TRAINING_RUN_SCORED
            details = {"run": run_id, "met": scorecard.met, "scored": scorecard.scored}
        else:
            run.status = TrainingRunStatus.NOT_PLAYED
            action = AuditAction.TRAINING_RUN_NOT_PLAYED
            details = {"run": run_id, "logged_in": scorecard.not_played != NEVER_LOGGED_IN}
        audit.record(uow, actor, action, details=details)
        uow.commit()
    return run_detail(uow, None, run_id)


def list_runs(uow: UnitOfWork, actor: Actor | None) -> list[TrainingRunSummary]:
    """Runs, newest first: a trainer (and the system) sees every run, anyone else their own."""
    with uow:
        own = actor is not None and not allows(actor.role, Permission.RUN_TRAINING)
        rows = uow.training.runs(trainee_id=actor.operator_id if own and actor else None)
        tried = not_started_runs(uow)  # from the stream (services/training_not_started.py)
        return [_summary(uow, row, tried.get(row.id)) for row in rows]


def run_detail(uow: UnitOfWork, actor: Actor | None, run_id: int) -> TrainingRunDetail:
    """A run with its scorecard and the trainer's notes, for a trainer or its trainee."""
    with uow:
        run = _run(uow, run_id)
        if actor is not None and not (
            allows(actor.role, Permission.RUN_TRAINING) or run.trainee_id == actor.operator_id
        ):
            raise PermissionDenied(Permission.RUN_TRAINING.value)
        notes = tuple(
            TrainingNote(
                marking_point=note.marking_point,
                text=note.text,
                written_by=_username(uow, note.written_by_id),
                written_at=note.written_at,
            )
            for note in uow.training.notes_of(run_id)
        )
        scorecard = Scorecard.model_validate(run.scorecard) if run.scorecard else None
        summary = _summary(uow, run, not_started_runs(uow).get(run_id))
        return TrainingRunDetail(run=summary, scorecard=scorecard, notes=notes)


def save_note(
    uow: UnitOfWork, actor: Actor, run_id: int, marking_point: str, text: str
) -> TrainingNote:
    """Keep a trainer's observation on one marking point of a run (replacing their earlier
    one), cleaned as all free text is. Trainers only."""
    require(actor, Permission.RUN_TRAINING)
    if not _MARKING_POINT.match(marking_point):
        raise ServiceError(f"Not a marking point: {marking_point} (MP-01 to MP-21).")
    cleaned = clean_free_text(text, MAX_NOTE_LENGTH)
    if not cleaned:
        raise FieldError("Write the note first.")
    now = datetime.now(UTC)
    with uow:
        run = _run(uow, run_id)
        practised = {r["marking_point"] for r in (run.scorecard or {}).get("results", [])}
        if practised and marking_point not in practised:
            raise ServiceError(f"Run {run_id} does not score {marking_point}.")
        note = uow.training.note(run_id, marking_point)
        if note is None:
            note = uow.training.add_note(
                TrainingNoteRow(
                    run_id=run_id,
                    marking_point=marking_point,
                    text=cleaned,
                    written_by_id=actor.operator_id,
                    written_at=now,
                )
            )
        else:
            note.text, note.written_by_id, note.written_at = cleaned, actor.operator_id, now
        audit.record(
            uow,
            actor,
            AuditAction.TRAINING_NOTE_SAVED,
            details={"run": run_id, "marking_point": marking_point},
        )
        uow.commit()
        return TrainingNote(
            marking_point=marking_point, text=cleaned, written_by=actor.username, written_at=now
        )


def scenarios_to_run(
    actor: Actor, own_dir: Path | None, names: ScenarioNames | None = None
) -> ScenarioShelf:
    """The scenarios a trainer may start a run of, by id: the shipped ones and their own,
    checked against the configured `names`; a bad file is kept aside with its file, line
    and key, and the others are still offered. Trainers only."""
    require(actor, Permission.RUN_TRAINING)
    return read_scenarios(own_dir, names)


def list_trainees(uow: UnitOfWork, actor: Actor) -> list[OperatorSummary]:
    """The enabled operators a trainer may start a run for, by username: those whose role
    takes calls (a trainee trains with their normal role). Trainers only; audited."""
    require(actor, Permission.RUN_TRAINING)
    with uow:
        trainees = [
            OperatorSummary.model_validate(operator, from_attributes=True)
            for operator in uow.operators.list_all()
            if operator.active and _takes_calls(operator.role)
        ]
        audit.record(
            uow,
            actor,
            AuditAction.OPERATORS_LISTED,
            details={"count": len(trainees), "purpose": "training"},
        )
        uow.commit()
        return trainees


def _takes_calls(role: str) -> bool:
    return allows(Role(role), Permission.VERIFY_CALLERS)


def check_console_database(uow: UnitOfWork, *, training_run_id: int | None) -> None:
    """Refuse a sandbox to a console in normal mode, and anything but its own run's sandbox
    to a training console: a run never opens the live database, and the live database never
    holds a sandbox's customers."""
    marker = sandbox_marker(uow)
    if training_run_id is None and marker is not None:
        raise WrongDatabase(
            f"This is a training sandbox (run {marker.run_id}), not the live database: "
            "it opens only in training mode, through `custinfo train start`."
        )
    if training_run_id is not None and marker is None:
        raise WrongDatabase(
            "This is not a training sandbox: training mode never opens the live database."
        )
    if training_run_id is not None and marker is not None and marker.run_id != training_run_id:
        raise WrongDatabase(
            f"This is the sandbox of run {marker.run_id}, not of run {training_run_id}."
        )


def _end(uow: UnitOfWork, run_id: int, status: TrainingRunStatus) -> None:
    with uow:
        run = _run(uow, run_id, for_update=True)
        if run.status == TrainingRunStatus.RUNNING:
            run.status, run.ended_at = status, datetime.now(UTC)
            uow.commit()


def _run(uow: UnitOfWork, run_id: int, *, for_update: bool = False) -> TrainingRun:
    run = uow.training.get_run(run_id, for_update=for_update)
    if run is None:
        raise NotFound(f"There is no training run {run_id}.")
    return run


def _username(uow: UnitOfWork, operator_id: int | None) -> str:
    operator = uow.operators.get(operator_id) if operator_id is not None else None
    return operator.username if operator is not None else "system"


def _summary(
    uow: UnitOfWork, run: TrainingRun, not_started: Tried | None = None
) -> TrainingRunSummary:
    """The run as a list shows it; `not_started`, why it was tried and never started and by
    whom, only while it is still running."""
    running = run.status == TrainingRunStatus.RUNNING
    scorecard = Scorecard.model_validate(run.scorecard) if run.scorecard else None
    return TrainingRunSummary(
        run_id=run.id,
        scenario_id=run.scenario_id,
        scenario_title=run.scenario_title,
        trainee=_username(uow, run.trainee_id),
        started_by=_username(uow, run.started_by_id),
        started_at=run.started_at,
        ended_at=run.ended_at,
        status=TrainingRunStatus(run.status),
        sandbox_path=run.sandbox_path,
        score=f"{scorecard.met} of {scorecard.scored} met"
        if scorecard and scorecard.played
        else None,
        not_started=not_started.why if running and not_started else None,
        not_started_by=not_started.by if running and not_started else None,
    )
