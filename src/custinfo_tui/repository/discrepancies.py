"""Discrepancy reports (MP-14): a handler's report that a field on file is wrong."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from custinfo_tui.domain.discrepancies import DiscrepancyStatus
from custinfo_tui.repository.orm import DiscrepancyReportRow


class DiscrepancyRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, report: DiscrepancyReportRow) -> DiscrepancyReportRow:
        self._session.add(report)
        self._session.flush()
        return report

    def get(self, report_id: int, *, for_update: bool = False) -> DiscrepancyReportRow | None:
        """One report; `for_update` locks its row (PostgreSQL) so two supervisors cannot
        both decide it."""
        query = select(DiscrepancyReportRow).where(DiscrepancyReportRow.id == report_id)
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def for_queue_item(self, item_id: int) -> DiscrepancyReportRow | None:
        """The report a discrepancy queue item was raised for."""
        query = select(DiscrepancyReportRow).where(DiscrepancyReportRow.queue_item_id == item_id)
        return self._session.scalars(query).one_or_none()

    def open_on(self, customer_id: int) -> Sequence[DiscrepancyReportRow]:
        """The reports on the record still waiting for a decision, oldest first."""
        query = (
            select(DiscrepancyReportRow)
            .where(
                DiscrepancyReportRow.customer_id == customer_id,
                DiscrepancyReportRow.status == DiscrepancyStatus.OPEN,
            )
            .order_by(DiscrepancyReportRow.id)
        )
        return self._session.scalars(query).all()

    def reported_by(self, operator_id: int, limit: int = 200) -> Sequence[DiscrepancyReportRow]:
        """An operator's own reports, newest first."""
        query = (
            select(DiscrepancyReportRow)
            .where(DiscrepancyReportRow.reported_by_id == operator_id)
            .order_by(DiscrepancyReportRow.reported_at.desc(), DiscrepancyReportRow.id.desc())
            .limit(limit)
        )
        return self._session.scalars(query).all()

    def replace_claimed_values(self, customer_id: int, field: str, replacement: str) -> int:
        """What callers said `field` of the customer should be, in every report on it,
        replaced by `replacement` (special-category data whose Article 9 condition was
        withdrawn): the number of reports whose text was replaced."""
        result = self._session.execute(
            update(DiscrepancyReportRow)
            .where(
                DiscrepancyReportRow.customer_id == customer_id,
                DiscrepancyReportRow.field == field,
                DiscrepancyReportRow.claimed_value != replacement,
            )
            .values(claimed_value=replacement)
            .execution_options(synchronize_session="fetch")
        )
        return int(getattr(result, "rowcount", 0) or 0)
