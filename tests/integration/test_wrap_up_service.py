"""Call wrap-up, calls to finish and notes (MP-18), on SQLite, SQLCipher and PostgreSQL.

Each test checks what is stored on the interaction and what the event stream keeps: the
enquiry type, the outcome and counts, never the notes' or the customer's words' text.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.merging import MergeWarning
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.wrap_up import WrapUpIn, WrapUpInvalid
from custinfo_tui.services import auth, call_notes, complaints, erasure, merging, wrap_up
from custinfo_tui.services.errors import CallEnded, CallFinished, PermissionDenied
from custinfo_tui.services.records import open_record
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, actor_for, desk_for

CAPTURE = CapturePolicy()
JOHN_SMITH = 1  # DOB 1980-04-12, SE1 2QT
ZOE_TAYLOR = 2
CARD = "4111 1111 1111 1111"
REMOVED = "[card number removed]"


def _wrap(desk: Desk, interaction_id: int, **typed: str) -> None:
    given = {"enquiry_type": "Billing question", "outcome": "resolved", **typed}
    wrap_up.wrap_up(
        desk.uow_factory(), desk.actor, CAPTURE, interaction_id, WrapUpIn.model_validate(given)
    )


def _interaction(uow_factory: UnitOfWorkFactory, interaction_id: int) -> SimpleNamespace:
    """The interaction's row as stored: its columns, read before the session closes."""
    with uow_factory() as uow:
        row = uow.interactions.get(interaction_id)
        assert row is not None
        columns = ("ended_at", "wrapped_up_at", "enquiry_type", "outcome", "notes")
        extra = ("customer_words", "follow_up_on")
        return SimpleNamespace(**{name: getattr(row, name) for name in columns + extra})


def _events(uow_factory: UnitOfWorkFactory, interaction_id: int) -> list[AuditEvent]:
    with uow_factory() as uow:
        return uow.audit.for_interaction(interaction_id)


def _text_of(events: list[AuditEvent]) -> str:
    return " ".join(f"{e.fields} {e.details} {e.reason}" for e in events).lower()


def test_wrapping_up_a_call_ends_it_and_keeps_notes_without_card_numbers(agent: Desk) -> None:
    call = agent.start(JOHN_SMITH)
    _wrap(
        agent,
        call.interaction_id,
        notes=f"Paid by card {CARD} and asked about the refund",
        customer_words=f"My card {CARD} was charged twice",
    )

    stored = _interaction(agent.uow_factory, call.interaction_id)
    assert stored.ended_at is not None and stored.wrapped_up_at is not None
    assert stored.enquiry_type == "Billing question" and stored.outcome == "resolved"
    assert stored.notes == f"Paid by card {REMOVED} and asked about the refund"
    assert stored.customer_words == f"My card {REMOVED} was charged twice"
    assert stored.follow_up_on is None

    events = _events(agent.uow_factory, call.interaction_id)
    ended = [e for e in events if e.action is AuditAction.INTERACTION_ENDED]
    assert len(ended) == 1
    assert ended[0].details == {
        "channel": "phone",
        "enquiry_type": "Billing question",
        "outcome": "resolved",
    }
    wrapped = [e for e in events if e.action is AuditAction.INTERACTION_WRAPPED_UP]
    assert [e.details["later"] for e in wrapped] == [False]
    text = _text_of(events)
    for word in ("paid", "refund", "charged", "4111", "card number"):
        assert word not in text


def test_a_follow_up_needs_its_date_and_nothing_is_saved_without_it(agent: Desk) -> None:
    call = agent.start(JOHN_SMITH)
    with pytest.raises(WrapUpInvalid) as refused:
        _wrap(agent, call.interaction_id, outcome="follow_up")
    assert refused.value.problems == {"follow_up_on": "Follow-up needed: give the date it is due."}
    assert _interaction(agent.uow_factory, call.interaction_id).ended_at is None

    due = date.today() + timedelta(days=7)
    _wrap(agent, call.interaction_id, outcome="follow_up", follow_up_on=f"{due:%d/%m/%Y}")
    assert _interaction(agent.uow_factory, call.interaction_id).follow_up_on == due


def test_each_wrong_field_is_named_with_its_own_message(agent: Desk) -> None:
    call = agent.start(JOHN_SMITH)
    with pytest.raises(WrapUpInvalid) as refused:
        _wrap(agent, call.interaction_id, enquiry_type="Gossip", outcome="shrugged")
    assert refused.value.problems == {
        "enquiry_type": "Choose the enquiry type from the list.",
        "outcome": "Choose the outcome from the list.",
    }


def test_a_call_is_wrapped_up_once_and_only_by_its_handler(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    call = agent.start(JOHN_SMITH)
    other = desk_for(demo_uow_factory, "supervisor")
    with pytest.raises(PermissionDenied):
        _wrap(other, call.interaction_id)
    _wrap(agent, call.interaction_id)
    with pytest.raises(CallFinished, match=r"wrapped up already \(at this desk\)"):
        _wrap(agent, call.interaction_id)
    elsewhere = desk_for(demo_uow_factory, "agent")  # the same agent at another desk
    with pytest.raises(CallFinished, match=r"wrapped up already \(at another desk\)"):
        _wrap(elsewhere, call.interaction_id)


def test_a_call_left_open_waits_in_the_calls_to_finish(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    left = agent.start(JOHN_SMITH)
    later = agent.start(ZOE_TAYLOR)
    agent.end(later.interaction_id)  # "Later" on the wrap-up: ended, not wrapped up
    # Logging out ends the open call as well; neither is wrapped up.
    auth.log_out(demo_uow_factory(), agent.actor)

    calls = wrap_up.calls_to_finish(demo_uow_factory(), agent.actor)
    assert [c.interaction_id for c in calls] == [left.interaction_id, later.interaction_id]
    assert [c.customer_reference for c in calls] == [
        _reference(demo_uow_factory, JOHN_SMITH),
        _reference(demo_uow_factory, ZOE_TAYLOR),
    ]
    assert all(not c.still_open for c in calls)

    _wrap(agent, left.interaction_id)
    calls = wrap_up.calls_to_finish(demo_uow_factory(), agent.actor)
    assert [c.interaction_id for c in calls] == [later.interaction_id]
    wrapped = [
        e
        for e in _events(demo_uow_factory, left.interaction_id)
        if e.action is AuditAction.INTERACTION_WRAPPED_UP
    ]
    assert [e.details["later"] for e in wrapped] == [True]
    # Ended once, at logout: wrapping up later does not end it again.
    ended = [
        e
        for e in _events(demo_uow_factory, left.interaction_id)
        if e.action is AuditAction.INTERACTION_ENDED
    ]
    assert [e.outcome for e in ended] == ["logged_out"]


def test_a_call_wrapped_up_after_its_customer_was_erased_keeps_no_text_about_them(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Found trying the console: a call left for later, the customer erased, then the
    wrap-up's words ("lives at 7 Hidden Road") were stored on the erased record."""
    call = agent.start(ZOE_TAYLOR).interaction_id
    agent.end(call)  # "Later" on the wrap-up
    erasure.erase_customer(demo_uow_factory(), None, ZOE_TAYLOR, "Her written request")

    for typed in ({"notes": "Lives at 7 Hidden Road"}, {"customer_words": "I moved"}):
        with pytest.raises(WrapUpInvalid) as refused:
            _wrap(agent, call, **typed)
        assert refused.value.problems == {next(iter(typed)): wrap_up.ERASED_SINCE}
    assert _interaction(demo_uow_factory, call).wrapped_up_at is None

    _wrap(agent, call)  # the enquiry type and outcome alone: statistics, no person
    stored = _interaction(demo_uow_factory, call)
    assert (stored.outcome, stored.notes, stored.customer_words) == ("resolved", None, None)
    assert wrap_up.calls_to_finish(demo_uow_factory(), agent.actor) == []


def test_a_crashed_call_is_still_open_and_wrapping_it_up_ends_it(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    call = agent.start(JOHN_SMITH)  # the console is killed here: nothing ends the call
    again = desk_for(demo_uow_factory, "agent")  # logged in again: a new console session
    calls = wrap_up.calls_to_finish(again.uow_factory(), again.actor)
    assert [(c.interaction_id, c.still_open) for c in calls] == [(call.interaction_id, True)]
    _wrap(again, call.interaction_id)
    assert _interaction(agent.uow_factory, call.interaction_id).ended_at is not None


def test_supervisors_see_how_many_calls_each_operator_has_to_finish(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    for customer in (JOHN_SMITH, ZOE_TAYLOR):
        agent.end(agent.start(customer).interaction_id)
    supervisor = actor_for(demo_uow_factory, "supervisor")
    counts = wrap_up.open_wrap_ups(demo_uow_factory(), supervisor)
    assert [(c.operator, c.count) for c in counts] == [("agent", 2)]
    with pytest.raises(PermissionDenied):
        wrap_up.open_wrap_ups(demo_uow_factory(), agent.actor)


def test_a_note_in_the_call_is_kept_masked_until_the_caller_is_verified(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    call = agent.start(JOHN_SMITH)
    call_notes.add_note(
        demo_uow_factory(), agent.actor, agent.policy, call.interaction_id, f"Card {CARD} lost"
    )
    timeline = agent.timeline(call.interaction_id)
    notes = [h.what for h in timeline if h.action == "interaction.notes"]
    assert notes == ["Notes (Phone call): hidden: needs Standard"]

    agent.verify(call.interaction_id, "12/04/1980", "SE1 2QT")
    agent.open(call.interaction_id)
    timeline = agent.timeline(call.interaction_id)
    notes = [h.what for h in timeline if h.action == "interaction.notes"]
    assert notes == [f"Notes (Phone call): Card {REMOVED} lost"]

    added = [
        e
        for e in _events(demo_uow_factory, call.interaction_id)
        if e.action is AuditAction.NOTE_ADDED
    ]
    assert [(e.fields, e.details) for e in added] == [(("notes",), {"characters": 31})]
    assert "lost" not in _text_of(added)

    # The wrap-up starts from the note; outside a call the record shows it to those allowed.
    to_finish = wrap_up.open_wrap_up(demo_uow_factory(), agent.actor, call.interaction_id)
    assert to_finish.notes == f"Card {REMOVED} lost"
    _wrap(agent, call.interaction_id, notes=f"{to_finish.notes}. Sent a new one")
    whole = open_record(
        demo_uow_factory(), agent.actor, JOHN_SMITH, AccessReason(reason="Follow-up")
    )
    notes = [h.what for h in whole.history if h.action == "interaction.notes"]
    assert notes == [f"Notes (Phone call): Card {REMOVED} lost. Sent a new one"]


def test_no_note_is_added_to_an_ended_call(agent: Desk) -> None:
    call = agent.start(JOHN_SMITH)
    agent.end(call.interaction_id)
    with pytest.raises(CallEnded):
        call_notes.add_note(
            agent.uow_factory(), agent.actor, agent.policy, call.interaction_id, "Too late"
        )


def _reference(uow_factory: UnitOfWorkFactory, customer_id: int) -> str:
    with uow_factory() as uow:
        customer = uow.customers.get(customer_id)
        assert customer is not None
        return format_reference(customer.reference)


# -- "Complaint raised" needs the complaint ------------------------------------------------

COMPLAINT = ComplaintIn(
    category="Billing or charges",
    customer_said="Charged twice for the March bill",
    apology="Sorry for the double charge",
    solution="Refund the second payment",
)


def test_complaint_raised_is_refused_until_a_complaint_is_recorded_for_the_call(
    agent: Desk,
) -> None:
    call = agent.start(JOHN_SMITH)
    with pytest.raises(WrapUpInvalid) as refused:
        _wrap(agent, call.interaction_id, enquiry_type="Complaint", outcome="complaint_raised")
    assert refused.value.problems == {
        "outcome": "No complaint is recorded for this call yet: F10 raises it."
    }
    assert _interaction(agent.uow_factory, call.interaction_id).wrapped_up_at is None

    complaints.raise_complaint(
        agent.uow_factory(),
        agent.actor,
        ComplaintPolicy(),
        JOHN_SMITH,
        COMPLAINT,
        call.interaction_id,
    )
    _wrap(agent, call.interaction_id, enquiry_type="Complaint", outcome="complaint_raised")
    assert _interaction(agent.uow_factory, call.interaction_id).outcome == "complaint_raised"


def test_a_complaint_raised_on_the_record_after_the_call_lets_it_be_wrapped_up_later(
    agent: Desk,
) -> None:
    """From the calls to finish there is no complaint form: the handler raises it on the
    record, outside the call, then wraps the call up as a complaint."""
    call = agent.start(JOHN_SMITH)
    agent.end(call.interaction_id)
    complaints.raise_complaint(
        agent.uow_factory(), agent.actor, ComplaintPolicy(), JOHN_SMITH, COMPLAINT
    )
    _wrap(agent, call.interaction_id, enquiry_type="Complaint", outcome="complaint_raised")
    assert _interaction(agent.uow_factory, call.interaction_id).outcome == "complaint_raised"


def test_what_earlier_calls_were_about_is_masked_with_their_notes(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Before verification the timeline said "Wrapped up: Billing question, resolved" and
    why each thing was done, beside "Notes: hidden": what the calls were about, told."""
    earlier = agent.start(JOHN_SMITH)
    agent.end(earlier.interaction_id)
    _wrap(agent, earlier.interaction_id, notes="Asked about the bill")
    open_record(demo_uow_factory(), agent.actor, JOHN_SMITH, AccessReason(reason="Follow-up"))

    call = agent.start(JOHN_SMITH)
    agent.open(call.interaction_id)
    masked = agent.timeline(call.interaction_id)
    said = " / ".join(f"{h.what} [{h.reason}]" for h in masked)
    assert "Billing question" not in said and "resolved" not in said
    assert "Follow-up" not in said
    assert "Wrapped up (after the call) [None]" in said
    assert "Record opened [hidden: needs Standard]" in said

    agent.verify(call.interaction_id, "12/04/1980", "SE1 2QT")
    agent.open(call.interaction_id)
    shown = agent.timeline(call.interaction_id)
    said = " / ".join(f"{h.what} [{h.reason}]" for h in shown)
    assert "Wrapped up (after the call): Billing question, resolved" in said
    assert "Record opened [Follow-up]" in said


def test_a_call_about_a_record_merged_since_names_the_record_dealt_with(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Found trying merges: a call about 4322 6848 G left for later, then merged into
    7546 7821 Z, was listed as a call with 7546 7821 Z only; the handler never saw the
    reference they had dealt with."""
    smythe = 5
    call = agent.start(smythe).interaction_id
    agent.end(call)  # "Later" on the wrap-up
    own = agent.start(JOHN_SMITH).interaction_id
    agent.end(own)
    supervisor = actor_for(demo_uow_factory, "supervisor")
    merging.merge_records(
        demo_uow_factory(), supervisor, JOHN_SMITH, smythe, {}, "Same man",
        confirmed=[MergeWarning.TWO_PEOPLE],  # names and dates of birth differ
    )  # fmt: skip

    calls = wrap_up.calls_to_finish(demo_uow_factory(), agent.actor)
    john, jonathan = (_reference(demo_uow_factory, c) for c in (JOHN_SMITH, smythe))
    assert [(c.interaction_id, c.customer_reference, c.merged_from) for c in calls] == [
        (call, john, jonathan),
        (own, john, None),
    ]
    assert [c.customer_shown for c in calls] == [f"{john} (merged from {jonathan})", john]
