"""Anonymising customers (erasure, retention runs) and their legal holds.

What is anonymised, column by column, is `ERASED_COLUMNS` (repository/erased_columns.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, delete, func, select, text, union_all, update
from sqlalchemy.orm import Session

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.interactions import QueueItemStatus
from custinfo_tui.repository.erased_columns import (
    ERASED_COLUMNS,
    ErasedColumn,
    Ids,
    holding,
    rows_of,
)
from custinfo_tui.repository.in_lists import in_lists
from custinfo_tui.repository.orm import (
    Address,
    Base,
    Complaint,
    ComplaintStageChange,
    Customer,
    DisclosureRow,
    DiscrepancyReportRow,
    Interaction,
    LegalHoldRow,
    NameIndexKey,
    ProcessingRestrictionRow,
    QueueItemRow,
)

#: How often emptying the write-ahead log after an erasure is tried before giving up.
CHECKPOINT_ATTEMPTS = 20
log = logging.getLogger(__name__)


def _owned(column: ErasedColumn, *more: Any) -> Select[Any]:
    """Select the customer id each row of `column`'s table belongs to (a complaint's stage
    through its complaint), then `more`."""
    model = cast("type[Base]", column.attribute.class_)
    if model is Customer:
        return select(Customer.id, *more)
    if model is ComplaintStageChange:
        return select(Complaint.customer_id, *more).join(
            ComplaintStageChange, ComplaintStageChange.complaint_id == Complaint.id
        )
    return select(model.customer_id, *more)  # type: ignore[attr-defined]


class ErasureRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- anonymising -----------------------------------------------------------------

    def merged_into(self, customer_ids: Ids) -> list[int]:
        """Records merged into these (the same people), at any depth."""
        found: list[int] = []
        frontier = list(customer_ids)
        while frontier:
            frontier = list(
                self._session.scalars(
                    select(Customer.id).where(Customer.merged_into_id.in_(frontier))
                )
            )
            found += frontier
        return found

    def count_values(
        self, customer_ids: Ids, categories: Collection[DataCategory]
    ) -> dict[str, int]:
        """How many values of these categories the customers' rows hold, by `table.column`."""
        counts: dict[str, int] = {}
        for column in ERASED_COLUMNS:
            if column.category not in categories:
                continue
            model = column.attribute.class_
            held = (
                self._session.scalar(
                    select(func.count()).select_from(model).where(holding(column, customer_ids))
                )
                or 0
            )
            if held:
                counts[column.name] = counts.get(column.name, 0) + held
        return counts

    def customers_holding(
        self, customer_ids: Ids, categories: Collection[DataCategory]
    ) -> set[int]:
        """Those of these customers with at least one value of these categories."""
        found: set[int] = set()
        for column in ERASED_COLUMNS:
            if column.category not in categories:
                continue
            found.update(
                owner_id
                for owner_id in self._session.scalars(
                    _owned(column).where(holding(column, customer_ids)).distinct()
                )
                if owner_id in customer_ids
            )
        return found

    def values_by_customer(
        self, customer_ids: Ids, categories: Collection[DataCategory]
    ) -> dict[int, dict[str, int]]:
        """How many values of these categories each of these customers holds, by
        `table.column` (those holding none left out): what anonymising them clears, record
        by record, for the event each record's change is audited with."""
        found: dict[int, dict[str, int]] = {}
        for column in ERASED_COLUMNS:
            if column.category not in categories:
                continue
            query = _owned(column, func.count()).where(holding(column, customer_ids))
            counted = self._session.execute(query.group_by(query.selected_columns[0]))
            for owner_id, held in counted:
                if owner_id in customer_ids:
                    values = found.setdefault(owner_id, {})
                    values[column.name] = values.get(column.name, 0) + held
        return found

    def anonymise(
        self, customer_ids: Ids, categories: Collection[DataCategory], now: datetime
    ) -> dict[str, int]:
        """Replace these customers' values of these categories; how many, by `table.column`.

        With the personal category the records are erased as well: marked erased, their
        name-index entries that no one else holds removed, their open queue items closed
        (nothing is left to work on).
        """
        ids = list(customer_ids)
        if not ids:
            return {}
        counts = self.count_values(ids, categories)
        erasing = DataCategory.PERSONAL in categories
        old_terms = self._name_terms(ids) if erasing else []
        for column in ERASED_COLUMNS:
            if column.category not in categories:
                continue
            values: dict[str, Any] = {column.attribute.key: column.becomes}
            if column.attribute.class_ is Customer:
                values["version"] = Customer.version + 1
            self._execute(update(column.attribute.class_).where(holding(column, ids)), values)
        if erasing:
            self._execute(
                update(Customer).where(Customer.id.in_(ids)),
                {
                    "status": CustomerStatus.ERASED,
                    "updated_at": now,
                    "version": Customer.version + 1,
                },
            )
            self._execute(
                update(QueueItemRow).where(
                    rows_of(QueueItemRow, ids), QueueItemRow.status == QueueItemStatus.OPEN
                ),
                {"status": QueueItemStatus.CLOSED, "closed_at": now},
            )
            self._drop_unheld_terms(old_terms)
        self._session.expire_all()
        return counts

    def _execute(self, statement: Any, values: dict[str, Any]) -> None:
        self._session.execute(statement.values(values).execution_options(synchronize_session=False))

    def _name_terms(self, ids: list[int]) -> list[tuple[str, str]]:
        names = self._session.execute(
            select(Customer.given_key, Customer.family_key).where(Customer.id.in_(ids))
        ).all()
        towns = self._session.scalars(
            select(Address.town_key).where(Address.customer_id.in_(ids))
        ).all()
        terms = {("given", given) for given, _ in names} | {("family", f) for _, f in names}
        terms |= {("town", town) for town in towns}
        return sorted((kind, term) for kind, term in terms if term)

    def _drop_unheld_terms(self, terms: Sequence[tuple[str, str]]) -> None:
        """Delete the name index's rows for terms no stored name or town holds any more:
        for each kind of term, which of them are still held is read for many at once, and
        the rest deleted together (a retention run's hundreds of records bring hundreds of
        terms; two statements a term made the run's clean-up its longest part)."""
        holders = {
            "given": Customer.given_key,
            "family": Customer.family_key,
            "town": Address.town_key,
        }
        for kind, key in holders.items():
            of_kind = sorted({term for term_kind, term in terms if term_kind == kind})
            for some in in_lists(of_kind):
                held = set(self._session.scalars(select(key).where(key.in_(some)).distinct()))
                unheld = [term for term in some if term not in held]
                if unheld:
                    self._session.execute(
                        delete(NameIndexKey).where(
                            NameIndexKey.kind == kind, NameIndexKey.term.in_(unheld)
                        )
                    )

    def open_calls(self, customer_ids: Ids) -> Sequence[Interaction]:
        """The interactions about these customers that have not ended, oldest first."""
        return self._session.scalars(
            select(Interaction)
            .where(Interaction.customer_id.in_(customer_ids), Interaction.ended_at.is_(None))
            .order_by(Interaction.started_at)
        ).all()

    def dispose_freed_space(self) -> None:
        """After the commit, on SQLite: rebuild the database file (VACUUM) and empty the
        write-ahead log, so no copy of an erased value is left anywhere in the file.

        `secure_delete` zeroes what is deleted, but when SQLite moves entries between pages
        (a page split while they were stored) it can leave stale copies in a page's unused
        gap, which no later delete touches; only a rebuild writes every page afresh. A
        desk's SQLite database is one desk's, so the moment it takes is the DPO's own.
        Nothing to do on PostgreSQL (docs/data-protection.md, "Secure disposal")."""
        bind = self._session.get_bind()
        if bind.dialect.name != "sqlite":
            return
        self._session.close()  # no snapshot of ours may hold the old pages back
        with bind.engine.connect() as connection:
            connection.exec_driver_sql("VACUUM")
        for attempt in range(CHECKPOINT_ATTEMPTS):
            with bind.engine.connect() as connection:
                busy, frames, moved = connection.execute(
                    text("PRAGMA wal_checkpoint(TRUNCATE)")
                ).one()
            if not busy and frames == moved:
                return
            # Another connection is reading an older snapshot: the log cannot be emptied
            # until it finishes, which takes a moment at most.
            time.sleep(0.05 * (attempt + 1))
        log.warning(
            "The write-ahead log could not be emptied after an erasure; it will be at the "
            "next checkpoint."
        )

    # --- retention ---------------------------------------------------------------------

    def last_contacts(self) -> list[tuple[int, datetime]]:
        """Every active customer's last contact: the newest of their calls (and visits and
        messages) and of what was recorded about them since (complaints and their stages,
        discrepancy reports, queue items, third-party disclosures), or the record's creation
        when there is none (or it is newer). Retention counts from it, so what was written
        today is never due because the customer last called years ago. What is about a
        record merged into theirs (its creation, the discrepancy reports that stay on it)
        counts as theirs: its own values go by their periods."""
        complaint_stages = select(Complaint.customer_id, ComplaintStageChange.changed_at).join(
            Complaint, Complaint.id == ComplaintStageChange.complaint_id
        )
        moments = union_all(
            select(Interaction.customer_id, Interaction.started_at),
            select(Complaint.customer_id, Complaint.received_at),
            select(Complaint.customer_id, Complaint.closed_at),
            complaint_stages,
            select(DiscrepancyReportRow.customer_id, DiscrepancyReportRow.reported_at),
            select(DiscrepancyReportRow.customer_id, DiscrepancyReportRow.decided_at),
            select(QueueItemRow.customer_id, QueueItemRow.raised_at),
            select(QueueItemRow.customer_id, QueueItemRow.closed_at),
            select(DisclosureRow.customer_id, DisclosureRow.requested_at),
            select(DisclosureRow.customer_id, DisclosureRow.decided_at),
            select(DisclosureRow.customer_id, DisclosureRow.released_at),
            select(Customer.id, Customer.created_at).where(Customer.merged_into_id.is_not(None)),
        ).subquery("moments")
        customer_id, moment = moments.c
        # A merged record's moments are the kept record's: the same person's.
        person = func.coalesce(Customer.merged_into_id, customer_id).label("customer_id")
        newest = (
            select(person, func.max(moment).label("newest"))
            .select_from(moments.join(Customer, Customer.id == customer_id))
            .group_by(person)
            .subquery()
        )
        rows = self._session.execute(
            select(Customer.id, Customer.created_at, newest.c.newest)
            .outerjoin(newest, newest.c.customer_id == Customer.id)
            .where(Customer.status == CustomerStatus.ACTIVE)
            .order_by(Customer.id)
        ).all()
        return [
            (int(customer_id), max(created_at, newest_moment or created_at))
            for customer_id, created_at, newest_moment in rows
        ]

    def merged_records(self) -> dict[int, int]:
        """Every record merged into another, by id: the record kept, the one the merge
        chain ends on (a merge moves the records merged into the one it takes along, so
        it is one step as a rule). Retention applies the kept record's periods to them."""
        query = select(Customer.id, Customer.merged_into_id).where(
            Customer.merged_into_id.is_not(None)
        )
        links = {merged: into for merged, into in self._session.execute(query) if into}
        kept: dict[int, int] = {}
        for merged, into in links.items():
            seen = {merged}
            while into in links and into not in seen:
                seen.add(into)
                into = links[into]
            kept[merged] = into
        return kept

    # --- legal holds -------------------------------------------------------------------

    def add_hold(self, hold: LegalHoldRow) -> LegalHoldRow:
        self._session.add(hold)
        self._session.flush()
        return hold

    def get_hold(self, hold_id: int) -> LegalHoldRow | None:
        return self._session.get(LegalHoldRow, hold_id)

    def holds_in_force(self, customer_ids: Ids) -> Sequence[LegalHoldRow]:
        """The recorded holds not lifted, on these customers, oldest first."""
        return self._session.scalars(
            select(LegalHoldRow)
            .where(LegalHoldRow.customer_id.in_(customer_ids), LegalHoldRow.lifted_at.is_(None))
            .order_by(LegalHoldRow.id)
        ).all()

    def every_hold_in_force(self) -> Sequence[tuple[LegalHoldRow, str]]:
        """Every recorded hold not lifted, with its customer's reference, oldest first."""
        return [
            (hold, reference)
            for hold, reference in self._session.execute(
                select(LegalHoldRow, Customer.reference)
                .join(Customer, Customer.id == LegalHoldRow.customer_id)
                .where(LegalHoldRow.lifted_at.is_(None))
                .order_by(LegalHoldRow.id)
            )
        ]

    def open_complaints(self, customer_ids: Ids) -> Sequence[Complaint]:
        """These customers' complaints not yet closed, oldest first."""
        return self._session.scalars(
            select(Complaint)
            .where(Complaint.customer_id.in_(customer_ids), Complaint.closed_at.is_(None))
            .order_by(Complaint.id)
        ).all()

    def held_customers(self) -> set[int]:
        """Every customer with a hold in force, an open complaint, or processing restricted
        (Art. 18): a restriction keeps the data as it is, which is often its very purpose
        (Art. 18(1)(c): kept for the person's legal claim), so retention passes it by."""
        recorded = self._session.scalars(
            select(LegalHoldRow.customer_id).where(LegalHoldRow.lifted_at.is_(None))
        )
        complaints = self._session.scalars(
            select(Complaint.customer_id).where(Complaint.closed_at.is_(None))
        )
        restricted = self._session.scalars(
            select(ProcessingRestrictionRow.customer_id).where(
                ProcessingRestrictionRow.lifted_at.is_(None)
            )
        )
        return set(recorded) | set(complaints) | set(restricted)
