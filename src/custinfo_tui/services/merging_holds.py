"""A merge waits while a legal hold is in force (MP-13, MP-16; `domain.merging_holds` says
why): the comparison and the merge itself are refused, saying which record is held, by what
kind of hold and since when, and that the DPO can lift it. Each refusal is on the audit
trail, as an erasure refused for a hold is: on each record compared that is held (itself,
or through a record merged into it before), with both references and the holds.
"""

from __future__ import annotations

from custinfo_tui.domain.data_protection.erasure import HoldKind
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.merging_holds import HeldRecord, merge_held_refusal
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.repository.orm import Customer, LegalHoldRow
from custinfo_tui.services import audit
from custinfo_tui.services.errors import MergeHeld
from custinfo_tui.services.unit_of_work import UnitOfWork


def refuse_if_held(
    uow: UnitOfWork, actor: Actor, survivor: Customer, other: Customer, reason: str
) -> None:
    """Raise MergeHeld when a legal hold is in force on either record or on a record merged
    into either; the refusal is committed to the audit trail first (outcome "refused", with
    `reason`, the supervisor's), as restricted records' refusals are."""
    compared = {survivor.id: survivor, other.id: other}
    held = {customer_id: _held(uow, customer) for customer_id, customer in compared.items()}
    if not any(held.values()):
        return
    references = {
        "survivor": format_reference(survivor.reference),
        "merged": format_reference(other.reference),
    }
    for customer_id, holds in held.items():
        if holds:
            audit.record(
                uow,
                actor,
                AuditAction.CUSTOMER_MERGE_REFUSED,
                customer_id=customer_id,
                reason=reason,
                outcome="refused",
                details={
                    **references,
                    "holds": [row.id for row, _ in holds],
                    "kinds": sorted({row.kind for row, _ in holds}),
                },
            )
    uow.commit()
    raise MergeHeld(merge_held_refusal([hold for holds in held.values() for _, hold in holds]))


def _held(uow: UnitOfWork, customer: Customer) -> list[tuple[LegalHoldRow, HeldRecord]]:
    """The recorded holds in force on the record and on those merged into it, oldest first,
    each with how the supervisor is told of it."""
    reference = format_reference(customer.reference)
    merged = {
        customer_id: format_reference(stored)
        for customer_id, stored in uow.merges.merged_references(customer.id).items()
    }
    return [
        (
            row,
            HeldRecord(
                reference=merged.get(row.customer_id, reference),
                merged_into=reference if row.customer_id in merged else None,
                kind=HoldKind(row.kind),
                since=row.set_at,
            ),
        )
        for row in uow.erasure.holds_in_force([customer.id, *merged])
    ]
