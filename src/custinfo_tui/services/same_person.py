"""A handler asks for two records of one person to be merged (MP-13).

From the lookup's results, the highlighted record and another: a possible-duplicate item
goes to the supervisor queue (`QueueKind.POSSIBLE_DUPLICATE`, as the capture's "a different
person" raises), marked as said to be the same person, and the supervisor compares and
merges the two from it as from any other (services/merging.py). The handler's reason is
kept on the request's events, as the capture's reason is on `customer.created`; the item's
summary names the references only, and who said they are one person by the role they
asked in ("said by a handler", "said by a supervisor": a supervisor in a call, whose merge
waits for it to end, queues the pair for themselves this way).

Who may ask is who may save a new customer despite a possible duplicate: the right to
change customer records (`Permission.EDIT_CUSTOMER`). Nothing of either record is read or
shown by it, so nothing is disclosed to a caller.
"""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueItemStatus, QueueKind
from custinfo_tui.domain.limits import MAX_STORED_REASON_LENGTH
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.same_person import (
    MergeAsked,
    already_queued_words,
    queue_summary,
    same_person_problem,
)
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.repository.orm import Customer, QueueItemRow
from custinfo_tui.services import audit
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.in_call import active_customer
from custinfo_tui.services.permissions import Permission, allows, require
from custinfo_tui.services.restriction import refuse_if_restricted
from custinfo_tui.services.unit_of_work import UnitOfWork


def ask_to_merge(
    uow: UnitOfWork, actor: Actor, customer_id: int, other_id: int, reason: str
) -> MergeAsked:
    """Raise a possible-duplicate item saying the two records are one person, with the
    handler's reason. The record held first is the one a merge from the item keeps, as for
    the capture's item (raised on the newer record, naming the earlier).

    Refused, changing nothing: a record with itself, either record merged or erased, a
    record restricted (the refusal audited, as opening it would be), a reason of less than
    a few words, and two records a possible-duplicate item already pairs (a supervisor is
    asked once; a supervisor asking is told it is theirs to merge from the queue). Audited
    as `customer.merge_asked` on each record, with the item's id and the other record's
    reference; the reason on both, the handler's own words."""
    require(actor, Permission.EDIT_CUSTOMER)
    problem = same_person_problem(reason)
    if problem is not None:
        raise ServiceError(problem)
    words = clean_free_text(reason, MAX_STORED_REASON_LENGTH)
    if customer_id == other_id:
        raise ServiceError("A record is the same person as itself: choose the other record.")
    now = datetime.now(UTC)
    with uow:
        for each in (customer_id, other_id):
            refuse_if_restricted(uow, actor, each)
        kept, other = sorted(
            (active_customer(uow, customer_id), active_customer(uow, other_id)),
            key=lambda c: (c.created_at, c.id),
        )
        _refuse_if_asked(uow, actor, kept, other)
        item = uow.queue.add(
            QueueItemRow(
                kind=QueueKind.POSSIBLE_DUPLICATE,
                status=QueueItemStatus.OPEN,
                customer_id=other.id,
                other_customer_id=kept.id,
                said_same_person=True,
                summary=queue_summary(_ref(kept), _ref(other), actor.role),
                raised_at=now,
                raised_by_id=actor.operator_id,
            )
        )
        for this, that in ((other, kept), (kept, other)):
            audit.record(
                uow,
                actor,
                AuditAction.MERGE_ASKED,
                customer_id=this.id,
                reason=words,
                details={"queue_item": item.id, "other": _ref(that), "kept": _ref(kept)},
            )
        asked = MergeAsked(
            queue_item_id=item.id, kept_reference=_ref(kept), other_reference=_ref(other)
        )
        uow.commit()
        return asked


def why_same(uow: UnitOfWork, item: QueueItemRow) -> str | None:
    """The handler's reason for asking the merge the item is for, as kept on its event
    (None for any other item: a capture's or an import's possible duplicate)."""
    if not item.said_same_person or item.customer_id is None:
        return None
    for event in uow.audit.list_recent(
        customer_id=item.customer_id, action=AuditAction.MERGE_ASKED.value, limit=50
    ):
        if event.details.get("queue_item") == item.id:
            return event.reason
    return None


def _refuse_if_asked(uow: UnitOfWork, actor: Actor, kept: Customer, other: Customer) -> None:
    asked = uow.queue.open_duplicate_of(kept.id, other.id)
    if asked is not None:
        merges_them = allows(actor.role, Permission.WORK_QUEUE)
        raise ServiceError(
            already_queued_words(_ref(other), _ref(kept), asked.id, merges_them=merges_them)
        )


def _ref(customer: Customer) -> str:
    return format_reference(customer.reference)
