"""What a supervisor reads of the queue beside a decision, or without opening it (MP-08).

`locked_customer`: whom a possible-fraud item locked (name, town) and whether the call
that locked it is still going on, at whose desk: a lift "Photo ID seen in Leeds branch"
for a customer in Edinburgh is spotted, and a caller who may be waiting is not forgotten.
`queue_counts`: the open items, those for possible fraud, and the locks kept after
closing (still to lift, so still on the queue), for the line over the lookup; counts
only, read every 15 seconds, so not audited (the queue's own reading is). The name and
town are the customer's personal data: reading them is audited as `customer.viewed` of
those fields, naming the item (MP-10).
"""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import LockedCustomer, QueueCounts, QueueItemStatus
from custinfo_tui.domain.one_name import full_name
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.orm import Interaction
from custinfo_tui.services import audit
from custinfo_tui.services.closing_calls import desk_of
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.queue import fraud_item
from custinfo_tui.services.record_fields import current_address
from custinfo_tui.services.unit_of_work import UnitOfWork
from custinfo_tui.services.verification_lockout import POSSIBLE_FRAUD


def queue_counts(uow: UnitOfWork, actor: Actor) -> QueueCounts:
    """The open items on the queue, how many of them are for possible fraud, and the locks
    kept after closing: a queue with only those left still has a lock to lift."""
    require(actor, Permission.WORK_QUEUE)
    with uow:
        opened, kept = uow.queue.count_listed()
        fraud, _ = uow.queue.count_listed(kind=POSSIBLE_FRAUD)
        return QueueCounts(open=opened, fraud=fraud, kept=kept)


def locked_customer(uow: UnitOfWork, actor: Actor, item_id: int) -> LockedCustomer | None:
    """Whom a possible-fraud item locked, and where its call stands; None for any other
    item, or one whose record is gone."""
    require(actor, Permission.WORK_QUEUE)
    with uow:
        item = fraud_item(uow, item_id)
        if item is None:
            return None
        customer = uow.customers.get(item.customer_id)
        if customer is None:
            return None
        address = current_address(customer)
        row = item.row
        call = uow.interactions.get(row.interaction_id) if row.interaction_id else None
        open_item = row.status == QueueItemStatus.OPEN
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_VIEWED,
            customer_id=customer.id,
            fields=["given_name", "family_name", "town"],
            details={"queue_item": item_id},
        )
        uow.commit()
        return LockedCustomer(
            name=full_name(customer.given_name, customer.family_name),
            town=address.town if address is not None and address.town else None,
            call=_call_in_words(uow, call) if call is not None and open_item else None,
        )


def _call_in_words(uow: UnitOfWork, call: Interaction) -> str:
    """Where the call that locked the record stands: ended (when), or still open, and
    whether its desk is still at work on it (`services/closing_calls.desk_of`); with when
    it started, so how long a caller still on the line has waited, and whether a call
    never ended is this morning's or last week's."""
    handler = operator_names(uow)(call.operator_id)
    what = f"{handler}'s {Channel(call.channel).label.lower()}"
    started = f"started {call.started_at:%d %b %H:%M}"
    if call.ended_at is not None:
        if call.ended_at.date() == call.started_at.date():  # the day said once
            started = f"started {call.started_at:%H:%M}"
        return f"ended {call.ended_at:%d %b %H:%M} ({what}, {started})."
    desk = desk_of(uow, call, datetime.now(UTC))
    if desk.in_use and desk.active_at is not None:
        return (
            f"still in progress: {what}, {started}, at a desk active "
            f"{desk.active_at:%H:%M}; the caller may be waiting."
        )
    quiet = f" since {desk.quiet_since:%d %b %H:%M}" if desk.quiet_since is not None else ""
    return f"never ended: {what}, {started}, its desk quiet{quiet}."
