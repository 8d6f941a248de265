"""The cohort view's aggregation (domain/training/cohort.py): shares over each trainee's last
runs, progress run by run, and the cohort's weakest marking points first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.training.cohort import CohortRun, cohort
from custinfo_tui.domain.training.scorecard import Verdict

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
MET, NOT_MET = Verdict.MET, Verdict.NOT_MET


def run(
    number: int, trainee: str, verdicts: dict[str, Verdict] | None, status: str = "finished"
) -> CohortRun:
    return CohortRun(
        run_id=number,
        trainee=trainee,
        scenario_id="change-of-address",
        started_at=START + timedelta(hours=number),
        status=status,
        verdicts=verdicts,
    )


def test_shares_are_over_each_trainees_last_runs_and_the_weakest_point_comes_first() -> None:
    runs = [
        run(1, "amir", {"MP-03": NOT_MET, "MP-08": NOT_MET}),  # older than amir's last 2
        run(2, "amir", {"MP-03": MET, "MP-08": NOT_MET}),
        run(3, "amir", {"MP-03": MET, "MP-08": MET}),
        run(4, "bea", {"MP-03": MET, "MP-08": NOT_MET, "MP-12": MET}),
        run(5, "bea", None, status="abandoned"),
    ]

    seen = cohort(runs, last=2)

    amir, bea = seen.trainees
    assert amir.trainee == "amir" and [r.run_id for r in amir.runs] == [1, 2, 3]
    assert amir.shares["MP-03"].words == "2/2" and amir.shares["MP-08"].words == "1/2"
    assert amir.progress == (0.0, 0.5, 1.0)
    assert [r.run_id for r in bea.runs] == [4, 5] and bea.progress == (2 / 3,)
    assert [(p.marking_point, p.words) for p in seen.points] == [
        ("MP-08", "1/3"),
        ("MP-03", "3/3"),
        ("MP-12", "1/1"),
    ]
    assert [r.run_id for r in seen.runs] == [5, 4, 3, 2, 1]
    assert [r.score for r in seen.runs][:2] == ["abandoned", "2 of 3 met"]


def test_no_runs_make_an_empty_cohort() -> None:
    seen = cohort([])
    assert seen.trainees == () and seen.points == ()


verdicts = st.one_of(
    st.none(),
    st.dictionaries(
        st.sampled_from(["MP-02", "MP-03", "MP-08", "MP-09", "MP-12"]),
        st.sampled_from([MET, NOT_MET]),
    ),
)
runs_strategy = st.lists(st.tuples(st.sampled_from(["amir", "bea", "cleo"]), verdicts), max_size=20)


@given(runs_strategy, st.integers(min_value=1, max_value=6))
def test_the_cohort_adds_up_its_trainees_and_orders_points_weakest_first(
    given_runs: list[tuple[str, dict[str, Verdict] | None]], last: int
) -> None:
    runs = [run(n, trainee, v) for n, (trainee, v) in enumerate(given_runs)]

    seen = cohort(runs, last=last)

    shares = [point.share for point in seen.points]
    assert shares == sorted(shares)
    assert all(0.0 <= share <= 1.0 for share in shares)
    for point in seen.points:
        of_trainees = [
            t.shares[point.marking_point] for t in seen.trainees if point.marking_point in t.shares
        ]
        assert point.met == sum(s.met for s in of_trainees)
        assert point.scored == sum(s.scored for s in of_trainees)
    for trainee in seen.trainees:
        assert all(share.scored <= last for share in trainee.shares.values())
        assert len(trainee.progress) <= sum(r.scored for r in trainee.runs)
    assert sum(len(t.runs) for t in seen.trainees) == len(runs)
