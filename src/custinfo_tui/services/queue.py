"""The supervisor queue: items raised by the system or handlers for a supervisor to work.

Possible-fraud items are raised when repeated failed checks lock a customer's verification
(MP-08); lifting the lock is done from the item, with a reason. Discrepancy items are
raised by a handler's report (MP-14) and closed by deciding it (services/discrepancies.py).
The queue lists every kind (`QueueKind`), or one kind at a time, most urgent first
(`QUEUE_ORDER`), and counts what it does not list.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

from custinfo_tui.domain.call_words import caller_in_words
from custinfo_tui.domain.discrepancies import reported_on_merged
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.interactions import (
    FailedCheck,
    QueueItem,
    QueueItemStatus,
    QueueKind,
    QueuePage,
)
from custinfo_tui.domain.limits import MIN_REASON_LENGTH
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.timeline import level_reached
from custinfo_tui.domain.verification import Channel, CheckKind
from custinfo_tui.repository.orm import QueueItemRow
from custinfo_tui.services import audit
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.merging_comparison import why_different
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.same_person import why_same
from custinfo_tui.services.unit_of_work import UnitOfWork
from custinfo_tui.services.verification_lockout import POSSIBLE_FRAUD
from custinfo_tui.services.verification_state import summary_of

MAX_RESOLUTION_LENGTH = 500


#: How many items the queue lists at once: the rest wait behind them, counted
#: (`QueuePage.open_total`), for the items before them to be worked or F3 to show one kind.
QUEUE_PAGE = 200


def queue_page(uow: UnitOfWork, actor: Actor, kind: QueueKind | None = None) -> QueuePage:
    """The queue as a supervisor sees it: its first `QUEUE_PAGE` items, most urgent first
    (`QUEUE_ORDER`: possible fraud before bulk items such as an import's possible
    duplicates, whatever their age), of every kind or only `kind`, with how many there are
    in all. Items carry references and counts, never personal values. Audited as
    `queue.viewed`, with the kind and the counts: which customers were locked for possible
    fraud is itself about them."""
    require(actor, Permission.WORK_QUEUE)
    value = kind.value if kind else None
    with uow:
        items = [_to_item(uow, row) for row in uow.queue.list_open(QUEUE_PAGE, kind=value)]
        opened, kept = uow.queue.count_listed(kind=value)
        audit.record(
            uow,
            actor,
            AuditAction.QUEUE_VIEWED,
            details={"kind": value or "all", "count": len(items), "total": opened + kept},
        )
        uow.commit()
        return QueuePage(items=items, open_total=opened, kept_total=kept)


def open_items(uow: UnitOfWork, actor: Actor, kind: QueueKind | None = None) -> list[QueueItem]:
    """The items `queue_page` lists, most urgent first."""
    return queue_page(uow, actor, kind).items


def failed_checks(uow: UnitOfWork, actor: Actor, item_id: int) -> list[FailedCheck]:
    """The failed checks that locked a possible-fraud item's customer, oldest first, read
    from the audit trail: the lock's event names the item and how many failures it counted,
    and they are the newest failed checks before it on the record it was set on (the
    customer's own, or one merged into theirs since: its lock moved, its trail did not).
    Empty for other kinds."""
    require(actor, Permission.WORK_QUEUE)
    with uow:
        item = fraud_item(uow, item_id)
        if item is None:
            return []
        lock = _lock_event(uow, item_id, item.customer_id)
        if lock is None:
            return []
        failed = uow.audit.list_recent(
            customer_id=lock.customer_id,
            action=AuditAction.CALLER_VERIFICATION_FAILED.value,
            before_id=lock.id,
            limit=int(lock.details.get("failures", 0)),
        )
        name = operator_names(uow)
        channels: dict[int, str] = {}
        calls: dict[int, list[AuditEvent]] = {}
        for event in failed:
            if event.interaction_id is not None and event.interaction_id not in channels:
                interaction = uow.interactions.get(event.interaction_id)
                channels[event.interaction_id] = (
                    Channel(interaction.channel).label.lower() if interaction else "-"
                )
                calls[event.interaction_id] = uow.audit.for_interaction(event.interaction_id)
        return [
            FailedCheck(
                at=event.occurred_at,
                operator=name(event.operator_id),
                channel=channels.get(event.interaction_id or 0, "-"),
                check=", ".join(CheckKind(kind).label for kind in event.fields),
                caller=_caller(uow, event),
                reached_after=_reached_after(event, calls.get(event.interaction_id or 0, [])),
            )
            for event in reversed(failed)
        ]


class FraudItem(NamedTuple):
    """A possible-fraud item and the customer it locked: `fraud_item`'s answer, whose
    customer is never missing (the row's `customer_id` may be, for other kinds)."""

    row: QueueItemRow
    customer_id: int


def fraud_item(uow: UnitOfWork, item_id: int) -> FraudItem | None:
    """The possible-fraud item `item_id`, open or closed, for what is read beside it (the
    checks that locked it, whom it locked); None for an item of another kind or with no
    customer, which has neither. Refused when the item is gone (a supervisor may be looking
    at a list read before it was)."""
    item = uow.queue.get(item_id)
    if item is None:
        raise NotFound("That queue item no longer exists.")
    if item.kind != POSSIBLE_FRAUD or item.customer_id is None:
        return None
    return FraudItem(item, item.customer_id)


def _lock_event(uow: UnitOfWork, item_id: int, customer_id: int) -> AuditEvent | None:
    """The `verification.locked` event that raised the item, on the customer's record or on
    a record merged into it."""
    for record_id in (customer_id, *uow.merges.merged_into(customer_id)):
        locks = uow.audit.list_recent(
            customer_id=record_id, action=AuditAction.VERIFICATION_LOCKED.value, limit=50
        )
        lock = next((e for e in locks if e.details.get("queue_item") == item_id), None)
        if lock is not None:
            return lock
    return None


def _caller(uow: UnitOfWork, failed: AuditEvent) -> str:
    """Who gave the failed answer: a representative by their description ("Priya Smith
    (partner, named contact)"), anyone else as the trail words them."""
    representative_id = failed.details.get("representative")
    if failed.details.get("caller") == "representative" and isinstance(representative_id, int):
        representative = uow.interactions.get_representative(representative_id)
        if representative is not None:
            return summary_of(representative).description
    return caller_in_words(failed.details)


def _reached_after(failed: AuditEvent, call: list[AuditEvent]) -> str | None:
    """The highest level the same caller reached later in the call of a failed check."""
    caller = (failed.details.get("caller"), failed.details.get("representative"))
    reached = [
        level_reached(event.details)
        for event in call
        if event.action is AuditAction.CALLER_VERIFIED
        and event.place > failed.place
        and (event.details.get("caller"), event.details.get("representative")) == caller
    ]
    return reached[-1] if reached else None


def lift_verification_lock(uow: UnitOfWork, actor: Actor, item_id: int, reason: str) -> None:
    """Lift the verification lock a possible-fraud item raised, and close the item; or,
    for an item closed with its lock kept, lift the lock then."""
    require(actor, Permission.WORK_QUEUE)
    reason = _reason(
        reason, "Give the reason for lifting the lock (for example: ID checked in branch)."
    )
    now = datetime.now(UTC)
    with uow:
        item = uow.queue.get(item_id)
        if item is None:
            raise NotFound("That queue item does not exist.")
        if item.kind != POSSIBLE_FRAUD or item.customer_id is None:
            raise ServiceError("This item has no verification lock to lift.")
        kept = item.status != QueueItemStatus.OPEN
        lock = uow.queue.lock_of(item.id) if kept else uow.queue.active_lock(item.customer_id)
        if lock is not None and lock.folded_into_id is not None:
            raise ServiceError(
                "This item's lock was folded into the customer's other lock when their records "
                "were merged: lift that one, from its own item."
            )
        if lock is None or lock.lifted_at is not None:
            raise ServiceError("The lock has already been lifted.")
        lock.lifted_at, lock.lifted_by_id, lock.lift_reason = now, actor.operator_id, reason
        if not kept:
            _close(item, actor, now, f"Lock lifted: {reason}")
        audit.record(
            uow,
            actor,
            AuditAction.VERIFICATION_LOCK_LIFTED,
            customer_id=item.customer_id,
            interaction_id=item.interaction_id,
            reason=reason,
            details={"queue_item": item.id, **({"kept_since": True} if kept else {})},
        )
        uow.commit()


def close_item(uow: UnitOfWork, actor: Actor, item_id: int, resolution: str) -> None:
    """Close an item without lifting anything (for example: fraud confirmed, lock stays; a
    possible duplicate found to be two people). A possible-fraud item closed so stays on
    the queue until its lock is lifted; any other is gone from it."""
    require(actor, Permission.WORK_QUEUE)
    now = datetime.now(UTC)
    with uow:
        item = _open_item(uow, item_id)
        if item.kind == QueueKind.DISCREPANCY:
            raise ServiceError("Correct the record or reject the report: that closes the item.")
        if item.kind == QueueKind.DISCLOSURE_REQUEST:
            raise ServiceError("Approve or refuse the request: that closes the item.")
        resolution = _reason(resolution, "Say how the item was resolved, in a few words.")
        _close(item, actor, now, resolution)
        audit.record(
            uow,
            actor,
            AuditAction.QUEUE_ITEM_CLOSED,
            customer_id=item.customer_id,
            interaction_id=item.interaction_id,
            reason=resolution,
            details={"queue_item": item.id, "kind": item.kind},
        )
        uow.commit()


def _open_item(uow: UnitOfWork, item_id: int) -> QueueItemRow:
    item = uow.queue.get(item_id)
    if item is None:
        raise NotFound("That queue item does not exist.")
    if item.status != QueueItemStatus.OPEN:
        raise ServiceError("That queue item has already been closed.")
    return item


def _reason(typed: str, missing: str) -> str:
    """The reason as kept; refused when missing or a word too short to say anything on the
    trail ("ok", "x")."""
    reason = clean_free_text(typed, MAX_RESOLUTION_LENGTH)
    if len(reason) < MIN_REASON_LENGTH:
        raise ServiceError(missing)
    return reason


def _close(item: QueueItemRow, actor: Actor, now: datetime, resolution: str) -> None:
    item.status, item.closed_at, item.closed_by_id = QueueItemStatus.CLOSED, now, actor.operator_id
    item.resolution = resolution[:MAX_RESOLUTION_LENGTH]


def _to_item(uow: UnitOfWork, row: QueueItemRow) -> QueueItem:
    customer = uow.customers.get(row.customer_id) if row.customer_id is not None else None
    interaction = (
        uow.interactions.get(row.interaction_id) if row.interaction_id is not None else None
    )
    raiser = uow.operators.get(row.raised_by_id) if row.raised_by_id is not None else None
    return QueueItem(
        id=row.id,
        kind=row.kind,
        kind_label=_kind_label(row.kind),
        customer_reference=format_reference(customer.reference) if customer else None,
        channel=interaction.channel if interaction else None,
        raised_at=row.raised_at,
        raised_by=raiser.username if raiser else "system",
        summary=row.summary,
        status=row.status,
        lock_active=row.customer_id is not None
        and uow.queue.active_lock(row.customer_id) is not None,
        lock_kept=_lock_kept(uow, row),
        customer_id=row.customer_id,
        other_customer_id=row.other_customer_id,
        why_different=why_different(uow, row.customer_id)
        if row.kind == QueueKind.POSSIBLE_DUPLICATE and row.customer_id is not None
        else None,
        why_same=why_same(uow, row),
        merged_since=_merged_since(uow, row, customer.reference if customer else None),
    )


def _merged_since(uow: UnitOfWork, row: QueueItemRow, reference: str | None) -> str | None:
    """For a discrepancy item whose report a merge moved to this record: the record it was
    reported on, since merged into this one, in words (`DiscrepancyReport.merged_since`)."""
    if row.kind != QueueKind.DISCREPANCY or reference is None:
        return None
    report = uow.discrepancies.for_queue_item(row.id)
    made_on = report.reported_on_id if report is not None else None
    customer = uow.customers.get(made_on) if made_on is not None else None
    if customer is None:
        return None
    return reported_on_merged(format_reference(customer.reference), format_reference(reference))


def _lock_kept(uow: UnitOfWork, row: QueueItemRow) -> str | None:
    """For an item closed with its lock kept: when, by whom and why."""
    if row.status == QueueItemStatus.OPEN or row.closed_at is None:
        return None
    closer = uow.operators.get(row.closed_by_id) if row.closed_by_id is not None else None
    by = closer.username if closer is not None else "a supervisor"
    return f"Closed {row.closed_at:%d %b %H:%M} by {by}, the lock kept: {row.resolution}"


def _kind_label(kind: str) -> str:
    try:
        return QueueKind(kind).label
    except ValueError:
        return kind
