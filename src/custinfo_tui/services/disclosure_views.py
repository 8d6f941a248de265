"""A third party's request as the approver, the desk and the command line read it (MP-17):
the stored row with its customer's reference, who recorded and decided it by name, which
fields were asked for and which approved, and whether its record is restricted; never a
customer's value. Inside the caller's transaction (services/disclosures.py)."""

from __future__ import annotations

from custinfo_tui.domain.disclosures import Disclosure, DisclosureStatus, field_labels
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.repository.orm import DisclosureRow
from custinfo_tui.services.disclosure_deciders import is_restricted, recorder_alone
from custinfo_tui.services.disclosures_in_pack import approved_of
from custinfo_tui.services.record_view import operator_names
from custinfo_tui.services.unit_of_work import UnitOfWork


def reference_of(uow: UnitOfWork, customer_id: int) -> str:
    """The customer's stored reference, "" when the record is gone."""
    customer = uow.customers.get(customer_id)
    return customer.reference if customer else ""


def disclosure_view(uow: UnitOfWork, row: DisclosureRow, reference: str) -> Disclosure:
    """The request as `Disclosure`, `reference` its customer's stored reference."""
    name = operator_names(uow)
    fields, approved = tuple(row.fields), approved_of(row)
    restricted = is_restricted(uow, row)
    return Disclosure(
        id=row.id,
        customer_id=row.customer_id,
        customer_reference=format_reference(reference) if reference else "-",
        requester=row.requester,
        organisation=row.organisation,
        identity_check=row.identity_check,
        lawful_basis=row.lawful_basis,
        asked_for=row.asked_for,
        fields=fields,
        field_labels=field_labels(fields),
        channel=row.channel,
        status=DisclosureStatus(row.status),
        requested_at=row.requested_at,
        requested_by=name(row.requested_by_id),
        requested_by_id=row.requested_by_id,
        decided_by=name(row.decided_by_id) if row.decided_at is not None else None,
        decided_by_id=row.decided_by_id,
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
        approved_fields=approved,
        approved_labels=field_labels(approved),
        released_at=row.released_at,
        queue_item_id=row.queue_item_id,
        restricted=restricted,
        recorder_alone=recorder_alone(uow, row, restricted),
    )
