"""The trainer's cohort view and watching a run live (docs/training.md, "The cohort" and
"Watching a run").

`training_cohort` reads the runs the live database keeps (with their scorecards) and hands
them to the pure aggregation (`domain/training/cohort.py`); it lists operators, so it is for
trainers only (`Permission.RUN_TRAINING`) and audited. `run_so_far` reads a running run's
sandbox -- written by the trainee's console, another process -- and scores the events so far.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.training.cohort import LAST_RUNS, Cohort, CohortRun, cohort
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.domain.training.scorecard import (
    Scorecard,
    Verdict,
)
from custinfo_tui.domain.training.scoring import ScoringPolicies, scorecard_of_run
from custinfo_tui.domain.training.watch import RunSoFar
from custinfo_tui.services import audit
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.training_sandbox import read_transcript
from custinfo_tui.services.unit_of_work import UnitOfWork


def training_cohort(
    uow: UnitOfWork, actor: Actor | None, since: date | None = None, last: int = LAST_RUNS
) -> Cohort:
    """Every trainee's runs (started on or after `since`, when given), the share of each
    marking point met over their last `last` scored runs, and the cohort's weakest points
    first. Trainers only (the command line acts as the system); audited, as it lists
    operators."""
    if actor is not None:
        require(actor, Permission.RUN_TRAINING)
    with uow:
        usernames: dict[int | None, str] = {}
        runs = []
        for row in uow.training.runs():
            if since is not None and row.started_at.date() < since:
                continue
            if row.trainee_id not in usernames:
                operator = uow.operators.get(row.trainee_id) if row.trainee_id else None
                usernames[row.trainee_id] = operator.username if operator else "unknown"
            scorecard = Scorecard.model_validate(row.scorecard) if row.scorecard else None
            runs.append(
                CohortRun(
                    run_id=row.id,
                    trainee=usernames[row.trainee_id],
                    scenario_id=row.scenario_id,
                    started_at=row.started_at,
                    status=row.status,
                    # A run not played (no login, no step) has no verdicts: it counts in
                    # no share, as a run still running does.
                    verdicts=None
                    if scorecard is None or not scorecard.played
                    else {
                        r.marking_point: r.verdict
                        for r in scorecard.results
                        if r.verdict is not Verdict.NOT_APPLICABLE
                    },
                )
            )
        seen = cohort(runs, last)
        audit.record(
            uow,
            actor,
            AuditAction.OPERATORS_LISTED,
            details={"count": len(seen.trainees), "purpose": "training cohort"},
        )
        uow.commit()
        return seen


def run_so_far(
    sandbox: UnitOfWork,
    scenario: Scenario,
    started_at: datetime,
    after_event_id: int,
    policies: ScoringPolicies | None = None,
) -> RunSoFar | None:
    """The run scored on its events so far (under `policies`, as `training.finish_run`), or
    None when the sandbox holds no event after `after_event_id` (nothing new since the last
    look). Reads only the sandbox; records nothing (the watcher changes nothing)."""
    with sandbox:
        newer = sandbox.audit.first_id_after(after_event_id)
    if newer is None:
        return None
    transcript = read_transcript(sandbox, started_at, datetime.now(UTC))
    scorecard = scorecard_of_run(scenario, transcript, policies)  # as its end scores it
    last = max((event.id for event in transcript.events), default=newer)
    return RunSoFar(
        last_event_id=last,
        steps=scorecard.timeline,
        results=scorecard.results,
        not_played=scorecard.not_played,
    )
