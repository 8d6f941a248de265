"""How far the caller was verified in the call a complaint was raised in (MP-19, MP-08):
read from the event stream as it stood when the complaint was raised, never stored with it.

Raising a complaint needs no verification, so one may come from an impostor who locked the
record; the supervisor who calls back must know the real customer may never have
complained."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.complaint_callers import CallerStanding
from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy, ComplaintView
from custinfo_tui.domain.verification import CallerKind, CheckKind, VerificationPolicy
from custinfo_tui.services import complaints
from custinfo_tui.services.verification_lockout import POSSIBLE_FRAUD
from tests.support.actors import Desk

POLICY = ComplaintPolicy()
VERIFICATION = VerificationPolicy()
JOHN_SMITH = 1  # DOB 12/04/1980, SE1 2QT
LOCKED_OUT = (
    "Raised in a call where the caller was not verified (verification locked: possible "
    "fraud; 3 failed checks)."
)


def _raise(agent: Desk, interaction_id: int | None) -> int:
    given = ComplaintIn(
        category="Billing or charges",
        customer_said="Charged twice for March",
        apology="Sorry for the double charge",
        solution="Refund the second payment",
    )
    view = complaints.raise_complaint(
        agent.uow_factory(), agent.actor, POLICY, JOHN_SMITH, given, interaction_id
    )
    return view.id


def _read(supervisor: Desk, complaint_id: int) -> ComplaintView:
    return complaints.read_complaint(
        supervisor.uow_factory(), supervisor.actor, complaint_id, VERIFICATION
    )


def _due_caller(supervisor: Desk, complaint_id: int) -> CallerStanding:
    due = complaints.due_complaints(
        supervisor.uow_factory(),
        supervisor.actor,
        POLICY,
        datetime.now(UTC).date(),
        verification=VERIFICATION,
    )
    return next(item.caller for item in due if item.id == complaint_id)


def test_a_complaint_from_a_caller_who_locked_the_record_says_so_even_once_lifted(
    agent: Desk, supervisor: Desk
) -> None:
    call = agent.start(JOHN_SMITH)
    assert agent.fail(call.interaction_id, times=3).locked
    complaint_id = _raise(agent, call.interaction_id)
    [item] = [i for i in supervisor.items() if i.kind == POSSIBLE_FRAUD]
    supervisor.lift(item.id)  # ID checked in branch later: the complaint still came from them

    caller = _read(supervisor, complaint_id).caller
    assert (caller.unverified, caller.locked, caller.failed_checks) == (True, True, 3)
    assert caller.in_words() == LOCKED_OUT
    assert caller.caution() == (
        "The real customer may never have complained: verify whoever you speak to before "
        "discussing it."
    )
    assert _due_caller(supervisor, complaint_id) == caller


def test_checks_failed_after_the_complaint_do_not_count_against_it(
    agent: Desk, supervisor: Desk
) -> None:
    call = agent.start(JOHN_SMITH)
    complaint_id = _raise(agent, call.interaction_id)
    agent.fail(call.interaction_id, times=3)

    caller = _read(supervisor, complaint_id).caller
    assert caller.in_words() == "Raised in a call where the caller was not verified."
    assert caller.unverified and not caller.locked


def test_a_lock_standing_from_an_earlier_call_marks_a_complaint_taken_in_a_new_one(
    agent: Desk, supervisor: Desk
) -> None:
    first = agent.start(JOHN_SMITH)
    agent.fail(first.interaction_id, times=3)
    agent.end(first.interaction_id)
    second = agent.start(JOHN_SMITH)
    complaint_id = _raise(agent, second.interaction_id)

    assert _read(supervisor, complaint_id).caller.in_words() == (
        "Raised in a call where the caller was not verified (verification locked: possible fraud)."
    )


def test_a_verified_caller_is_named_with_the_level_reached_and_not_marked(
    agent: Desk, supervisor: Desk
) -> None:
    call = agent.start(JOHN_SMITH)
    agent.fail(call.interaction_id)
    assert agent.check(call.interaction_id, CheckKind.POSTCODE, "SE1 2QT").passed
    assert agent.check(call.interaction_id, CheckKind.REFERENCE, "1001 2345 P").passed
    complaint_id = _raise(agent, call.interaction_id)

    caller = _read(supervisor, complaint_id).caller
    assert caller.in_words() == (
        "Raised in a call where the caller was verified to Standard (after 1 failed check)."
    )
    assert not caller.unverified and caller.caution() is None
    assert not _due_caller(supervisor, complaint_id).unverified


def test_a_caller_identified_afresh_starts_from_nothing(agent: Desk, supervisor: Desk) -> None:
    call = agent.start(JOHN_SMITH)
    agent.verify(call.interaction_id, "12/04/1980", "SE1 2QT")
    agent.identify(call.interaction_id, CallerKind.NO_AUTHORITY)  # "calling for my husband"
    complaint_id = _raise(agent, call.interaction_id)

    assert _read(supervisor, complaint_id).caller.in_words() == (
        "Raised in a call where the caller, someone with no authority on the record, was not "
        "verified."
    )


def test_a_complaint_raised_outside_a_call_says_no_caller_was_verified(
    agent: Desk, supervisor: Desk
) -> None:
    complaint_id = _raise(agent, None)

    caller = _read(supervisor, complaint_id).caller
    assert caller.in_words() == "Raised outside a call: no caller was verified for it."
    assert not caller.unverified  # nothing to mark on the queue: no call, no caller
    assert not _due_caller(supervisor, complaint_id).unverified
