"""The lockout after too many failed checks (MP-08): verification locked for the
customer on the policy's lock channels, and a possible-fraud item raised for supervisors
(lifted from the queue, services/queue.py). `check_answer` (services/verification.py)
calls it when a failure reaches the policy's `max_failures` within its window.
"""

from __future__ import annotations

from datetime import datetime

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueItemStatus, QueueKind
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.text import counted
from custinfo_tui.domain.verification import Channel, VerificationPolicy, channels_in_words
from custinfo_tui.repository.orm import Customer, Interaction, QueueItemRow, VerificationLock
from custinfo_tui.services import audit
from custinfo_tui.services.unit_of_work import UnitOfWork

POSSIBLE_FRAUD = QueueKind.POSSIBLE_FRAUD


def lock_after_failures(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction: Interaction,
    customer: Customer,
    failures: int,
    now: datetime,
) -> bool:
    """Lock verification for the customer and raise a possible-fraud item; True if locked now.

    Already locked: no second lock, but if a supervisor closed the lock's item and kept the
    lock, new failures raise a new item, so there is always something to work.
    """
    lock = uow.queue.active_lock(customer.id)
    if lock is not None:
        item = uow.queue.get(lock.queue_item_id) if lock.queue_item_id is not None else None
        if item is None or item.status != QueueItemStatus.OPEN:
            lock.queue_item_id = _raise_item(
                uow, actor, policy, interaction, customer, failures, now
            )
        return False
    item_id = _raise_item(uow, actor, policy, interaction, customer, failures, now)
    uow.queue.add_lock(
        VerificationLock(
            customer_id=customer.id,
            channels=[c.value for c in policy.lock_channels],
            locked_at=now,
            queue_item_id=item_id,
        )
    )
    audit.record(
        uow,
        actor,
        AuditAction.VERIFICATION_LOCKED,
        customer_id=customer.id,
        interaction_id=interaction.id,
        outcome="locked",
        details={
            "failures": failures,
            "queue_item": item_id,
            "channels": [c.value for c in policy.lock_channels],
        },
    )
    return True


def _raise_item(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction: Interaction,
    customer: Customer,
    failures: int,
    now: datetime,
) -> int:
    window = policy.failure_window_hours  # hours, perhaps a fraction
    hours = f"{window:g} hour" if window == 1 else f"{window:g} hours"
    item = uow.queue.add(
        QueueItemRow(
            kind=POSSIBLE_FRAUD,
            status=QueueItemStatus.OPEN,
            customer_id=customer.id,
            interaction_id=interaction.id,
            summary=(
                f"{counted(failures, 'failed verification check')} within {hours} "
                f"({Channel(interaction.channel).label.lower()}). Verification by "
                f"{channels_in_words(policy.lock_channels)} "
                "is locked until a supervisor lifts it."
            ),
            raised_at=now,
            raised_by_id=actor.operator_id,
        )
    )
    return item.id
