"""The supervisor queue, and the verification locks its fraud items can lift."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, bindparam, case, func, or_, select, union_all
from sqlalchemy.orm import Session

from custinfo_tui.domain.interactions import QUEUE_ORDER, QueueItemStatus, QueueKind
from custinfo_tui.repository.orm import Customer, QueueItemRow, VerificationLock


class QueueRepository:
    """The supervisor queue and the verification locks its fraud items can lift."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, item: QueueItemRow) -> QueueItemRow:
        self._session.add(item)
        self._session.flush()
        return item

    def add_all(self, items: Iterable[QueueItemRow]) -> None:
        """Many items in one flush (an import raises thousands: one flush each took 2 s)."""
        self._session.add_all(items)
        self._session.flush()

    def get(self, item_id: int) -> QueueItemRow | None:
        return self._session.get(QueueItemRow, item_id)

    def possibly_same_as(self, customer_id: int) -> list[tuple[str, bool]]:
        """The references of the records an open possible-duplicate item pairs with the
        customer's, oldest item first: the record an item raised on it names (capture and
        an import raise them on the newer record), and the record an item naming it was
        raised on. Each side read through its own index, in one statement.

        With each, whether a handler raised the item, having said why the two are
        different people (capture raises one only with that reason: an import's is raised
        by no one, on what matched alone; a handler asking for the merge said they are one
        person, `said_same_person`)."""
        is_open_duplicate = (
            QueueItemRow.kind == QueueKind.POSSIBLE_DUPLICATE,
            QueueItemRow.status == QueueItemStatus.OPEN,
            Customer.id != customer_id,  # an item a merge left pointing at itself
        )
        named_by_it = (
            select(
                Customer.reference,
                QueueItemRow.raised_at,
                QueueItemRow.id,
                QueueItemRow.raised_by_id,
                QueueItemRow.said_same_person,
            )
            .join(QueueItemRow, QueueItemRow.other_customer_id == Customer.id)
            .where(QueueItemRow.customer_id == customer_id, *is_open_duplicate)
        )
        naming_it = (
            select(
                Customer.reference,
                QueueItemRow.raised_at,
                QueueItemRow.id,
                QueueItemRow.raised_by_id,
                QueueItemRow.said_same_person,
            )
            .join(QueueItemRow, QueueItemRow.customer_id == Customer.id)
            .where(QueueItemRow.other_customer_id == customer_id, *is_open_duplicate)
        )
        pairs = union_all(named_by_it, naming_it).subquery()
        rows = self._session.execute(
            select(pairs.c.reference, pairs.c.raised_by_id, pairs.c.said_same_person).order_by(
                pairs.c.raised_at, pairs.c.id
            )
        )
        return [(ref, by is not None and not same) for ref, by, same in rows]

    def open_duplicate_of(self, customer_id: int, other_id: int) -> QueueItemRow | None:
        """The open possible-duplicate item pairing the two records, either way round, if
        any: a second one would ask a supervisor the same question twice."""
        pair = {customer_id, other_id}
        return self._session.scalars(
            select(QueueItemRow)
            .where(
                QueueItemRow.kind == QueueKind.POSSIBLE_DUPLICATE,
                QueueItemRow.status == QueueItemStatus.OPEN,
                QueueItemRow.customer_id.in_(pair),
                QueueItemRow.other_customer_id.in_(pair),
                QueueItemRow.customer_id != QueueItemRow.other_customer_id,
            )
            .order_by(QueueItemRow.id)
            .limit(1)
        ).one_or_none()

    def list_open(self, limit: int = 200, kind: str | None = None) -> Sequence[QueueItemRow]:
        """The first `limit` items the queue lists, most urgent first (`QUEUE_ORDER`):
        open possible-fraud items, then those closed with the verification lock they
        raised kept, which stay until it is lifted (nothing else lifts it), then the other
        kinds in their order; oldest first within a kind. Only `kind`'s when given."""
        is_open = QueueItemRow.status == QueueItemStatus.OPEN
        query = select(QueueItemRow).where(or_(is_open, _lock_kept()))
        if kind is not None:
            query = query.where(QueueItemRow.kind == kind)
        urgency = case(
            {each.value: rank for rank, each in enumerate(QUEUE_ORDER)},
            value=QueueItemRow.kind,
            else_=len(QUEUE_ORDER),  # a kind this version does not know: last
        )
        order = (urgency, case((is_open, 0), else_=1), QueueItemRow.raised_at, QueueItemRow.id)
        return self._session.scalars(query.order_by(*order).limit(limit)).all()

    def count_listed(self, kind: str | None = None) -> tuple[int, int]:
        """How many items the queue would list without a limit: (open, closed with their
        lock kept). Only `kind`'s when given."""
        is_open = QueueItemRow.status == QueueItemStatus.OPEN
        query = select(
            func.coalesce(func.sum(case((is_open, 1), else_=0)), 0),
            func.coalesce(func.sum(case((is_open, 0), else_=1)), 0),
        ).where(or_(is_open, _lock_kept()))
        if kind is not None:
            query = query.where(QueueItemRow.kind == kind)
        opened, kept = self._session.execute(query).one()
        return int(opened), int(kept)

    def open_count(self, customer_id: int, kind: str) -> int:
        """How many items of this kind are open about the customer."""
        return (
            self._session.scalar(
                select(func.count())
                .select_from(QueueItemRow)
                .where(
                    QueueItemRow.customer_id == customer_id,
                    QueueItemRow.kind == kind,
                    QueueItemRow.status == QueueItemStatus.OPEN,
                )
            )
            or 0
        )

    def lock_of(self, item_id: int) -> VerificationLock | None:
        """The verification lock the item raised, lifted or not."""
        return self._session.scalars(
            select(VerificationLock).where(VerificationLock.queue_item_id == item_id).limit(1)
        ).one_or_none()

    def add_lock(self, lock: VerificationLock) -> VerificationLock:
        self._session.add(lock)
        self._session.flush()
        return lock

    def active_lock(self, customer_id: int) -> VerificationLock | None:
        """The customer's verification lock that has not been lifted, if any."""
        return self._session.scalars(_ACTIVE_LOCK, {"customer_id": customer_id}).one_or_none()

    def standing_locks(self, customer_ids: Sequence[int]) -> Sequence[VerificationLock]:
        """Every lock on these customers that has not been lifted, oldest first: a merge makes
        one of those on its two records."""
        return self._session.scalars(
            select(VerificationLock)
            .where(
                VerificationLock.customer_id.in_(customer_ids),
                VerificationLock.lifted_at.is_(None),
            )
            .order_by(VerificationLock.id)
        ).all()

    def last_lift(self, customer_id: int) -> datetime | None:
        """When a supervisor last lifted a lock on this customer: failures before it are spent.
        A lock folded into another at a merge was not lifted: no one looked at them."""
        return self._session.scalar(_LAST_LIFT, {"customer_id": customer_id})


def _lock_kept() -> ColumnElement[bool]:
    """The item raised a verification lock that has not been lifted."""
    return (
        select(VerificationLock.id)
        .where(
            VerificationLock.queue_item_id == QueueItemRow.id,
            VerificationLock.lifted_at.is_(None),
        )
        .exists()
    )


# Asked at every check of a call (each verification state reads both), so built once:
# building a statement took longer than running it (docs/performance.md).
_ACTIVE_LOCK = (
    select(VerificationLock)
    .where(
        VerificationLock.customer_id == bindparam("customer_id"),
        VerificationLock.lifted_at.is_(None),
    )
    .order_by(VerificationLock.id.desc())
    .limit(1)
)
_LAST_LIFT = select(func.max(VerificationLock.lifted_at)).where(
    VerificationLock.customer_id == bindparam("customer_id"),
    VerificationLock.folded_into_id.is_(None),
)
