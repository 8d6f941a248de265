"""A customer's third-party disclosures as their subject access pack reads them: what was
asked, for whom, on what basis, and by whom approved, never a value; and the requests made
for crime prevention or taxation, which the pack may have to leave out (docs/data-
protection.md, "The export pack"). No actor and no transaction of their own: the subject
access service checks the permission and audits the export in its own."""

from __future__ import annotations

from custinfo_tui.domain.disclosures import (
    TIPPING_OFF_BASES,
    DisclosureStatus,
    SubjectAccessDisclosure,
    field_labels,
)
from custinfo_tui.repository.orm import DisclosureRow
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.unit_of_work import UnitOfWork


def disclosures_for_customer(uow: UnitOfWork, customer_id: int) -> list[SubjectAccessDisclosure]:
    """A customer's disclosures to third parties, oldest first, for their subject access
    pack: who asked, for which organisation, the basis, the fields asked for and those
    approved by name, the channel, the dates and who approved it; never a value.

    Call it inside your own `with uow:` block: it takes no actor, opens no transaction and
    records nothing, because the subject access service that builds the pack checks the
    permission and audits the export in its own transaction.
    """
    name = operator_names(uow)
    return [
        SubjectAccessDisclosure(
            id=row.id,
            requester=row.requester,
            organisation=row.organisation,
            lawful_basis=row.lawful_basis,
            fields=tuple(row.fields),
            field_labels=field_labels(tuple(row.fields)),
            approved_labels=field_labels(approved_of(row)),
            channel=row.channel,
            status=DisclosureStatus(row.status),
            requested_at=row.requested_at,
            decided_at=row.decided_at,
            approved_by=name(row.decided_by_id) if was_approved(row) else None,
            released_at=row.released_at,
        )
        for row in uow.disclosures.for_customer(customer_id)
    ]


def crime_requests(uow: UnitOfWork, customer_id: int) -> tuple[int, ...]:
    """The customer's requests made for crime prevention or taxation (DPA 2018 Sch. 2 para
    2), whatever became of them: their subject access pack may tip off a suspect. Inside
    the caller's transaction, like `disclosures_for_customer`."""
    return tuple(
        row.id
        for row in uow.disclosures.for_customer(customer_id)
        if row.lawful_basis in TIPPING_OFF_BASES
    )


def was_approved(row: DisclosureRow) -> bool:
    """Whether the request was approved: it still is, was released, or was approved before
    its record was erased (a request closed by erasure keeps only an approval's decision)."""
    if row.status == DisclosureStatus.ERASED:
        return row.decided_at is not None
    return row.status in (DisclosureStatus.APPROVED, DisclosureStatus.RELEASED)


def approved_of(row: DisclosureRow) -> tuple[str, ...]:
    """The fields the approver released of those asked for; none for a request not
    approved. (Every one asked for, for a request approved before approvers could choose,
    should its column be empty.)"""
    if not was_approved(row):
        return ()
    return tuple(row.approved_fields if row.approved_fields is not None else row.fields)
