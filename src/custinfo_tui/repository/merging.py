"""Merging two customer records (MP-13): the rows that move from one to the other.

Every table with a customer id is listed here, so a new one has one place to be added.
Discrepancy reports move while open only (`_move_open_reports`): a decided one stays on the
record it was made on, as it was decided.
Audit events stay where they were written (the stream is append-only); the timeline reads
them for the survivor and the records merged into it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select, true, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from custinfo_tui.domain.discrepancies import DiscrepancyStatus
from custinfo_tui.domain.interactions import QueueItemStatus
from custinfo_tui.repository.orm import (
    BreachCustomer,
    Complaint,
    Consent,
    Customer,
    DisclosureRow,
    DiscrepancyReportRow,
    FieldChange,
    Interaction,
    ProcessingRestrictionRow,
    QueueItemRow,
    Representative,
    SubjectAccessRequestRow,
    VerificationLock,
)

#: Each kind of row that moves, by the column holding its customer's id. Contact points and
#: addresses move through the ORM (they change shape: no longer primary, no longer current).
MOVED_COLUMNS: dict[str, InstrumentedAttribute[int] | InstrumentedAttribute[int | None]] = {
    "interactions": Interaction.customer_id,
    "consents": Consent.customer_id,
    "complaints": Complaint.customer_id,
    "representatives": Representative.customer_id,
    "field_history": FieldChange.customer_id,
    "verification_locks": VerificationLock.customer_id,
    "queue_items": QueueItemRow.customer_id,
    # The person's data protection records follow them (services/merging_protection.py
    # audits each): their requests, third parties' requests for their data, the
    # restrictions of processing lifted before (one in force refuses the merge), and the
    # breaches naming them (a breach naming both records names the kept one once).
    "rights_requests": SubjectAccessRequestRow.customer_id,
    "disclosures": DisclosureRow.customer_id,
    "restrictions": ProcessingRestrictionRow.customer_id,
    "breaches": BreachCustomer.customer_id,
    "duplicate_items": QueueItemRow.other_customer_id,
    "merged_records": Customer.merged_into_id,
}
#: Counted apart by `MergeRepository.counts`: standing or history (lifted, closed).
_SPLIT_KINDS = frozenset({"verification_locks", "queue_items", "duplicate_items"})


class MergeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def counts(self, customer_id: int, *, resolving: int | None = None) -> dict[str, int]:
        """How many rows of each kind hold this customer's id (of discrepancy reports, the
        open ones: those are what moves). Verification locks and queue items are counted
        standing apart from history (lifted locks, closed items): the supervisor weighs a
        live lock, not one lifted last year. `resolving` is the possible-duplicate item the
        merge itself closes: not counted, as nothing of it is left to move."""
        counts = {
            kind: self._count(column.class_, column == customer_id)
            for kind, column in MOVED_COLUMNS.items()
            if kind not in _SPLIT_KINDS
        }
        lifted = VerificationLock.lifted_at.is_not(None)
        locks = VerificationLock.customer_id == customer_id
        items = QueueItemRow.id != resolving if resolving is not None else true()
        is_open = QueueItemRow.status == QueueItemStatus.OPEN
        named = or_(
            QueueItemRow.customer_id == customer_id, QueueItemRow.other_customer_id == customer_id
        )
        return counts | {
            "verification_locks": self._count(VerificationLock, locks, ~lifted),
            "lifted_locks": self._count(VerificationLock, locks, lifted),
            "queue_items": self._count(
                QueueItemRow, QueueItemRow.customer_id == customer_id, is_open, items
            ),
            "duplicate_items": self._count(
                QueueItemRow, QueueItemRow.other_customer_id == customer_id, is_open, items
            ),
            "closed_items": self._count(QueueItemRow, named, ~is_open, items),
            "discrepancy_reports": self._count(
                DiscrepancyReportRow, *_open_reports_of(customer_id)
            ),
        }

    def _count(self, table: Any, *where: ColumnElement[bool]) -> int:  # a mapped class
        return self._session.scalar(select(func.count()).select_from(table).where(*where)) or 0

    def move_rows(self, from_id: int, to_id: int) -> dict[str, int]:
        """Point every row of the kinds in MOVED_COLUMNS, and the open discrepancy reports,
        at `to_id`; how many moved, by kind."""
        moved = {
            "breaches": self._unname_where_named(from_id, to_id),
            "discrepancy_reports": self._move_open_reports(from_id, to_id),
        }
        for kind, column in MOVED_COLUMNS.items():
            result = self._session.execute(
                update(column.class_)
                .where(column == from_id)
                .values({column.key: to_id})
                .execution_options(synchronize_session=False)
            )
            moved[kind] = moved.get(kind, 0) + int(getattr(result, "rowcount", 0) or 0)
        return moved

    def _move_open_reports(self, from_id: int, to_id: int) -> int:
        """The discrepancy reports still open on `from_id`, to `to_id`, each naming the
        record it was made on (`reported_on_id`: kept from an earlier merge, when it moved
        before). How many."""
        result = self._session.execute(
            update(DiscrepancyReportRow)
            .where(*_open_reports_of(from_id))
            .values(
                customer_id=to_id,
                reported_on_id=func.coalesce(DiscrepancyReportRow.reported_on_id, from_id),
            )
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def _unname_where_named(self, from_id: int, to_id: int) -> int:
        """Drop `from_id` from the breaches naming both records (each names a customer
        once): those name the kept record already. How many."""
        named = select(BreachCustomer.breach_id).where(BreachCustomer.customer_id == to_id)
        result = self._session.execute(
            delete(BreachCustomer)
            .where(BreachCustomer.customer_id == from_id, BreachCustomer.breach_id.in_(named))
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def open_calls(self, customer_ids: list[int]) -> int:
        """How many interactions about these customers have not ended: someone's call."""
        return (
            self._session.scalar(
                select(func.count())
                .select_from(Interaction)
                .where(Interaction.customer_id.in_(customer_ids), Interaction.ended_at.is_(None))
            )
            or 0
        )

    def merged_into(self, customer_id: int) -> list[int]:
        """The ids of the records merged into this one."""
        return list(
            self._session.scalars(select(Customer.id).where(Customer.merged_into_id == customer_id))
        )

    def merged_references(self, customer_id: int) -> dict[int, str]:
        """The records merged into this one: each one's reference (as stored), by id."""
        query = select(Customer.id, Customer.reference).where(
            Customer.merged_into_id == customer_id
        )
        return {customer: reference for customer, reference in self._session.execute(query)}

    def merged_records(self, customer_id: int) -> list[Customer]:
        """The records merged into this one, whole, in the order they were merged: each
        keeps its own names and the rest of its row (the person's pack lists them)."""
        query = (
            select(Customer)
            .where(Customer.merged_into_id == customer_id)
            .order_by(Customer.merged_at, Customer.id)
        )
        return list(self._session.scalars(query))


def _open_reports_of(customer_id: int) -> tuple[ColumnElement[bool], ...]:
    """The discrepancy reports still open on the record: those a merge moves."""
    return (
        DiscrepancyReportRow.customer_id == customer_id,
        DiscrepancyReportRow.status == DiscrepancyStatus.OPEN,
    )
