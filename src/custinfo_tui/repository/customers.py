"""Customers: their records, field history, consents, and the lookup's queries.

The lookup's queries walk indexes only and return `CustomerRow`s, not ORM objects; the
rows and the parts the queries are built from are in repository/lookup_rows.py, and the
queries by name, which a search runs with others in one statement, in
repository/name_queries.py.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Select,
    bindparam,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, selectinload

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.search import deletion_keys
from custinfo_tui.repository.lookup_rows import (
    KEY_CEILING,
    CustomerQuery,
    CustomerRow,
    active_query,
    find_all_statement,
)
from custinfo_tui.repository.name_queries import NameQueries
from custinfo_tui.repository.orm import (
    Address,
    Consent,
    ContactPoint,
    Customer,
    FieldChange,
)
from custinfo_tui.repository.search_backend import search_backend_for, similar_terms_statement


class CustomerRepository(NameQueries):
    def __init__(self, session: Session) -> None:
        self._session = session
        self._search = search_backend_for(session)

    def add(self, customer: Customer) -> Customer:
        self._session.add(customer)
        self._session.flush()
        return customer

    def get(self, customer_id: int) -> Customer | None:
        return self._session.get(Customer, customer_id)

    def get_by_reference(self, reference: str) -> Customer | None:
        return self._session.scalars(
            select(Customer).where(Customer.reference == reference)
        ).one_or_none()

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(Customer)) or 0

    def existing_references(self, references: Sequence[str]) -> set[str]:
        """Which of these references belong to active customers."""
        if not references:
            return set()
        return set(
            self._session.scalars(
                select(Customer.reference).where(
                    Customer.reference.in_(references), Customer.status == CustomerStatus.ACTIVE
                )
            )
        )

    def get_for_update(self, customer_id: int, *, lock: bool = False) -> Customer | None:
        """The customer with contact points and addresses loaded, ready to change.

        `lock=True` also locks the row until the transaction ends, to serialise work on one
        customer: FOR UPDATE on PostgreSQL; on SQLite a no-op write first, which takes the
        database's write lock before anything is read (see AuditRepository._lock_chain_head).
        """
        if lock and self._session.get_bind().dialect.name == "sqlite":
            self._session.execute(
                update(Customer)
                .where(Customer.id == customer_id)
                .values(id=Customer.id)
                .execution_options(synchronize_session=False)
            )
        query = _CUSTOMER_TO_CHANGE_LOCKED if lock else _CUSTOMER_TO_CHANGE
        return self._session.scalars(query, {"customer_id": customer_id}).one_or_none()

    def add_field_change(self, change: FieldChange) -> None:
        self._session.add(change)

    def field_changes(self, customer_id: int) -> Sequence[FieldChange]:
        """Field history of one customer, newest first."""
        return self._session.scalars(
            select(FieldChange)
            .where(FieldChange.customer_id == customer_id)
            .order_by(FieldChange.id.desc())
        ).all()

    def erase_field_history(self, customer_id: int, field: str) -> int:
        """Blank the old and new values of one field's history rows, keeping who changed it,
        when and why. Returns how many rows still held a value."""
        rows = self._session.scalars(
            select(FieldChange).where(
                FieldChange.customer_id == customer_id,
                FieldChange.field == field,
                or_(FieldChange.old_value.is_not(None), FieldChange.new_value.is_not(None)),
            )
        ).all()
        for row in rows:
            row.old_value = row.new_value = None
        return len(rows)

    def add_contact_point(self, contact_point: ContactPoint) -> None:
        self._session.add(contact_point)

    def remove_contact_point(self, contact_point: ContactPoint) -> None:
        self._session.delete(contact_point)

    def add_address(self, address: Address) -> None:
        self._session.add(address)

    def remove_address(self, address: Address) -> None:
        self._session.delete(address)

    def add_consent(self, consent: Consent) -> Consent:
        self._session.add(consent)
        self._session.flush()
        return consent

    def consents_of(self, customer_id: int) -> Sequence[Consent]:
        """Every consent recorded for the customer, withdrawn ones too, newest first."""
        return self._session.scalars(
            select(Consent).where(Consent.customer_id == customer_id).order_by(Consent.id.desc())
        ).all()

    def add_name_terms(self, terms: Iterable[tuple[str, str]]) -> None:
        """Index (kind, folded key) pairs for typo-tolerant search; known ones are skipped.

        Kinds: "family" and "given" (customers' name keys) and "town" (addresses' towns).
        """
        rows = [
            {"kind": kind, "key": key, "term": term}
            for kind, term in set(terms)
            for key in deletion_keys(term)
        ]
        if not rows:
            return
        insert_new = self._search.insert_new_terms()
        for start in range(0, len(rows), 5_000):
            self._session.execute(insert_new, rows[start : start + 5_000])

    def similar_terms(
        self,
        wanted: Mapping[str, Collection[str]],
        limit: int = 200,
        *,
        two_slips: Collection[str] = (),
    ) -> dict[str, list[str]]:
        """Stored keys that may be one of the words wanted of each kind (family, given,
        town) with a slip: candidates to rank, by kind, from one query.

        Those sharing a deletion key with a word (every key within one slip, on any backend),
        and for the words also in `two_slips` what else the search backend finds
        (repository.search_backend). At most `limit` per word.
        """
        shape: list[tuple[str, int]] = []
        values: dict[str, Any] = {}
        for kind, words in wanted.items():
            words = [word for word in words if word]
            if not words:
                continue
            long_words = self._search.two_slip_words([w for w in words if w in two_slips])
            shape.append((kind, len(long_words)))
            values |= self._search.candidate_values(kind, words, long_words)
            values[f"{kind}_limit"] = limit * len(words)
        if not shape:
            return {}
        statement = similar_terms_statement(self._search, tuple(shape))
        by_kind: dict[str, list[str]] = {}
        for kind, term in self._session.execute(statement, values):
            by_kind.setdefault(kind, []).append(term)
        return by_kind

    def find_all(self, queries: Iterable[CustomerQuery | None]) -> list[CustomerRow]:
        """What each query finds, in one statement (UNION ALL: one round trip, where a
        name search used to make one per query); a customer found twice is listed twice."""
        asked = [query for query in queries if query is not None]
        if not asked:
            return []
        statement = find_all_statement(asked)
        values = {
            f"q{n}_{name}": value
            for n, query in enumerate(asked)
            for name, value in query.values.items()
        }
        return self._rows(statement, values)

    def find_by_family_and_birth(
        self, families: Collection[str], born: date, limit: int
    ) -> list[CustomerRow]:
        """Active customers with one of these family keys born on this day: the duplicate
        check's way to a common name typed with a slip (the family key, date of birth index)."""
        if not families:
            return []
        condition = Customer.family_key.in_(families) & (Customer.date_of_birth == born)
        # Unordered: sorting by name would steer SQLite onto the name index instead.
        return self._active(condition, limit, in_name_order=False)

    def find_by_contact(
        self, kind: str, value: str, *, exact: bool, limit: int
    ) -> list[CustomerRow]:
        """Active customers with a phone or e-mail equal to (or starting with) `value`.

        `value` is in stored form (E.164, lower-cased e-mail); the (kind, value) index
        answers both the equality and the prefix range.
        """
        match = (
            ContactPoint.value == value
            if exact
            else (ContactPoint.value >= value) & (ContactPoint.value < value + KEY_CEILING)
        )
        ids = (
            select(ContactPoint.customer_id)
            .where(ContactPoint.kind == kind, match)
            .limit(limit * 4)
            .scalar_subquery()
        )
        return self._active(Customer.id.in_(ids), limit)

    def find_by_postcode(
        self, postcode: str, *, exact: bool, limit: int, current: bool = True
    ) -> list[CustomerRow]:
        """Active customers whose current address (not `current`: an address they moved
        from) has this postcode (or one starting so)."""
        match = (
            Address.postcode == postcode
            if exact
            else (Address.postcode >= postcode) & (Address.postcode < postcode + KEY_CEILING)
        )
        ids = (
            select(Address.customer_id)
            .where(match, Address.is_current.is_(current))
            .limit(limit * 4)
            .scalar_subquery()
        )
        return self._active(Customer.id.in_(ids), limit)

    def _active(
        self, condition: Any, limit: int, *, in_name_order: bool = True
    ) -> list[CustomerRow]:
        """Active customers meeting `condition` (`active_query`)."""
        return self._rows(active_query(condition, limit, in_name_order=in_name_order))

    def _rows(
        self, query: Select[Any] | CompoundSelect[Any], values: dict[str, Any] | None = None
    ) -> list[CustomerRow]:
        return [CustomerRow(*row) for row in self._session.execute(query, values)]

    def find_by_reference(self, reference: str) -> list[CustomerRow]:
        return self._active(Customer.reference == reference, 1)

    def find_by_ids(self, customer_ids: Collection[int]) -> list[CustomerRow]:
        """These customers as lookup rows (the survivors of merged records found)."""
        if not customer_ids:
            return []
        return self._active(Customer.id.in_(customer_ids), len(customer_ids))


# Read at every step of a call (6 times in the desks benchmark's call), so built once:
# building a statement took longer than running it (docs/performance.md).
_CUSTOMER_TO_CHANGE = (
    select(Customer)
    .where(Customer.id == bindparam("customer_id"))
    .options(selectinload(Customer.contact_points), selectinload(Customer.addresses))
)
_CUSTOMER_TO_CHANGE_LOCKED = _CUSTOMER_TO_CHANGE.with_for_update(of=Customer)
