"""Third-party disclosures (MP-17): requests for a customer's data from outside their own
representatives, the decisions on them and their release."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from custinfo_tui.domain.disclosures import OPEN_STATUSES, DisclosureStatus
from custinfo_tui.repository.orm import DisclosureRow


class DisclosureRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, disclosure: DisclosureRow) -> DisclosureRow:
        self._session.add(disclosure)
        self._session.flush()
        return disclosure

    def get(self, disclosure_id: int, *, for_update: bool = False) -> DisclosureRow | None:
        """One request; `for_update` locks its row (PostgreSQL) so two approvers cannot both
        decide it, nor one release it twice."""
        query = select(DisclosureRow).where(DisclosureRow.id == disclosure_id)
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def for_queue_item(self, item_id: int) -> DisclosureRow | None:
        """The request a disclosure queue item was raised for."""
        query = select(DisclosureRow).where(DisclosureRow.queue_item_id == item_id)
        return self._session.scalars(query).one_or_none()

    def for_customer(self, customer_id: int) -> Sequence[DisclosureRow]:
        """A customer's requests, oldest first."""
        query = (
            select(DisclosureRow)
            .where(DisclosureRow.customer_id == customer_id)
            .order_by(DisclosureRow.requested_at, DisclosureRow.id)
        )
        return self._session.scalars(query).all()

    def released_for(self, customer_ids: Sequence[int]) -> Sequence[DisclosureRow]:
        """These customers' requests whose data was released to the third party, in the
        order released: the recipients to tell of an erasure (UK GDPR Art. 19)."""
        query = (
            select(DisclosureRow)
            .where(
                DisclosureRow.customer_id.in_(customer_ids),
                DisclosureRow.status == DisclosureStatus.RELEASED,
            )
            .order_by(DisclosureRow.released_at, DisclosureRow.id)
        )
        return self._session.scalars(query).all()

    def open_for(self, customer_ids: Sequence[int]) -> Sequence[DisclosureRow]:
        """These customers' requests still open (waiting, or approved and not released),
        oldest first, locked (PostgreSQL) so no desk decides or releases one meanwhile."""
        query = (
            select(DisclosureRow)
            .where(
                DisclosureRow.customer_id.in_(customer_ids),
                DisclosureRow.status.in_(OPEN_STATUSES),
            )
            .order_by(DisclosureRow.requested_at, DisclosureRow.id)
            .with_for_update()
        )
        return self._session.scalars(query).all()

    def listed(
        self, statuses: Sequence[str] | None = None, limit: int = 500
    ) -> Sequence[DisclosureRow]:
        """Requests oldest first, only those in `statuses` when given."""
        query = select(DisclosureRow)
        if statuses is not None:
            query = query.where(DisclosureRow.status.in_(statuses))
        return self._session.scalars(
            query.order_by(DisclosureRow.requested_at, DisclosureRow.id).limit(limit)
        ).all()
