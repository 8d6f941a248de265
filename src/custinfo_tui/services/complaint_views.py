"""A complaint as the services hand it back (MP-19): whole, with its stages and its
caller's standing (`complaint_view`), or as the due list shows it (`due_complaint`).
Built inside the caller's unit of work from the complaint's row.
"""

from __future__ import annotations

from datetime import date

from custinfo_tui.domain.complaints import (
    ComplaintPolicy,
    ComplaintStep,
    ComplaintView,
    DueComplaint,
    DueDates,
    days_left,
    describe_due,
    is_overdue,
    next_due,
)
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.repository.orm import Complaint
from custinfo_tui.services.complaint_callers import caller_standing
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.unit_of_work import UnitOfWork


def due_complaint(
    uow: UnitOfWork,
    policy: ComplaintPolicy,
    complaint: Complaint,
    reference: str,
    today: date,
    verification: VerificationPolicy | None = None,
) -> DueComplaint:
    """An open complaint as the due list shows it: what is owed next, by when."""
    dues = DueDates(
        acknowledge_by=complaint.acknowledge_by, final_response_by=complaint.final_response_by
    )
    known = complaint.stage in policy.stages
    owed = next_due(policy, complaint.stage, dues) if known else None
    return DueComplaint(
        id=complaint.id,
        customer_reference=format_reference(reference),
        category=complaint.category,
        stage=complaint.stage,
        received_at=complaint.received_at,
        owed=owed[0] if owed else None,
        due_on=owed[1] if owed else None,
        days_left=days_left(owed[1], today) if owed else None,
        overdue=known and is_overdue(policy, complaint.stage, dues, today),
        described=describe_due(policy, complaint.stage, dues, today) if known else "unknown stage",
        follow_up_on=complaint.follow_up_on,
        next_stages=policy.next_stages(complaint.stage) if known else (),
        caller=caller_standing(uow, complaint, verification),
    )


def complaint_view(
    uow: UnitOfWork,
    complaint: Complaint,
    reference: str,
    verification: VerificationPolicy | None = None,
) -> ComplaintView:
    """The complaint whole: its texts, each stage with its note, and how far its caller
    was verified in the call it was raised in (levels by `verification`'s titles)."""
    names = operator_names(uow)
    changes = uow.complaints.stage_changes([complaint.id])
    steps = [
        ComplaintStep(
            stage=change.to_stage,
            changed_at=change.changed_at,
            operator=names(change.operator_id),
            note=change.note,
        )
        for change in changes
    ]
    received = ComplaintStep(
        # Where it started: before the first change, or where it still is.
        stage=changes[0].from_stage if changes else complaint.stage,
        changed_at=complaint.received_at,
        operator=names(complaint.raised_by_id),
        note=None,
    )
    return ComplaintView(
        id=complaint.id,
        customer_reference=format_reference(reference),
        category=complaint.category,
        stage=complaint.stage,
        received_at=complaint.received_at,
        customer_said=complaint.customer_said,
        apology=complaint.apology,
        solution=complaint.solution,
        follow_up_on=complaint.follow_up_on,
        acknowledge_by=complaint.acknowledge_by,
        final_response_by=complaint.final_response_by,
        closed_at=complaint.closed_at,
        steps=(received, *steps),
        caller=caller_standing(uow, complaint, verification),
    )
