"""Complaints (MP-19): raising one, moving it through its stages, and the due list.

A handler takes a complaint in four steps: what the customer said, what was apologised
for, the proposed solution and, if one was agreed, a follow-up date. It starts at the
policy's first stage with two due dates (domain.complaints.due_dates) and only moves
forward, each move with a note, the operator and the time; reaching the last stage closes
it. A move may also set, change or clear the follow-up date agreed with the customer
(domain.complaint_follow_up). The texts are personal data: they pass through
`domain.text.clean_free_text` (card numbers taken out) and are kept on the complaint
only. Events carry the category, stages and counts, never the text (nor the date).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from custinfo_tui.domain.complaint_follow_up import (
    KEEP_FOLLOW_UP,
    FollowUpChange,
    FollowUpGiven,
    follow_up_change,
)
from custinfo_tui.domain.complaints import (
    COMPLAINT_TEXTS,
    MAX_COMPLAINT_TEXT,
    ComplaintIn,
    ComplaintPolicy,
    ComplaintView,
    DueComplaint,
    check_complaint,
    due_dates,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.text import clean_free_text, too_long
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.repository.orm import Complaint, ComplaintStageChange, Customer
from custinfo_tui.services import audit
from custinfo_tui.services.complaint_views import complaint_view, due_complaint
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.in_call import open_interaction
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.record_view import in_call_record, record_of
from custinfo_tui.services.unit_of_work import UnitOfWork


def raise_complaint(
    uow: UnitOfWork,
    actor: Actor,
    policy: ComplaintPolicy,
    customer_id: int,
    given: ComplaintIn,
    interaction_id: int | None = None,
) -> ComplaintView:
    """Take a complaint for a customer (during a call when `interaction_id` is given).

    Raises ComplaintInvalid naming each wrong field; nothing is saved then. Audited as
    `complaint.raised` with the category, stage and the texts' lengths.
    """
    require(actor, Permission.EDIT_CUSTOMER)
    checked = check_complaint(given, policy, datetime.now(UTC).date())
    with uow:
        complaint, customer = _add(uow, actor, policy, customer_id, checked, interaction_id)
        view = complaint_view(uow, complaint, customer.reference)
        uow.commit()
        return view


def raise_complaint_on_record(
    uow: UnitOfWork,
    actor: Actor,
    policy: ComplaintPolicy,
    verification: VerificationPolicy,
    customer_id: int,
    given: ComplaintIn,
    interaction_id: int | None = None,
) -> CustomerRecord:
    """`raise_complaint` from the record screen: the record comes back with the complaint
    on it, masked for the caller when `interaction_id` (the operator's open call) is given.
    """
    require(actor, Permission.EDIT_CUSTOMER)
    checked = check_complaint(given, policy, datetime.now(UTC).date())
    with uow:
        _, customer = _add(uow, actor, policy, customer_id, checked, interaction_id)
        record = _record_after(uow, actor, verification, customer, interaction_id)
        uow.commit()
        return record


def _add(
    uow: UnitOfWork,
    actor: Actor,
    policy: ComplaintPolicy,
    customer_id: int,
    checked: ComplaintIn,
    interaction_id: int | None,
) -> tuple[Complaint, Customer]:
    """Store a checked complaint at the first stage, with its due dates, and audit it."""
    now = datetime.now(UTC)
    dues = due_dates(policy, now)
    customer = uow.customers.get(customer_id)
    if customer is None:
        raise NotFound("No such customer.")
    if interaction_id is not None:
        interaction = uow.interactions.get(interaction_id)
        if interaction is None or interaction.customer_id != customer_id:
            raise NotFound("That call is not about this customer.")
    complaint = uow.complaints.add(
        Complaint(
            customer_id=customer_id,
            interaction_id=interaction_id,
            category=checked.category,
            customer_said=checked.customer_said,
            apology=checked.apology,
            solution=checked.solution,
            follow_up_on=checked.follow_up_on,
            stage=policy.first_stage,
            received_at=now,
            raised_by_id=actor.operator_id,
            acknowledge_by=dues.acknowledge_by,
            final_response_by=dues.final_response_by,
        )
    )
    audit.record(
        uow,
        actor,
        AuditAction.COMPLAINT_RAISED,
        customer_id=customer_id,
        interaction_id=interaction_id,
        details={
            "complaint_id": complaint.id,
            "category": complaint.category,
            "stage": complaint.stage,
            "follow_up": complaint.follow_up_on is not None,
            **{f"{key}_characters": len(getattr(checked, key)) for key in COMPLAINT_TEXTS},
        },
    )
    return complaint, customer


def move_complaint(
    uow: UnitOfWork,
    actor: Actor,
    policy: ComplaintPolicy,
    complaint_id: int,
    to_stage: str,
    note: str,
    follow_up_on: FollowUpGiven = KEEP_FOLLOW_UP,
) -> ComplaintView:
    """Move a complaint forward to `to_stage` (any later stage), with a note, and with
    `follow_up_on` as its follow-up date (None clears it; by default it is kept).

    Refused (FieldError) without a note, for a stage that is not later than its own, for
    a new follow-up date in the past, or for a new one with a move to the last stage: a
    closed complaint has nothing to follow up, and closing clears any date still set.
    Audited as `complaint.stage_changed` with both stages, the note's length and what the
    move did to the follow-up date.
    """
    require(actor, Permission.WORK_QUEUE)
    text = _stage_note(policy, to_stage, note)
    with uow:
        complaint = _move(uow, actor, policy, complaint_id, to_stage, text, follow_up_on)
        customer = uow.customers.get(complaint.customer_id)
        view = complaint_view(uow, complaint, customer.reference if customer else "")
        uow.commit()
        return view


def move_complaint_on_record(
    uow: UnitOfWork,
    actor: Actor,
    policy: ComplaintPolicy,
    verification: VerificationPolicy,
    complaint_id: int,
    to_stage: str,
    note: str,
    interaction_id: int | None = None,
    follow_up_on: FollowUpGiven = KEEP_FOLLOW_UP,
) -> CustomerRecord:
    """`move_complaint` from the record screen: the customer's record comes back with the
    new stage (and follow-up date) on it, masked for the caller when `interaction_id` (the
    operator's open call) is given."""
    require(actor, Permission.WORK_QUEUE)
    text = _stage_note(policy, to_stage, note)
    with uow:
        complaint = _move(uow, actor, policy, complaint_id, to_stage, text, follow_up_on)
        customer = uow.customers.get(complaint.customer_id)
        if customer is None:
            raise NotFound("No such customer.")
        record = _record_after(uow, actor, verification, customer, interaction_id)
        uow.commit()
        return record


def _stage_note(policy: ComplaintPolicy, to_stage: str, note: str) -> str:
    """The note as kept, or FieldError for a missing or long note or an unknown stage."""
    text = clean_free_text(note)
    if not text:
        raise FieldError("Type a note saying why the complaint moves on.")
    if len(text) > MAX_COMPLAINT_TEXT:
        raise FieldError(too_long("The note", len(text), MAX_COMPLAINT_TEXT))
    if to_stage not in policy.stages:
        raise FieldError("Choose the stage from the list.")
    return text


def _move(
    uow: UnitOfWork,
    actor: Actor,
    policy: ComplaintPolicy,
    complaint_id: int,
    to_stage: str,
    text: str,
    follow_up_on: FollowUpGiven,
) -> Complaint:
    """Record the change of stage with its note and any new follow-up date, close at the
    last stage, and audit it (what happened to the date, never the date)."""
    now = datetime.now(UTC)
    complaint = uow.complaints.get(complaint_id, for_update=True)
    if complaint is None:
        raise NotFound("No such complaint.")
    if complaint.stage not in policy.stages:
        raise ServiceError("This complaint's stage is no longer in the policy.")
    if to_stage not in policy.next_stages(complaint.stage):
        raise FieldError(f"A complaint only moves forward: it is already {complaint.stage}.")
    closing = to_stage == policy.stages[-1]  # nothing to follow up once closed
    follow_up = follow_up_change(complaint.follow_up_on, follow_up_on, now.date(), closing=closing)
    from_stage = complaint.stage
    uow.complaints.add_stage_change(
        ComplaintStageChange(
            complaint_id=complaint.id,
            from_stage=from_stage,
            to_stage=to_stage,
            note=text,
            operator_id=actor.operator_id,
            changed_at=now,
        )
    )
    complaint.stage = to_stage
    if follow_up is FollowUpChange.CLEARED:
        complaint.follow_up_on = None
    elif follow_up is not FollowUpChange.KEPT and isinstance(follow_up_on, date):
        complaint.follow_up_on = follow_up_on
    if closing:
        complaint.closed_at = now
    audit.record(
        uow,
        actor,
        AuditAction.COMPLAINT_STAGE_CHANGED,
        customer_id=complaint.customer_id,
        details={
            "complaint_id": complaint.id,
            "category": complaint.category,
            "from_stage": from_stage,
            "to_stage": to_stage,
            "note_characters": len(text),
            "follow_up_date": follow_up.value,
        },
    )
    return complaint


def _record_after(
    uow: UnitOfWork,
    actor: Actor,
    verification: VerificationPolicy,
    customer: Customer,
    interaction_id: int | None,
) -> CustomerRecord:
    """The record as the screen that acted shows it: whole outside a call, masked for the
    caller in the operator's own open call."""
    if interaction_id is None:
        return record_of(uow, customer)
    interaction = open_interaction(uow, actor, interaction_id)
    if interaction.customer_id != customer.id:
        raise NotFound("That call is not about this customer.")
    return in_call_record(uow, verification, interaction, customer)


def read_complaint(
    uow: UnitOfWork,
    actor: Actor,
    complaint_id: int,
    verification: VerificationPolicy | None = None,
) -> ComplaintView:
    """One complaint in full: what the customer said, the apology, the solution, each
    stage with its note, and how far the caller was verified in the call it was raised in
    (levels by `verification`'s titles). For work outside a call (in a call the record's
    timeline shows what the customer said, masked until the caller is verified). Audited as
    `complaint.viewed`, naming the complaint."""
    require(actor, Permission.VIEW_CUSTOMER)
    with uow:
        complaint = uow.complaints.get(complaint_id)
        customer = None if complaint is None else uow.customers.get(complaint.customer_id)
        if complaint is None or customer is None:
            raise NotFound("No such complaint.")
        view = complaint_view(uow, complaint, customer.reference, verification)
        audit.record(
            uow,
            actor,
            AuditAction.COMPLAINTS_VIEWED,
            customer_id=customer.id,
            details={"complaint": complaint.id, "category": complaint.category},
        )
        uow.commit()
        return view


def due_complaints(
    uow: UnitOfWork,
    actor: Actor | None,
    policy: ComplaintPolicy,
    today: date,
    *,
    overdue_only: bool = False,
    verification: VerificationPolicy | None = None,
) -> list[DueComplaint]:
    """Open complaints with what is owed next and the days left, soonest due first, each
    with how far its caller was verified (levels by `verification`'s titles).

    `actor` None is the system (`custinfo complaints list` names its supervisor). Audited
    as `complaint.listed` with the count.
    """
    if actor is not None:
        require(actor, Permission.WORK_QUEUE)
    with uow:
        due = [
            due_complaint(uow, policy, complaint, reference, today, verification)
            for complaint, reference in uow.complaints.open_with_reference()
        ]
        if overdue_only:
            due = [item for item in due if item.overdue]
        due.sort(key=lambda item: (item.due_on or date.max, item.received_at, item.id))
        audit.record(
            uow,
            actor,
            AuditAction.COMPLAINTS_LISTED,
            details={"overdue_only": overdue_only, "count": len(due)},
        )
        uow.commit()
        return due
