"""Which logged steps are evidence of practice (MP-21), of which marking points, and which
steps are work on a breach or a request rather than on a customer's record.

Every kind of event is either here as evidence of a marking point (docs/requirements.md
says which point each duty is) or in `NOT_EVIDENCE`, with why: a new `AuditAction` left
out of both fails `tests/unit/test_evidence_points.py`, so no one's work is silently
missing from their export. A DPO's requests, erasures, holds, breaches and disclosure
decisions, and a supervisor's queue work, are evidence as much as a handler's calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.interactions import QueueKind

_SUBJECT_RIGHTS = ("MP-16",)

#: The marking points each logged step is evidence of, in the operator's real work.
POINTS_OF: Mapping[AuditAction, tuple[str, ...]] = {
    AuditAction.CUSTOMER_SEARCHED: ("MP-12",),
    AuditAction.CUSTOMER_CREATED: ("MP-01", "MP-02"),
    AuditAction.READ_BACK_CONFIRMED: ("MP-03",),
    AuditAction.CONSENT_RECORDED: ("MP-06",),
    AuditAction.CONSENT_WITHDRAWN: ("MP-06",),
    AuditAction.CALLER_IDENTIFIED: ("MP-08",),
    AuditAction.CALLER_CHECK_PASSED: ("MP-08",),
    AuditAction.CALLER_VERIFICATION_FAILED: ("MP-08",),
    AuditAction.CALLER_VERIFIED: ("MP-08",),
    AuditAction.VERIFICATION_LOCKED: ("MP-08",),
    AuditAction.VERIFICATION_LOCK_LIFTED: ("MP-08",),
    AuditAction.SECURITY_ANSWER_SET: ("MP-08",),
    AuditAction.REPRESENTATIVE_ADDED: ("MP-08",),
    AuditAction.REPRESENTATIVE_WITHDRAWN: ("MP-08",),
    AuditAction.FIELD_DISCLOSED: ("MP-08",),
    AuditAction.CUSTOMER_VIEWED: ("MP-12",),
    AuditAction.CUSTOMER_UPDATED: ("MP-10",),
    AuditAction.CUSTOMER_MERGED: ("MP-13",),
    AuditAction.MERGE_ASKED: ("MP-13",),
    AuditAction.DISCREPANCY_REPORTED: ("MP-14",),
    AuditAction.DISCREPANCY_CORRECTED: ("MP-14",),
    AuditAction.DISCREPANCY_REJECTED: ("MP-14",),
    # Queue items by their kind (`points_of`); one of no known kind is no evidence.
    AuditAction.QUEUE_ITEM_CLOSED: (),
    AuditAction.RETENTION_RUN: ("MP-15",),
    AuditAction.RETENTION_PREVIEWED: ("MP-15",),
    AuditAction.SUBJECT_ACCESS_LOGGED: _SUBJECT_RIGHTS,
    AuditAction.SUBJECT_ACCESS_EXTENDED: _SUBJECT_RIGHTS,
    AuditAction.SUBJECT_ACCESS_ANSWERED: _SUBJECT_RIGHTS,
    AuditAction.SUBJECT_ACCESS_REFUSED: _SUBJECT_RIGHTS,
    AuditAction.SUBJECT_ACCESS_ASKED_AGAIN: _SUBJECT_RIGHTS,
    AuditAction.SUBJECT_ACCESS_IDENTITY_CHECKED: _SUBJECT_RIGHTS,
    AuditAction.SUBJECT_ACCESS_KEPT_OPEN: _SUBJECT_RIGHTS,
    AuditAction.DISCLOSURE_RECIPIENT_TOLD: _SUBJECT_RIGHTS,
    AuditAction.DATA_EXPORTED: _SUBJECT_RIGHTS,
    AuditAction.PROCESSING_RESTRICTED: _SUBJECT_RIGHTS,
    AuditAction.RESTRICTION_LIFTED: _SUBJECT_RIGHTS,
    AuditAction.CUSTOMER_ERASED: _SUBJECT_RIGHTS,
    AuditAction.LEGAL_HOLD_SET: _SUBJECT_RIGHTS,
    AuditAction.LEGAL_HOLD_LIFTED: _SUBJECT_RIGHTS,
    AuditAction.DISCLOSURE_REQUESTED: ("MP-17",),
    AuditAction.DISCLOSURE_APPROVED: ("MP-17",),
    AuditAction.DISCLOSURE_REFUSED: ("MP-17",),
    AuditAction.DISCLOSURE_WITHDRAWN: ("MP-17",),
    AuditAction.INTERACTION_STARTED: ("MP-18",),
    AuditAction.INTERACTION_WRAPPED_UP: ("MP-18",),
    AuditAction.NOTE_ADDED: ("MP-18",),
    AuditAction.COMPLAINT_RAISED: ("MP-19",),
    AuditAction.COMPLAINT_STAGE_CHANGED: ("MP-19",),
    AuditAction.BREACH_REPORTED: ("MP-20",),
    AuditAction.BREACH_ASSESSED: ("MP-20",),
    AuditAction.BREACH_CLOSED: ("MP-20",),
}

#: The steps deliberately left out of evidence, and why, by kind.
NOT_EVIDENCE: frozenset[AuditAction] = frozenset(
    {
        # The console's own running, and an operator's session: no duty of the standard.
        AuditAction.LOGIN_SUCCEEDED,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGGED_OUT,
        AuditAction.SCREEN_LOCKED,
        AuditAction.SCREEN_UNLOCKED,
        AuditAction.UNLOCK_FAILED,
        AuditAction.SESSION_ENDED_AT_LOCK,
        AuditAction.SESSION_REVOKED,
        AuditAction.OPERATOR_LOCKED_OUT,
        AuditAction.PASSWORD_CHANGED,
        AuditAction.PASSWORD_CHANGE_FAILED,
        AuditAction.COMMAND_REFUSED,
        # The administrator's work on operators (they have no evidence: MP-21).
        AuditAction.OPERATOR_CREATED,
        AuditAction.PASSWORD_RESET,
        AuditAction.OPERATOR_DISABLED,
        AuditAction.OPERATOR_ENABLED,
        AuditAction.OPERATOR_ROLE_CHANGED,
        AuditAction.OPERATORS_LISTED,
        AuditAction.OPERATOR_MANAGEMENT_REFUSED,
        # Lists and records read: reading a list shows no practice.
        AuditAction.AUDIT_SEARCHED,
        AuditAction.CALLS_TO_FINISH_LISTED,
        AuditAction.QUEUE_VIEWED,
        AuditAction.COMPLAINTS_LISTED,
        AuditAction.COMPLAINTS_VIEWED,
        AuditAction.DISCREPANCY_VIEWED,
        AuditAction.SUBJECT_ACCESS_LISTED,
        AuditAction.LEGAL_HOLDS_LISTED,
        AuditAction.DISCLOSURES_LISTED,
        AuditAction.BREACHES_LISTED,
        AuditAction.BREACH_SHOWN,
        # A value shown on the handler's own screen; what the caller was told is
        # `field.disclosed`.
        AuditAction.FIELD_REVEALED,
        # A call's other steps: its start and its wrap-up are the evidence (MP-18).
        AuditAction.INTERACTION_FILED,
        AuditAction.INTERACTION_ENDED,
        AuditAction.WRAP_UP_OPENED,
        AuditAction.WRAP_UP_LEFT,
        # The console refusing something: its rule at work, not the operator's practice (a
        # disclosure refused is said in a role-play's debrief, docs/training.md).
        AuditAction.NEW_RECORD_REFUSED,
        AuditAction.VERIFICATION_REFUSED,
        AuditAction.FIELD_DISCLOSURE_REFUSED,
        AuditAction.RESTRICTED_RECORD_REFUSED,
        AuditAction.CUSTOMER_MERGE_REFUSED,
        # What a step counted already did besides: a merge's other half and what it moved,
        # an erasure's closing of a disclosure, a retention run's records one by one.
        AuditAction.CUSTOMER_MERGED_INTO,
        AuditAction.VERIFICATION_LOCK_FOLDED,
        AuditAction.DISCREPANCY_MOVED_BY_MERGE,
        AuditAction.SUBJECT_ACCESS_MOVED_BY_MERGE,
        AuditAction.RESTRICTION_MOVED_BY_MERGE,
        AuditAction.DISCLOSURE_MOVED_BY_MERGE,
        AuditAction.BREACH_MOVED_BY_MERGE,
        AuditAction.DISCLOSURE_CLOSED_BY_ERASURE,
        AuditAction.RETENTION_ANONYMISED,
        # Training: a run's own export is its evidence (domain/run_evidence.py).
        AuditAction.TRAINING_RUN_STARTED,
        AuditAction.TRAINING_RUN_SCORED,
        AuditAction.TRAINING_RUN_NOT_PLAYED,
        AuditAction.TRAINING_RUN_NOT_STARTED,
        AuditAction.TRAINING_RUN_PLAYED,
        AuditAction.TRAINING_RUN_CUT_SHORT,
        AuditAction.TRAINING_NOTE_SAVED,
        AuditAction.EVIDENCE_EXPORTED,
        # The system's jobs: backups, restores, imports, demo data, card redaction.
        AuditAction.DEMO_DATA_LOADED,
        AuditAction.CARD_NUMBERS_REDACTED,
        AuditAction.DATABASE_BACKED_UP,
        AuditAction.DATABASE_RESTORED,
        AuditAction.ERASURE_UNDONE,
        AuditAction.CUSTOMERS_IMPORTED,
        AuditAction.CUSTOMERS_IMPORT_STORED,
        AuditAction.CUSTOMERS_IMPORT_FILE_CHANGED,
        AuditAction.CUSTOMERS_IMPORT_ABANDONED,
    }
)

#: A queue item closed is evidence of the point its kind is about.
_QUEUE_POINTS: Mapping[str, tuple[str, ...]] = {
    QueueKind.POSSIBLE_FRAUD: ("MP-08",),
    QueueKind.POSSIBLE_DUPLICATE: ("MP-13",),
    QueueKind.DISCREPANCY: ("MP-14",),
    QueueKind.DISCLOSURE_REQUEST: ("MP-17",),
    QueueKind.COMPLAINT_FOLLOW_UP: ("MP-19",),
}

#: What a step is work on, besides a call or a customer's record.
WorkKind = Literal["breach", "request"]


def points_of(event: AuditEvent) -> tuple[str, ...]:
    """The marking points `event` is evidence of; () for none. A record opened with a reason
    is MP-09, one looked up for an erasure (MP-16) or a merge (MP-13) is that work, not
    MP-12's retrieval for a caller; a disclosure to a third party is MP-17's."""
    points = POINTS_OF.get(event.action, ())
    details = event.details
    if event.action is AuditAction.READ_BACK_CONFIRMED and details.get("double_entry"):
        return (*points, "MP-04")
    if event.action is AuditAction.CUSTOMER_VIEWED:
        if details.get("erasure_preview"):
            return _SUBJECT_RIGHTS
        if details.get("merge_preview"):
            return ("MP-13",)
        if event.reason:
            return ("MP-09",)
    if event.action is AuditAction.FIELD_DISCLOSED and "disclosure_id" in details:
        return ("MP-17",)
    if event.action is AuditAction.QUEUE_ITEM_CLOSED:
        return _QUEUE_POINTS.get(str(details.get("kind")), ())
    return points


def work_on(event: AuditEvent) -> tuple[WorkKind, object] | None:
    """The breach or the data subject's request `event` is work on, by its id (used only
    to group the steps, never shown), or None for work on a record or in a call."""
    if "breach_id" in event.details:
        return ("breach", event.details["breach_id"])
    if "request_id" in event.details:
        return ("request", event.details["request_id"])
    return None
