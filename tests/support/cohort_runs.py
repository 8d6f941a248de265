"""Scored training runs written straight into a live database, for the cohort view's tests
(docs/training.md, "The cohort"): as `services.training.finish_run` keeps them, without
building and playing a sandbox for each."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.training.marking_points import title_of
from custinfo_tui.domain.training.scorecard import (
    EvidenceStep,
    MarkResult,
    Scorecard,
    TimelineStep,
    Verdict,
)
from custinfo_tui.repository.orm import TrainingRun
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

MET, NOT_MET, NOT_APPLICABLE = Verdict.MET, Verdict.NOT_MET, Verdict.NOT_APPLICABLE


def add_scored_run(
    uow_factory: UnitOfWorkFactory,
    trainee_id: int,
    day: int,
    verdicts: dict[str, Verdict] | None,
    timeline: tuple[TimelineStep, ...] = (),
    evidence: dict[str, tuple[EvidenceStep, ...]] | None = None,
) -> int:
    """A change-of-address run of November `day`, 2026, scored with these verdicts (or,
    with None, abandoned unscored), `timeline` and each point's `evidence`; its id."""
    scorecard = (
        None
        if verdicts is None
        else Scorecard(
            scenario_id="change-of-address",
            results=tuple(
                MarkResult(
                    marking_point=point,
                    title=title_of(point),
                    verdict=verdict,
                    evidence=(evidence or {}).get(point, ()),
                )
                for point, verdict in verdicts.items()
            ),
            timeline=timeline,
        ).model_dump(mode="json")
    )
    started = datetime(2026, 11, day, 10, 0, tzinfo=UTC)
    with uow_factory() as uow:
        run = uow.training.add_run(
            TrainingRun(
                scenario_id="change-of-address",
                scenario_title="A change of address after verification",
                trainee_id=trainee_id,
                started_by_id=None,
                started_at=started,
                ended_at=started if scorecard else None,
                status="finished" if scorecard else "abandoned",
                sandbox_path="",
                scorecard=scorecard,
            )
        )
        uow.commit()
        return run.id
