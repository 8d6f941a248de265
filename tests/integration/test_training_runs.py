"""Training runs (docs/training.md, "Running a role-play"): a run's sandbox holds the trainee
and the scenario's customers and nothing from live; the live database keeps the run, its
scorecard and the trainer's notes; the console never mixes the two databases up.

The live side runs on every backend; a sandbox is always a SQLite file.
"""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from custinfo_tui.composition import build_console_services, open_sandbox, sandbox_url
from custinfo_tui.domain.answers import normalise_security_answer
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.training.runs import TrainingRunStatus
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.services.auth import authenticate, log_out
from custinfo_tui.services.cohort import training_cohort
from custinfo_tui.services.errors import NotFound, PermissionDenied, ServiceError
from custinfo_tui.services.evidence import training_run_evidence
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.operators import create_operator, disable_operator
from custinfo_tui.services.passwords import verify_secret
from custinfo_tui.services.record_fields import stored_value
from custinfo_tui.services.scenarios import load_scenario, parse_scenario, shipped_scenarios
from custinfo_tui.services.training import (
    StartedRun,
    finish_run,
    list_runs,
    run_detail,
    save_note,
    start_run,
)
from custinfo_tui.services.training_sandbox import TraineeAccount, fill_sandbox, read_transcript
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.tui.ports import StartupError

PASSWORD = "a-long-enough-password"
CARD = "4111 1111 1111 1111"


@pytest.fixture
def people(uow_factory: UnitOfWorkFactory) -> dict[str, Actor]:
    """A trainer and two call-handlers in the live database, logged in."""
    for username, role in (("tina", Role.TRAINER), ("amir", Role.AGENT), ("bea", Role.AGENT)):
        create_operator(
            uow_factory(), None, username, username.title(), role, PASSWORD, temporary=False
        )
    actors = {}
    for username in ("tina", "amir", "bea"):
        actor = authenticate(uow_factory(), username, PASSWORD).actor
        assert actor is not None
        actors[username] = actor
    return actors


def _start(
    uow_factory: UnitOfWorkFactory,
    tmp_path: Path,
    actor: Actor | None,
    trainee: str,
    text: str | None = None,
) -> tuple[Scenario, StartedRun]:
    """A run of the shipped change-of-address scenario (or of `text`) for `trainee`."""
    scenario = (
        load_scenario("change-of-address")
        if text is None
        else parse_scenario("change-of-address.toml", text)
    )
    started = start_run(
        uow_factory(), actor, scenario, trainee, tmp_path / "training", open_sandbox
    )
    return scenario, started


def test_a_run_from_the_shipped_scenario_puts_john_smith_in_the_sandbox_and_nobody_in_live(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor], tmp_path: Path
) -> None:
    planted = (
        shipped_scenarios()
        .joinpath("change-of-address.toml")
        .read_text(encoding="utf-8")
        .replace(
            '[[customers]]\nkey = "john-other"',
            '[[customers.planted_errors]]\nfield = "date_of_birth"\non_file = "1963-12-04"\n\n'
            '[[customers]]\nkey = "john-other"',
        )
    )
    _, started = _start(uow_factory, tmp_path, None, "amir", planted)

    assert started.sandbox == tmp_path / "training" / f"run-{started.run.run_id}.sqlite"
    assert stat.S_IMODE(started.sandbox.stat().st_mode) == 0o600
    assert started.run.trainee == "amir" and started.run.status is TrainingRunStatus.RUNNING
    with open_sandbox(started.sandbox) as sandbox, sandbox() as uow:
        customers = uow.training.all_customers()
        keys = uow.training.customer_keys()
        (john,) = [c for c in customers if c.id == keys["john"]]
        assert {
            key: stored_value(john, key)
            for key in ("given_name", "family_name", "phone", "postcode", "date_of_birth")
        } == {
            "given_name": "John",
            "family_name": "Smith",
            "phone": "+447700900456",
            "postcode": "SE1 7TX",
            "date_of_birth": "1963-12-04",  # the planted error
        }
        assert set(keys) == {"john", "john-other"}
        assert john.security_answer_hash is not None
        assert verify_secret(
            john.security_answer_hash, normalise_security_answer("brook lane primary")
        )
        (operator,) = uow.operators.list_all()  # the trainee alone, as themselves
        with uow_factory() as live:
            own = live.operators.get_by_username("amir")
            assert own is not None
            assert (operator.username, operator.role, operator.password_hash) == (
                "amir",
                "agent",
                own.password_hash,
            )
            assert live.customers.count() == 0
    with open_sandbox(started.sandbox) as sandbox:
        actor = authenticate(sandbox(), "amir", PASSWORD).actor  # logs in as themselves
        assert actor is not None and actor.role is Role.AGENT
        assert [m.reference for m in search_customers(sandbox(), actor, "john smith")]


def test_finishing_scores_only_the_trainees_events_and_keeps_the_scorecard_in_live(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor], tmp_path: Path
) -> None:
    scenario, started = _start(uow_factory, tmp_path, people["tina"], "amir")
    run_id = started.run.run_id
    with open_sandbox(started.sandbox) as sandbox:
        actor = authenticate(sandbox(), "amir", PASSWORD).actor
        assert actor is not None
        search_customers(sandbox(), actor, "smith")
        transcript = read_transcript(sandbox(), started.run.started_at, started.run.started_at)
        detail = finish_run(uow_factory(), None, run_id, scenario, sandbox())

    assert [e.action for e in transcript.events] == [
        AuditAction.LOGIN_SUCCEEDED,
        AuditAction.CUSTOMER_SEARCHED,
    ]
    john = next(c for c in transcript.customers if c.scenario_key == "john")
    assert transcript.customer_ids["john"] == john.customer_id
    assert john.values["town"] == "London"
    assert transcript.started_at == transcript.events[0].occurred_at  # the trainee's login
    assert detail.run.status is TrainingRunStatus.FINISHED and detail.run.ended_at is not None
    assert detail.scorecard is not None
    assert [r.marking_point for r in detail.scorecard.results] == list(scenario.practises)
    assert detail.run.started_by == "tina"
    with uow_factory() as live:
        actions = [e.action for e in live.audit.list_recent(limit=10)]
        assert AuditAction.TRAINING_RUN_SCORED in actions
        assert AuditAction.TRAINING_RUN_STARTED in actions
        assert AuditAction.CUSTOMER_SEARCHED not in actions  # the sandbox's stay there


def test_a_run_the_trainee_never_played_ends_not_played_and_counts_in_no_score(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor], tmp_path: Path
) -> None:
    """A run ended with no login of the trainee in its sandbox (its console stopped at the
    login screen), or with nothing but a login and a logout, was scored "0 of 7", counted
    against the trainee in the cohort, with should-haves for a call nobody took."""
    never, in_and_out, searched = (
        _start(uow_factory, tmp_path, people["tina"], "amir") for _ in range(3)
    )
    ended = {}
    for (scenario, started), steps in zip(
        (never, in_and_out, searched), ((), ("logout",), ("search",)), strict=True
    ):
        with open_sandbox(started.sandbox) as sandbox:
            if steps:
                actor = authenticate(sandbox(), "amir", PASSWORD).actor
                assert actor is not None
                if "logout" in steps:
                    log_out(sandbox(), actor)
                else:
                    search_customers(sandbox(), actor, "smith")
            run_id = started.run.run_id
            ended[run_id] = finish_run(uow_factory(), None, run_id, scenario, sandbox())

    first, second, third = ended.values()
    for detail, why in (
        (first, "the trainee never logged in to the role-play"),
        (
            second,
            "the trainee logged in but took no step of the call (no search, no record "
            "opened, no call)",
        ),
    ):
        assert detail.run.status is TrainingRunStatus.NOT_PLAYED
        assert detail.run.ended_at is not None and detail.run.score is None
        assert detail.scorecard is not None and detail.scorecard.not_played == why
        assert detail.scorecard.results == ()
    assert [step.words for step in second.scorecard.timeline] == ["Logged in", "Logged out"]
    # A search is a step of the call: that run is scored, every point "nothing was done",
    # the read-back (MP-03) among them: the change the scenario asks for was never saved.
    assert third.run.status is TrainingRunStatus.FINISHED and third.run.score == "0 of 7 met"

    cohort = training_cohort(uow_factory(), None)
    assert cohort.trainees[0].progress == (0.0,)  # the scored run only
    assert {p.scored for p in cohort.points} == {1}
    with uow_factory() as live:
        not_played = live.audit.list_recent(action=AuditAction.TRAINING_RUN_NOT_PLAYED.value)
        assert [e.details for e in not_played] == [
            {"run": second.run.run_id, "logged_in": True},
            {"run": first.run.run_id, "logged_in": False},
        ]
        scored = live.audit.list_recent(action=AuditAction.TRAINING_RUN_SCORED.value)
        assert [e.details["run"] for e in scored] == [third.run.run_id]
    with pytest.raises(ServiceError, match="was not played: there is nothing to export"):
        training_run_evidence(uow_factory(), None, first.run.run_id)


def test_a_missing_or_disabled_trainee_is_refused_and_no_run_is_kept(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor], tmp_path: Path
) -> None:
    with pytest.raises(NotFound, match="No enabled operator"):
        _start(uow_factory, tmp_path, None, "nobody")
    disable_operator(uow_factory(), _admin(uow_factory), "bea")
    with pytest.raises(NotFound, match="No enabled operator"):
        _start(uow_factory, tmp_path, None, "bea")
    with pytest.raises(ServiceError, match="takes no calls"):
        _start(uow_factory, tmp_path, None, "root")  # an administrator
    assert list_runs(uow_factory(), None) == []
    assert not (tmp_path / "training").exists()


def test_only_a_trainer_starts_runs_and_sees_every_run_and_others_see_their_own(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor], tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        _start(uow_factory, tmp_path, people["amir"], "amir")
    _start(uow_factory, tmp_path, people["tina"], "amir")
    _start(uow_factory, tmp_path, people["tina"], "bea")

    assert [r.trainee for r in list_runs(uow_factory(), people["tina"])] == ["bea", "amir"]
    assert [r.trainee for r in list_runs(uow_factory(), people["amir"])] == ["amir"]
    bea_run = list_runs(uow_factory(), people["bea"])[0].run_id
    assert run_detail(uow_factory(), people["bea"], bea_run).run.trainee == "bea"
    with pytest.raises(PermissionDenied):
        run_detail(uow_factory(), people["amir"], bea_run)


def test_a_trainers_note_is_kept_per_marking_point_cleaned_of_card_numbers(
    uow_factory: UnitOfWorkFactory, people: dict[str, Actor], tmp_path: Path
) -> None:
    _, started = _start(uow_factory, tmp_path, people["tina"], "amir")
    run_id = started.run.run_id

    save_note(uow_factory(), people["tina"], run_id, "MP-08", f"Asked DOB first {CARD}")
    save_note(uow_factory(), people["tina"], run_id, "MP-08", "Asked the date of birth first.")
    with pytest.raises(PermissionDenied):
        save_note(uow_factory(), people["amir"], run_id, "MP-08", "Me too")
    with pytest.raises(ServiceError, match="Not a marking point"):
        save_note(uow_factory(), people["tina"], run_id, "MP-99", "No such point")

    (note,) = run_detail(uow_factory(), people["amir"], run_id).notes
    assert (note.marking_point, note.text, note.written_by) == (
        "MP-08",
        "Asked the date of birth first.",
        "tina",
    )
    with uow_factory() as live:
        saved = live.audit.list_recent(action=AuditAction.TRAINING_NOTE_SAVED.value)
        assert len(saved) == 2 and saved[0].details == {"run": run_id, "marking_point": "MP-08"}
    cleaned = save_note(uow_factory(), people["tina"], run_id, "MP-03", f"Card {CARD}")
    assert "4111" not in cleaned.text


@pytest.mark.parametrize("run_id", [2**40, 2**63, 99999999999999999999, 0, -1])
def test_a_run_number_no_database_can_hold_names_no_run(
    run_id: int, uow_factory: UnitOfWorkFactory, people: dict[str, Actor], tmp_path: Path
) -> None:
    """`custinfo train report 99999999999999999999` was an internal error: SQLite's driver
    cannot bind a number past 64 bits (OverflowError)."""
    _start(uow_factory, tmp_path, people["tina"], "amir")
    with pytest.raises(NotFound, match=f"^There is no training run {run_id}[.]$"):
        run_detail(uow_factory(), None, run_id)
    with pytest.raises(NotFound, match="There is no training run"):
        save_note(uow_factory(), people["tina"], run_id, "MP-08", "A note on no run.")


def test_the_console_refuses_a_sandbox_in_normal_mode_and_live_data_in_training_mode(
    uow_factory: UnitOfWorkFactory,
    people: dict[str, Actor],
    database_url: str,
    tmp_path: Path,
) -> None:
    _, started = _start(uow_factory, tmp_path, None, "amir")
    run_id = started.run.run_id

    with pytest.raises(StartupError, match="This is a training sandbox"):
        build_console_services(sandbox_url(started.sandbox))
    with pytest.raises(StartupError, match="not a training sandbox"):
        build_console_services(database_url, training_run_id=run_id)
    with pytest.raises(StartupError, match=f"sandbox of run {run_id}, not of run"):
        build_console_services(sandbox_url(started.sandbox), training_run_id=run_id + 1)
    assert build_console_services(sandbox_url(started.sandbox), training_run_id=run_id)
    assert build_console_services(database_url)


def _admin(uow_factory: UnitOfWorkFactory) -> Actor:
    create_operator(uow_factory(), None, "root", "Root", Role.ADMIN, PASSWORD, temporary=False)
    actor = authenticate(uow_factory(), "root", PASSWORD).actor
    assert actor is not None
    return actor


SPOUSE_AND_ATTORNEY = """
title = "Two people acting for Mary"
summary = "Mary's attorney and her named contact."
practises = ["MP-08", "MP-17"]

[caller]
name = "Helen Jones"
is = "representative"
customer = "mary"
representative = "Helen Jones"
manner = "Brisk."
opening = "I hold power of attorney for my mother."
goal = "Her mother's new phone number on file."

[[customers]]
key = "mary"
values.given_name = "Mary"
values.family_name = "Jones"
values.date_of_birth = "1941-02-03"
values.phone = "020 7946 0123"
values.address_line1 = "2 Mill Lane"
values.town = "York"
values.postcode = "yo1 7hh"

[[customers.representatives]]
name = "Helen Jones"
relationship = "daughter"
authority = "power_of_attorney"
security_answer = "Rosebud"
values.postcode = "YO10 5DD"

[[customers.representatives]]
name = "Peter Jones"
relationship = "son"
authority = "named_contact"
scope = "contact, change:address"
values.date_of_birth = "1970-05-06"

[[customers.consents]]
purpose = "marketing"
channel = "email"
granted = true
on = 2024-03-01

[expected]
outcome = "Helen verified as attorney; the phone changed."
record = "mary"
"""


def test_a_sandbox_holds_the_scenarios_representatives_and_consents(tmp_path: Path) -> None:
    scenario = parse_scenario("attorney.toml", SPOUSE_AND_ATTORNEY)
    trainee = TraineeAccount("amir", "Amir", "agent", "not-a-real-hash", datetime.now(UTC))
    with open_sandbox(tmp_path / "run-9.sqlite") as sandbox:
        marker = fill_sandbox(sandbox(), 9, scenario, trainee)
        with sandbox() as uow:
            (mary,) = uow.training.all_customers()
            attorney, contact = uow.interactions.representatives_of(mary.id)
            (consent,) = uow.customers.consents_of(mary.id)
            assert stored_value(mary, "postcode") == "YO1 7HH"
            assert stored_value(mary, "phone") == "+442079460123"
            assert (attorney.given_name, attorney.family_name) == ("Helen", "Jones")
            assert attorney.postcode == "YO10 5DD"
            assert attorney.security_answer_hash is not None
            assert "change:contact" in attorney.scope
            assert contact.scope == ["read:contact", "change:address"]
            assert (consent.purpose, consent.channel) == ("marketing", "email")
            assert consent.lawful_basis == "consent"
    assert (marker.run_id, marker.scenario_id) == (9, "attorney")


def test_a_scenarios_representative_of_one_word_has_one_name_only(tmp_path: Path) -> None:
    """A representative named in one word was given it twice ("Wibowo Wibowo" in the list
    of who is calling): one name only, as a customer's (domain/one_name.py)."""
    one_name = SPOUSE_AND_ATTORNEY.replace('name = "Peter Jones"', 'name = "Wibowo"')
    trainee = TraineeAccount("amir", "Amir", "agent", "not-a-real-hash", datetime.now(UTC))
    with open_sandbox(tmp_path / "run-9.sqlite") as sandbox:
        fill_sandbox(sandbox(), 9, parse_scenario("attorney.toml", one_name), trainee)
        with sandbox() as uow:
            (mary,) = uow.training.all_customers()
            _, contact = uow.interactions.representatives_of(mary.id)
            assert (contact.given_name, contact.family_name) == ("", "Wibowo")
