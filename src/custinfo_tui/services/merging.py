"""Merging two records of the same person (MP-13), by a supervisor.

The preview shows both records side by side, field by field, read with the supervisor's
reason (MP-09), and warns of two people or a record locked for possible fraud, which the
merge then needs confirmed; the merge keeps the survivor,
takes the fields chosen from the other record (their old values go to field history, as an
edit's would), moves everything else the other record holds to the survivor, and marks the
other record merged into it. Phones, e-mails and addresses join the survivor's each once,
an address taken being a move (`merging_contacts`). The person's data protection records
(requests, third-party disclosures, past restrictions, breaches naming them) follow them,
each audited on the kept record (`merging_protection`). No record is deleted. A legal
hold on either refuses it (`merging_holds`). One transaction, audited on both records.
The two records as the preview compares them, and the merge checks them again, are
`merging_comparison`'s.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueItemStatus, QueueKind
from custinfo_tui.domain.limits import MAX_STORED_REASON_LENGTH, MIN_REASON_LENGTH
from custinfo_tui.domain.merging import (
    MERGE_FIELDS,
    MERGE_REASON_NEEDED,
    MergeDone,
    MergePreview,
    MergeSide,
    MergeWarning,
    comparing_problem,
    duplicate_item_reason,
    fields_from_other,
    merge_refusal,
    mixed_address,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.reference import (
    CheckLetterWrong,
    format_reference,
    normalise_reference,
    suggest_references,
    wrong_check_letter,
)
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.repository.orm import Customer, FieldChange
from custinfo_tui.services import audit
from custinfo_tui.services.errors import MergeNotConfirmed, NotFound, ServiceError
from custinfo_tui.services.merging_comparison import (
    merge_rows,
    moving_counts,
    warnings_now,
    why_different,
)
from custinfo_tui.services.merging_contacts import (
    join_contacts_and_addresses,
)
from custinfo_tui.services.merging_holds import refuse_if_held
from custinfo_tui.services.merging_locks import fold_verification_locks
from custinfo_tui.services.merging_protection import note_followed, records_that_follow
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.record_fields import (
    ADDRESS_FIELDS,
    CONTACT_FIELDS,
    store_value,
    stored_value,
)
from custinfo_tui.services.restriction import references_on_file, refuse_if_restricted
from custinfo_tui.services.unit_of_work import UnitOfWork

#: The fields taken with the rows that hold them (merging_contacts), not value by value.
JOINED_FIELDS = frozenset(ADDRESS_FIELDS + CONTACT_FIELDS)


def find_record_to_merge(uow: UnitOfWork, actor: Actor, reference: str, survivor_id: int) -> int:
    """The id of the active record with this reference, to merge into `survivor_id`. Refused
    in words for the form that asked it: a misread reference, one no active record has, the
    survivor's own, or a record that cannot be merged into it now (in a call)."""
    require(actor, Permission.WORK_QUEUE)
    try:
        parsed = normalise_reference(reference)
    except CheckLetterWrong:  # said as the lookup says it, offering what is on file
        raise ServiceError(_slip_said(uow, actor, reference, survivor_id)) from None
    except FieldError as error:
        raise ServiceError(str(error)) from None
    with uow:
        customer = uow.customers.get_by_reference(parsed)
        if customer is None or customer.status != CustomerStatus.ACTIVE:
            raise NotFound("No active record has that reference.")
        survivor, other = _pair(uow, survivor_id, customer.id)
        _refuse_unless_mergeable(uow, survivor, other)
        return customer.id


def _slip_said(uow: UnitOfWork, actor: Actor, reference: str, survivor_id: int) -> str:
    """A reference to merge whose check letter is wrong, with the records one slip away
    that could be merged into `survivor_id` offered ("Did you mean ...?"), as the lookup
    offers them; never the survivor's own."""
    with uow:
        survivor = uow.customers.get(survivor_id)
        own = format_reference(survivor.reference) if survivor is not None else ""
        on_file = references_on_file(uow, actor, suggest_references(reference))
    return wrong_check_letter(tuple(each for each in on_file if each != own))


def preview_merge(
    uow: UnitOfWork,
    actor: Actor,
    survivor_id: int,
    other_id: int,
    reason: AccessReason | None,
    *,
    queue_item_id: int | None = None,
) -> MergePreview:
    """Both records side by side, every record field as the record shows it, and how much
    of the other record's history would move. Showing a record whole needs a reason, as
    opening one outside a call does (MP-09): the supervisor's (`reason`, whose detail says
    why in a few words), or the possible-duplicate item naming both (`queue_item_id`).
    Audited as both records viewed, with that reason."""
    require(actor, Permission.WORK_QUEUE)
    with uow:
        survivor, other = _pair(uow, survivor_id, other_id)
        why = _why_compared(uow, reason, queue_item_id, survivor.id, other.id)
        for customer in (survivor, other):
            refuse_if_restricted(uow, actor, customer.id)
        _refuse_unless_mergeable(uow, survivor, other)
        refuse_if_held(uow, actor, survivor, other, why)  # before anything of them is read
        for customer in (survivor, other):
            audit.record(
                uow,
                actor,
                AuditAction.CUSTOMER_VIEWED,
                customer_id=customer.id,
                fields=MERGE_FIELDS,
                reason=why,
                details={"merge_preview": True},
            )
        rows = merge_rows(survivor, other)
        preview = MergePreview(
            survivor_id=survivor.id,
            other_id=other.id,
            survivor_reference=format_reference(survivor.reference),
            other_reference=format_reference(other.reference),
            rows=rows,
            moving=moving_counts(uow, survivor, other, queue_item_id),
            why_different=why_different(uow, survivor.id, other.id),
            warnings=warnings_now(uow, survivor, other, rows),
        )
        uow.commit()
        return preview


def _why_compared(
    uow: UnitOfWork,
    reason: AccessReason | None,
    queue_item_id: int | None,
    survivor_id: int,
    other_id: int,
) -> str:
    """The reason the two records are read, as kept; refused, before either is read, when
    the supervisor gave none worth the name or the item names other records."""
    if queue_item_id is not None:
        item = uow.queue.get(queue_item_id)
        named = {item.customer_id, item.other_customer_id} if item is not None else set()
        if item is None or item.kind != QueueKind.POSSIBLE_DUPLICATE:
            raise NotFound("That possible-duplicate item does not exist.")
        if named != {survivor_id, other_id}:
            raise ServiceError("That possible-duplicate item is about other records.")
        reason = duplicate_item_reason(queue_item_id)
    else:
        problem = comparing_problem(reason.detail if reason is not None else "")
        if reason is None or problem is not None:
            raise ServiceError(problem or "")
    return clean_free_text(reason.text(), MAX_STORED_REASON_LENGTH)


def merge_records(
    uow: UnitOfWork,
    actor: Actor,
    survivor_id: int,
    other_id: int,
    choices: Mapping[str, MergeSide],
    reason: str,
    *,
    queue_item_id: int | None = None,
    confirmed: Collection[MergeWarning] = (),
) -> MergeDone:
    """Merge `other_id` into `survivor_id`, keeping for each field the side chosen (the
    survivor's where none is). Refuses a merge into itself, of a merged or erased record,
    while either record is in a call or under a legal hold (`MergeHeld`), or without a
    reason of a few words; and, with `MergeNotConfirmed`, one whose warnings as it stands
    (two people, a record locked for possible fraud) are not all in `confirmed`, what the
    supervisor was shown and confirmed. A verification lock moves with the rest; with both
    records locked, one lock stands after it, the other folded into it. A possible-duplicate
    queue item it came from is closed."""
    require(actor, Permission.WORK_QUEUE)
    reason = clean_free_text(reason, MAX_STORED_REASON_LENGTH)
    if len(reason) < MIN_REASON_LENGTH:  # "test" or "ok" says nothing on the trail
        raise ServiceError(MERGE_REASON_NEEDED)
    unknown = sorted(set(choices) - set(MERGE_FIELDS))
    if unknown:
        raise ServiceError(f"Not a field of the record: {', '.join(unknown)}.")
    now = datetime.now(UTC)
    with uow:
        survivor, other = _pair(uow, survivor_id, other_id, lock=True)
        for customer in (survivor, other):
            refuse_if_restricted(uow, actor, customer.id)
        _refuse_unless_mergeable(uow, survivor, other)
        refuse_if_held(uow, actor, survivor, other, reason)
        survivor_ref, other_ref = (format_reference(c.reference) for c in (survivor, other))
        rows = merge_rows(survivor, other)
        warnings = warnings_now(uow, survivor, other, rows)
        unconfirmed = [words for key, words in warnings.items() if key not in confirmed]
        if unconfirmed:
            raise MergeNotConfirmed(
                f"{' '.join(unconfirmed)} Nothing was merged: look at the two records again."
            )
        taken = fields_from_other(rows, choices)
        if mixed := mixed_address(rows, taken):
            raise ServiceError(mixed)
        why = f"Merged from {other_ref}: {reason}"[:MAX_STORED_REASON_LENGTH]
        old = {key: stored_value(survivor, key) for key in taken}
        new = {key: stored_value(other, key) for key in taken}
        moved = join_contacts_and_addresses(uow, survivor, other, new, now)
        for key in taken:
            if key not in JOINED_FIELDS:
                store_value(uow, survivor, key, new[key], now)
            _keep_in_history(uow, actor, survivor, key, old[key], new[key], why, now)
        # Both records locked: one lock is to stand once they are one (merging_locks).
        fold_verification_locks(uow, actor, survivor, other, reason, now)
        following = records_that_follow(uow, other.id, survivor.id)  # audited once moved
        moved |= uow.merges.move_rows(other.id, survivor.id)
        other.status = CustomerStatus.MERGED
        other.merged_into_id, other.merged_at, other.merged_by_id = (
            survivor.id,
            now,
            actor.operator_id,
        )
        survivor.updated_at = other.updated_at = now
        if queue_item_id is not None:
            _close_duplicate_item(uow, actor, queue_item_id, survivor_ref, other_ref, now)
        details = {
            "survivor": survivor_ref,
            "merged": other_ref,
            "merged_id": other.id,
            "from_merged": list(taken),
            "moved": moved,
            **({"warnings": [key.value for key in warnings]} if warnings else {}),
        }
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_MERGED,
            customer_id=survivor.id,
            fields=taken,
            reason=reason,
            details=details,
        )
        note_followed(uow, actor, following, survivor.id, other_ref, survivor_ref)
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_MERGED_INTO,
            customer_id=other.id,
            reason=reason,
            details={"survivor": survivor_ref, "survivor_id": survivor.id, "merged": other_ref},
        )
        uow.commit()
        return MergeDone(
            survivor_id=survivor.id,
            survivor_reference=survivor_ref,
            other_reference=other_ref,
            from_other=taken,
            moved=moved,
        )


def _pair(
    uow: UnitOfWork, survivor_id: int, other_id: int, *, lock: bool = False
) -> tuple[Customer, Customer]:
    # Lock in id order, so two merges of the same pair queue instead of deadlocking.
    loaded = {
        customer_id: uow.customers.get_for_update(customer_id, lock=lock)
        for customer_id in sorted({survivor_id, other_id})
    }
    survivor, other = loaded[survivor_id], loaded[other_id]
    if survivor is None or other is None:
        raise NotFound("That customer record no longer exists.")
    return survivor, other


def _refuse_unless_mergeable(uow: UnitOfWork, survivor: Customer, other: Customer) -> None:
    refusal = merge_refusal(
        survivor.id,
        other.id,
        survivor.status,
        other.status,
        open_calls=uow.merges.open_calls([survivor.id, other.id]),
    )
    if refusal is not None:
        raise ServiceError(refusal)


def _keep_in_history(
    uow: UnitOfWork,
    actor: Actor,
    survivor: Customer,
    key: str,
    old: str | None,
    new: str | None,
    why: str,
    now: datetime,
) -> None:
    """A field the survivor took from the other record, in field history as an edit's."""
    uow.customers.add_field_change(
        FieldChange(
            customer_id=survivor.id,
            field=key,
            old_value=old,
            new_value=new,
            reason=why,
            operator_id=actor.operator_id,
            changed_at=now,
        )
    )


def _close_duplicate_item(
    uow: UnitOfWork,
    actor: Actor,
    item_id: int,
    survivor_ref: str,
    other_ref: str,
    now: datetime,
) -> None:
    item = uow.queue.get(item_id)
    if item is None or item.kind != QueueKind.POSSIBLE_DUPLICATE:
        raise NotFound("That possible-duplicate item does not exist.")
    if item.status != QueueItemStatus.OPEN:
        return
    item.status, item.closed_at, item.closed_by_id = QueueItemStatus.CLOSED, now, actor.operator_id
    item.resolution = f"Merged {other_ref} into {survivor_ref}."
    audit.record(
        uow,
        actor,
        AuditAction.QUEUE_ITEM_CLOSED,
        customer_id=item.customer_id,
        reason=item.resolution,
        details={"queue_item": item.id, "kind": item.kind},
    )
