"""A data protection officer's own evidence of practice (MP-21): their requests, erasure,
legal holds, breach assessment and disclosure decisions, through the real services, each
step under the marking point docs/requirements.md gives it, and work on a breach or a
request as a contact of its own kind, with nothing personal in either form.

Found by a DPO exporting their own evidence: three erasure previews were marked MP-12
("find a customer and their history quickly"), the requests, the export, the erasure, the
holds, the assessment and the disclosure approval were missing, and a breach step was
"Contact 2: work outside a call" with `"customer": ""` in the JSON.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from custinfo_tui.domain.breaches import AssessmentIn, BreachIn, BreachRisk
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.erasure import HoldKind
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.evidence_forms import evidence_html, evidence_json
from custinfo_tui.domain.reference import format_reference, normalise_reference
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.services import breaches, erasure, subject_access
from custinfo_tui.services.evidence import live_work_evidence
from custinfo_tui.services.subject_access_export import export_request
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, desk_for
from tests.support.disclosed import released_to
from tests.support.planted_work import CAPTURE, assert_no_planted_value, plant_work

#: Typed by the DPO and the agent, naming the planted customer: never in the evidence.
TYPED = "Quartermaine"


def _request(dpo: Desk, reference: str, right: DataRight, today: date) -> int:
    given = SubjectAccessIn(
        customer_reference=reference,
        requested_by=f"Philippa {TYPED}, by letter",
        identity_check="Passport seen",
        received_on=today,
        right=right,
    )
    return subject_access.log_request(dpo.uow_factory(), dpo.actor, given, today).id


def _customer_id(uows: UnitOfWorkFactory, reference: str) -> int:
    with uows() as uow:
        customer = uow.customers.get_by_reference(normalise_reference(reference))
        assert customer is not None
        return customer.id


def _a_dpo_day(uows: UnitOfWorkFactory, reference: str, tmp_path: Path) -> str:
    """The DPO's work on the planted customer and on another; that other's reference."""
    agent, dpo = desk_for(uows, "agent"), desk_for(uows, "dpo")
    today = datetime.now(UTC).date()
    planted = _customer_id(uows, reference)
    access = _request(dpo, reference, DataRight.ACCESS, today)
    export_request(dpo.uow_factory(), dpo.actor, access, tmp_path / "pack.html")
    _request(dpo, reference, DataRight.ERASURE, today)
    erasure.preview_erasure(dpo.uow_factory(), dpo.actor, reference)
    hold = erasure.set_legal_hold(
        dpo.uow_factory(), dpo.actor, reference, HoldKind.LEGAL_CLAIM, f"{TYPED} v. us"
    )
    erasure.keep_request_open(dpo.uow_factory(), dpo.actor, planted)
    erasure.lift_legal_hold(dpo.uow_factory(), dpo.actor, hold.hold_id or 0, "Claim settled")
    report = BreachIn(
        what_happened=f"A letter for {TYPED} went to the wrong address.",
        discovered_at=datetime.now(UTC) - timedelta(hours=1),
        categories=(DataCategory.PERSONAL,),
        people_affected=1,
    )
    breach = breaches.report_breach(agent.uow_factory(), agent.actor, report).id
    risk = AssessmentIn(risk=BreachRisk.UNLIKELY)
    breaches.assess_breach(dpo.uow_factory(), dpo.actor, breach, risk)
    released_to(agent, dpo, planted, "Example Constabulary")
    other = 2 if planted != 2 else 3
    with uows() as uow:
        row = uow.customers.get(other)
        assert row is not None
        other_reference = format_reference(row.reference)
    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, other_reference)
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, preview.customer_id, f"{TYPED} asked")
    return other_reference


def test_a_dpos_own_evidence_holds_their_work_under_its_points_anonymised(
    demo_uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    reference = plant_work(demo_uow_factory)
    other = _a_dpo_day(demo_uow_factory, reference, tmp_path)
    today = datetime.now(UTC).date()
    dpo = desk_for(demo_uow_factory, "dpo").actor

    document = live_work_evidence(
        demo_uow_factory(), dpo, "dpo", since=today, until=today, capture=CAPTURE
    )

    steps = {step.words: step for contact in document.contacts for step in contact.steps}
    marked = {words: step.marks for words, step in steps.items()}
    looked = [m for w, m in marked.items() if w.startswith("Looked up at the data protection")]
    assert looked and all(marks == ("MP-16",) for marks in looked)  # never MP-12
    for words, point in (
        ("Subject access request logged", "MP-16"),
        ("Erasure request logged", "MP-16"),
        ("Data exported", "MP-16"),
        ("Legal hold recorded: legal claim", "MP-16"),
        ("Legal hold lifted: legal claim", "MP-16"),
        ("Personal data erased", "MP-16"),
        ("Personal-data breach assessed", "MP-20"),
        ("Third-party disclosure approved: Phone", "MP-17"),
    ):
        assert marked.get(words) == (point,), (words, sorted(marked))
    kept = next(w for w in marked if w.startswith("Erasure request kept open"))
    assert marked[kept] == ("MP-16",)
    assert steps["Legal hold recorded: legal claim"].reason == "(reason given)"
    assert {p.marking_point for p in document.points} >= {"MP-16", "MP-17", "MP-20"}

    kinds = {contact.label.split()[0]: contact for contact in document.contacts}
    assert kinds["Breach"].customer is None and kinds["Breach"].kind == "breach"
    assert kinds["Request"].customer == "Customer A"
    as_json, page = evidence_json(document), evidence_html(document)
    assert '"customer": ""' not in as_json
    breach = next(c for c in json.loads(as_json)["contacts"] if c["kind"] == "breach")
    assert "customer" not in breach and breach["label"].startswith("Breach ")
    assert f"{kinds['Breach'].label}: work on a reported personal-data breach</h2>" in page
    assert "work on a data subject&#x27;s request about Customer A</h2>" in page
    for text in (as_json, page):
        assert_no_planted_value(text, reference)
        assert_no_planted_value(text, other)
        assert "Example Constabulary" not in text and "Passport" not in text
