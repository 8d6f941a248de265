"""Who a customer's data was released to: the recipients an erasure, a rectification or a
restriction of processing is to be told of (UK GDPR Art. 19), from the disclosure log,
which keeps the organisation through erasure."""

from __future__ import annotations

from collections.abc import Sequence

from custinfo_tui.domain.data_protection.erasure import Recipient
from custinfo_tui.services.unit_of_work import UnitOfWork


def released_to(uow: UnitOfWork, customer_ids: Sequence[int]) -> tuple[Recipient, ...]:
    """Each release of the records' data to a third party: who, and on what day."""
    return tuple(
        Recipient(organisation=row.organisation, disclosed_on=row.released_at.date())
        for row in uow.disclosures.released_for(list(customer_ids))
        if row.released_at is not None
    )
