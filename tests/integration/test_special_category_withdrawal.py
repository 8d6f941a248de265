"""Withdrawing the Article 9 condition erases the special-category data it allowed (MP-07):
from the record, from every field-history row and every discrepancy report that held it, on
SQLite and PostgreSQL; without a condition no report can bring such data in.
The tests read the database itself, every table, for any trace of the values."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers, SpecialCategoryCondition
from custinfo_tui.domain.discrepancies import DiscrepancyIn
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import Channel, VerificationPolicy
from custinfo_tui.repository.orm import Base, FieldChange
from custinfo_tui.services import discrepancies
from custinfo_tui.services.capture import create_customer
from custinfo_tui.services.consent import WITHDRAWN_REASON, change_consents
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for
from tests.support.edits import correct
from tests.support.merges import merge_as_one_person

CAPTURE = CapturePolicy()
FIRST_NEEDS = "Braille statements and a hearing loop"
SECOND_NEEDS = "Large print letters and a wheelchair ramp"
TRACES = ("braille", "hearing loop", "large print", "wheelchair", "hearing impaired")


@pytest.fixture
def agent(demo_uow_factory: UnitOfWorkFactory) -> Actor:
    return actor_for(demo_uow_factory, "agent")


def _customer_with_needs(uow_factory: UnitOfWorkFactory, agent: Actor) -> tuple[int, int]:
    """A fictitious customer whose support needs were recorded, then changed: (id, version)."""
    values = {
        "given_name": "Perpetua",
        "family_name": "Ashgrove",
        "date_of_birth": "02/11/1958",
        "phone": "07700 900874",
        "address_line1": "9 Wren Close",
        "town": "Oban",
        "postcode": "PA34 4LZ",
        "accessibility_needs": FIRST_NEEDS,
    }
    record = create_customer(
        uow_factory(),
        agent,
        CAPTURE,
        Channel.PHONE,
        NewCustomer(
            template="new_customer",
            values=values,
            enquiry_type="New account",
            consent=ConsentAnswers(special_condition=SpecialCategoryCondition.EXPLICIT_CONSENT),
            read_back=ReadBackConfirmation(confirmed=frozenset(values)),
        ),
    )
    changed = correct(
        uow_factory,
        agent,
        record.customer_id,
        record.version,
        {"accessibility_needs": SECOND_NEEDS},
        "Customer asked for the change",
    )
    return record.customer_id, changed.version


def _withdraw_article_9_condition(
    uow_factory: UnitOfWorkFactory, agent: Actor, customer_id: int
) -> None:
    change_consents(
        uow_factory(), agent, CAPTURE, customer_id, ConsentAnswers(), policy=VerificationPolicy()
    )


def _needs_history(uow_factory: UnitOfWorkFactory, customer_id: int) -> list[FieldChange]:
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        rows = list(
            session.scalars(
                select(FieldChange)
                .where(
                    FieldChange.customer_id == customer_id,
                    FieldChange.field == "accessibility_needs",
                )
                .order_by(FieldChange.id)
            )
        )
        session.expunge_all()
        return rows


def _traces_in_database(uow_factory: UnitOfWorkFactory) -> list[tuple[str, str]]:
    """(table, trace) for every support-needs word found in any row of any table."""
    found = []
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        for table in Base.metadata.sorted_tables:
            text = "\n".join(repr(tuple(row)) for row in session.execute(select(table))).lower()
            found += [(table.name, trace) for trace in TRACES if trace in text]
    return found


def test_withdrawing_the_condition_erases_support_needs_from_record_and_field_history(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    customer_id, _ = _customer_with_needs(demo_uow_factory, agent)
    before = _needs_history(demo_uow_factory, customer_id)
    assert [(r.old_value, r.new_value) for r in before] == [(FIRST_NEEDS, SECOND_NEEDS)]

    _withdraw_article_9_condition(demo_uow_factory, agent, customer_id)

    history = _needs_history(demo_uow_factory, customer_id)
    assert [(r.old_value, r.new_value, r.reason) for r in history] == [
        (None, None, "Customer asked for the change"),  # who, when and why stay
        (None, None, WITHDRAWN_REASON),
    ]
    assert _traces_in_database(demo_uow_factory) == []


def test_support_needs_emptied_earlier_are_erased_from_field_history_too(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    customer_id, version = _customer_with_needs(demo_uow_factory, agent)
    correct(
        demo_uow_factory,
        agent,
        customer_id,
        version,
        {"accessibility_needs": ""},
        "Customer asked for the change",
    )

    _withdraw_article_9_condition(demo_uow_factory, agent, customer_id)

    history = _needs_history(demo_uow_factory, customer_id)
    assert [(r.old_value, r.new_value) for r in history] == [(None, None)] * 3
    assert history[-1].reason == WITHDRAWN_REASON
    assert _traces_in_database(demo_uow_factory) == []
    with demo_uow_factory() as uow:
        updated = uow.audit.list_recent(
            customer_id=customer_id, action=AuditAction.CUSTOMER_UPDATED.value, limit=1
        )
    assert updated[0].reason == WITHDRAWN_REASON
    assert updated[0].fields == ("accessibility_needs",)


def test_what_a_caller_said_of_support_needs_in_a_discrepancy_report_is_erased_too(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    customer_id, _ = _customer_with_needs(demo_uow_factory, agent)
    report = discrepancies.report_discrepancy(
        demo_uow_factory(),
        agent,
        customer_id,
        DiscrepancyIn(
            field="accessibility_needs",
            claimed_value="Braille only, no large print",
            why="Caller says the needs on file are out of date",
        ),
    )

    _withdraw_article_9_condition(demo_uow_factory, agent, customer_id)

    assert _traces_in_database(demo_uow_factory) == []
    [mine] = [r for r in discrepancies.my_reports(demo_uow_factory(), agent) if r.id == report.id]
    assert mine.field == "accessibility_needs"  # the report itself stays, without the words


def test_a_report_of_support_needs_without_an_article_9_condition_is_refused(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    customer_id, _ = _customer_with_needs(demo_uow_factory, agent)
    _withdraw_article_9_condition(demo_uow_factory, agent, customer_id)

    with pytest.raises(FieldError, match="Article 9 condition"):
        discrepancies.report_discrepancy(
            demo_uow_factory(),
            agent,
            customer_id,
            DiscrepancyIn(
                field="accessibility_needs",
                claimed_value="Wheelchair user, hearing impaired",
                why="Caller says the needs on file are missing",
            ),
        )

    assert _traces_in_database(demo_uow_factory) == []
    assert discrepancies.my_reports(demo_uow_factory(), agent) == []


def test_withdrawing_the_condition_erases_support_needs_a_merged_record_holds_too(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """A record merged into the customer's keeps its own row: support needs it held stayed
    there after the withdrawal (only the kept record was cleared) until retention ran."""
    customer_id, _ = _customer_with_needs(demo_uow_factory, agent)
    merged_id = 2  # the demo's Zoë Taylor, given support needs by an import
    with demo_uow_factory() as uow:
        merged = uow.customers.get(merged_id)
        assert merged is not None
        merged.accessibility_needs = "Wheelchair access at the branch"
        uow.commit()
    supervisor = actor_for(demo_uow_factory, "supervisor")
    merge_as_one_person(demo_uow_factory, supervisor, customer_id, merged_id)

    _withdraw_article_9_condition(demo_uow_factory, agent, customer_id)

    assert _traces_in_database(demo_uow_factory) == []
    with demo_uow_factory() as uow:
        [updated] = uow.audit.list_recent(
            customer_id=merged_id, action=AuditAction.CUSTOMER_UPDATED.value, limit=1
        )
    assert updated.reason == WITHDRAWN_REASON
    assert updated.fields == ("accessibility_needs",)
