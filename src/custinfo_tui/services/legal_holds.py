"""What holds a customer's record from erasure (MP-16; docs/data-protection.md, "Legal
holds"): open complaints, found, and the holds the DPO recorded. Read inside the caller's
transaction, by the erasure desk (services/erasure.py) and by the list of requests, whose
open erasure requests say while their record is held (services/subject_access_view.py)."""

from __future__ import annotations

from custinfo_tui.domain.data_protection.erasure import HoldKind, LegalHold
from custinfo_tui.repository.orm import LegalHoldRow
from custinfo_tui.services.unit_of_work import UnitOfWork


def holds_on(uow: UnitOfWork, customer_ids: list[int]) -> tuple[LegalHold, ...]:
    """What blocks erasing these records: open complaints, then the recorded holds."""
    complaints = tuple(
        LegalHold(
            kind=HoldKind.OPEN_COMPLAINT,
            reason=f"{complaint.category}, received {complaint.received_at:%d %b %Y}",
            since=complaint.received_at,
        )
        for complaint in uow.erasure.open_complaints(customer_ids)
    )
    recorded = tuple(recorded_hold(row) for row in uow.erasure.holds_in_force(customer_ids))
    return complaints + recorded


def recorded_hold(row: LegalHoldRow) -> LegalHold:
    """A hold the DPO recorded, as the desk and the command line show it."""
    return LegalHold(kind=HoldKind(row.kind), reason=row.reason, hold_id=row.id, since=row.set_at)
