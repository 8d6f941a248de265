"""Two records as a merge compares them (MP-13): each field side by side as the records
show it, what the merge warns of (two people, a record locked for possible fraud), how much
of the other record would move, and why they were saved apart, if a handler said. Read for
the supervisor's preview, and again as the merge is made (services/merging.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.address_country import listed
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.field_display import display_value
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.merging import (
    MERGE_FIELDS,
    FraudHold,
    MergeRow,
    MergeSide,
    MergeWarning,
    merge_warnings,
)
from custinfo_tui.domain.one_name import GIVEN_NAME, NO_GIVEN_NAME
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.repository.orm import Customer
from custinfo_tui.services.merging_contacts import joining_counts
from custinfo_tui.services.record_fields import current_address, stored_value
from custinfo_tui.services.unit_of_work import UnitOfWork


def why_different(uow: UnitOfWork, *customer_ids: int) -> str | None:
    """The reason recorded when either record was saved as a different person despite a
    strong match (on its `customer.created` event), if one was."""
    for customer_id in customer_ids:
        created = uow.audit.list_recent(
            customer_id=customer_id, action=AuditAction.CUSTOMER_CREATED.value, limit=1
        )
        if created and created[0].reason:
            return created[0].reason
    return None


def merge_rows(survivor: Customer, other: Customer) -> tuple[MergeRow, ...]:
    """Each field either record lists (`address_country.listed`: a postcode or a country that
    applies to neither address is left out), with both values as the record shows them."""

    def shown(customer: Customer, key: str) -> str | None:
        value = stored_value(customer, key)
        if value is None and key == GIVEN_NAME:  # one name only (domain/one_name.py)
            return NO_GIVEN_NAME
        return display_value(key, value) if value is not None else None

    countries = [a.country if (a := current_address(c)) else None for c in (survivor, other)]
    return tuple(
        MergeRow(
            key=key,
            label=FIELDS[key].label,
            survivor=shown(survivor, key),
            other=shown(other, key),
        )
        for key in MERGE_FIELDS
        if any(listed(key, country) for country in countries)
    )


def warnings_now(
    uow: UnitOfWork, survivor: Customer, other: Customer, rows: tuple[MergeRow, ...]
) -> dict[MergeWarning, str]:
    """What the merge warns of as the records stand, in words: two people (by `rows`), and
    either record locked or with a possible-fraud item open."""
    holds = []
    for side, customer in ((MergeSide.SURVIVOR, survivor), (MergeSide.OTHER, other)):
        lock = uow.queue.active_lock(customer.id)
        items = uow.queue.open_count(customer.id, QueueKind.POSSIBLE_FRAUD)
        if lock is not None or items:
            holds.append(
                FraudHold(
                    side=side,
                    reference=format_reference(customer.reference),
                    channels=tuple(lock.channels) if lock is not None else (),
                    open_items=items,
                )
            )
    return merge_warnings(rows, tuple(holds), format_reference(survivor.reference))


def moving_counts(
    uow: UnitOfWork, survivor: Customer, other: Customer, resolving: int | None
) -> dict[str, int]:
    """How much of the other record's history would move to the survivor, by kind (never
    the possible-duplicate item the merge closes, `resolving`)."""
    counts = {
        **joining_counts(survivor, other, datetime.now(UTC)),
        **uow.merges.counts(other.id, resolving=resolving),
    }
    return {kind: count for kind, count in counts.items() if count}
