"""The trainer's cohort view and watching a run (docs/training.md, "The cohort" and
"Watching a run"): the runs the live database keeps, aggregated; a running sandbox scored
on its events so far. On every backend."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from custinfo_tui.composition import open_sandbox
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.training.scorecard import Verdict
from custinfo_tui.domain.training.timeline import mark_words
from custinfo_tui.domain.verification import Channel, CheckKind, VerificationPolicy
from custinfo_tui.services.auth import authenticate
from custinfo_tui.services.cohort import run_so_far, training_cohort
from custinfo_tui.services.errors import PermissionDenied
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.operators import create_operator
from custinfo_tui.services.scenarios import load_scenario
from custinfo_tui.services.training import start_run
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.services.verification import check_answer, start_interaction
from tests.support.cohort_runs import add_scored_run

PASSWORD = "a-long-enough-password"


@pytest.fixture
def people(uow_factory: UnitOfWorkFactory) -> dict[str, Actor]:
    actors = {}
    for username, role in (("tina", Role.TRAINER), ("amir", Role.AGENT), ("bea", Role.AGENT)):
        create_operator(
            uow_factory(), None, username, username.title(), role, PASSWORD, temporary=False
        )
        actor = authenticate(uow_factory(), username, PASSWORD).actor
        assert actor is not None
        actors[username] = actor
    return actors


def test_a_trainer_sees_each_trainees_runs_and_the_weakest_point_first_and_it_is_audited(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor]
) -> None:
    met, missed, na = Verdict.MET, Verdict.NOT_MET, Verdict.NOT_APPLICABLE
    add_scored_run(
        uow_factory, people["amir"].operator_id, 2, {"MP-03": missed, "MP-08": met, "MP-11": na}
    )
    add_scored_run(uow_factory, people["amir"].operator_id, 3, {"MP-03": met, "MP-08": met})
    add_scored_run(uow_factory, people["bea"].operator_id, 4, {"MP-03": missed, "MP-08": met})
    add_scored_run(uow_factory, people["bea"].operator_id, 5, None)

    seen = training_cohort(uow_factory(), people["tina"])

    assert [t.trainee for t in seen.trainees] == ["amir", "bea"]
    assert [len(t.runs) for t in seen.trainees] == [2, 2]
    assert [(p.marking_point, p.words) for p in seen.points] == [
        ("MP-03", "1/3"),
        ("MP-08", "3/3"),
    ]
    assert seen.trainees[0].progress == (0.5, 1.0)
    with uow_factory() as uow:
        listed = uow.audit.list_recent(action=AuditAction.OPERATORS_LISTED.value)
    assert listed[0].details == {"count": 2, "purpose": "training cohort"}
    assert listed[0].operator_id == people["tina"].operator_id


def test_since_leaves_out_older_runs_and_only_a_trainer_sees_the_cohort(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor]
) -> None:
    add_scored_run(uow_factory, people["amir"].operator_id, 2, {"MP-03": Verdict.NOT_MET})
    add_scored_run(uow_factory, people["bea"].operator_id, 9, {"MP-03": Verdict.MET})

    seen = training_cohort(uow_factory(), None, since=date(2026, 11, 9))

    assert [t.trainee for t in seen.trainees] == ["bea"]
    assert [p.words for p in seen.points] == ["1/1"]
    with pytest.raises(PermissionDenied):
        training_cohort(uow_factory(), people["amir"])


def test_a_watcher_sees_the_running_runs_steps_and_marks_as_they_are_logged(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor], tmp_path: Path
) -> None:
    scenario = load_scenario("change-of-address")
    started = start_run(
        uow_factory(), people["tina"], scenario, "amir", tmp_path / "training", open_sandbox
    )
    at = started.run.started_at
    with open_sandbox(started.sandbox) as sandbox:
        first = run_so_far(sandbox(), scenario, at, 0)
        assert first is not None and first.steps == ()  # only the set-up so far
        assert run_so_far(sandbox(), scenario, at, first.last_event_id) is None

        actor = authenticate(sandbox(), "amir", PASSWORD).actor
        assert actor is not None
        search_customers(sandbox(), actor, "john smith")
        now = run_so_far(sandbox(), scenario, at, first.last_event_id)

    assert now is not None and now.last_event_id > first.last_event_id
    assert [step.words for step in now.steps] == ["Logged in", "Searched by name: 2 found"]
    assert [r.marking_point for r in now.results] == list(dict.fromkeys(scenario.practises))


def test_a_watcher_marks_no_right_step_against_a_point_not_met_so_far(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor], tmp_path: Path
) -> None:
    """Watching a good run: "Phone call started  MP-18 -" and "Check passed: Date of birth
    MP-08 -", for a call not yet wrapped up and a caller not yet verified far enough."""
    scenario = load_scenario("change-of-address")
    started = start_run(
        uow_factory(), people["tina"], scenario, "amir", tmp_path / "training", open_sandbox
    )
    with open_sandbox(started.sandbox) as sandbox:
        actor = authenticate(sandbox(), "amir", PASSWORD).actor
        assert actor is not None
        with sandbox() as uow:
            john = uow.training.customer_keys()["john"]
        policy = VerificationPolicy()
        call = start_interaction(sandbox(), actor, policy, john, Channel.PHONE).interaction_id
        dob = check_answer(sandbox(), actor, policy, call, CheckKind.DATE_OF_BIRTH, "12/04/1963")
        assert dob.passed
        seen = run_so_far(sandbox(), scenario, started.run.started_at, 0)

    assert seen is not None
    marks = {step.words: [mark_words(m) for m in step.marks] for step in seen.steps}
    assert marks["Phone call started"] == []
    assert marks["Check passed: Date of birth"] == ["MP-08 +"]
    verdicts = {r.marking_point: r.verdict for r in seen.results}
    assert verdicts["MP-08"] is Verdict.NOT_MET and verdicts["MP-18"] is Verdict.NOT_MET
