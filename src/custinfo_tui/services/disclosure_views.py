"""A third party's request as the approver, the desk and the command line read it (MP-17):
the stored row with its customer's reference, who recorded and decided it by name, the
call it was recorded in, which
fields were asked for and which approved, whether its record is restricted, and which of
those fields have a discrepancy report still open; never a customer's value. Inside the
caller's transaction (services/disclosures.py)."""

from __future__ import annotations

from custinfo_tui.domain.disclosures import Disclosure, DisclosureStatus, field_labels
from custinfo_tui.domain.discrepancies import OpenReportOn
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.repository.orm import DisclosureRow
from custinfo_tui.services.disclosure_deciders import is_restricted, recorder_alone
from custinfo_tui.services.disclosures_in_pack import approved_of
from custinfo_tui.services.operator_names import operator_names
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
    call = uow.interactions.get(row.interaction_id) if row.interaction_id is not None else None
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
        call_channel=call.channel if call is not None else None,
        call_started_at=call.started_at if call is not None else None,
        restricted=restricted,
        recorder_alone=recorder_alone(uow, row, restricted),
        open_reports=open_reports_on(uow, row.customer_id, fields),
    )


def open_reports_on(
    uow: UnitOfWork, customer_id: int, fields: tuple[str, ...]
) -> tuple[OpenReportOn, ...]:
    """The customer's discrepancy reports still open on any of `fields`, oldest first: a
    police request approved for the address on file while a handler's report says line 1
    is wrong would send what may be wrong. Field names and reporters only."""
    name = operator_names(uow)
    return tuple(
        OpenReportOn(
            field=report.field,
            field_label=FIELDS[report.field].label if report.field in FIELDS else report.field,
            reported_at=report.reported_at,
            reported_by=name(report.reported_by_id),
        )
        for report in uow.discrepancies.open_on(customer_id)
        if report.field in fields
    )
