"""Complaints (MP-19) and their changes of stage."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from custinfo_tui.repository.orm import Complaint, ComplaintStageChange, Customer


class ComplaintRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, complaint: Complaint) -> Complaint:
        self._session.add(complaint)
        self._session.flush()
        return complaint

    def add_stage_change(self, change: ComplaintStageChange) -> None:
        self._session.add(change)
        self._session.flush()

    def get(self, complaint_id: int, *, for_update: bool = False) -> Complaint | None:
        """One complaint; `for_update` locks its row (PostgreSQL) so two desks cannot both
        move it from the same stage."""
        query = select(Complaint).where(Complaint.id == complaint_id)
        if for_update:
            query = query.with_for_update()
        return self._session.scalars(query).one_or_none()

    def of_customer(self, customer_id: int) -> Sequence[Complaint]:
        """A customer's complaints, oldest first."""
        query = (
            select(Complaint)
            .where(Complaint.customer_id == customer_id)
            .order_by(Complaint.received_at, Complaint.id)
        )
        return self._session.scalars(query).all()

    def stage_changes(self, complaint_ids: Sequence[int]) -> Sequence[ComplaintStageChange]:
        """The changes of stage of these complaints, in the order they happened."""
        if not complaint_ids:
            return ()
        query = (
            select(ComplaintStageChange)
            .where(ComplaintStageChange.complaint_id.in_(complaint_ids))
            .order_by(ComplaintStageChange.changed_at, ComplaintStageChange.id)
        )
        return self._session.scalars(query).all()

    def open_with_reference(self) -> Sequence[tuple[Complaint, str]]:
        """Every complaint not closed, with its customer's reference, oldest final answer
        due first."""
        query = (
            select(Complaint, Customer.reference)
            .join(Customer, Customer.id == Complaint.customer_id)
            .where(Complaint.closed_at.is_(None))
            .order_by(Complaint.final_response_by, Complaint.id)
        )
        return [(row[0], row[1]) for row in self._session.execute(query).all()]
