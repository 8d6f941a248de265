"""Complaints (MP-19) on SQLite, SQLCipher and PostgreSQL: raising one, walking it through
its stages with notes, the due list, and what the event stream and the timeline keep (the
category, stages and counts; never the complaint's text)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from custinfo_tui.domain.complaints import ComplaintIn, ComplaintInvalid, ComplaintPolicy
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.services import complaints
from custinfo_tui.services.errors import NotFound, PermissionDenied
from custinfo_tui.services.records import open_record
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, actor_for, desk_for

POLICY = ComplaintPolicy()
JOHN_SMITH = 1  # DOB 1980-04-12, SE1 2QT
ZOE_TAYLOR = 2
CARD = "4111 1111 1111 1111"
REMOVED = "[card number removed]"
SAID = "Charged twice for the March bill"


def _complaint(**typed: object) -> ComplaintIn:
    given: dict[str, object] = {
        "category": "Billing or charges",
        "customer_said": SAID,
        "apology": "Sorry for the double charge",
        "solution": "Refund the second payment",
        **typed,
    }
    return ComplaintIn.model_validate(given)


def _raise(desk: Desk, customer_id: int = JOHN_SMITH, **typed: object) -> int:
    view = complaints.raise_complaint(
        desk.uow_factory(), desk.actor, POLICY, customer_id, _complaint(**typed)
    )
    return view.id


def _complaint_events(uow_factory: UnitOfWorkFactory, customer_id: int) -> list[AuditEvent]:
    with uow_factory() as uow:
        return [
            e
            for e in uow.audit.list_recent(customer_id=customer_id)
            if e.action.value.startswith("complaint.")
        ][::-1]


def test_a_complaint_is_raised_at_the_first_stage_with_its_due_dates(agent: Desk) -> None:
    view = complaints.raise_complaint(
        agent.uow_factory(), agent.actor, POLICY, JOHN_SMITH, _complaint()
    )
    today = datetime.now(UTC).date()
    assert (view.category, view.stage, view.customer_said) == (
        "Billing or charges",
        "received",
        SAID,
    )
    assert view.acknowledge_by == today + timedelta(days=3)
    assert view.final_response_by == today + timedelta(days=56)
    assert [(s.stage, s.operator, s.note) for s in view.steps] == [("received", "agent", None)]


def test_a_card_number_in_what_the_customer_said_is_removed(agent: Desk) -> None:
    complaint_id = _raise(
        agent, customer_said=f"My card {CARD} was charged twice", solution=f"Refund {CARD}"
    )
    stored = complaints.read_complaint(agent.uow_factory(), agent.actor, complaint_id)
    assert stored.customer_said == f"My card {REMOVED} was charged twice"
    assert stored.solution == f"Refund {REMOVED}"


def test_each_missing_step_is_named_and_nothing_is_saved(agent: Desk) -> None:
    with pytest.raises(ComplaintInvalid) as refused:
        _raise(agent, category="Weather", customer_said="  ", apology="", solution="\u200b")
    assert set(refused.value.problems) == {"category", "customer_said", "apology", "solution"}
    assert refused.value.problems["apology"] == "Type what was apologised for."
    with agent.uow_factory() as uow:
        assert list(uow.complaints.of_customer(JOHN_SMITH)) == []


def test_a_supervisor_walks_the_stages_with_notes_and_it_closes_at_the_last(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    complaint_id = _raise(agent)
    supervisor = actor_for(demo_uow_factory, "supervisor")
    for stage in ("acknowledged", "investigating", "resolved", "closed"):
        view = complaints.move_complaint(
            demo_uow_factory(), supervisor, POLICY, complaint_id, stage, f"Now {stage}"
        )
    assert view.stage == "closed" and view.closed_at is not None
    assert [(s.stage, s.operator, s.note) for s in view.steps] == [
        ("received", "agent", None),
        ("acknowledged", "supervisor", "Now acknowledged"),
        ("investigating", "supervisor", "Now investigating"),
        ("resolved", "supervisor", "Now resolved"),
        ("closed", "supervisor", "Now closed"),
    ]


def test_a_complaint_never_goes_back_and_never_moves_without_a_note(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    complaint_id = _raise(agent)
    supervisor = actor_for(demo_uow_factory, "supervisor")
    complaints.move_complaint(
        demo_uow_factory(), supervisor, POLICY, complaint_id, "investigating", "Looking"
    )
    with pytest.raises(FieldError, match="only moves forward"):
        complaints.move_complaint(
            demo_uow_factory(), supervisor, POLICY, complaint_id, "acknowledged", "Back"
        )
    with pytest.raises(FieldError, match="note"):
        complaints.move_complaint(
            demo_uow_factory(), supervisor, POLICY, complaint_id, "resolved", "   "
        )
    with pytest.raises(PermissionDenied):
        complaints.move_complaint(
            demo_uow_factory(), agent.actor, POLICY, complaint_id, "resolved", "Done"
        )
    stored = complaints.read_complaint(demo_uow_factory(), supervisor, complaint_id)
    assert stored.stage == "investigating"


def test_the_due_list_is_soonest_first_and_overdue_by_a_frozen_today(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    first = _raise(agent, JOHN_SMITH)
    second = _raise(agent, ZOE_TAYLOR)
    supervisor = actor_for(demo_uow_factory, "supervisor")
    complaints.move_complaint(
        demo_uow_factory(), supervisor, POLICY, second, "acknowledged", "Letter sent"
    )
    today = datetime.now(UTC).date()

    due = complaints.due_complaints(demo_uow_factory(), supervisor, POLICY, today)
    assert [(d.id, d.owed, d.days_left, d.overdue) for d in due] == [
        (first, "acknowledgement", 3, False),
        (second, "final response", 56, False),
    ]
    assert due[0].described == "acknowledgement due in 3 days"

    later = today + timedelta(days=5)
    overdue = complaints.due_complaints(
        demo_uow_factory(), supervisor, POLICY, later, overdue_only=True
    )
    assert [(d.id, d.described) for d in overdue] == [(first, "acknowledgement overdue by 2 days")]
    with pytest.raises(PermissionDenied):
        complaints.due_complaints(demo_uow_factory(), agent.actor, POLICY, today)


def test_the_events_carry_the_category_stages_and_counts_never_the_text(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    complaint_id = _raise(agent, customer_said=f"{SAID} on {CARD}")
    supervisor = actor_for(demo_uow_factory, "supervisor")
    complaints.move_complaint(
        demo_uow_factory(), supervisor, POLICY, complaint_id, "acknowledged", "Letter sent"
    )
    raised, moved = _complaint_events(demo_uow_factory, JOHN_SMITH)
    assert raised.action is AuditAction.COMPLAINT_RAISED
    assert raised.details["category"] == "Billing or charges"
    assert raised.details["stage"] == "received"
    assert moved.action is AuditAction.COMPLAINT_STAGE_CHANGED
    assert (moved.details["from_stage"], moved.details["to_stage"]) == ("received", "acknowledged")
    assert moved.details["note_characters"] == len("Letter sent")
    text = " ".join(f"{e.fields} {e.details} {e.reason}" for e in (raised, moved)).lower()
    for typed in ("march", "double", "refund", "letter", "4111"):
        assert typed not in text


def test_the_timeline_shows_each_stage_and_masks_the_text_in_a_call_until_verified(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    complaint_id = _raise(agent)
    supervisor = actor_for(demo_uow_factory, "supervisor")
    complaints.move_complaint(
        demo_uow_factory(), supervisor, POLICY, complaint_id, "acknowledged", "Letter sent"
    )
    whole = open_record(
        demo_uow_factory(), agent.actor, JOHN_SMITH, AccessReason(reason="Follow-up")
    )
    # Raised and moved within the same second: the order between them is not the point.
    # One row for the move, its note as its why (it had a row of its own as well).
    lines = sorted((h.what, h.reason) for h in whole.history if h.action.startswith("complaint."))
    assert lines == [
        (f"Complaint (Billing or charges), customer said: {SAID}", None),
        ("Complaint acknowledged: Billing or charges", "Letter sent"),
        ("Complaint received: Billing or charges", None),
    ]

    call = agent.start(JOHN_SMITH)
    agent.open(call.interaction_id)
    timeline = agent.timeline(call.interaction_id)
    texts = [h.what for h in timeline if h.action == "complaint.text"]
    assert texts == ["Complaint (Billing or charges), customer said: hidden: needs Standard"]
    [moved] = [h for h in timeline if h.action == AuditAction.COMPLAINT_STAGE_CHANGED.value]
    assert moved.reason == "hidden: needs Standard"
    agent.verify(call.interaction_id, "12/04/1980", "SE1 2QT")
    timeline = agent.timeline(call.interaction_id)
    texts = [h.what for h in timeline if h.action == "complaint.text"]
    assert f"Complaint (Billing or charges), customer said: {SAID}" in texts


def test_a_complaint_raised_in_a_call_is_tied_to_it_and_the_call_goes_on(agent: Desk) -> None:
    call = agent.start(JOHN_SMITH)
    complaints.raise_complaint(
        agent.uow_factory(), agent.actor, POLICY, JOHN_SMITH, _complaint(), call.interaction_id
    )
    with agent.uow_factory() as uow:
        [raised] = [
            e
            for e in uow.audit.for_interaction(call.interaction_id)
            if e.action is AuditAction.COMPLAINT_RAISED
        ]
        [stored] = uow.complaints.of_customer(JOHN_SMITH)
        assert stored.interaction_id == call.interaction_id
    assert raised.customer_id == JOHN_SMITH
    agent.open(call.interaction_id)
    timeline = agent.timeline(call.interaction_id)
    assert "Complaint received: Billing or charges" in [h.what for h in timeline]
    with pytest.raises(NotFound):
        complaints.raise_complaint(
            agent.uow_factory(), agent.actor, POLICY, ZOE_TAYLOR, _complaint(), call.interaction_id
        )


# -- From the record screen: the record comes back with the complaint on it -----------------

VERIFICATION = VerificationPolicy()


def test_raised_from_the_record_it_comes_back_on_the_record_masked_in_a_call(
    agent: Desk,
) -> None:
    call = agent.start(JOHN_SMITH)
    record = complaints.raise_complaint_on_record(
        agent.uow_factory(),
        agent.actor,
        POLICY,
        VERIFICATION,
        JOHN_SMITH,
        _complaint(customer_said=f"Paid with {CARD} twice", follow_up_on=_in_days(7)),
        call.interaction_id,
    )
    [summary] = record.complaints
    assert (summary.category, summary.stage) == ("Billing or charges", "received")
    assert summary.follow_up_on == _in_days(7)
    assert summary.next_stages(POLICY) == POLICY.stages[1:]
    assert record.interaction_id == call.interaction_id  # the in-call, masked record
    texts = [h.what for h in agent.timeline(call.interaction_id) if h.action == "complaint.text"]
    assert texts == ["Complaint (Billing or charges), customer said: hidden: needs Standard"]
    with agent.uow_factory() as uow:
        [stored] = uow.complaints.of_customer(JOHN_SMITH)
        assert stored.customer_said == f"Paid with {REMOVED} twice"


def test_raised_from_the_record_outside_a_call_it_needs_no_call_and_refuses_another_desks(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    record = complaints.raise_complaint_on_record(
        agent.uow_factory(), agent.actor, POLICY, VERIFICATION, JOHN_SMITH, _complaint()
    )
    assert [c.stage for c in record.complaints] == ["received"]
    assert f"Complaint (Billing or charges), customer said: {SAID}" in [
        h.what for h in record.history
    ]
    other = desk_for(demo_uow_factory, "supervisor")
    call = other.start(JOHN_SMITH)
    with pytest.raises(PermissionDenied):
        complaints.raise_complaint_on_record(
            agent.uow_factory(),
            agent.actor,
            POLICY,
            VERIFICATION,
            JOHN_SMITH,
            _complaint(),
            call.interaction_id,
        )
    with agent.uow_factory() as uow:  # the refusal rolled the complaint back
        assert len(uow.complaints.of_customer(JOHN_SMITH)) == 1


def test_moved_from_the_record_the_new_stage_is_on_it_and_only_supervisors_move(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    complaint_id = _raise(agent)
    with pytest.raises(PermissionDenied):
        complaints.move_complaint_on_record(
            agent.uow_factory(), agent.actor, POLICY, VERIFICATION, complaint_id, "resolved", "x"
        )
    supervisor = actor_for(demo_uow_factory, "supervisor")
    record = complaints.move_complaint_on_record(
        demo_uow_factory(),
        supervisor,
        POLICY,
        VERIFICATION,
        complaint_id,
        "acknowledged",
        "Letter sent",
    )
    [summary] = record.complaints
    assert summary.stage == "acknowledged"
    assert ("Complaint acknowledged: Billing or charges", "Letter sent") in [
        (h.what, h.reason) for h in record.history
    ]
    closed = complaints.move_complaint_on_record(
        demo_uow_factory(), supervisor, POLICY, VERIFICATION, complaint_id, "closed", "Done"
    )
    [summary] = closed.complaints
    assert summary.closed_at is not None and summary.next_stages(POLICY) == ()
    assert summary.describe_due(POLICY, _in_days(0)) == "closed"


def test_the_due_list_carries_the_follow_up_date_and_the_next_stages(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    _raise(agent, follow_up_on=_in_days(3))
    supervisor = actor_for(demo_uow_factory, "supervisor")
    [due] = complaints.due_complaints(demo_uow_factory(), supervisor, POLICY, _in_days(0))
    assert due.follow_up_on == _in_days(3)
    assert due.next_stages == POLICY.stages[1:]


def _in_days(days: int) -> date:
    return datetime.now(UTC).date() + timedelta(days=days)
