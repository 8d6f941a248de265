"""Who may change a customer's details, and with which reasons (MP-10; access control in
docs/access-control.md).

Call-handlers, supervisors and trainers change customer records
(`Permission.EDIT_CUSTOMER`), each change with one of the configured reasons, or, correcting
a discrepancy report, `DISCREPANCY_REPORT`. The data protection officer does not, but for
one thing: the record's rectification request (UK GDPR Art. 16; the rule is
domain/data_protection/rectification.py). While one is open on the record, and the
identity of whoever made it is not waiting to be checked, the DPO corrects the record,
with `RECTIFICATION_REASON` among the reasons; every other edit of theirs is refused.
"""

from __future__ import annotations

from collections.abc import Mapping

from custinfo_tui.domain.capture import CapturePolicy, FieldEdit
from custinfo_tui.domain.data_protection.rectification import (
    RECTIFICATION_REASON,
    why_the_dpo_may_not_correct,
)
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.discrepancies import DISCREPANCY_REPORT
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import OpenRectification
from custinfo_tui.services.errors import PermissionDenied, ServiceError
from custinfo_tui.services.permissions import Permission, allows
from custinfo_tui.services.unit_of_work import UnitOfWork


def edits_by_role(actor: Actor) -> bool:
    """Whether the operator's role changes customer records, any record, any time."""
    return allows(actor.role, Permission.EDIT_CUSTOMER)


def require_editor(actor: Actor) -> None:
    """Refuse, before anything is read, a role that can never change a record: the DPO may,
    for a rectification request (`rectification_in_hand`, in the transaction)."""
    if not (edits_by_role(actor) or allows(actor.role, Permission.DATA_PROTECTION)):
        raise PermissionDenied(Permission.EDIT_CUSTOMER.value)


def open_rectification(uow: UnitOfWork, customer_id: int) -> OpenRectification | None:
    """The customer's oldest rectification request still open, if any."""
    for request in uow.subject_access.of_customer(customer_id):
        if request.answered_at is None and request.data_right == DataRight.RECTIFICATION:
            return OpenRectification(
                request_id=request.id, identity_to_verify=request.identity_to_verify
            )
    return None


def rectification_in_hand(
    uow: UnitOfWork, actor: Actor, customer_id: int, *, correcting_report: bool
) -> int | None:
    """None for a role that changes records. For the DPO, the number of the rectification
    request open on the record, which the edit answers; refused (`PermissionDenied`, saying
    why) when none is, when its requester's identity is still to check, and for the
    correction of a discrepancy report, which is a supervisor's."""
    if edits_by_role(actor):
        return None
    if correcting_report:
        raise PermissionDenied("correct a discrepancy report")
    open_request = open_rectification(uow, customer_id)
    if open_request is None:
        raise PermissionDenied("change a record with no rectification request open on it")
    why_not = why_the_dpo_may_not_correct(open_request)
    if why_not is not None:
        raise ServiceError(why_not)
    return open_request.request_id


def checked_reasons(
    capture: CapturePolicy,
    edits: Mapping[str, FieldEdit],
    *,
    correcting: bool,
    rectifying: bool,
) -> dict[str, str]:
    """Each edited field's reason, each one of the configured change reasons, or, for the
    correction of a discrepancy report, `DISCREPANCY_REPORT`, or, for the DPO's correction
    for a rectification request (`rectifying`), `RECTIFICATION_REASON`; ServiceError names
    the first field without one."""
    allowed = set(capture.change_reasons)
    if correcting:
        allowed.add(DISCREPANCY_REPORT)
    if rectifying:
        allowed.add(RECTIFICATION_REASON)
    for key, edit in edits.items():
        if edit.reason not in allowed:
            raise ServiceError(f"{FIELDS[key].label}: choose a reason for the change.")
    return {key: edit.reason for key, edit in edits.items()}
