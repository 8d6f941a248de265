"""The trainer's view of a cohort (docs/training.md, "The cohort"): each trainee's runs, the
share of each marking point met over their last runs, their progress run by run, and the
cohort's weakest marking points first.

Pure: it reads runs as the live database keeps them (who, when, each point's verdict). A
run without verdicts (still running, abandoned, or not played) is listed but counts
towards nothing;
a point scored "not applicable" in a run counts neither way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.training.marking_points import title_of
from custinfo_tui.domain.training.scorecard import Verdict

#: How many of a trainee's latest scored runs the shares are taken over.
LAST_RUNS = 5


class CohortRun(BaseModel):
    """One run as the cohort view reads it: no personal values, only verdicts."""

    model_config = ConfigDict(frozen=True)

    run_id: int
    trainee: str
    scenario_id: str
    started_at: datetime
    status: str
    #: Each marking point the run scored met or not met (points not applicable left out);
    #: None for a run with no scorecard.
    verdicts: Mapping[str, Verdict] | None = None

    @property
    def scored(self) -> bool:
        return self.verdicts is not None

    @property
    def score(self) -> str:
        """ "2 of 3 met", or the run's status when it has no scorecard."""
        if self.verdicts is None:
            return self.status
        met = sum(verdict is Verdict.MET for verdict in self.verdicts.values())
        return f"{met} of {len(self.verdicts)} met"

    @property
    def share_met(self) -> float | None:
        """The share of the run's scored points met; None when it scored none."""
        if not self.verdicts:
            return None
        return sum(v is Verdict.MET for v in self.verdicts.values()) / len(self.verdicts)


class PointShare(BaseModel):
    """How often a marking point was met: `met` of the `scored` runs that scored it."""

    model_config = ConfigDict(frozen=True)

    marking_point: str
    met: int
    scored: int

    @property
    def title(self) -> str:
        return title_of(self.marking_point)

    @property
    def share(self) -> float:
        return self.met / self.scored if self.scored else 0.0

    @property
    def words(self) -> str:
        """ "3/5" (met of scored), or "-" when no run scored the point."""
        return f"{self.met}/{self.scored}" if self.scored else "-"


class TraineeProgress(BaseModel):
    model_config = ConfigDict(frozen=True)

    trainee: str
    #: Every run of the trainee, oldest first.
    runs: tuple[CohortRun, ...]
    #: Each marking point over the trainee's last `LAST_RUNS` scored runs, by point.
    shares: Mapping[str, PointShare]
    #: The share of points met in each scored run, oldest first (the sparkline's data).
    progress: tuple[float, ...]


class Cohort(BaseModel):
    model_config = ConfigDict(frozen=True)

    #: Trainees by username.
    trainees: tuple[TraineeProgress, ...]
    #: Every marking point some counted run scored, the cohort's weakest first.
    points: tuple[PointShare, ...]
    last_runs: int = LAST_RUNS

    @property
    def runs(self) -> tuple[CohortRun, ...]:
        """Every run of the cohort, newest first."""
        every = (run for trainee in self.trainees for run in trainee.runs)
        return tuple(sorted(every, key=lambda r: (r.started_at, r.run_id), reverse=True))


def _shares(runs: Iterable[CohortRun]) -> dict[str, PointShare]:
    met: dict[str, int] = {}
    scored: dict[str, int] = {}
    for run in runs:
        for point, verdict in (run.verdicts or {}).items():
            scored[point] = scored.get(point, 0) + 1
            met[point] = met.get(point, 0) + (verdict is Verdict.MET)
    return {
        point: PointShare(marking_point=point, met=met[point], scored=scored[point])
        for point in sorted(scored)
    }


def weakest_first(shares: Iterable[PointShare]) -> tuple[PointShare, ...]:
    """Lowest share met first; on a tie, the point scored more often, then by its id."""
    return tuple(sorted(shares, key=lambda s: (s.share, -s.scored, s.marking_point)))


def cohort(runs: Iterable[CohortRun], last: int = LAST_RUNS) -> Cohort:
    """The cohort of these runs: per trainee, the shares over their last `last` scored runs
    and their progress; for the cohort, every point summed over those same runs."""
    if last < 1:
        raise ValueError("The shares are taken over at least one run.")
    by_trainee: dict[str, list[CohortRun]] = {}
    for run in sorted(runs, key=lambda r: (r.started_at, r.run_id)):
        by_trainee.setdefault(run.trainee, []).append(run)
    trainees = []
    counted: list[CohortRun] = []
    for trainee in sorted(by_trainee):
        their = by_trainee[trainee]
        latest = [run for run in their if run.scored][-last:]
        counted += latest
        progress = tuple(
            share for run in their if run.scored and (share := run.share_met) is not None
        )
        trainees.append(
            TraineeProgress(
                trainee=trainee, runs=tuple(their), shares=_shares(latest), progress=progress
            )
        )
    return Cohort(
        trainees=tuple(trainees),
        points=weakest_first(_shares(counted).values()),
        last_runs=last,
    )
