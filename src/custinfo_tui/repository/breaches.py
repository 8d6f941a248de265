"""Personal-data breaches (MP-20) and the customers named on them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from custinfo_tui.domain.breaches import BreachRisk
from custinfo_tui.repository.orm import BreachCustomer, BreachRow, Customer

HIGH_RISK = BreachRisk.HIGH_RISK.value


class BreachRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, breach: BreachRow, customer_ids: Sequence[int]) -> BreachRow:
        self._session.add(breach)
        self._session.flush()
        for customer_id in customer_ids:
            self._session.add(BreachCustomer(breach_id=breach.id, customer_id=customer_id))
        self._session.flush()
        return breach

    def get(self, breach_id: int, *, for_update: bool = False) -> BreachRow | None:
        """One breach; `for_update` locks its row (PostgreSQL) so two desks cannot both
        change it at once."""
        query = select(BreachRow).where(BreachRow.id == breach_id)
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def naming(self, customer_id: int) -> Sequence[BreachRow]:
        """The breaches whose report names the customer, oldest discovered first."""
        query = (
            select(BreachRow)
            .join(BreachCustomer, BreachCustomer.breach_id == BreachRow.id)
            .where(BreachCustomer.customer_id == customer_id)
            .order_by(BreachRow.discovered_at, BreachRow.id)
        )
        return self._session.scalars(query).all()

    def listed(self, *, open_only: bool) -> Sequence[BreachRow]:
        """Breaches by deadline (open ones only when `open_only`)."""
        query = select(BreachRow).order_by(BreachRow.deadline, BreachRow.id)
        if open_only:
            query = query.where(BreachRow.closed_at.is_(None))
        return self._session.scalars(query).all()

    def references_of(self, breach_ids: Sequence[int]) -> dict[int, list[str]]:
        """Each breach's affected customers' references, in reference order."""
        if not breach_ids:
            return {}
        query = (
            select(BreachCustomer.breach_id, Customer.reference)
            .join(Customer, Customer.id == BreachCustomer.customer_id)
            .where(BreachCustomer.breach_id.in_(breach_ids))
            .order_by(Customer.reference)
        )
        found: dict[int, list[str]] = {}
        for breach_id, reference in self._session.execute(query).all():
            found.setdefault(int(breach_id), []).append(str(reference))
        return found

    def overdue(self, now: datetime) -> tuple[int, datetime | None]:
        """How many open breaches are past their deadline with no ICO decision, and the
        earliest such deadline."""
        query = select(func.count(), func.min(BreachRow.deadline)).where(
            BreachRow.closed_at.is_(None), BreachRow.ico.is_(None), BreachRow.deadline < now
        )
        count, earliest = self._session.execute(query).one()
        return int(count), earliest

    def clocks_running(self) -> Sequence[tuple[int, datetime]]:
        """Each open breach with no ICO decision (its clock still running, overdue or not):
        its id and deadline, the soonest deadline first."""
        query = (
            select(BreachRow.id, BreachRow.deadline)
            .where(BreachRow.closed_at.is_(None), BreachRow.ico.is_(None))
            .order_by(BreachRow.deadline, BreachRow.id)
        )
        return [(int(row[0]), row[1]) for row in self._session.execute(query).all()]

    def individuals_to_tell(self) -> Sequence[tuple[int, datetime]]:
        """Each open breach assessed as a high risk with no decision about telling the
        people affected: its id and discovery, the earliest discovered first."""
        query = (
            select(BreachRow.id, BreachRow.discovered_at)
            .where(
                BreachRow.closed_at.is_(None),
                BreachRow.risk == HIGH_RISK,
                BreachRow.individuals.is_(None),
            )
            .order_by(BreachRow.discovered_at, BreachRow.id)
        )
        return [(int(row[0]), row[1]) for row in self._session.execute(query).all()]
