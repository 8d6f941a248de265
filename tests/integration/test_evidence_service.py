"""Evidence of practice, anonymised (MP-21; docs/training.md, "Evidence of practice"): an
operator's real work and a scored training run exported through the real services, on
every backend. Known personal values are planted through the services (a capture, a call,
a correction, a discrepancy, a complaint, a wrap-up, an access reason) and must appear in
neither form of the export.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from custinfo_tui.composition import open_sandbox
from custinfo_tui.domain.breaches import BreachIn
from custinfo_tui.domain.capture import MOVED
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.evidence import REASON_GIVEN, EvidenceDocument
from custinfo_tui.domain.evidence_forms import evidence_html, evidence_json
from custinfo_tui.domain.roles import Role
from custinfo_tui.services import breaches, closing_calls
from custinfo_tui.services.auth import authenticate
from custinfo_tui.services.errors import PermissionDenied
from custinfo_tui.services.evidence import live_work_evidence, training_run_evidence
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.operators import create_operator
from custinfo_tui.services.scenarios import load_scenario
from custinfo_tui.services.training import finish_run, start_run
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for, desk_for
from tests.support.planted_work import CAPTURE, assert_no_planted_value, plant_work


def _both_forms(document: EvidenceDocument) -> tuple[str, str]:
    return evidence_json(document), evidence_html(document)


def test_an_operators_real_work_exports_without_a_single_personal_value(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    reference = plant_work(demo_uow_factory)
    today = datetime.now(UTC).date()

    document = live_work_evidence(
        demo_uow_factory(),
        actor_for(demo_uow_factory, "agent"),
        "agent",
        since=today,
        until=today,
        capture=CAPTURE,
    )

    for text in _both_forms(document):
        assert_no_planted_value(text, reference)
    assert [c.customer for c in document.contacts] == ["Customer A", "Customer A", "Customer B"]
    steps = [step for contact in document.contacts for step in contact.steps]
    words = [step.words for step in steps]
    assert "Changed: Address line 1" in words
    correction = next(s for s in steps if s.words == "Changed: Address line 1")
    assert correction.reason == MOVED and correction.marks == ("MP-10",)
    opened = steps[-1]
    assert opened.reason == REASON_GIVEN and opened.marks == ("MP-09",)
    capture = next(s for s in steps if "MP-01" in s.marks)
    assert "Can I take your first name, please?" in capture.questions
    points = {p.marking_point for p in document.points}
    assert {"MP-01", "MP-03", "MP-08", "MP-09", "MP-10", "MP-14", "MP-18", "MP-19"} <= points
    parsed = json.loads(evidence_json(document))
    assert parsed["operator"] == "agent"


def test_only_the_operator_a_trainer_or_a_supervisor_may_export_and_each_export_is_audited(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    create_operator(
        demo_uow_factory(),
        None,
        "bea",
        "Bea",
        Role.AGENT,
        "a-long-enough-password",
        temporary=False,
    )
    with pytest.raises(PermissionDenied):
        live_work_evidence(
            demo_uow_factory(),
            actor_for(demo_uow_factory, "bea"),
            "agent",
            since=None,
            until=None,
            capture=CAPTURE,
        )
    for username in ("agent", "trainer", "supervisor"):
        live_work_evidence(
            demo_uow_factory(),
            actor_for(demo_uow_factory, username),
            "agent",
            since=None,
            until=None,
            capture=CAPTURE,
        )
    with demo_uow_factory() as uow:
        exported = uow.audit.list_recent(action=AuditAction.EVIDENCE_EXPORTED.value)
    assert len(exported) == 3
    assert set(exported[0].details) == {
        "of_operator",
        "source",
        "since",
        "until",
        "form",
        "contacts",
        "steps",
    }
    assert exported[0].details["since"] is None and exported[0].details["until"] is None
    assert exported[0].customer_id is None and exported[0].reason is None


def test_the_administrator_has_no_evidence_to_export_not_even_their_own(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    """docs/access-control.md gives the administrator no evidence of practice (they open
    no customer's record), and the console offers them no export; the service let them
    export their own all the same when an actor was passed. Refused, with nothing
    audited as exported and no file written."""
    admin = actor_for(demo_uow_factory, "admin")
    for username in ("admin", "agent"):
        with pytest.raises(PermissionDenied, match="evidence of practice"):
            live_work_evidence(
                demo_uow_factory(), admin, username, since=None, until=None, capture=CAPTURE
            )
    with demo_uow_factory() as uow:
        assert not uow.audit.list_recent(action=AuditAction.EVIDENCE_EXPORTED.value)
    dpo = live_work_evidence(
        demo_uow_factory(),
        actor_for(demo_uow_factory, "dpo"),
        "dpo",
        since=None,
        until=None,
        capture=CAPTURE,
    )
    assert dpo.operator == "dpo"  # the DPO opens records, so has evidence


def test_a_scored_run_exports_from_the_live_database_once_its_sandbox_is_gone(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    password = "a-long-enough-password"
    for username, role in (("tina", Role.TRAINER), ("amir", Role.AGENT)):
        create_operator(uow_factory(), None, username, username, role, password, temporary=False)
    tina = actor_for(uow_factory, "tina")
    scenario = load_scenario("change-of-address")
    started = start_run(uow_factory(), tina, scenario, "amir", tmp_path / "training", open_sandbox)
    run_id = started.run.run_id
    with open_sandbox(started.sandbox) as sandbox:
        actor = authenticate(sandbox(), "amir", password).actor
        assert actor is not None
        search_customers(sandbox(), actor, "john smith")
        finish_run(uow_factory(), None, run_id, scenario, sandbox())
    started.sandbox.unlink()

    document = training_run_evidence(uow_factory(), actor_for(uow_factory, "amir"), run_id)

    assert document.operator == "amir"
    # A search that led to no record: one contact, about no one, outside a call.
    assert [(c.customer, c.in_call) for c in document.contacts] == [(None, False)]
    assert [s.words for s in document.contacts[0].steps] == [
        "Logged in",
        "Searched by name: 2 found",
    ]
    assert {p.verdict for p in document.points} <= {"met", "not met", "not applicable"}
    assert len(document.points) >= len(scenario.practises)
    for text in _both_forms(document):
        assert "Smith" not in text
    with uow_factory() as uow:
        (exported,) = uow.audit.list_recent(action=AuditAction.EVIDENCE_EXPORTED.value)
    assert exported.details["source"] == "training_run" and exported.details["run"] == run_id


def test_work_after_a_call_a_supervisor_closed_is_not_filed_with_it(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    """Found by a tester: the handler was told a supervisor had closed the call, and the
    breach they reported at the same console afterwards was filed with that call (its
    close is under the supervisor's name, so the handler's own events never ended it)."""
    agent = desk_for(demo_uow_factory, "agent")
    supervisor = actor_for(demo_uow_factory, "supervisor")
    call = agent.start(1)
    closing_calls.close_call(
        demo_uow_factory(), supervisor, call.interaction_id, "Handler on a break",
        desk_in_use_confirmed=True,
    )  # fmt: skip
    breaches.report_breach(
        demo_uow_factory(),
        agent.actor,
        BreachIn(
            what_happened="A letter went to the wrong address.",
            discovered_at=datetime.now(UTC) - timedelta(hours=1),
            categories=(DataCategory.PERSONAL,),
            people_affected=1,
        ),
    )
    today = datetime.now(UTC).date()

    document = live_work_evidence(
        demo_uow_factory(), agent.actor, "agent", since=today, until=today, capture=CAPTURE
    )

    reported = next(c for c in document.contacts if "breach" in c.steps[-1].words)
    assert not reported.in_call
