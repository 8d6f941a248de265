"""Third-party disclosures (MP-17): the disclosure log (docs/data-protection.md).

A handler records a third party's request from the customer's record
(`request_disclosure`): it becomes a supervisor queue item of kind
`QueueKind.DISCLOSURE_REQUEST` and an entry on the DPO's desk. The DPO or a supervisor who
did not record it approves or refuses it with a reason (`decide_disclosure`; while the
record is restricted only a DPO approves, and the one DPO there is decides a request they
recorded themselves, as nobody else could). Approving, they may release fewer of the fields
than were asked for, the least that answers (domain/disclosure_fields.py; the address goes
whole or not at all), and both are kept. The approver is then shown the approved fields to
send (`release_disclosure`, in disclosure_release.py), which records the release as
`field.disclosed` with the disclosure's id. Nothing is shown before approval, and a
refused request releases nothing. A waiting request its requester withdraws is closed as
withdrawn (`withdraw_disclosure`), releasing nothing; one still open when the customer's
record is erased is closed as such (`close_for_erasure`).

The request's texts are kept on it only; events and the queue item's summary carry ids,
field keys, the basis and the channel, never a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from custinfo_tui.domain.call_words import call_details
from custinfo_tui.domain.disclosure_fields import approved_keys
from custinfo_tui.domain.disclosures import (
    Disclosure,
    DisclosureRequestIn,
    DisclosureStatus,
    check_decision_reason,
    check_request,
    queue_summary,
    recorder_may_not_decide,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueItemStatus, QueueKind
from custinfo_tui.domain.operators import Actor
from custinfo_tui.repository.orm import DisclosureRow, QueueItemRow
from custinfo_tui.services import audit
from custinfo_tui.services.disclosure_deciders import (
    is_restricted,
    recorder_alone,
    require_approver,
    restricted_for,
)
from custinfo_tui.services.disclosure_views import disclosure_view as _view
from custinfo_tui.services.disclosure_views import reference_of as _reference
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.in_call import active_customer, open_call_about
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.restriction import refuse_if_restricted
from custinfo_tui.services.unit_of_work import UnitOfWork

#: The queue item's summary column holds at most this many characters.
_MAX_SUMMARY = 500


def request_disclosure(
    uow: UnitOfWork,
    actor: Actor,
    customer_id: int,
    given: DisclosureRequestIn,
    interaction_id: int | None = None,
) -> Disclosure:
    """Record a third party's request for some of the customer's data. Raises FieldError
    for a missing or over-long answer, nothing saved. Nothing is disclosed: the request
    waits for approval as a queue item of kind disclosure request. In a call
    (`interaction_id`: the handler's own open call about this customer) the request and its
    item name it, so whoever decides it, or closes the call, knows where it came from.

    Audited as `disclosure.requested` with the fields, the basis and the channel; in a call,
    as one of its events, with its channel and start (`call_details`)."""
    require(actor, Permission.VIEW_CUSTOMER)
    checked = check_request(given)
    now = datetime.now(UTC)
    with uow:
        customer = active_customer(uow, customer_id)
        call = open_call_about(uow, actor, interaction_id, customer.id)
        refuse_if_restricted(uow, actor, customer.id)  # restricted since it was opened
        row = uow.disclosures.add(
            DisclosureRow(
                customer_id=customer.id,
                requester=checked.requester,
                organisation=checked.organisation,
                identity_check=checked.identity_check,
                lawful_basis=checked.lawful_basis,
                asked_for=checked.asked_for,
                fields=list(checked.fields),
                channel=checked.channel,
                status=DisclosureStatus.PENDING,
                requested_at=now,
                requested_by_id=actor.operator_id,
                interaction_id=interaction_id,
            )
        )
        item = uow.queue.add(
            QueueItemRow(
                kind=QueueKind.DISCLOSURE_REQUEST,
                status=QueueItemStatus.OPEN,
                customer_id=customer.id,
                interaction_id=interaction_id,
                summary=queue_summary(row.id, checked.fields, checked.lawful_basis)[:_MAX_SUMMARY],
                raised_at=now,
                raised_by_id=actor.operator_id,
            )
        )
        row.queue_item_id = item.id
        audit.record(
            uow,
            actor,
            AuditAction.DISCLOSURE_REQUESTED,
            customer_id=customer.id,
            interaction_id=interaction_id,
            fields=checked.fields,
            details={
                "disclosure_id": row.id,
                "queue_item": item.id,
                "lawful_basis": checked.lawful_basis,
                "channel": checked.channel,
                **(call_details(call.channel, call.started_at) if call is not None else {}),
            },
        )
        view = _view(uow, row, customer.reference)
        uow.commit()
        return view


def disclosure_for_item(uow: UnitOfWork, actor: Actor, item_id: int) -> Disclosure:
    """The request behind a disclosure queue item, for the approver deciding it."""
    require_approver(actor)
    with uow:
        row = uow.disclosures.for_queue_item(item_id)
        if row is None:
            raise NotFound("That queue item has no disclosure request.")
        return _view(uow, row, _reference(uow, row.customer_id))


def disclosures_to_work(uow: UnitOfWork, actor: Actor) -> list[Disclosure]:
    """The requests waiting for a decision, and those approved but not yet released, oldest
    first: the desk's list. Audited as `disclosure.listed` with the count."""
    require_approver(actor)
    return _listed(uow, actor, (DisclosureStatus.PENDING, DisclosureStatus.APPROVED))


def list_disclosures(
    uow: UnitOfWork, actor: Actor | None, *, pending_only: bool = False
) -> list[Disclosure]:
    """Every request (or only those waiting for a decision), oldest first. `actor` None is
    the system. Audited as `disclosure.listed` with the count."""
    if actor is not None:
        require_approver(actor)
    return _listed(uow, actor, (DisclosureStatus.PENDING,) if pending_only else None)


def decide_disclosure(
    uow: UnitOfWork,
    actor: Actor,
    disclosure_id: int,
    *,
    approve: bool,
    reason: str,
    fields: Sequence[str] | None = None,
) -> Disclosure:
    """Approve or refuse a waiting request, with a reason; closes its queue item. The
    handler who recorded it may not decide it, unless nobody else may: a request about a
    restricted record recorded by the one active DPO. Approving releases nothing yet: the
    approver releases it with `release_disclosure`, only the `fields` approved of those
    asked for (None: all of them; FieldError for none, or one not asked for).

    Audited as `disclosure.approved` (the fields approved, and those `not_approved`) or
    `disclosure.refused`, with the reason's length, and `decided_by_recorder` when the one
    who recorded it decided it.
    """
    require_approver(actor)
    text = check_decision_reason(reason)
    with uow:
        row = _waiting(uow, disclosure_id)
        restricted = is_restricted(uow, row)
        if refusal := recorder_may_not_decide(
            row.requested_by_id,
            actor.operator_id,
            restricted=restricted,
            recorder_alone=recorder_alone(uow, row, restricted),
        ):
            raise ServiceError(refusal)
        if approve and (refusal := restricted_for(uow, actor, row)):
            raise ServiceError(refusal)
        if approve:
            asked = tuple(row.fields)
            row.approved_fields = list(approved_keys(asked, asked if fields is None else fields))
            return _settle(uow, actor, row, DisclosureStatus.APPROVED, text, "Approved")
        return _settle(uow, actor, row, DisclosureStatus.REFUSED, text, f"Refused: {text}")


def withdraw_disclosure(
    uow: UnitOfWork, actor: Actor | None, disclosure_id: int, reason: str
) -> Disclosure:
    """Close a waiting request its requester withdrew, with what they said. Unlike a
    decision, the handler who recorded it may do it: nothing is disclosed. `actor` None is
    the system. Closes the queue item; audited as
    `disclosure.withdrawn` with the reason's length."""
    if actor is not None:
        require_approver(actor)
    text = check_decision_reason(reason)
    with uow:
        row = _waiting(uow, disclosure_id)
        return _settle(uow, actor, row, DisclosureStatus.WITHDRAWN, text, f"Withdrawn: {text}")


#: The event each way of settling a waiting request is recorded as.
_SETTLED_AS = {
    DisclosureStatus.APPROVED: AuditAction.DISCLOSURE_APPROVED,
    DisclosureStatus.REFUSED: AuditAction.DISCLOSURE_REFUSED,
    DisclosureStatus.WITHDRAWN: AuditAction.DISCLOSURE_WITHDRAWN,
}


def _waiting(uow: UnitOfWork, disclosure_id: int) -> DisclosureRow:
    """The request, locked, if it is still waiting for a decision."""
    row = uow.disclosures.get(disclosure_id, for_update=True)
    if row is None:
        raise NotFound("That disclosure request does not exist.")
    if row.status == DisclosureStatus.ERASED:
        raise ServiceError("That request was closed: the customer's record was erased.")
    if row.status != DisclosureStatus.PENDING:
        raise ServiceError(
            f"That request has already been decided: {DisclosureStatus(row.status).label}."
        )
    return row


def _settle(
    uow: UnitOfWork,
    actor: Actor | None,
    row: DisclosureRow,
    status: DisclosureStatus,
    reason: str,
    resolution: str,
) -> Disclosure:
    """Settle a waiting request as `status` with its reason, close its queue item with
    `resolution`, record it (the reason's length only) and commit."""
    now = datetime.now(UTC)
    row.status = status
    row.decided_at, row.decided_by_id, row.decision_reason = (
        now,
        actor.operator_id if actor else None,
        reason,
    )
    _close_item(uow, actor, row, now, resolution)
    details: dict[str, object] = {
        "disclosure_id": row.id,
        "queue_item": row.queue_item_id,
        "reason_characters": len(reason),
    }
    fields = tuple(row.fields)
    if row.approved_fields is not None:  # approved: the fields released, and any left out
        fields = tuple(row.approved_fields)
        if left := [key for key in row.fields if key not in fields]:
            details["not_approved"] = left
    if actor is not None and actor.operator_id == row.requested_by_id:
        # The trail shows where one person recorded and settled it (a restricted record's
        # request decided by the one DPO, or withdrawn by its recorder).
        details["decided_by_recorder"] = True
    audit.record(
        uow,
        actor,
        _SETTLED_AS[status],
        customer_id=row.customer_id,
        fields=fields,
        details=details,
    )
    view = _view(uow, row, _reference(uow, row.customer_id))
    uow.commit()
    return view


def close_for_erasure(
    uow: UnitOfWork, actor: Actor | None, customer_ids: list[int], now: datetime
) -> tuple[int, ...]:
    """Close these customers' open requests (waiting, or approved and not released) as
    their records are erased: nothing is left to release, and "withdrawn" or "refused"
    would be untrue. Each is recorded as `disclosure.closed_by_erasure`, with the status it
    had; its queue item is closed. Inside the erasure's transaction, which commits it.
    Returns the requests' numbers."""
    closed = []
    for row in uow.disclosures.open_for(customer_ids):
        # The decision stays as it was (none, or the approval): the closing is no decision,
        # and its event says who closed it and when.
        was = row.status
        row.status = DisclosureStatus.ERASED
        _close_item(uow, actor, row, now, "Closed: the record was erased.")
        audit.record(
            uow,
            actor,
            AuditAction.DISCLOSURE_CLOSED_BY_ERASURE,
            customer_id=row.customer_id,
            fields=row.fields,
            details={"disclosure_id": row.id, "queue_item": row.queue_item_id, "was": was},
        )
        closed.append(row.id)
    return tuple(closed)


def _listed(
    uow: UnitOfWork, actor: Actor | None, statuses: tuple[DisclosureStatus, ...] | None
) -> list[Disclosure]:
    with uow:
        references: dict[int, str] = {}
        found = []
        for row in uow.disclosures.listed(statuses):
            if row.customer_id not in references:
                references[row.customer_id] = _reference(uow, row.customer_id)
            found.append(_view(uow, row, references[row.customer_id]))
        audit.record(
            uow,
            actor,
            AuditAction.DISCLOSURES_LISTED,
            details={
                "statuses": sorted(statuses) if statuses else "all",
                "count": len(found),
            },
        )
        uow.commit()
        return found


def _close_item(
    uow: UnitOfWork, actor: Actor | None, row: DisclosureRow, now: datetime, resolution: str
) -> None:
    item = uow.queue.get(row.queue_item_id) if row.queue_item_id is not None else None
    if item is not None and item.status == QueueItemStatus.OPEN:
        item.status, item.closed_at, item.closed_by_id = (
            QueueItemStatus.CLOSED,
            now,
            actor.operator_id if actor else None,
        )
        item.resolution = resolution[:_MAX_SUMMARY]
