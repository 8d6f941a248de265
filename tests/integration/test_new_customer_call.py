"""A new customer's call, stored when it starts (MP-18), on SQLite and PostgreSQL.

Found by an administrator: a console killed on the capture form (or the read-back) left
nothing of the call: no interaction, nothing in the calls to finish or the supervisors'
count, only the duplicate checks on the trail. The call is now stored when how the customer
is in touch is chosen, about no one and holding nothing about them; the save files it
under the new customer, a record chosen instead takes it on, and abandoned it is wrapped up
as any call, without notes about a person no record holds.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Channel, VerificationPolicy
from custinfo_tui.domain.wrap_up import NO_RECORD_FOR_TEXT, WrapUpIn, WrapUpInvalid
from custinfo_tui.repository.orm import AuditEventRow, Consent, Customer, Interaction
from custinfo_tui.services import verification
from custinfo_tui.services.capture import create_customer
from custinfo_tui.services.capture_call import start_new_customer_call
from custinfo_tui.services.closing_calls import close_call, unfinished_calls
from custinfo_tui.services.errors import CallEnded, CustomerSavedAlready
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.services.wrap_up import calls_to_finish, open_wrap_ups, wrap_up
from tests.support.actors import actor_for

CAPTURE = CapturePolicy()
JOHN_SMITH = 1
NEW = {
    "given_name": "Grace",
    "family_name": "Hopper-Lane",
    "date_of_birth": "09/12/1986",
    "phone": "07700 900432",
    "email": "grace.hl@example.org",
    "address_line1": "7 Dock Street",
    "town": "Leeds",
    "postcode": "LS1 4AP",
}


@pytest.fixture
def agent(demo_uow_factory: UnitOfWorkFactory) -> Actor:
    return actor_for(demo_uow_factory, "agent")


@pytest.fixture
def supervisor(demo_uow_factory: UnitOfWorkFactory) -> Actor:
    return actor_for(demo_uow_factory, "supervisor")


def _new(call: int | None) -> NewCustomer:
    return NewCustomer(
        template="new_customer",
        values=NEW,
        enquiry_type="New account",
        consent=ConsentAnswers(),
        read_back=ReadBackConfirmation(confirmed=frozenset(NEW)),
        interaction_id=call,
    )


def _count(uow_factory: UnitOfWorkFactory, model: type[object]) -> int:
    with uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[attr-defined]


def test_the_call_is_stored_when_it_starts_and_waits_to_be_finished_if_the_console_dies(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor, supervisor: Actor
) -> None:
    """Nothing about the person yet: an interaction about no one, its start audited. A
    console that dies now leaves it open: the handler's calls to finish list it, the
    supervisors count it and can close it."""
    customers, consents = _count(demo_uow_factory, Customer), _count(demo_uow_factory, Consent)
    before = datetime.now(UTC)

    call = start_new_customer_call(demo_uow_factory(), agent, Channel.PHONE)

    with demo_uow_factory() as uow:
        stored = uow.interactions.get(call.interaction_id)
        assert stored is not None
        assert (stored.customer_id, stored.channel, stored.ended_at) == (None, "phone", None)
        assert before <= stored.started_at == call.started_at
        (started,) = uow.audit.for_interaction(call.interaction_id)
    assert started.action is AuditAction.INTERACTION_STARTED
    assert started.customer_id is None and started.occurred_at == call.started_at
    assert started.details == {"channel": "phone", "new_customer": True}
    assert _count(demo_uow_factory, Customer) == customers
    assert _count(demo_uow_factory, Consent) == consents

    # The console died here: at the next login (a new console session) the call is there
    # to finish.
    agent = actor_for(demo_uow_factory, "agent")
    (left,) = calls_to_finish(demo_uow_factory(), agent)
    assert (left.interaction_id, left.customer_reference, left.still_open) == (
        call.interaction_id,
        None,
        True,
    )
    assert left.customer_cell == "new customer, not saved"
    counts = {
        o.operator: (o.count, o.not_ended) for o in open_wrap_ups(demo_uow_factory(), supervisor)
    }
    assert counts["agent"] == (1, 1)
    (unfinished,) = unfinished_calls(demo_uow_factory(), supervisor)
    assert unfinished.customer_reference is None and unfinished.still_open

    close_call(
        demo_uow_factory(),
        supervisor,
        call.interaction_id,
        "Console killed mid-form",
        desk_in_use_confirmed=True,
    )
    assert calls_to_finish(demo_uow_factory(), agent) == []


def test_the_save_files_the_call_under_the_new_customer_and_the_call_starts_once(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """One interaction, from the start to the save, with one start: found by an explorer,
    the save recorded a second `interaction.started` (filed under the new customer), so
    the audit trail, and whoever counted calls by their starts, had the call twice. The
    save records what it does, the call filed under the new record; the new customer's
    trail holds the steps in their order, the filing at the time the call started."""
    call = start_new_customer_call(demo_uow_factory(), agent, Channel.PHONE)

    record = create_customer(
        demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new(call.interaction_id)
    )

    with demo_uow_factory() as uow:
        (stored,) = uow.subject_access.interactions_of(record.customer_id)
        assert stored.id == call.interaction_id and stored.started_at == call.started_at
        assert stored.outcome == "customer created" and stored.wrapped_up_at == stored.ended_at
        trail = list(reversed(uow.audit.list_recent(customer_id=record.customer_id)))
        steps = uow.audit.for_interaction(call.interaction_id)
        starts = uow.audit.list_recent(action=AuditAction.INTERACTION_STARTED.value)
    assert [event.action for event in trail] == [
        AuditAction.INTERACTION_FILED,
        AuditAction.CONSENT_RECORDED,
        AuditAction.READ_BACK_CONFIRMED,
        AuditAction.CUSTOMER_CREATED,
        AuditAction.INTERACTION_ENDED,
    ]
    assert trail[0].details == {"channel": "phone", "new_record": True}
    assert trail[0].occurred_at == call.started_at
    assert [(e.action, e.customer_id) for e in steps if "interaction." in e.action] == [
        (AuditAction.INTERACTION_STARTED, None),
        (AuditAction.INTERACTION_FILED, record.customer_id),
        (AuditAction.INTERACTION_ENDED, record.customer_id),
    ]
    assert steps[0].occurred_at == call.started_at
    assert [e.interaction_id for e in starts].count(call.interaction_id) == 1
    assert calls_to_finish(demo_uow_factory(), agent) == []


def test_a_save_whose_answer_was_lost_is_not_stored_twice(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """The save committed but the console was told it failed: saving again names the
    record already saved instead of a second one (or a duplicate warning about itself)."""
    call = start_new_customer_call(demo_uow_factory(), agent, Channel.PHONE)
    record = create_customer(
        demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new(call.interaction_id)
    )
    customers = _count(demo_uow_factory, Customer)

    with pytest.raises(CustomerSavedAlready, match=f"saved already, as {record.reference}"):
        create_customer(
            demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new(call.interaction_id)
        )
    assert _count(demo_uow_factory, Customer) == customers


def test_a_call_a_supervisor_closed_under_the_form_saves_nothing(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor, supervisor: Actor
) -> None:
    call = start_new_customer_call(demo_uow_factory(), agent, Channel.PHONE)
    close_call(
        demo_uow_factory(),
        supervisor,
        call.interaction_id,
        "Handler gone home",
        desk_in_use_confirmed=True,
    )
    customers = _count(demo_uow_factory, Customer)

    with pytest.raises(CallEnded, match="A supervisor closed this call"):
        create_customer(
            demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new(call.interaction_id)
        )
    assert _count(demo_uow_factory, Customer) == customers


def test_a_record_on_file_chosen_instead_takes_the_call_on(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """The caller was on file after all: the same call goes on about them (no second
    interaction, and no second start), filed under their record on their trail."""
    call = start_new_customer_call(demo_uow_factory(), agent, Channel.PHONE)
    calls_before = _count(demo_uow_factory, Interaction)

    state = verification.start_interaction(
        demo_uow_factory(),
        agent,
        VerificationPolicy(),
        JOHN_SMITH,
        Channel.PHONE,
        new_customer_call=call.interaction_id,
    )

    assert state.interaction_id == call.interaction_id
    # Tried again (its first answer lost): the same call, filed once.
    again = verification.start_interaction(
        demo_uow_factory(),
        agent,
        VerificationPolicy(),
        JOHN_SMITH,
        Channel.PHONE,
        new_customer_call=call.interaction_id,
    )
    assert again.interaction_id == call.interaction_id
    assert _count(demo_uow_factory, Interaction) == calls_before
    with demo_uow_factory() as uow:
        stored = uow.interactions.get(call.interaction_id)
        assert stored is not None and stored.customer_id == JOHN_SMITH
        (filed,) = uow.audit.list_recent(
            customer_id=JOHN_SMITH, action=AuditAction.INTERACTION_FILED.value
        )
        starts = [
            (e.action, e.customer_id)
            for e in uow.audit.for_interaction(call.interaction_id)
            if e.action is AuditAction.INTERACTION_STARTED
        ]
    assert filed.interaction_id == call.interaction_id
    assert filed.occurred_at == call.started_at
    assert filed.details == {"channel": "phone", "new_record": False}
    assert starts == [(AuditAction.INTERACTION_STARTED, None)]
    # As the agent's calls to finish at another desk list it (this one's screen has it).
    (left,) = calls_to_finish(demo_uow_factory(), actor_for(demo_uow_factory, "agent"))
    assert left.customer_reference == "1001 2345 P"


def test_an_abandoned_new_customers_call_is_wrapped_up_without_notes_about_them(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """No record holds the person, so no subject access request or erasure could ever
    find notes about them: the wrap-up keeps the enquiry type and outcome only."""
    call = start_new_customer_call(demo_uow_factory(), agent, Channel.PHONE)
    given = WrapUpIn(enquiry_type="New account", outcome="no_action", notes="Ms Hopper, no ID")

    with pytest.raises(WrapUpInvalid) as refused:
        wrap_up(demo_uow_factory(), agent, CAPTURE, call.interaction_id, given)
    assert refused.value.problems == {"notes": NO_RECORD_FOR_TEXT}

    wrap_up(
        demo_uow_factory(),
        agent,
        CAPTURE,
        call.interaction_id,
        given.model_copy(update={"notes": ""}),
    )
    with demo_uow_factory() as uow:
        stored = uow.interactions.get(call.interaction_id)
        assert stored is not None
        assert (stored.customer_id, stored.notes, stored.outcome) == (None, None, "no_action")
        assert stored.ended_at is not None and stored.wrapped_up_at is not None
        actions = [
            event.action
            for event in uow.session.scalars(  # type: ignore[attr-defined]
                select(AuditEventRow).where(AuditEventRow.interaction_id == call.interaction_id)
            )
        ]
    assert AuditAction.INTERACTION_ENDED.value in actions
    assert calls_to_finish(demo_uow_factory(), agent) == []
