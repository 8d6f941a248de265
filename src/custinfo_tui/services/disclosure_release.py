"""Releasing an approved third-party disclosure (MP-17, docs/data-protection.md): the
approved fields' values handed to the approver who approved the request, to send by its
channel, once; recorded as `field.disclosed` with the disclosure's id, never a value.
Requests are recorded, decided and withdrawn in disclosures.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.disclosure_fields import release_keys
from custinfo_tui.domain.disclosures import DisclosureRelease, DisclosureStatus, ReleasedValue
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.operators import Actor
from custinfo_tui.services import audit
from custinfo_tui.services.disclosure_deciders import require_approver, restricted_for
from custinfo_tui.services.disclosure_views import disclosure_view
from custinfo_tui.services.disclosures_in_pack import approved_of
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.in_call import active_customer
from custinfo_tui.services.record_fields import current_address
from custinfo_tui.services.record_view import displayed_value
from custinfo_tui.services.unit_of_work import UnitOfWork


def release_disclosure(uow: UnitOfWork, actor: Actor, disclosure_id: int) -> DisclosureRelease:
    """The approved fields' values, for the approver to send by the request's channel (of a
    whole address, the lines the record lists for its country); the release is recorded as
    `field.disclosed` (the fields approved, the disclosure's id, the channel; no values).
    Only the approver releases, once, and only after approval."""
    require_approver(actor)
    now = datetime.now(UTC)
    with uow:
        row = uow.disclosures.get(disclosure_id, for_update=True)
        if row is None:
            raise NotFound("That disclosure request does not exist.")
        if row.status != DisclosureStatus.APPROVED:
            raise ServiceError(
                "Only an approved request is released; this one is "
                f"{DisclosureStatus(row.status).label}."
            )
        if row.decided_by_id != actor.operator_id:
            raise ServiceError("The operator who approved the request releases it.")
        if refusal := restricted_for(uow, actor, row):  # restricted since it was approved
            raise ServiceError(refusal)
        customer = active_customer(uow, row.customer_id)
        approved = approved_of(row)
        address = current_address(customer)
        values = tuple(
            ReleasedValue(
                key=key,
                label=FIELDS[key].label,
                value=displayed_value(customer, key) or "(nothing on file)",
            )
            for key in release_keys(approved, address.country if address else None)
            if key in FIELDS
        )
        row.status, row.released_at, row.released_by_id = (
            DisclosureStatus.RELEASED,
            now,
            actor.operator_id,
        )
        audit.record(
            uow,
            actor,
            AuditAction.FIELD_DISCLOSED,
            customer_id=row.customer_id,
            fields=approved,
            details={
                "disclosure_id": row.id,
                "caller": "third_party",
                "channel": row.channel,
            },
        )
        release = DisclosureRelease(
            disclosure=disclosure_view(uow, row, customer.reference), values=values
        )
        uow.commit()
        return release
