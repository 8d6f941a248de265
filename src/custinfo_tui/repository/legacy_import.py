"""Storage for the legacy import (`custinfo import`, services/legacy_import.py): the run's
checkpoint, customer ids and references for a batch, the batch's rows in three bulk
inserts, and the existing customers a batch's people may be duplicates of.

The inserts go to the driver's executemany with values already in the column types' bound
form: the ORM's and even Core's per-row bookkeeping would cost more than validating a row.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.orm import Session

from custinfo_tui.repository.orm import Base, Customer, LegacyImportRow

#: Values sent in one IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
_IN_CHUNK = 2_000
#: SQLite's page cache for the importing connection, in KiB.
SQLITE_CACHE_KIB = 32_768
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
        #: Phone numbers found on more than SHARED_PHONE_HOLDERS records; the importer
        #: hands the set from batch to batch.
        self.shared_phones: set[str] = set()

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
        return {
            row[0]
            for row in self._select_in(
                "SELECT reference FROM customers WHERE reference IN", references
            )
        }

    # --- Bulk inserts -----------------------------------------------------------------------

    def insert_rows(
        self,
        customers: Sequence[dict[str, Any]],
        contact_points: Sequence[dict[str, Any]],
        addresses: Sequence[dict[str, Any]],
    ) -> None:
        """Insert a batch's prepared rows: one executemany per table."""
        connection = self._session.connection()
        if connection.dialect.name == "sqlite":
            # Seven indexes take a batch's rows at scattered places: a page cache of 32 MB
            # (not SQLite's 2 MB) keeps their pages in memory for the next batch.
            connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
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
        contact = "SELECT customer_id FROM contact_points WHERE kind = '{kind}' AND value IN"
        ids.update(row[0] for row in self._select_in(contact.format(kind="email"), emails))
        ids.update(
            row[0] for row in self._select_in(contact.format(kind="phone"), self._unshared(phones))
        )
        born = self._binder(Customer.date_of_birth)
        pairs = [(family, born(birth)) for family, birth in families_born]
        ids.update(
            row[0]
            for row in self._select_in(
                "SELECT id FROM customers WHERE (family_key, date_of_birth) IN", pairs
            )
        )
        return self._existing(ids)

    def _unshared(self, phones: Collection[str]) -> list[str]:
        """The phones held by at most SHARED_PHONE_HOLDERS records. A number found shared
        stays so (an import only adds holders): it is remembered, not counted again."""
        unknown = [phone for phone in phones if phone not in self.shared_phones]
        holders = self._select_in(
            "SELECT value, COUNT(*) FROM contact_points WHERE kind = 'phone' AND value IN",
            unknown,
            tail=" GROUP BY value",
        )
        self.shared_phones.update(v for v, count in holders if count > SHARED_PHONE_HOLDERS)
        return [phone for phone in unknown if phone not in self.shared_phones]

    def _existing(self, ids: Collection[int]) -> list[ExistingCustomer]:
        found: dict[int, ExistingCustomer] = {}
        birth = self._result(Customer.date_of_birth)
        for id_, reference, given_key, family_key, born, merged_into in self._select_in(
            "SELECT id, reference, given_key, family_key, date_of_birth, merged_into_id "
            "FROM customers WHERE id IN",
            ids,
        ):
            found[id_] = ExistingCustomer(
                id=id_,
                reference=reference,
                given_key=given_key,
                family_key=family_key,
                date_of_birth=birth(born),
                merged=merged_into is not None,
            )
        for customer_id, kind, value in self._select_in(
            "SELECT customer_id, kind, value FROM contact_points WHERE customer_id IN", ids
        ):
            holder = found[customer_id]
            (holder.phones if kind == "phone" else holder.emails).add(value)
        for customer_id, postcode in self._select_in(
            "SELECT customer_id, postcode FROM addresses WHERE customer_id IN",
            ids,
            tail=" AND is_current = {true}",
        ):
            found[customer_id].postcodes.add(postcode)
        return list(found.values())

    def _select_in(
        self, sql: str, values: Collection[Any], *, tail: str = ""
    ) -> list[Sequence[Any]]:
        """`sql IN (values)tail`, through the driver in chunks: SQLAlchemy's expanding IN
        would compile each list of thousands of values anew. Tuples compare as rows."""
        connection = self._session.connection()
        dialect = connection.dialect
        marker = "?" if dialect.paramstyle == "qmark" else "%s"
        true = "1" if dialect.name == "sqlite" else "true"
        rows: list[Sequence[Any]] = []
        for chunk in _chunks(sorted(values)):
            if isinstance(chunk[0], tuple):
                one = f"({', '.join([marker] * len(chunk[0]))})"
                listed = f"(VALUES {', '.join([one] * len(chunk))})"
                parameters = tuple(part for value in chunk for part in value)
            else:
                listed = f"({', '.join([marker] * len(chunk))})"
                parameters = tuple(chunk)
            statement = f"{sql} {listed}{tail.format(true=true)}"
            rows += connection.exec_driver_sql(statement, parameters).all()
        return rows

    def _binder(self, column: Any) -> Callable[[Any], Any]:
        dialect = self._session.get_bind().dialect
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        return process if process is not None else _same

    def _result(self, column: Any) -> Callable[[Any], Any]:
        dialect = self._session.get_bind().dialect
        process = column.type.dialect_impl(dialect).result_processor(dialect, None)
        return process if process is not None else _same

    @property
    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name


_T = TypeVar("_T")


def _chunks(values: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


def _same(value: Any) -> Any:
    return value


def _bound(
    rows: Sequence[dict[str, Any]], name: str, binder: Callable[[Any], Any] | None
) -> list[Any]:
    """One column's values as the driver takes them. Column by column, so a timestamp all
    the rows share is bound once rather than per row."""
    column = [row[name] for row in rows]
    if binder is None:
        return column
    first = column[0]
    if all(value is first for value in column):
        return [binder(first) if first is not None else None] * len(column)
    return [binder(value) if value is not None else None for value in column]


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
    values = list(
        zip(
            *(_bound(rows, name, binder) for name, binder in zip(columns, binders, strict=True)),
            strict=True,
        )
    )
    connection.exec_driver_sql(statement, values)
