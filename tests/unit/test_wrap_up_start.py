"""What a wrap-up starts with, from what the call's events say it did (MP-18;
domain/wrap_up_start.py): the same rule whether the call is ended at its console or
wrapped up later from the calls to finish."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.call_so_far import call_so_far
from custinfo_tui.domain.capture import DEFAULT_ENQUIRY_TYPES
from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.domain.wrap_up import (
    COMPLAINT_RAISED,
    DEFAULT_OUTCOMES,
    NOT_VERIFIED,
    Outcome,
)
from custinfo_tui.domain.wrap_up_start import WrapUpStart, wrap_up_start

AT = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)


def _event(
    action: AuditAction, *fields: str, outcome: str = "ok", details: dict[str, str] | None = None
) -> AuditEvent:
    return AuditEvent(
        id=1,
        prev_hash="",
        hash="",
        action=action,
        operator_id=1,
        customer_id=1,
        interaction_id=7,
        fields=fields,
        occurred_at=AT,
        console_session="desk-1",
        outcome=outcome,
        details=details or {},
    )


STARTED = _event(AuditAction.INTERACTION_STARTED)
VERIFIED = _event(AuditAction.CALLER_VERIFIED, details={"level": "standard"})
FAILED = _event(AuditAction.CALLER_VERIFICATION_FAILED, outcome="denied")
LOCKED = _event(AuditAction.VERIFICATION_LOCKED)
CHANGED = _event(AuditAction.CUSTOMER_UPDATED, "email")
COMPLAINED = _event(AuditAction.COMPLAINT_RAISED)


def _start(*events: AuditEvent, types: tuple[str, ...] = DEFAULT_ENQUIRY_TYPES) -> WrapUpStart:
    """The start of a call whose caller was verified, then did `events`."""
    return _unverified_start(VERIFIED, *events, types=types)


def _unverified_start(
    *events: AuditEvent, types: tuple[str, ...] = DEFAULT_ENQUIRY_TYPES
) -> WrapUpStart:
    so_far = call_so_far([STARTED, *events], about_a_record=True)
    return wrap_up_start(so_far, types, DEFAULT_OUTCOMES)


def test_a_call_that_raised_a_complaint_starts_as_a_complaint_raised() -> None:
    start = _start(CHANGED, COMPLAINED)
    assert (start.enquiry_type, start.outcome) == ("Complaint", COMPLAINT_RAISED)
    assert start.note == (
        "Enquiry type and outcome chosen as a complaint was raised in the call: check "
        "them, and change them if the call was about something else."
    )


def test_a_call_that_saved_a_change_starts_as_a_change_of_details() -> None:
    start = _start(CHANGED)
    assert (start.enquiry_type, start.outcome) == ("Change of details", None)
    assert start.note == (
        "Enquiry type chosen as the call saved a change of details: check it, and change "
        "it if the call was about something else."
    )


def test_nothing_is_guessed_at_a_list_without_the_type_or_for_a_call_that_did_neither() -> None:
    assert _start() == WrapUpStart()
    assert _start(_event(AuditAction.CUSTOMER_UPDATED, "email", outcome="refused")) == (
        WrapUpStart()
    )
    assert _start(CHANGED, types=("Billing question", "Other")) == WrapUpStart()
    # Only the outcome, when the policy has no enquiry type "Complaint".
    only_outcome = _start(COMPLAINED, types=("Billing question", "Other"))
    assert (only_outcome.enquiry_type, only_outcome.outcome) == (None, COMPLAINT_RAISED)
    assert only_outcome.note is not None and only_outcome.note.startswith("Outcome chosen as")
    # Nor an outcome the policy does not offer.
    resolved = (Outcome(key="resolved", label="Resolved"),)
    so_far = call_so_far([STARTED, VERIFIED, COMPLAINED], about_a_record=True)
    assert wrap_up_start(so_far, DEFAULT_ENQUIRY_TYPES, resolved).outcome is None
    assert wrap_up_start(None, DEFAULT_ENQUIRY_TYPES, DEFAULT_OUTCOMES) == WrapUpStart()


def test_a_caller_locked_out_or_never_verified_starts_as_caller_not_verified() -> None:
    """Found by a call handler: a caller who failed every check left the wrap-up at
    "Choose the outcome", and "No action" was chosen in a hurry, not saying why."""
    locked = _unverified_start(FAILED, FAILED, FAILED, LOCKED)
    assert (locked.enquiry_type, locked.outcome) == (None, NOT_VERIFIED)
    assert locked.note == (
        "Outcome chosen as the caller was locked out: check it, and change it if the call "
        "was about something else."
    )
    # Locked out after reaching a level: still not verified for what the call was about.
    assert _start(FAILED, LOCKED).outcome == NOT_VERIFIED
    never = _unverified_start(FAILED)
    assert never.outcome == NOT_VERIFIED and never.enquiry_type is None
    assert never.note is not None and "as the caller was not verified:" in never.note
    assert _unverified_start().outcome == NOT_VERIFIED  # rang off before any check
    # A complaint raised says more: it stays the outcome.
    assert _unverified_start(LOCKED, COMPLAINED).outcome == COMPLAINT_RAISED
    # Verified after a failure; a call about no record; a policy without the outcome.
    assert _start(FAILED) == WrapUpStart()
    new_customer = call_so_far([STARTED], about_a_record=False)
    assert wrap_up_start(new_customer, DEFAULT_ENQUIRY_TYPES, DEFAULT_OUTCOMES) == WrapUpStart()
    resolved = (Outcome(key="resolved", label="Resolved"),)
    so_far = call_so_far([STARTED, LOCKED], about_a_record=True)
    assert wrap_up_start(so_far, DEFAULT_ENQUIRY_TYPES, resolved) == WrapUpStart()


def test_the_note_speaks_only_of_the_choices_still_as_the_console_made_them() -> None:
    """Found by a call handler: the outcome changed from *Caller not verified* to *No
    action*, the foot still said why *Caller not verified* was chosen."""
    locked = _unverified_start(FAILED, FAILED, FAILED, LOCKED)
    assert locked.note_for(None, "no_action") is None
    assert locked.note_for("Billing question", NOT_VERIFIED) == locked.note  # chosen again
    complaint = _start(CHANGED, COMPLAINED)
    assert complaint.note_for("Billing question", COMPLAINT_RAISED) == (
        "Outcome chosen as a complaint was raised in the call: check it, and change it if "
        "the call was about something else."
    )
    assert complaint.note_for("Complaint", "resolved") == (
        "Enquiry type chosen as a complaint was raised in the call: check it, and change it "
        "if the call was about something else."
    )
    assert complaint.note_for("Billing question", "resolved") is None
    # Two reasons, one a complaint: the complaint is said first, and each goes with its box.
    two = WrapUpStart(
        enquiry_type="Change of details",
        outcome=COMPLAINT_RAISED,
        enquiry_why="the call saved a change of details",
        outcome_why="a complaint was raised in the call",
    )
    assert two.note is not None and two.note.startswith(
        "Enquiry type and outcome chosen as a complaint was raised in the call and the call "
        "saved a change of details:"
    )
    assert two.note_for("Change of details", None) == (
        "Enquiry type chosen as the call saved a change of details: check it, and change it "
        "if the call was about something else."
    )
