"""Retention runs by data category (MP-15) on SQLite, SQLCipher and PostgreSQL: a dry run
reports exactly what the real run then does and changes nothing; each category goes when
its period has passed; holds are respected; the desk's list shows what falls due soon.

The runs are dated in the future ("two years and a day from now") rather than the
customers' rows being back-dated, so everything is built through the services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from custinfo_tui.commands.retention import print_report
from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.consent import ConsentAnswers, SpecialCategoryCondition
from custinfo_tui.domain.data_protection.retention import RetentionPolicy, RetentionReport
from custinfo_tui.domain.discrepancies import DiscrepancyIn
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.timeline import describe
from custinfo_tui.domain.verification import Channel
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.repository.orm import Customer, Interaction
from custinfo_tui.services import complaints, discrepancies, restriction, retention, wrap_up
from custinfo_tui.services.audit import verify_chain
from custinfo_tui.services.capture import create_customer
from custinfo_tui.services.erased_records import when_erased
from custinfo_tui.services.errors import PermissionDenied
from custinfo_tui.services.lookup import lookup
from custinfo_tui.services.subject_access_export import subject_access_pack
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, desk_for
from tests.support.erasure import LOOKUPS, customer_with_everything, traces_in_database

POLICY = RetentionPolicy()
NOW = datetime.now(UTC)
YEAR = timedelta(days=366)
#: A demo customer whose record dates from 2023, with no calls.
ZOE_TAYLOR = 2


def _caller_with_needs(agent: Desk) -> int:
    """Ottoline Brack: support needs under explicit consent, and a call with notes."""
    values = {
        "given_name": "Ottoline",
        "family_name": "Brack",
        "date_of_birth": "05/06/1970",
        "phone": "07700 900413",
        "address_line1": "2 Heron Quay",
        "town": "Lerwick",
        "postcode": "ZE1 0AA",
        "accessibility_needs": "Prefers text relay calls",
    }
    customer_id = create_customer(
        agent.uow_factory(),
        agent.actor,
        CapturePolicy(),
        Channel.PHONE,
        NewCustomer(
            template="new_customer",
            values=values,
            enquiry_type="New account",
            consent=ConsentAnswers(special_condition=SpecialCategoryCondition.EXPLICIT_CONSENT),
            read_back=ReadBackConfirmation(confirmed=frozenset(values)),
        ),
    ).customer_id
    call = agent.start(customer_id).interaction_id
    wrap_up.wrap_up(
        agent.uow_factory(),
        agent.actor,
        CapturePolicy(),
        call,
        WrapUpIn(enquiry_type="Other", outcome="resolved", notes="Heron Quay gate code asked"),
    )
    return customer_id


def _run(dpo: Desk, at: datetime, *, dry_run: bool) -> RetentionReport:
    return retention.run_retention(dpo.uow_factory(), dpo.actor, POLICY, at, dry_run=dry_run)


def _line(report: RetentionReport, category: DataCategory) -> tuple[int, int, int]:
    [line] = [line for line in report.categories if line.category is category]
    return line.records, line.values, line.held


def _customer(uow_factory: UnitOfWorkFactory, customer_id: int) -> tuple[Customer, list[str]]:
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        customer = session.get(Customer, customer_id)
        notes = session.scalars(
            select(Interaction.notes).where(Interaction.customer_id == customer_id)
        ).all()
        session.expunge_all()
        return customer, [note for note in notes if note]


def test_a_dry_run_reports_what_the_real_run_does_and_an_open_complaint_holds_a_record(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, dpo: Desk
) -> None:
    held = customer_with_everything(agent)  # her complaint is still open
    ottoline = _caller_with_needs(agent)
    at = NOW + 2 * YEAR

    dry = _run(dpo, at, dry_run=True)
    assert _customer(demo_uow_factory, ottoline)[1], "a dry run changes nothing"
    real = _run(dpo, at, dry_run=False)

    assert dry.model_copy(update={"dry_run": False}) == real
    records, values, on_hold = _line(real, DataCategory.ENQUIRY)
    assert (records, on_hold) == (1, 1) and values >= 1
    customer, notes = _customer(demo_uow_factory, ottoline)
    assert notes == [] and customer.given_name == "Ottoline"  # enquiry data only
    assert customer.accessibility_needs is None  # special-category data: its year passed
    assert _customer(demo_uow_factory, held.customer_id)[1]  # held: untouched
    with demo_uow_factory() as uow:
        [event] = uow.audit.list_recent(action=AuditAction.RETENTION_RUN.value)
        [preview] = uow.audit.list_recent(action=AuditAction.RETENTION_PREVIEWED.value)
    assert event.details["enquiry"] == {"records": 1, "values": values, "held": 1}
    assert preview.details == event.details


def test_special_category_data_goes_a_year_after_the_last_contact(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, dpo: Desk
) -> None:
    ottoline = _caller_with_needs(agent)

    report = _run(dpo, NOW + YEAR + timedelta(days=1), dry_run=False)

    assert _line(report, DataCategory.SPECIAL_CATEGORY)[0] >= 1
    customer, notes = _customer(demo_uow_factory, ottoline)
    assert customer.accessibility_needs is None and notes  # enquiry data is kept 2 years


def test_after_the_record_period_the_whole_record_is_anonymised_and_no_lookup_finds_it(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, dpo: Desk
) -> None:
    subject = customer_with_everything(agent)
    supervisor = desk_for(demo_uow_factory, "supervisor")
    complaints.move_complaint(
        supervisor.uow_factory(),
        supervisor.actor,
        ComplaintPolicy(),
        subject.complaint_id,
        "closed",
        "Resolved",
    )

    report = _run(dpo, NOW + 6 * YEAR + timedelta(days=1), dry_run=False)

    assert _line(report, DataCategory.PERSONAL)[0] >= 1
    assert traces_in_database(demo_uow_factory) == []
    for query in LOOKUPS:
        assert lookup(agent.uow_factory(), agent.actor, query).matches == (), query


def test_a_restricted_record_is_held_from_retention_as_a_legal_hold_is(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, dpo: Desk
) -> None:
    """Found trying the desk: a record restricted so the customer could keep its data for a
    legal claim (Art. 18(1)(c)) was anonymised by the next retention run."""
    ottoline = _caller_with_needs(agent)
    with demo_uow_factory() as uow:
        customer = uow.customers.get(ottoline)
        assert customer is not None
        reference = customer.reference
    restriction.restrict_processing(
        dpo.uow_factory(), dpo.actor, reference, "Kept for her legal claim, Art. 18(1)(c)"
    )
    soon = retention.due_soon(dpo.uow_factory(), dpo.actor, POLICY, NOW + 2 * YEAR, days=30)
    assert [line.records for line in soon][1:] == [0, 0]  # not listed as falling due either

    report = _run(dpo, NOW + 2 * YEAR, dry_run=False)

    assert _line(report, DataCategory.ENQUIRY) == (0, 0, 1)
    assert _line(report, DataCategory.SPECIAL_CATEGORY)[::2] == (0, 1)
    customer, notes = _customer(demo_uow_factory, ottoline)
    assert notes == ["Heron Quay gate code asked"]
    assert customer.accessibility_needs is not None


def test_the_desk_sees_what_falls_due_in_the_next_30_days(agent: Desk, dpo: Desk) -> None:
    _caller_with_needs(agent)

    def enquiry_due(at: datetime) -> int:
        soon = retention.due_soon(dpo.uow_factory(), dpo.actor, POLICY, at, days=30)
        [line] = [line for line in soon if line.category is DataCategory.ENQUIRY]
        return line.records

    assert enquiry_due(NOW + 2 * YEAR - timedelta(days=40)) == 0
    assert enquiry_due(NOW + 2 * YEAR - timedelta(days=10)) == 1


def test_the_desk_is_told_each_period_so_an_empty_list_says_what_would_fill_it(
    dpo: Desk,
) -> None:
    """The desk's "nothing" names when records come due: the whole record's period is the
    later of the personal and transactional ones, as the run applies it."""
    policy = RetentionPolicy.model_validate(
        {
            "personal": {"years_after_last_contact": 7},
            "transactional": {"years_after_last_contact": 10},
        }
    )
    soon = retention.due_soon(dpo.uow_factory(), dpo.actor, policy, NOW, days=30)

    assert {line.category: line.years for line in soon} == {
        DataCategory.PERSONAL: 10,
        DataCategory.ENQUIRY: 2,
        DataCategory.SPECIAL_CATEGORY: 1,
    }


def test_what_was_written_today_is_not_due_because_the_last_call_was_long_ago(
    agent: Desk, dpo: Desk
) -> None:
    """Zoë's record dates from 2023 and she never called: a discrepancy reported about her
    today was due at once (enquiry data, two years after her "last contact"), and the next
    run would have wiped it."""
    report = discrepancies.report_discrepancy(
        agent.uow_factory(),
        agent.actor,
        ZOE_TAYLOR,
        DiscrepancyIn(field="town", claimed_value="York", why="Letter returned from Leeds"),
    )
    assert report.id

    soon = retention.due_soon(dpo.uow_factory(), dpo.actor, POLICY, NOW, days=30)
    [enquiry] = [line for line in soon if line.category is DataCategory.ENQUIRY]
    assert enquiry.records == 0
    assert _line(_run(dpo, NOW, dry_run=True), DataCategory.ENQUIRY)[:2] == (0, 0)
    # Two years on from today it falls due, as any enquiry data does.
    assert _line(_run(dpo, NOW + 2 * YEAR, dry_run=True), DataCategory.ENQUIRY)[0] == 1


def test_only_the_data_protection_officer_runs_retention(agent: Desk) -> None:
    with pytest.raises(PermissionDenied):
        retention.run_retention(agent.uow_factory(), agent.actor, POLICY, NOW, dry_run=True)


def test_a_record_anonymised_whole_closes_its_open_disclosure_request_as_erased(
    agent: Desk, dpo: Desk, capsys: pytest.CaptureFixture[str]
) -> None:
    """Retention erases a whole record the way erasure does, so a third party's request
    still waiting on it is closed the same way, not left "waiting for approval"; the run's
    report says which, as `custinfo erase` does."""
    from custinfo_tui.domain.disclosures import CHANNELS, DisclosureRequestIn, DisclosureStatus
    from custinfo_tui.services import disclosures

    request = disclosures.request_disclosure(
        agent.uow_factory(),
        agent.actor,
        ZOE_TAYLOR,
        DisclosureRequestIn(
            requester="A. Jones, solicitor",
            organisation="Example LLP",
            identity_check="Letter on the firm's letterhead",
            lawful_basis="Legal proceedings (DPA 2018 Sch. 2 para 5)",
            asked_for="Her address",
            fields=("address_line1",),
            channel=CHANNELS[1],
        ),
    )
    preview = _run(dpo, NOW + 7 * YEAR, dry_run=True)
    assert preview.disclosures_closed == (request.id,)  # would be closed...
    assert disclosures.disclosures_to_work(dpo.uow_factory(), dpo.actor) != []  # ...is not

    report = _run(dpo, NOW + 7 * YEAR, dry_run=False)

    assert report.disclosures_closed == (request.id,)
    print_report(report)  # what `custinfo retention run` prints
    said = f"1 third-party request ({request.id}) closed: the record was erased."
    assert said in capsys.readouterr().out
    [closed] = [
        d for d in disclosures.list_disclosures(dpo.uow_factory(), None) if d.id == request.id
    ]
    assert closed.status is DisclosureStatus.ERASED
    assert disclosures.disclosures_to_work(dpo.uow_factory(), dpo.actor) == []
    with dpo.uow_factory() as uow:
        [event] = uow.audit.list_recent(action=AuditAction.RETENTION_RUN.value)
    assert event.details["disclosures_closed"] == [request.id]


def test_each_record_a_run_changes_is_audited_on_it_with_what_went_and_why(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, dpo: Desk
) -> None:
    """Found by a DPO: a run wrote one `retention.run` event with counts, so `audit show
    --customer` found nothing about the record, its pack said only "This record was
    erased." and a special-category value removed from it was recorded nowhere."""
    ottoline = _caller_with_needs(agent)

    _run(dpo, NOW + 2 * YEAR, dry_run=False)

    with demo_uow_factory() as uow:
        events = uow.audit.list_recent(
            customer_id=ottoline, action=AuditAction.RETENTION_ANONYMISED.value
        )
    by_category = {event.details["category"]: event for event in events}
    assert set(by_category) == {"enquiry", "special_category"}
    special, enquiry = by_category["special_category"], by_category["enquiry"]
    assert special.fields == ("customers.accessibility_needs",)
    assert special.details["why"] == "last contact more than 1 year ago"
    assert special.details["period_years"] == 1 and special.details["values"] == 1
    assert "interactions.notes" in enquiry.fields and enquiry.details["period_years"] == 2
    assert "Prefers text relay" not in str([e.details for e in events])
    assert describe(special.action, special.fields, special.details, special.outcome) == (
        "Special category data anonymised by the retention run: last contact more than 1 year ago"
    )
    access = [
        row[2]
        for row in subject_access_pack(dpo.uow_factory(), dpo.actor, ottoline)
        .section("access")
        .rows
    ]
    assert "Special category data anonymised by the retention run" in " ".join(access)

    _run(dpo, NOW + 6 * YEAR + timedelta(days=1), dry_run=False)

    with demo_uow_factory() as uow:
        [whole] = [
            e
            for e in uow.audit.list_recent(
                customer_id=ottoline, action=AuditAction.RETENTION_ANONYMISED.value
            )
            if e.details["category"] == "personal"
        ]
        said = when_erased(uow, ottoline)
    assert "customers.family_name" in whole.fields and whole.details["period_years"] == 6
    assert said == (
        f"This record was anonymised on {datetime.now(UTC):%d %b %Y} by the retention run: "
        "last contact more than 6 years ago (personal and transactional periods both passed)."
    )
    with demo_uow_factory() as uow:
        runs = uow.audit.list_recent(action=AuditAction.RETENTION_RUN.value)
    assert len(runs) == 2  # the runs' counts are kept too
    assert verify_chain(demo_uow_factory()).ok
