"""What the training screen and the debrief ask of the services (docs/training.md, "The
debrief and the training screen"): the run's timeline kept with its scorecard, the trainees
and scenarios a trainer chooses from, and what each operator may do there. On every backend.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from custinfo_tui.composition import open_sandbox
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.services.auth import authenticate
from custinfo_tui.services.capabilities import TrainingCapabilities, training_capabilities
from custinfo_tui.services.errors import PermissionDenied
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.operators import create_operator, disable_operator
from custinfo_tui.services.scenarios import load_scenario
from custinfo_tui.services.training import (
    finish_run,
    list_trainees,
    run_detail,
    scenarios_to_run,
    start_run,
)
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

PASSWORD = "a-long-enough-password"


@pytest.fixture
def people(uow_factory: UnitOfWorkFactory) -> dict[str, Actor]:
    """A trainer and two call-handlers in the live database, logged in."""
    actors = {}
    for username, role in (("tina", Role.TRAINER), ("amir", Role.AGENT), ("bea", Role.AGENT)):
        create_operator(
            uow_factory(), None, username, username.title(), role, PASSWORD, temporary=False
        )
        actor = authenticate(uow_factory(), username, PASSWORD).actor
        assert actor is not None
        actors[username] = actor
    return actors


def test_a_finished_run_keeps_its_timeline_with_the_scorecard_without_personal_values(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor], tmp_path: Path
) -> None:
    scenario = load_scenario("change-of-address")
    started = start_run(
        uow_factory(), people["tina"], scenario, "amir", tmp_path / "training", open_sandbox
    )
    run_id = started.run.run_id
    with open_sandbox(started.sandbox) as sandbox:
        actor = authenticate(sandbox(), "amir", PASSWORD).actor
        assert actor is not None
        search_customers(sandbox(), actor, "john smith")
        finish_run(uow_factory(), None, run_id, scenario, sandbox())
    started.sandbox.unlink()  # the debrief needs only the live database

    detail = run_detail(uow_factory(), people["amir"], run_id)

    assert detail.scorecard is not None
    steps = detail.scorecard.timeline
    assert [step.action for step in steps] == [
        AuditAction.LOGIN_SUCCEEDED.value,
        AuditAction.CUSTOMER_SEARCHED.value,
    ]
    assert [step.words for step in steps] == ["Logged in", "Searched by name: 2 found"]
    assert "Smith" not in detail.scorecard.model_dump_json()


def test_a_trainer_chooses_among_enabled_operators_who_take_calls_and_it_is_audited(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor]
) -> None:
    create_operator(uow_factory(), None, "root", "Root", Role.ADMIN, PASSWORD, temporary=False)
    admin = authenticate(uow_factory(), "root", PASSWORD).actor
    assert admin is not None
    disable_operator(uow_factory(), admin, "bea")

    trainees = list_trainees(uow_factory(), people["tina"])

    assert [t.username for t in trainees] == ["amir", "tina"]  # an admin takes no calls
    with uow_factory() as uow:
        listed = uow.audit.list_recent(action=AuditAction.OPERATORS_LISTED.value)
    assert listed[0].details == {"count": 2, "purpose": "training"}
    with pytest.raises(PermissionDenied):
        list_trainees(uow_factory(), people["amir"])


def test_only_a_trainer_is_offered_the_scenarios_and_the_training_screens_keys(
    people: dict[str, Actor],
) -> None:
    ids = list(scenarios_to_run(people["tina"], None).scenarios)

    assert "change-of-address" in ids and ids == sorted(ids)
    with pytest.raises(PermissionDenied):
        scenarios_to_run(people["amir"], None)
    assert training_capabilities(people["tina"]) == TrainingCapabilities(True, True, True, True)
    assert training_capabilities(people["amir"]) == TrainingCapabilities(False, False, False)
