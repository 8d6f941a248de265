"""Who may act for the customer and what they agreed to, in a call (MP-08): the service
hands the screen no representative and no consent until the caller may hear contact
details (Standard by default), and says instead what showing them still needs.

Every test runs on SQLite and PostgreSQL (`demo_uow_factory`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.verification import CallerKind, CheckKind
from custinfo_tui.repository.orm import Consent
from custinfo_tui.services import audit
from custinfo_tui.services.records import record_in_call
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk

JOHN_SMITH = 1  # DOB 1980-04-12, SE1 2QT; his partner Priya Smith is a named contact


def _view_fields(uow_factory: UnitOfWorkFactory, interaction_id: int) -> tuple[str, ...]:
    """The fields of the call's last in-call view of the record."""
    with uow_factory() as uow:
        events = uow.audit.for_interaction(interaction_id)
    return [e for e in events if e.action is AuditAction.CUSTOMER_VIEWED][-1].fields


def _consented(uow_factory: UnitOfWorkFactory, agent: Desk) -> None:
    """John Smith's service consent on file, as a trainer's scenario has one."""
    with uow_factory() as uow:
        uow.session.add(  # type: ignore[attr-defined]
            Consent(
                customer_id=JOHN_SMITH,
                purpose="service",
                lawful_basis="contract",
                granted=True,
                wording_version="2018-03",
                recorded_at=datetime(2018, 3, 5, tzinfo=UTC),
                recorded_by_id=agent.actor.operator_id,
            )
        )
        uow.commit()


def test_no_representative_or_consent_comes_back_before_the_caller_passes_standard(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    _consented(demo_uow_factory, agent)
    call = agent.start(JOHN_SMITH).interaction_id

    record = agent.open(call)

    assert (record.representatives, record.consents) == ((), ())
    assert record.contacts_withheld == "Shown once the caller passes Standard: 2 more checks."
    assert "Priya" not in record.model_dump_json()
    viewed = _view_fields(demo_uow_factory, call)
    assert "representatives" not in viewed and "consents" not in viewed

    assert agent.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980").passed
    now = record_in_call(demo_uow_factory(), agent.actor, agent.policy, call)
    assert (now.representatives, now.consents) == ((), ())
    assert now.contacts_withheld == "Shown once the caller passes Standard: 1 more check."

    assert agent.check(call, CheckKind.POSTCODE, "se12qt").passed
    now = record_in_call(demo_uow_factory(), agent.actor, agent.policy, call)
    assert now.contacts_withheld is None
    assert [r.name for r in now.representatives] == ["Priya Smith"]
    assert now.consents


def test_the_in_call_view_lists_them_only_when_shown(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.verify(call, "12/04/1980", "se12qt")

    record = agent.open(call)

    assert record.contacts_withheld is None and record.representatives
    assert {"representatives", "consents"} <= set(_view_fields(demo_uow_factory, call))


def test_someone_with_no_authority_never_gets_them(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.verify(call, "12/04/1980", "se12qt")
    agent.identify(call, CallerKind.NO_AUTHORITY)

    record = record_in_call(demo_uow_factory(), agent.actor, agent.policy, call)

    assert (record.representatives, record.consents) == ((), ())
    assert record.contacts_withheld == "Not for this caller: no authority on file."


def test_the_timeline_names_consent_events_without_what_was_agreed_before_standard(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    with demo_uow_factory() as uow:
        details = {"service_basis": "contract", "marketing": ["email"]}
        audit.record(
            uow, agent.actor, AuditAction.CONSENT_RECORDED, customer_id=JOHN_SMITH, details=details
        )
        uow.commit()
    call = agent.start(JOHN_SMITH).interaction_id

    agent.open(call)
    said = [h.what for h in agent.timeline(call) if h.action == "consent.recorded"]

    assert said == ["Consent recorded"]
    agent.verify(call, "12/04/1980", "se12qt")
    [after] = [h.what for h in agent.timeline(call) if h.action == "consent.recorded"]
    assert after.startswith("Consent recorded: service: ") and "marketing" in after


ZOE_TAYLOR = 2  # DOB 1995-08-30, LS6 3HN; no one acts for her and no consent is on file


def _views(uow_factory: UnitOfWorkFactory, interaction_id: int) -> list[tuple[str, ...]]:
    """The fields of each view of the record in the call, oldest first."""
    with uow_factory() as uow:
        events = uow.audit.for_interaction(interaction_id)
    return [e.fields for e in events if e.action is AuditAction.CUSTOMER_VIEWED]


def test_the_redraw_that_first_shows_the_representatives_is_audited_once(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.open(call)
    agent.verify(call, "12/04/1980", "se12qt")

    record_in_call(demo_uow_factory(), agent.actor, agent.policy, call)
    record_in_call(demo_uow_factory(), agent.actor, agent.policy, call, timeline=True)

    opened, redrawn = _views(demo_uow_factory, call)
    assert "representatives" not in opened
    assert redrawn == ("representatives",)  # no consent on file: none shown, none logged
    with demo_uow_factory() as uow:
        [event] = [
            e
            for e in uow.audit.for_interaction(call)
            if e.action is AuditAction.CUSTOMER_VIEWED and e.fields == redrawn
        ]
    assert event.customer_id == JOHN_SMITH
    assert event.details == {"in_call": True, "caller": "customer"}
    assert agent.timeline(call)[0].what == "Shown in the call: Representatives"


def test_the_consents_first_shown_later_are_audited_then(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.open(call)
    agent.verify(call, "12/04/1980", "se12qt")
    record_in_call(demo_uow_factory(), agent.actor, agent.policy, call)
    _consented(demo_uow_factory, agent)

    record_in_call(demo_uow_factory(), agent.actor, agent.policy, call)

    assert _views(demo_uow_factory, call)[1:] == [("representatives",), ("consents",)]


def test_a_record_opened_after_standard_is_not_logged_again_on_a_redraw(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.verify(call, "12/04/1980", "se12qt")
    agent.open(call)

    record_in_call(demo_uow_factory(), agent.actor, agent.policy, call)

    assert len(_views(demo_uow_factory, call)) == 1


def test_nothing_shown_after_standard_is_nothing_to_log(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(ZOE_TAYLOR).interaction_id
    agent.open(call)
    agent.verify(call, "30/08/1995", "ls63hn")

    record = record_in_call(demo_uow_factory(), agent.actor, agent.policy, call)

    assert record.contacts_withheld is None
    assert (record.representatives, record.consents) == ((), ())
    assert len(_views(demo_uow_factory, call)) == 1


def test_the_timeline_asked_for_by_that_redraw_shows_its_view(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.open(call)
    agent.verify(call, "12/04/1980", "se12qt")

    record = record_in_call(demo_uow_factory(), agent.actor, agent.policy, call, timeline=True)

    assert record.history is not None
    assert record.history[0].what == "Shown in the call: Representatives"
