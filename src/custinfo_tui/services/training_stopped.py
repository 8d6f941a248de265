"""A run whose console stopped before the run was ended (docs/training.md, "Running a
role-play": a console that stops before the run ends).

A run ends when its console closes through End run (Ctrl+Q), and is scored then. A console
that stops any other way (an internal error, `kill -9`, a closed terminal) leaves
the run *running*, its sandbox holding everything the trainee did, whichever way it was
started (`custinfo train start`, or the training screen). It can be played on, by `custinfo
train play RUN` or from the training screen, or ended here and scored on what its sandbox
holds: `end_stopped_run`, for `custinfo train end RUN` and the training screen.

Ending such a run records its closing step in the sandbox first (`record_cut_short`): each
call its console left open ended (`interaction.ended`, outcome `run_cut_short`) and the
run cut short (`training.run_cut_short`), both saying who ended it. The debrief's timeline
then shows the calls ended and the run ended, not a call as if still going on, and the
scorer marks what the run never reached as not reached rather than as the trainee's fault.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.training.runs import TrainingRunDetail, TrainingRunStatus
from custinfo_tui.domain.training.scoring import ScoringPolicies
from custinfo_tui.domain.wrap_up import RUN_CUT_SHORT
from custinfo_tui.services import audit
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.scenarios import ScenarioShelf
from custinfo_tui.services.training import SandboxOpener, finish_run, run_detail
from custinfo_tui.services.training_play_lock import playing
from custinfo_tui.services.unit_of_work import UnitOfWork


def end_stopped_run(
    uow: UnitOfWork,
    actor: Actor | None,
    run_id: int,
    scenarios: ScenarioShelf,
    open_sandbox: SandboxOpener,
    policies: ScoringPolicies | None = None,
) -> TrainingRunDetail:
    """End a running run no console is playing and score it on what its sandbox holds, as
    if its console had closed now. Refused for a run another console is playing (its lock,
    `training_play_lock`), or one already ended. Trainers only (the command line acts as
    the system)."""
    if actor is not None:
        require(actor, Permission.RUN_TRAINING)
    run = run_detail(uow, None, run_id).run
    if run.status is not TrainingRunStatus.RUNNING:
        raise ServiceError(f"Run {run_id} is {run.status.value}: only a running run is ended.")
    scenario = scenarios.get(run.scenario_id)
    sandbox = Path(run.sandbox_path)
    if not run.sandbox_path or not sandbox.is_file():
        raise ServiceError(f"Run {run_id} has no sandbox to score.")
    with playing(sandbox, run_id), open_sandbox(sandbox) as sandbox_uows:
        record_cut_short(sandbox_uows(), actor.username if actor else "system")
        return finish_run(uow, actor, run_id, scenario, sandbox_uows(), policies)


def record_cut_short(sandbox: UnitOfWork, ended_by: str) -> None:
    """The run's closing step, in its sandbox: every call its console left open ended,
    outcome `run_cut_short`, and `training.run_cut_short`, each saying who ended the run
    (`ended_by`: the trainer's username, or `system` for the command line). Recorded as
    the system: the trainer has no account in the trainee's sandbox."""
    now = datetime.now(UTC)
    with sandbox:
        left_open = sandbox.interactions.not_ended()
        for call in left_open:
            call.ended_at = now
            audit.record(
                sandbox,
                None,
                AuditAction.INTERACTION_ENDED,
                customer_id=call.customer_id,
                interaction_id=call.id,
                outcome=RUN_CUT_SHORT,
                details={"channel": call.channel, "ended_by": ended_by},
                at=now,
            )
        audit.record(
            sandbox,
            None,
            AuditAction.TRAINING_RUN_CUT_SHORT,
            details={"ended_by": ended_by, "calls_ended": len(left_open)},
            at=now,
        )
        sandbox.commit()
