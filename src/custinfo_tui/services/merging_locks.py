"""Merging two records both locked for possible fraud (MP-08, MP-13): one person, one lock.

A lock moves with its record (docs/after-the-call.md, "A lock moves with the record"), so
two locked records merged would leave the kept one two locks, each with its item: the queue
would list the customer twice, and a supervisor who lifted one would find them still
locked. `fold_verification_locks` keeps one standing and folds the others into it, in the
merge's transaction.

Which one stands: a lock has no end of its own (it stands until a supervisor lifts it), so
none outlasts another; the one kept is the one whose item is still open on the queue, for a
supervisor to work, and among those (or if none is) the later, set on the newer failures.
A folded lock ends (`lifted_at`) naming the lock it went into (`folded_into_id`), its item
closed if it was open; that is no lift, so no failure is spent by it (no one looked at them)
and the protection never lapses: the kept lock stands until lifted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueItemStatus
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.repository.orm import Customer, QueueItemRow, VerificationLock
from custinfo_tui.services import audit
from custinfo_tui.services.unit_of_work import UnitOfWork


def fold_verification_locks(
    uow: UnitOfWork, actor: Actor, survivor: Customer, other: Customer, reason: str, now: datetime
) -> int:
    """Leave one verification lock standing over the two records being merged, folding
    every other into it: each ends, its open item is closed, and `verification.lock_folded`
    is recorded on the kept record with the merge's reason. Call before the rows move. How
    many were folded (0 with one lock or none)."""
    standing = uow.queue.standing_locks([survivor.id, other.id])
    if len(standing) < 2:
        return 0
    items = {lock.id: _item(uow, lock) for lock in standing}
    kept = max(standing, key=lambda lock: (_is_open(items[lock.id]), lock.locked_at, lock.id))
    merge = _Merge(
        survivor.id,
        format_reference(survivor.reference),
        format_reference(other.reference),
        reason,
        now,
    )
    for lock in standing:
        if lock is not kept:
            _fold(uow, actor, merge, lock, items[lock.id], kept)
    return len(standing) - 1


@dataclass(frozen=True)
class _Merge:
    """The merge a lock is folded in: the kept record, both references, the reason, when."""

    survivor_id: int
    survivor_reference: str
    other_reference: str
    reason: str
    at: datetime


def _item(uow: UnitOfWork, lock: VerificationLock) -> QueueItemRow | None:
    return uow.queue.get(lock.queue_item_id) if lock.queue_item_id is not None else None


def _is_open(item: QueueItemRow | None) -> bool:
    return item is not None and item.status == QueueItemStatus.OPEN


def _fold(
    uow: UnitOfWork,
    actor: Actor,
    merge: _Merge,
    lock: VerificationLock,
    item: QueueItemRow | None,
    kept: VerificationLock,
) -> None:
    to_work = (
        f": queue item {kept.queue_item_id} is the one to work"
        if kept.queue_item_id is not None
        else ""
    )
    words = (
        f"Folded into the lock kept on {merge.survivor_reference} when "
        f"{merge.other_reference} was merged into it{to_work}."
    )
    lock.lifted_at, lock.lifted_by_id, lock.folded_into_id = merge.at, actor.operator_id, kept.id
    lock.lift_reason = words
    closing = _is_open(item)
    if item is not None and closing:
        item.status, item.closed_at, item.closed_by_id = (
            QueueItemStatus.CLOSED,
            merge.at,
            actor.operator_id,
        )
        item.resolution = words
    audit.record(
        uow,
        actor,
        AuditAction.VERIFICATION_LOCK_FOLDED,
        customer_id=merge.survivor_id,
        reason=merge.reason,
        details={
            "lock": lock.id,
            "kept_lock": kept.id,
            "queue_item": lock.queue_item_id,
            "kept_queue_item": kept.queue_item_id,
            "item_closed": closing,
            "survivor": merge.survivor_reference,
            "merged": merge.other_reference,
        },
    )
