"""Storage for the legacy import (`custinfo import`, services/legacy_import.py): the run's
checkpoint, customer ids and references for a batch, the batch's rows in bulk inserts, the
secondary indexes a first import builds once at the end, and the pairs of customers that
may be the same person once every row is stored.

The inserts go to the driver's executemany (repository/driver_inserts.py); which indexes a
first import sets aside, and building them again: repository/import_indexes.py.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, NamedTuple

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from custinfo_tui.repository.driver_inserts import insert_through_driver
from custinfo_tui.repository.import_indexes import build_set_aside_indexes, set_aside_indexes
from custinfo_tui.repository.in_lists import in_lists
from custinfo_tui.repository.orm import Base, Customer, LegacyImportRow

#: SQLite's page cache for the importing connection, in KiB.
SQLITE_CACHE_KIB = 32_768
#: A phone number on more records than this is shared (a switchboard, a care home, or a
#: fictitious drama number): like the console's duplicate check, which reads at most ten
#: holders of a number, it does not make anyone a duplicate.
SHARED_PHONE_HOLDERS = 10


class PossibleDuplicate(NamedTuple):
    """An imported customer and an earlier one sharing what a strong match needs, with what
    the duplicate scoring compares: their name keys and whether they share a date of birth,
    a phone number or an e-mail address (a current postcode: `current_postcodes`)."""

    customer_id: int
    reference: str
    given_key: str
    family_key: str
    other_id: int
    other_reference: str
    other_given_key: str
    other_family_key: str
    same_date_of_birth: bool
    same_phone: bool
    same_email: bool


class LegacyImportRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- The run and its checkpoint -------------------------------------------------------

    def runs_of_file(self, file_sha256: str) -> list[LegacyImportRow]:
        """Every import of a file with these bytes, whatever its mapping, finished or not:
        the newest first."""
        return list(
            self._session.scalars(
                select(LegacyImportRow)
                .where(LegacyImportRow.file_sha256 == file_sha256)
                .order_by(LegacyImportRow.id.desc())
            )
        )

    def unfinished_runs(self, *, file_name: str | None = None) -> list[LegacyImportRow]:
        """Every import stopped part way, neither finished nor given up (of a file named
        `file_name`, if given): the newest first."""
        query = select(LegacyImportRow).where(LegacyImportRow.finished_at.is_(None))
        if file_name is not None:
            query = query.where(LegacyImportRow.file_name == file_name)
        return list(self._session.scalars(query.order_by(LegacyImportRow.id.desc())))

    def finished_runs(self, *, file_name: str) -> list[LegacyImportRow]:
        """Every import of a file named `file_name` finished (or given up) having stored a
        customer: the newest first."""
        done = LegacyImportRow.finished_at.is_not(None) & (LegacyImportRow.accepted > 0)
        query = select(LegacyImportRow).where(done, LegacyImportRow.file_name == file_name)
        return list(self._session.scalars(query.order_by(LegacyImportRow.id.desc())))

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

    def set_indexes_aside(self) -> None:
        """Drop the secondary indexes of the customers' tables, for a first import into an
        empty SQLite database. PostgreSQL keeps them: the console's role cannot drop them."""
        if self._dialect != "sqlite":
            return
        connection = self._session.connection()
        for index in set_aside_indexes():
            index.drop(connection, checkfirst=True)

    def restore_indexes(self, names: Collection[str] | None = None, *, sorters: int = 0) -> int:
        """Build any secondary index set aside (none on PostgreSQL), or only those of
        `names` (DUPLICATE_SEARCH_INDEXES first): how many were built.

        `sorters` more threads may sort each index's keys (SQLite's `PRAGMA threads`), for
        a build nothing else runs beside: it uses a core that would otherwise wait.
        """
        if self._dialect != "sqlite":
            return 0
        connection = self._session.connection()
        connection.exec_driver_sql(f"PRAGMA threads = {int(sorters)}")
        try:
            return build_set_aside_indexes(connection, names)
        finally:
            connection.exec_driver_sql("PRAGMA threads = 0")

    def insert_rows(
        self,
        import_id: int,
        customers: Sequence[tuple[Any, ...]],
        contact_points: Sequence[tuple[Any, ...]],
        addresses: Sequence[tuple[Any, ...]],
    ) -> None:
        """Insert a batch's prepared rows, one executemany per table: `customers` as
        CUSTOMER_COLUMNS, `contact_points` as CONTACT_COLUMNS, `addresses` as
        ADDRESS_COLUMNS; each customer is listed as this import's."""
        connection = self._session.connection()
        if connection.dialect.name == "sqlite":
            # The indexes take a batch's rows at scattered places: a page cache of 32 MB
            # (not SQLite's 2 MB) keeps their pages in memory for the next batch.
            connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        tables = Base.metadata.tables
        links = [(import_id, customer[0]) for customer in customers]
        for name, columns, rows in (
            ("customers", CUSTOMER_COLUMNS, customers),
            ("contact_points", CONTACT_COLUMNS, contact_points),
            ("addresses", ADDRESS_COLUMNS, addresses),
            ("legacy_import_customers", ("import_id", "customer_id"), links),
        ):
            if rows:
                insert_through_driver(connection, tables[name], columns, rows)

    # --- Stopping a long statement ---------------------------------------------------------

    def statement_stopper(self) -> Callable[[], None]:
        """A function that stops the statement this unit of work's connection is running,
        called from another thread (Ctrl+C during an import's last step): SQLite's
        interrupt, psycopg's cancel. The statement then fails, and its transaction rolls
        back; with none running it does nothing."""
        raw = self._session.connection().connection.dbapi_connection
        stop = getattr(raw, "interrupt", None) or getattr(raw, "cancel", None)
        assert callable(stop), "SQLite's drivers interrupt, psycopg cancels"
        return stop  # type: ignore[no-any-return]

    # --- Possible duplicates ----------------------------------------------------------------

    def possible_duplicates(self, import_id: int) -> Iterator[PossibleDuplicate]:
        """Each customer the import stored, paired with every earlier customer (a lower id:
        stored before the import, or an earlier row of its file) that shares the e-mail, the
        phone number (unless more than SHARED_PHONE_HOLDERS records hold it), or the family
        name key with the date of birth. Ordered by the imported customer; merged records
        left out (a survivor is found in its own right). One statement: the agreements are
        worked out where the rows and their indexes are. Whether the two share a current
        postcode is asked apart (`current_postcodes`), of the few pairs the scoring may find
        strong, rather than of every pair here (a quarter of the statement's time)."""
        # Each part starts from the few keys more than one customer holds (a GROUP BY over
        # an index) and only then reads their holders. The CROSS JOINs keep SQLite to that
        # order, which it would otherwise turn round into a scan of every holder;
        # PostgreSQL's planner chooses its own order either way. Each pair is tagged with
        # the parts that found it: the e-mail part finds every pair sharing an address, so
        # its tag is the answer; the phone part leaves out numbers held by many, so only a
        # pair it did not find is asked whether it shares one (13 s to 9.5 s at a million).
        imported = (
            "EXISTS (SELECT 1 FROM legacy_import_customers l "
            "WHERE l.import_id = :import_id AND l.customer_id = {id})"
        )
        contact = """
            SELECT cx.customer_id AS x, cy.customer_id AS y, {tags}
            FROM (
                SELECT value FROM contact_points WHERE kind = '{kind}'
                GROUP BY value HAVING COUNT(*) BETWEEN 2 AND {most}
            ) AS v
            CROSS JOIN contact_points cx CROSS JOIN contact_points cy
            WHERE cx.kind = '{kind}' AND cx.value = v.value
                AND cy.kind = '{kind}' AND cy.value = v.value
                AND cy.customer_id < cx.customer_id AND {imported}"""
        contact_imported = imported.format(id="cx.customer_id")
        email_pairs = contact.format(
            kind="email", most=":many", imported=contact_imported, tags="1, 0"
        )
        phone_pairs = contact.format(
            kind="phone", most=":shared", imported=contact_imported, tags="0, 1"
        )
        shares_a_phone = """EXISTS (
                SELECT 1 FROM contact_points a
                JOIN contact_points b ON b.customer_id = p.y AND b.kind = a.kind
                    AND b.value = a.value
                WHERE a.customer_id = p.x AND a.kind = 'phone')"""
        statement = f"""
            WITH found AS (
                SELECT c.id AS x, y.id AS y, 0 AS by_email, 0 AS by_phone
                FROM (
                    SELECT family_key, date_of_birth FROM customers
                    WHERE date_of_birth IS NOT NULL
                    GROUP BY family_key, date_of_birth HAVING COUNT(*) > 1
                ) AS g
                CROSS JOIN customers c CROSS JOIN customers y
                WHERE c.family_key = g.family_key AND c.date_of_birth = g.date_of_birth
                    AND y.family_key = g.family_key AND y.date_of_birth = g.date_of_birth
                    AND y.id < c.id AND {imported.format(id="c.id")}
                UNION ALL {email_pairs}
                UNION ALL {phone_pairs}
            ), pairs AS (
                SELECT x, y, MAX(by_email) AS by_email, MAX(by_phone) AS by_phone
                FROM found GROUP BY x, y
            )
            SELECT p.x, c.reference, c.given_key, c.family_key,
                p.y, y.reference, y.given_key, y.family_key,
                CASE WHEN c.date_of_birth = y.date_of_birth THEN 1 ELSE 0 END,
                CASE WHEN p.by_phone = 1 THEN 1
                    WHEN {shares_a_phone} THEN 1 ELSE 0 END,
                p.by_email
            FROM pairs p
            JOIN customers c ON c.id = p.x
            JOIN customers y ON y.id = p.y
            WHERE c.merged_into_id IS NULL AND y.merged_into_id IS NULL
            ORDER BY p.x, p.y"""
        result = self._session.execute(
            text(statement),
            {
                "import_id": import_id,
                "shared": SHARED_PHONE_HOLDERS,
                "many": 2**31 - 1,
            },
        )
        # Thousands of rows a fetch: row by row, fetching cost as much as scoring them.
        for rows in result.partitions(10_000):
            for x, reference, given, family, y, their_reference, their_given, their_family, \
                    date_of_birth, phone, email in rows:  # fmt: skip
                yield PossibleDuplicate(
                    x, reference, given, family, y, their_reference, their_given, their_family,
                    bool(date_of_birth), bool(phone), bool(email),
                )  # fmt: skip

    def current_postcodes(self, customer_ids: Collection[int]) -> dict[int, set[str]]:
        """The postcodes of these customers' current addresses (none for a customer without
        one)."""
        postcodes: dict[int, set[str]] = {}
        rows = self._select_in(
            "SELECT customer_id, postcode FROM addresses "
            "WHERE is_current AND postcode IS NOT NULL AND customer_id IN",
            customer_ids,
        )
        for customer_id, postcode in rows:
            postcodes.setdefault(customer_id, set()).add(postcode)
        return postcodes

    def _select_in(self, sql: str, values: Collection[Any]) -> list[Sequence[Any]]:
        """`sql IN (values)`, through the driver in chunks: SQLAlchemy's expanding IN would
        compile each list of thousands of values anew."""
        connection = self._session.connection()
        marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        rows: list[Sequence[Any]] = []
        for chunk in in_lists(sorted(values)):
            statement = f"{sql} ({', '.join([marker] * len(chunk))})"
            rows += connection.exec_driver_sql(statement, tuple(chunk)).all()
        return rows

    @property
    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name


#: The columns of a batch's prepared rows (services/legacy_import_batch.py builds them).
CUSTOMER_COLUMNS = (
    "id", "reference", "given_name", "family_name", "given_key", "family_key",
    "date_of_birth", "status", "created_at", "updated_at", "version",
)  # fmt: skip
CONTACT_COLUMNS = ("customer_id", "kind", "label", "value", "is_primary", "created_at")
ADDRESS_COLUMNS = (
    "customer_id", "line1", "line2", "town", "town_key", "postcode", "country", "is_current",
    "valid_from",
)  # fmt: skip
