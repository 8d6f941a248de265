"""The DPO records telling a recipient of an erasure, a rectification or a restriction
(UK GDPR Art. 19; docs/data-protection.md, "Telling the recipients"): on the request of that
right, per recipient the disclosure log shows the data was released to, the day they were
told, or why telling them is impossible or would involve disproportionate effort. Each is
one `disclosure.recipient_told` event on the stream, the why not its reason; the last
recorded for a recipient is what the request's line says (a slip is put right by recording
again)."""

from __future__ import annotations

from datetime import date

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.recipients_told import (
    NOT_TOLD,
    Rectified,
    no_corrected_release,
    nothing_changed_yet,
    told_on_problem,
)
from custinfo_tui.domain.data_protection.rights import right_of
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.subject_access import MAX_REQUEST_TEXT, SubjectAccessRequest
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.services import audit
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.recipients import recipients_of_request
from custinfo_tui.services.subject_access import request_and_customer
from custinfo_tui.services.subject_access_view import request_view
from custinfo_tui.services.unit_of_work import UnitOfWork


def record_recipient_told(
    uow: UnitOfWork,
    actor: Actor | None,
    request_id: int,
    disclosure_id: int | None,
    told_on: date | None,
    why_not: str,
    today: date,
) -> SubjectAccessRequest:
    """Record that the recipient of disclosure `disclosure_id` was told on `told_on` of
    what request `request_id` changed, or (`why_not`, no day) why telling them is
    impossible or involves disproportionate effort. FieldProblems naming `disclosure`,
    `told_on` or `why_not` for what is missing or wrong; ServiceError for a request there
    is nothing to tell of yet. Audited as `disclosure.recipient_told`."""
    if actor is not None:
        require(actor, Permission.DATA_PROTECTION)
    why = clean_free_text(why_not)
    _check_given(disclosure_id, told_on, why)
    with uow:
        row, customer = request_and_customer(uow, request_id)
        right = right_of(row.data_right)
        erased = customer.status == CustomerStatus.ERASED
        if not_yet := nothing_changed_yet(
            row.id,
            right,
            refused=row.refusal_reason is not None,
            erased=erased,
            restricted=uow.subject_access.restriction_in_force(customer.id) is not None,
            answered=row.answered_at is not None,  # restricted then, if lifted since
        ):
            raise ServiceError(not_yet)
        to_tell, rectified = recipients_of_request(uow, row)
        recipients = {r.disclosure_id: r for r in to_tell}
        if not recipients and rectified is not None and rectified.releases:
            raise ServiceError(f"{no_corrected_release(rectified)}.")
        if not recipients:
            raise ServiceError(
                f"Request {row.id}'s record was never released to a third party: no one to tell."
            )
        if disclosure_id not in recipients:
            raise FieldProblems({"disclosure": _not_a_recipient(rectified)})
        if told_on is not None and (problem := told_on_problem(told_on, row.received_on, today)):
            raise FieldProblems({"told_on": problem})
        audit.record(
            uow,
            actor,
            AuditAction.DISCLOSURE_RECIPIENT_TOLD,
            customer_id=customer.id,
            reason=why or None,
            outcome=NOT_TOLD if told_on is None else "ok",
            details={"request_id": row.id, "disclosure_id": disclosure_id, "right": right.value}
            | ({"told_on": told_on.isoformat()} if told_on is not None else {}),
        )
        view = request_view(uow, row, customer, today)
        uow.commit()
        return view


def _check_given(disclosure_id: int | None, told_on: date | None, why: str) -> None:
    """FieldProblems for what the DPO left out or gave twice: the recipient, and a day told
    or why not (one of the two)."""
    problems: dict[str, str] = {}
    if disclosure_id is None:
        problems["disclosure"] = "Choose the recipient told."
    if told_on is None and not why:
        problems["told_on"] = (
            "Give the day they were told, or say below why telling them is impossible or "
            "would involve disproportionate effort (Art. 19)."
        )
    if told_on is not None and why:
        problems["why_not"] = (
            "Told on a day, or not told and why: not both. Clear this box, or the day."
        )
    if len(why) > MAX_REQUEST_TEXT:
        problems["why_not"] = f"At most {MAX_REQUEST_TEXT} characters for why not."
    if problems:
        raise FieldProblems(problems)


def _not_a_recipient(rectified: Rectified | None) -> str:
    """Said of a disclosure that is not one of the request's recipients."""
    if rectified is not None and rectified.fields:
        return (
            f"Choose a recipient sent {rectified.named} before the correction: only they "
            "are told of the rectification."
        )
    return "Choose a recipient the record's data was released to."
