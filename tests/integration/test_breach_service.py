"""Personal-data breaches (MP-20) on SQLite, SQLCipher and PostgreSQL: the report and its
72-hour clock, overdue clocks first and counted for the login notice, the DPO's decisions,
closing only once the ICO decision is recorded, and events without what was typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from custinfo_tui.domain.breach_exceptions import Art34Exception
from custinfo_tui.domain.breaches import AssessmentIn, BreachIn, BreachInvalid, BreachRisk, Told
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference, reference_for_number
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.services import breaches
from custinfo_tui.services.errors import PermissionDenied, ServiceError
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for
from tests.support.audit_text import written_words
from tests.support.references import stored_reference

NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
CARD = "4111 1111 1111 1111"
LETTER = "A letter about one customer's account was posted to another customer"
JOHN_SMITH = 1


@pytest.fixture
def clock() -> time_machine.Coordinates:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _report(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    *,
    hours_ago: float,
    what: str = LETTER,
    references: tuple[str, ...] = (),
) -> int:
    given = BreachIn(
        what_happened=what,
        discovered_at=NOW - timedelta(hours=hours_ago),
        categories=(DataCategory.PERSONAL, DataCategory.TRANSACTIONAL),
        people_affected=2,
        customer_references=references,
    )
    return breaches.report_breach(uow_factory(), actor, given).id


def _unknown(uow_factory: UnitOfWorkFactory, reference: str) -> bool:
    with uow_factory() as uow:
        return uow.customers.get_by_reference(reference) is None


def _events(uow_factory: UnitOfWorkFactory) -> list[AuditEvent]:
    with uow_factory() as uow:
        recent = uow.audit.list_recent(limit=50)
    return [e for e in reversed(recent) if e.action.value.startswith("breach.")]


def test_a_reported_breach_starts_its_72_hour_clock_at_discovery(
    demo_uow_factory: UnitOfWorkFactory, clock: time_machine.Coordinates
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    dpo = actor_for(demo_uow_factory, "dpo")
    reference = stored_reference(demo_uow_factory, JOHN_SMITH)
    spaced = f"{reference[:4]} {reference[4:8]} {reference[8:].lower()}"

    breach_id = _report(
        demo_uow_factory, agent, hours_ago=2, what=f"{LETTER}; card {CARD}", references=(spaced,)
    )

    [view] = breaches.list_breaches(demo_uow_factory(), dpo, open_only=True)
    assert view.id == breach_id and view.reported_by == "agent"
    assert view.deadline == NOW + timedelta(hours=70)
    assert (view.clock, view.overdue) == ("70 h 00 min left", False)
    assert view.what_happened == f"{LETTER}; card [card number removed]"
    assert view.customer_references == (f"{reference[:4]} {reference[4:8]} {reference[8]}",)
    reported, listed = _events(demo_uow_factory)
    assert reported.action is AuditAction.BREACH_REPORTED
    assert reported.details == {
        "breach_id": breach_id,
        "categories": ["personal", "transactional"],
        "people_affected": 2,
        "customers": 1,
        "hours_since_discovery": 2,
    }
    assert listed.action is AuditAction.BREACHES_LISTED and listed.details["count"] == 1
    assert all(
        "letter" not in written_words(e) and "4111" not in written_words(e)
        for e in (reported, listed)
    )


def test_overdue_clocks_come_first_and_are_counted_for_the_dpo_and_supervisors(
    demo_uow_factory: UnitOfWorkFactory, clock: time_machine.Coordinates
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    dpo = actor_for(demo_uow_factory, "dpo")
    supervisor = actor_for(demo_uow_factory, "supervisor")
    recent = _report(demo_uow_factory, agent, hours_ago=10)
    late = _report(demo_uow_factory, agent, hours_ago=80)
    later = _report(demo_uow_factory, agent, hours_ago=75)

    listed = breaches.list_breaches(demo_uow_factory(), dpo, open_only=True)
    assert [(v.id, v.clock, v.overdue) for v in listed] == [
        (late, "overdue by 8 h 00 min", True),
        (later, "overdue by 3 h 00 min", True),
        (recent, "62 h 00 min left", False),
    ]
    for who in (dpo, supervisor):
        counted = breaches.overdue_clocks(demo_uow_factory(), who)
        assert (counted.count, counted.worst) == (2, "overdue by 8 h 00 min")
    with pytest.raises(PermissionDenied):
        breaches.overdue_clocks(demo_uow_factory(), agent)

    # Recording the ICO decision stops the clock, even after the deadline.
    told = AssessmentIn(
        risk=BreachRisk.RISK,
        ico=Told.TOLD,
        ico_told_at=NOW - timedelta(hours=1),
        ico_reason="The post room found the letter only on Monday",
    )
    view = breaches.assess_breach(demo_uow_factory(), dpo, late, told)
    assert (view.clock, view.overdue) == ("stopped: ICO decision recorded", False)
    assert breaches.overdue_clocks(demo_uow_factory(), supervisor).count == 1
    clock.shift(timedelta(hours=70))
    assert breaches.overdue_clocks(demo_uow_factory(), dpo).count == 2


def test_the_dpo_is_given_every_clock_still_running_soonest_first(
    demo_uow_factory: UnitOfWorkFactory, clock: time_machine.Coordinates
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    dpo = actor_for(demo_uow_factory, "dpo")
    fresh = _report(demo_uow_factory, agent, hours_ago=0)
    late = _report(demo_uow_factory, agent, hours_ago=80)
    decided = _report(demo_uow_factory, agent, hours_ago=10)
    told = AssessmentIn(risk=BreachRisk.RISK, ico=Told.TOLD, ico_told_at=NOW)
    breaches.assess_breach(demo_uow_factory(), dpo, decided, told)  # its clock has stopped

    running = breaches.clocks_running(demo_uow_factory(), dpo)
    assert [(c.breach_id, c.clock, c.overdue) for c in running.clocks] == [
        (late, "overdue by 8 h 00 min", True),
        (fresh, "72 h 00 min left", False),
    ]
    for who in (agent, actor_for(demo_uow_factory, "supervisor")):
        with pytest.raises(PermissionDenied):
            breaches.clocks_running(demo_uow_factory(), who)


def test_closing_needs_the_ico_decision_recorded(
    demo_uow_factory: UnitOfWorkFactory, clock: time_machine.Coordinates
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    dpo = actor_for(demo_uow_factory, "dpo")
    breach_id = _report(demo_uow_factory, agent, hours_ago=5)

    with pytest.raises(ServiceError, match="risk assessment"):
        breaches.close_breach(demo_uow_factory(), dpo, breach_id, "Letter retrieved")
    breaches.assess_breach(
        demo_uow_factory(), dpo, breach_id, AssessmentIn(risk=BreachRisk.UNLIKELY)
    )
    with pytest.raises(ServiceError, match="ICO was told"):
        breaches.close_breach(demo_uow_factory(), dpo, breach_id, "Letter retrieved")

    decided = AssessmentIn(
        risk=BreachRisk.UNLIKELY,
        ico=Told.NOT_TOLD,
        ico_reason="Unlikely to result in a risk: the letter was returned unopened",
        individuals=Told.NOT_TOLD,
        individuals_reason="No risk to them",
    )
    breaches.assess_breach(demo_uow_factory(), dpo, breach_id, decided)
    # Art. 33(5): the record says what the breach's effects were and what was done.
    with pytest.raises(ServiceError, match="likely consequences and the measures"):
        breaches.close_breach(demo_uow_factory(), dpo, breach_id, "Letter retrieved")
    decided = decided.model_copy(
        update={
            "likely_consequences": "None likely: the letter came back unopened",
            "measures": "Letter retrieved; addresses checked before posting",
        }
    )
    breaches.assess_breach(demo_uow_factory(), dpo, breach_id, decided)
    closed = breaches.close_breach(demo_uow_factory(), dpo, breach_id, "Letter retrieved")
    assert closed.closed_at == NOW and closed.clock == "closed"

    assert breaches.list_breaches(demo_uow_factory(), dpo, open_only=True) == []
    assert [v.id for v in breaches.list_breaches(demo_uow_factory(), None, open_only=False)] == [
        breach_id
    ]
    with pytest.raises(ServiceError, match="closed"):
        breaches.assess_breach(demo_uow_factory(), dpo, breach_id, decided)
    actions = [e.action for e in _events(demo_uow_factory)]
    assert actions.count(AuditAction.BREACH_ASSESSED) == 3
    assert AuditAction.BREACH_CLOSED in actions
    assessed = next(e for e in _events(demo_uow_factory) if e.details.get("ico") == "not_told")
    assert assessed.details["individuals"] == "not_told"
    assert "returned unopened" not in str(assessed)


def test_the_service_refuses_a_risk_recorded_as_not_told_to_the_ico(
    demo_uow_factory: UnitOfWorkFactory, clock: time_machine.Coordinates
) -> None:
    """Whatever screen or script calls it: the clock keeps running, nothing is recorded."""
    agent = actor_for(demo_uow_factory, "agent")
    dpo = actor_for(demo_uow_factory, "dpo")
    breach_id = _report(demo_uow_factory, agent, hours_ago=80)
    unreported = AssessmentIn(
        risk=BreachRisk.HIGH_RISK,
        ico=Told.NOT_TOLD,
        ico_reason="Laptop fully encrypted; unlikely risk",
        individuals=Told.NOT_TOLD,
        individuals_reason="Encrypted",
        individuals_exception=Art34Exception.ENCRYPTED,
    )

    with pytest.raises(BreachInvalid, match="must be reported to the ICO") as invalid:
        breaches.assess_breach(demo_uow_factory(), dpo, breach_id, unreported)

    assert set(invalid.value.problems) == {"ico"}
    [view] = breaches.list_breaches(demo_uow_factory(), dpo, open_only=True)
    assert (view.risk, view.ico, view.clock) == (None, None, "overdue by 8 h 00 min")
    assert breaches.overdue_clocks(demo_uow_factory(), dpo).count == 1
    assert AuditAction.BREACH_ASSESSED not in [e.action for e in _events(demo_uow_factory)]


def test_only_the_dpo_reads_assesses_and_closes_breaches(
    demo_uow_factory: UnitOfWorkFactory, clock: time_machine.Coordinates
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    supervisor = actor_for(demo_uow_factory, "supervisor")
    breach_id = _report(demo_uow_factory, agent, hours_ago=1)
    for who in (agent, supervisor):
        with pytest.raises(PermissionDenied):
            breaches.list_breaches(demo_uow_factory(), who, open_only=True)
        with pytest.raises(PermissionDenied):
            breaches.assess_breach(
                demo_uow_factory(), who, breach_id, AssessmentIn(risk=BreachRisk.RISK)
            )
        with pytest.raises(PermissionDenied):
            breaches.close_breach(demo_uow_factory(), who, breach_id, "done")


def test_a_report_naming_a_customer_not_on_file_saves_nothing(
    demo_uow_factory: UnitOfWorkFactory, clock: time_machine.Coordinates
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    unknown = next(
        reference_for_number(n)
        for n in range(10_000_000, 10_001_000)
        if _unknown(demo_uow_factory, reference_for_number(n))
    )
    with pytest.raises(FieldError, match=f"{format_reference(unknown)} is not a customer on file"):
        _report(demo_uow_factory, agent, hours_ago=1, references=(unknown,))
    with pytest.raises(BreachInvalid) as invalid:
        breaches.report_breach(
            demo_uow_factory(),
            agent,
            BreachIn(what_happened=" ", discovered_at=NOW + timedelta(hours=1), categories=()),
        )
    assert set(invalid.value.problems) == {"what_happened", "discovered_at", "categories"}
    assert _events(demo_uow_factory) == []


def test_a_high_risk_with_the_people_untold_is_named_for_the_dpo_until_it_is_decided(
    demo_uow_factory: UnitOfWorkFactory, clock: time_machine.Coordinates
) -> None:
    """Found by the DPO: a high risk told to the ICO, the people "not decided", read only
    "stopped: ICO decision recorded" on the list and was not said at login (Art. 34)."""
    agent = actor_for(demo_uow_factory, "agent")
    dpo = actor_for(demo_uow_factory, "dpo")
    laptop = _report(demo_uow_factory, agent, hours_ago=30, what="Laptop left on a train")
    other = _report(demo_uow_factory, agent, hours_ago=5)
    told = AssessmentIn(risk=BreachRisk.HIGH_RISK, ico=Told.TOLD, ico_told_at=NOW)
    breaches.assess_breach(demo_uow_factory(), dpo, laptop, told)

    due = breaches.individuals_to_tell(demo_uow_factory(), dpo)
    assert [(b.breach_id, b.since) for b in due.breaches] == [(laptop, "30 h 00 min")]
    listed = breaches.list_breaches(demo_uow_factory(), dpo, open_only=True)
    assert [(v.id, v.clock, v.individuals_due) for v in listed] == [
        (laptop, "tell the individuals (Art. 34)", True),  # before the later deadline
        (other, "67 h 00 min left", False),
    ]
    assert breaches.clocks_running(demo_uow_factory(), dpo).clocks[0].breach_id == other
    for who in (agent, actor_for(demo_uow_factory, "supervisor")):
        with pytest.raises(PermissionDenied):
            breaches.individuals_to_tell(demo_uow_factory(), who)

    exception = told.model_copy(
        update={
            "individuals": Told.NOT_TOLD,
            "individuals_reason": "Encrypted with a key not lost",
            "individuals_exception": Art34Exception.ENCRYPTED,
        }
    )
    view = breaches.assess_breach(demo_uow_factory(), dpo, laptop, exception)
    assert (view.clock, view.individuals_due) == ("stopped: ICO decision recorded", False)
    assert breaches.individuals_to_tell(demo_uow_factory(), dpo).breaches == ()


def test_the_record_holds_the_facts_the_icos_reference_and_every_saving_with_who(
    demo_uow_factory: UnitOfWorkFactory, clock: time_machine.Coordinates
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    dpo = actor_for(demo_uow_factory, "dpo")
    breach_id = _report(demo_uow_factory, agent, hours_ago=30, what="Laptop left on a train")
    first = AssessmentIn(risk=BreachRisk.HIGH_RISK, likely_consequences="Identity theft")
    breaches.assess_breach(demo_uow_factory(), dpo, breach_id, first)
    clock.shift(timedelta(hours=2))
    then = first.model_copy(
        update={
            "records_affected": 1200,
            "measures": f"Remote wipe; card {CARD} cancelled",
            "ico": Told.TOLD,
            "ico_told_at": NOW + timedelta(hours=1),
            "ico_reference": "IC-123456-A1B2",
        }
    )
    breaches.assess_breach(demo_uow_factory(), dpo, breach_id, then)

    record = breaches.breach_record(demo_uow_factory(), None, breach_id)
    view = record.breach
    assert (view.records_affected, view.likely_consequences) == (1200, "Identity theft")
    assert view.measures == "Remote wipe; card [card number removed] cancelled"
    assert view.ico_reference == "IC-123456-A1B2"
    assert (view.assessed_by, view.assessed_at) == ("dpo", NOW + timedelta(hours=2))
    assert [(s.at, s.by, s.risk, s.ico) for s in record.assessments] == [
        (NOW, "dpo", BreachRisk.HIGH_RISK, None),
        (NOW + timedelta(hours=2), "dpo", BreachRisk.HIGH_RISK, Told.TOLD),
    ]
    assessed, shown = _events(demo_uow_factory)[-2:]
    assert assessed.details["ico_reference"] is True and assessed.details["measures"] is True
    assert shown.action is AuditAction.BREACH_SHOWN and shown.details == {"breach_id": breach_id}
    assert not any(
        text in written_words(e)
        for e in _events(demo_uow_factory)
        for text in ("wipe", "theft", "IC-123456")
    )
    for who in (agent, actor_for(demo_uow_factory, "supervisor")):
        with pytest.raises(PermissionDenied):
            breaches.breach_record(demo_uow_factory(), who, breach_id)
