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
