"""Storage for the legacy import (`custinfo import`, services/legacy_import.py): the run's
checkpoint, customer ids and references for a batch, the batch's rows in three bulk
inserts, and the existing customers a batch's people may be duplicates of.

The inserts go to the driver's executemany with values already in the column types' bound
form: the ORM's and even Core's per-row bookkeeping would cost more than validating a row.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, func, select, text, tuple_
from sqlalchemy.orm import Session

from custinfo_tui.repository.orm import Address, Base, ContactPoint, Customer, LegacyImportRow

#: Values sent in one IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
_IN_CHUNK = 2_000
#: A phone number on more records than this is shared (a switchboard, a care home, or a
#: fictitious drama number): like the console's duplicate check, which reads at most ten
#: holders of a number, it does not make anyone a duplicate.
SHARED_PHONE_HOLDERS = 10


@dataclass(slots=True)
class ExistingCustomer:
    """What the duplicate scoring needs of a customer already stored."""

    id: int
    reference: str
    given_key: str
    family_key: str
    date_of_birth: date | None
    merged: bool
    phones: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    postcodes: set[str] = field(default_factory=set)


class LegacyImportRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- The run and its checkpoint -------------------------------------------------------

    def latest_run(self, file_sha256: str, mapping_sha256: str) -> LegacyImportRow | None:
        """The newest import of this file with this mapping, finished or not."""
        return self._session.scalars(
            select(LegacyImportRow)
            .where(
                LegacyImportRow.file_sha256 == file_sha256,
                LegacyImportRow.mapping_sha256 == mapping_sha256,
            )
            .order_by(LegacyImportRow.id.desc())
            .limit(1)
        ).first()

    def get_run(self, run_id: int) -> LegacyImportRow:
        run = self._session.get(LegacyImportRow, run_id)
        assert run is not None, "an import run is never deleted"
        return run

    def add_run(self, run: LegacyImportRow) -> LegacyImportRow:
        self._session.add(run)
        self._session.flush()
        return run

    # --- Ids and references ---------------------------------------------------------------

    def new_customer_ids(self, count: int) -> list[int]:
        """Ids for `count` new customers, taken inside this transaction.

        PostgreSQL: from the customers' sequence (USAGE is all the console's role holds on
        it). SQLite: past the highest id; SQLite has one writer at a time, and a desk that
        wrote first makes this transaction's insert fail rather than collide.
        """
        if count == 0:
            return []
        if self._dialect == "postgresql":
            rows = self._session.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence('customers', 'id')) "
                    "FROM generate_series(1, :count)"
                ),
                {"count": count},
            )
            return [int(row[0]) for row in rows]
        first = (self._session.scalar(select(func.max(Customer.id))) or 0) + 1
        return list(range(first, first + count))

    def taken_references(self, references: Collection[str]) -> set[str]:
        """Which of these references any customer holds (active, merged or erased)."""
        taken: set[str] = set()
        for chunk in _chunks(sorted(references)):
            taken.update(
                self._session.scalars(
                    select(Customer.reference).where(Customer.reference.in_(chunk))
                )
            )
        return taken

    # --- Bulk inserts -----------------------------------------------------------------------

    def insert_rows(
        self,
        customers: Sequence[dict[str, Any]],
        contact_points: Sequence[dict[str, Any]],
        addresses: Sequence[dict[str, Any]],
    ) -> None:
        """Insert a batch's prepared rows: one executemany per table."""
        connection = self._session.connection()
        tables = Base.metadata.tables
        for name, rows in (
            ("customers", customers),
            ("contact_points", contact_points),
            ("addresses", addresses),
        ):
            if rows:
                _executemany(connection, tables[name], rows)

    # --- Possible duplicates ----------------------------------------------------------------

    def possible_duplicates(
        self,
        emails: Collection[str],
        phones: Collection[str],
        families_born: Collection[tuple[str, date]],
    ) -> list[ExistingCustomer]:
        """Stored customers sharing an e-mail, a phone number that is not shared by more
        than SHARED_PHONE_HOLDERS records, or a family name key with a date of birth: each
        with what the scoring compares (name keys, date of birth, contacts, postcodes)."""
        ids: set[int] = set()
        for kind, values in (("email", emails), ("phone", self._unshared_phones(phones))):
            for chunk in _chunks(sorted(values)):
                ids.update(
                    self._session.scalars(
                        select(ContactPoint.customer_id).where(
                            ContactPoint.kind == kind, ContactPoint.value.in_(chunk)
                        )
                    )
                )
        for pairs in _chunks(sorted(families_born)):
            ids.update(
                self._session.scalars(
                    select(Customer.id).where(
                        tuple_(Customer.family_key, Customer.date_of_birth).in_(pairs)
                    )
                )
            )
        return self._existing(ids)

    def _unshared_phones(self, phones: Collection[str]) -> list[str]:
        unshared = []
        for chunk in _chunks(sorted(phones)):
            holders = self._session.execute(
                select(ContactPoint.value, func.count())
                .where(ContactPoint.kind == "phone", ContactPoint.value.in_(chunk))
                .group_by(ContactPoint.value)
            )
            unshared += [value for value, count in holders if count <= SHARED_PHONE_HOLDERS]
        return unshared

    def _existing(self, ids: set[int]) -> list[ExistingCustomer]:
        found: dict[int, ExistingCustomer] = {}
        for chunk in _chunks(sorted(ids)):
            for row in self._session.execute(
                select(
                    Customer.id,
                    Customer.reference,
                    Customer.given_key,
                    Customer.family_key,
                    Customer.date_of_birth,
                    Customer.merged_into_id,
                ).where(Customer.id.in_(chunk))
            ):
                found[row.id] = ExistingCustomer(
                    id=row.id,
                    reference=row.reference,
                    given_key=row.given_key,
                    family_key=row.family_key,
                    date_of_birth=row.date_of_birth,
                    merged=row.merged_into_id is not None,
                )
            for customer_id, kind, value in self._session.execute(
                select(ContactPoint.customer_id, ContactPoint.kind, ContactPoint.value).where(
                    ContactPoint.customer_id.in_(chunk)
                )
            ):
                holder = found[customer_id]
                (holder.phones if kind == "phone" else holder.emails).add(value)
            for customer_id, postcode in self._session.execute(
                select(Address.customer_id, Address.postcode).where(
                    Address.customer_id.in_(chunk), Address.is_current.is_(True)
                )
            ):
                found[customer_id].postcodes.add(postcode)
        return list(found.values())

    @property
    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name


_T = TypeVar("_T")


def _chunks(values: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


def _executemany(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT the rows through the driver's executemany, each value bound as its column's
    type binds it (dates as SQLite text, UTC timestamps naive on SQLite...)."""
    dialect = connection.dialect
    columns = list(rows[0])
    binders = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]
    quote = dialect.identifier_preparer.quote
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in columns)}) "
        f"VALUES ({', '.join([marker] * len(columns))})"
    )
    values = [
        tuple(
            binder(row[name]) if binder is not None and row[name] is not None else row[name]
            for name, binder in zip(columns, binders, strict=True)
        )
        for row in rows
    ]
    connection.exec_driver_sql(statement, values)
