"""Repositories: the only code that builds queries. `select()` and `session.scalars()` only."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, insert, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from custinfo_tui.domain.audit_chain import ChainHeadState, EventContent, StoredEvent, chain_hash
from custinfo_tui.domain.events import AuditAction, AuditEvent, AuditEventIn, AuditTrailEntry
from custinfo_tui.domain.search import deletion_keys
from custinfo_tui.repository.orm import (
    CHAIN_HEAD_ID,
    Address,
    AuditChainHead,
    AuditEventRow,
    Base,
    Consent,
    ContactPoint,
    Customer,
    FieldChange,
    Interaction,
    NameIndexKey,
    Operator,
    QueueItemRow,
    Representative,
    VerificationLock,
)


@dataclass(frozen=True, slots=True)
class CustomerRow:
    """A customer as the lookup lists them: enough to pick the record, nothing more."""

    id: int
    reference: str
    given_name: str
    family_name: str
    given_key: str
    family_key: str
    postcode: str | None
    phone: str | None
    date_of_birth: date | None = None


#: The highest code point: `prefix + KEY_CEILING` sorts after every key starting with prefix.
KEY_CEILING = "\U0010ffff"


class OperatorRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, operator: Operator) -> Operator:
        self._session.add(operator)
        self._session.flush()
        return operator

    def get(self, operator_id: int) -> Operator | None:
        return self._session.get(Operator, operator_id)

    def get_by_username(self, username: str) -> Operator | None:
        return self._session.scalars(
            select(Operator).where(Operator.username == username)
        ).one_or_none()

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(Operator)) or 0

    def list_all(self) -> Sequence[Operator]:
        return self._session.scalars(select(Operator).order_by(Operator.username)).all()

    def count_active(self, role: str) -> int:
        return (
            self._session.scalar(
                select(func.count())
                .select_from(Operator)
                .where(Operator.active.is_(True), Operator.role == role)
            )
            or 0
        )

    def not_logged_in_since(self, since: datetime) -> list[int]:
        """Ids of active operators, created before `since`, with no login since then.

        Logins are the `operator.login_succeeded` events: a range scan of the recent ones
        on the (action, occurred_at) index, however long the trail.
        """
        recent_logins = select(AuditEventRow.operator_id).where(
            AuditEventRow.action == AuditAction.LOGIN_SUCCEEDED.value,
            AuditEventRow.occurred_at >= since,
            AuditEventRow.operator_id.is_not(None),
        )
        return list(
            self._session.scalars(
                select(Operator.id)
                .where(
                    Operator.active.is_(True),
                    Operator.created_at < since,
                    Operator.id.not_in(recent_logins),
                )
                .order_by(Operator.id)
            )
        )


class CustomerRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

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
                    Customer.reference.in_(references), Customer.status == "active"
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
        query = (
            select(Customer)
            .where(Customer.id == customer_id)
            .options(selectinload(Customer.contact_points), selectinload(Customer.addresses))
        )
        if lock:
            query = query.with_for_update(of=Customer)
        return self._session.scalars(query).one_or_none()

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

    def add_consent(self, consent: Consent) -> Consent:
        self._session.add(consent)
        self._session.flush()
        return consent

    def consents_of(self, customer_id: int) -> Sequence[Consent]:
        """Every consent recorded for the customer, withdrawn ones too, newest first."""
        return self._session.scalars(
            select(Consent).where(Consent.customer_id == customer_id).order_by(Consent.id.desc())
        ).all()

    def max_id(self) -> int:
        return self._session.scalar(select(func.max(Customer.id))) or 0

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
        dialect = self._session.get_bind().dialect.name
        insert_into = postgresql_insert if dialect == "postgresql" else sqlite_insert
        for start in range(0, len(rows), 5_000):
            self._session.execute(
                insert_into(NameIndexKey).on_conflict_do_nothing(), rows[start : start + 5_000]
            )

    def similar_terms(self, kind: str, words: Collection[str], limit: int = 200) -> list[str]:
        """Stored keys of this kind that may be one of `words` with a slip: candidates to rank.

        Those sharing a deletion key with a word (every key within one slip, on any backend);
        on PostgreSQL also those pg_trgm finds similar (its GIN trigram index), which adds
        some two-slip matches of longer names. At most `limit` per word.
        """
        words = [word for word in words if word]
        if not words:
            return []
        keys = {key for word in words for key in deletion_keys(word)}
        terms = select(NameIndexKey.term).where(
            NameIndexKey.kind == kind, NameIndexKey.key.in_(keys)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            similar = or_(*(NameIndexKey.term.op("%")(word) for word in words))
            terms = (
                terms.union(select(NameIndexKey.term).where(NameIndexKey.kind == kind, similar))
                .subquery()
                .select()
            )
        else:
            terms = terms.distinct()
        return list(self._session.scalars(terms.limit(limit * len(words))))

    def find_by_name_keys(
        self,
        families: Collection[str],
        givens: Collection[str] | None,
        limit: int,
        *,
        given_prefix: str | None = None,
        postcode_prefix: str | None = None,
        towns: Collection[str] = (),
    ) -> list[CustomerRow]:
        """Active customers whose family key is one of `families` (and given key one of
        `givens`, or starting with `given_prefix`; living in one of `towns`): the
        (family_key, given_key) index, then each candidate's address by customer_id."""
        if not families or (givens is not None and not givens):
            return []
        condition: ColumnElement[bool] = Customer.family_key.in_(families)
        if givens is not None:
            condition = condition & Customer.given_key.in_(givens)
        if given_prefix:
            condition = (
                condition
                & (Customer.given_key >= given_prefix)
                & (Customer.given_key < given_prefix + KEY_CEILING)
            )
        if postcode_prefix:
            condition = condition & Customer.id.in_(_in_postcode_area(postcode_prefix))
        if towns:
            condition = condition & (
                select(Address.id)
                .where(
                    Address.customer_id == Customer.id,
                    Address.is_current.is_(True),
                    Address.town_key.in_(towns),
                )
                .exists()
            )
        return self._active(condition, limit)

    def find_by_given_keys(
        self, givens: Collection[str], limit: int, *, postcode_prefix: str | None = None
    ) -> list[CustomerRow]:
        """Active customers whose given key is one of `givens` (the given_key index)."""
        if not givens:
            return []
        condition: ColumnElement[bool] = Customer.given_key.in_(givens)
        if postcode_prefix:
            condition = condition & Customer.id.in_(_in_postcode_area(postcode_prefix))
        return self._active(condition, limit)

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

    def find_by_postcode(self, postcode: str, *, exact: bool, limit: int) -> list[CustomerRow]:
        """Active customers whose current address has this postcode (or one starting so)."""
        match = (
            Address.postcode == postcode
            if exact
            else (Address.postcode >= postcode) & (Address.postcode < postcode + KEY_CEILING)
        )
        ids = (
            select(Address.customer_id)
            .where(match, Address.is_current.is_(True))
            .limit(limit * 4)
            .scalar_subquery()
        )
        return self._active(Customer.id.in_(ids), limit)

    def _active(
        self, condition: Any, limit: int, *, in_name_order: bool = True
    ) -> list[CustomerRow]:
        """Active customers meeting `condition`, in name order, as lookup rows.

        One query: the current postcode and one phone come from correlated subqueries on
        their customer_id indexes, so no ORM objects or lazy loads are involved.
        """
        postcode = (
            select(Address.postcode)
            .where(Address.customer_id == Customer.id, Address.is_current.is_(True))
            .order_by(Address.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        phone = (
            select(ContactPoint.value)
            .where(ContactPoint.customer_id == Customer.id, ContactPoint.kind == "phone")
            .order_by(ContactPoint.is_primary.desc(), ContactPoint.id)
            .limit(1)
            .scalar_subquery()
        )
        query = (
            select(
                Customer.id,
                Customer.reference,
                Customer.given_name,
                Customer.family_name,
                Customer.given_key,
                Customer.family_key,
                postcode,
                phone,
                Customer.date_of_birth,
            )
            .where(condition, Customer.status == "active")
            .limit(limit)
        )
        if in_name_order:
            query = query.order_by(Customer.family_key, Customer.given_key, Customer.id)
        return [CustomerRow(*row) for row in self._session.execute(query)]

    def find_by_reference(self, reference: str) -> list[CustomerRow]:
        return self._active(Customer.reference == reference, 1)

    def find_by_name_prefix(
        self,
        family_prefix: str,
        given_prefix: str | None,
        limit: int,
        *,
        postcode_prefix: str | None = None,
    ) -> list[CustomerRow]:
        """Active customers whose folded family name (and given name) start with the prefixes.

        Range conditions rather than LIKE, so SQLite and PostgreSQL both walk the
        (family_key, given_key) index instead of scanning the table.
        """
        condition = (Customer.family_key >= family_prefix) & (
            Customer.family_key < family_prefix + KEY_CEILING
        )
        if given_prefix:
            condition = (
                condition
                & (Customer.given_key >= given_prefix)
                & (Customer.given_key < given_prefix + KEY_CEILING)
            )
        if postcode_prefix:
            condition = condition & Customer.id.in_(_in_postcode_area(postcode_prefix))
        return self._active(condition, limit)

    def bulk_insert(
        self,
        customers: list[dict[str, Any]],
        contact_points: list[dict[str, Any]],
        addresses: list[dict[str, Any]],
    ) -> None:
        """Insert prepared rows in three executemany calls: how demo data reaches a million rows.

        Core inserts on the tables, not ORM bulk inserts: nothing needs to come back, and
        skipping the ORM's per-row bookkeeping makes a million customers several times faster.
        """
        tables = Base.metadata.tables
        for table, rows in (
            (tables["customers"], customers),
            (tables["contact_points"], contact_points),
            (tables["addresses"], addresses),
        ):
            if rows:
                self._session.execute(insert(table), rows)

    def resync_id_sequences(self) -> None:
        """After inserting explicit ids on PostgreSQL, move the serial sequences past them."""
        if self._session.get_bind().dialect.name != "postgresql":
            return
        for table in ("customers", "contact_points", "addresses"):
            self._session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
            )


class InteractionRepository:
    """Calls, visits and other contacts, and the third parties who may act for a customer."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, interaction: Interaction) -> Interaction:
        self._session.add(interaction)
        self._session.flush()
        return interaction

    def get(self, interaction_id: int) -> Interaction | None:
        return self._session.get(Interaction, interaction_id)

    def open_for_operator(self, operator_id: int) -> Sequence[Interaction]:
        """The operator's interactions that have not ended."""
        return self._session.scalars(
            select(Interaction)
            .where(Interaction.operator_id == operator_id, Interaction.ended_at.is_(None))
            .order_by(Interaction.id)
        ).all()

    def add_representative(self, representative: Representative) -> Representative:
        self._session.add(representative)
        self._session.flush()
        return representative

    def get_representative(self, representative_id: int) -> Representative | None:
        return self._session.get(Representative, representative_id)

    def representatives_of(self, customer_id: int) -> Sequence[Representative]:
        """Active representatives of a customer, in the order they were added."""
        return self._session.scalars(
            select(Representative)
            .where(Representative.customer_id == customer_id, Representative.active.is_(True))
            .order_by(Representative.id)
        ).all()


class QueueRepository:
    """The supervisor queue and the verification locks its fraud items can lift."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, item: QueueItemRow) -> QueueItemRow:
        self._session.add(item)
        self._session.flush()
        return item

    def get(self, item_id: int) -> QueueItemRow | None:
        return self._session.get(QueueItemRow, item_id)

    def list_open(self, limit: int = 200) -> Sequence[QueueItemRow]:
        """Open items, oldest first: the order a supervisor works them."""
        return self._session.scalars(
            select(QueueItemRow)
            .where(QueueItemRow.status == "open")
            .order_by(QueueItemRow.raised_at, QueueItemRow.id)
            .limit(limit)
        ).all()

    def add_lock(self, lock: VerificationLock) -> VerificationLock:
        self._session.add(lock)
        self._session.flush()
        return lock

    def active_lock(self, customer_id: int) -> VerificationLock | None:
        """The customer's verification lock that has not been lifted, if any."""
        return self._session.scalars(
            select(VerificationLock)
            .where(
                VerificationLock.customer_id == customer_id, VerificationLock.lifted_at.is_(None)
            )
            .order_by(VerificationLock.id.desc())
            .limit(1)
        ).one_or_none()

    def last_lift(self, customer_id: int) -> datetime | None:
        """When a supervisor last lifted a lock on this customer: failures before it are spent."""
        return self._session.scalar(
            select(func.max(VerificationLock.lifted_at)).where(
                VerificationLock.customer_id == customer_id
            )
        )


class AuditRepository:
    """Append-only: there is deliberately no update or delete here.

    Every append extends the hash chain (domain.audit_chain) under a lock on the one
    `audit_chain_head` row, so concurrent desks queue instead of forking the chain.
    """

    def __init__(self, session: Session) -> None:
        self._session = session

    def append(self, event: AuditEventIn, *, at: datetime | None = None) -> AuditEvent:
        """Add one event at the end of the chain, inside the caller's transaction.

        The event is inserted complete, hash included: the database refuses to change a
        stored event (migration 0010), so there is no "insert, then fill in the hash". The
        hash covers the event's id, so the id is taken before the INSERT, under the head's
        lock. Core statements rather than ORM objects: this runs on every audited call
        (each search included), so it is kept to a locked read of the head, an id, one
        INSERT and one UPDATE of the head (docs/performance.md).
        """
        head_event_id, prev_hash = self._lock_chain_head()
        values: dict[str, Any] = {
            "id": self._next_event_id(head_event_id),
            "occurred_at": at or datetime.now(UTC),
            "action": event.action.value,
            "operator_id": event.operator_id,
            "customer_id": event.customer_id,
            "interaction_id": event.interaction_id,
            "console_session": event.console_session,
            "fields": list(event.fields),
            "reason": event.reason,
            "outcome": event.outcome,
            "details": dict(event.details),
        }
        event_hash = chain_hash(EventContent(**values), prev_hash)
        events = Base.metadata.tables["audit_events"]
        self._session.execute(insert(events).values(**values, prev_hash=prev_hash, hash=event_hash))
        heads = Base.metadata.tables["audit_chain_head"]
        self._session.execute(
            update(heads)
            .where(heads.c.id == CHAIN_HEAD_ID)
            .values(last_event_id=values["id"], last_hash=event_hash)
        )
        return AuditEvent(
            id=values["id"],
            action=event.action,
            operator_id=event.operator_id,
            customer_id=event.customer_id,
            interaction_id=event.interaction_id,
            console_session=event.console_session,
            fields=tuple(event.fields),
            reason=event.reason,
            outcome=event.outcome,
            details=dict(event.details),
            occurred_at=values["occurred_at"],
            prev_hash=prev_hash,
            hash=event_hash,
        )

    def _next_event_id(self, head_event_id: int | None) -> int:
        """The id the new event will have; called with the chain head locked.

        PostgreSQL: the id column's own sequence, as a default would use it. SQLite: one
        past the highest id stored or named by the head (so an id is never reused, even if
        the newest event were removed), safe because the append holds the write lock.
        """
        events = Base.metadata.tables["audit_events"]
        if self._session.get_bind().dialect.name == "postgresql":
            sequence = func.pg_get_serial_sequence(events.name, events.c.id.name)
            return int(self._session.execute(select(func.nextval(sequence))).scalar_one())
        highest = self._session.execute(select(func.max(events.c.id))).scalar_one()
        return max(highest or 0, head_event_id or 0) + 1

    def _lock_chain_head(self) -> tuple[int | None, str]:
        """The chain head (its event id and hash), locked until this transaction ends, read
        after the lock.

        PostgreSQL: SELECT ... FOR UPDATE makes other appenders wait on the row, and READ
        COMMITTED hands the waiter the row as the previous appender committed it.

        SQLite has no row locks, so the append first writes the row (a no-op UPDATE), which
        takes the database's write lock before anything is read. pysqlite begins the
        transaction just before the first INSERT/UPDATE/DELETE, so that write is either the
        transaction's first statement -- which waits out the 5 s busy timeout for the lock
        -- or comes after an earlier write that already holds it. Reading the head first
        and writing later could instead fail at once with SQLITE_BUSY_SNAPSHOT under WAL,
        or hash against a head another desk has since moved.
        """
        heads = Base.metadata.tables["audit_chain_head"]
        if self._session.get_bind().dialect.name == "sqlite":
            self._session.execute(
                update(heads).where(heads.c.id == CHAIN_HEAD_ID).values(last_hash=heads.c.last_hash)
            )
        head = self._session.execute(
            select(heads.c.last_event_id, heads.c.last_hash)
            .where(heads.c.id == CHAIN_HEAD_ID)
            .with_for_update()
        ).one_or_none()
        if head is None:
            # Refuse rather than start a new chain: a missing head means tampering or a
            # database not built by the migrations, and a fresh start would hide either.
            raise RuntimeError("the audit chain head is missing; run `custinfo audit verify`")
        return head.last_event_id, str(head.last_hash)

    def chain_head(self) -> ChainHeadState | None:
        head = self._session.get(AuditChainHead, CHAIN_HEAD_ID, populate_existing=True)
        return ChainHeadState(head.last_event_id, head.last_hash) if head else None

    def chain_events(
        self, *, after_id: int | None = None, up_to_id: int | None = None, batch_size: int = 2_000
    ) -> Iterator[StoredEvent]:
        """Stored events in id order with their hashes, fetched `batch_size` at a time.

        Keyset pages (`id > last seen`) of plain column tuples, so memory stays flat however
        long the trail is and no ORM objects pile up in the session.
        """
        columns = (*_CONTENT_COLUMNS, AuditEventRow.prev_hash, AuditEventRow.hash)
        while True:
            query = select(*columns).order_by(AuditEventRow.id).limit(batch_size)
            if after_id is not None:
                query = query.where(AuditEventRow.id > after_id)
            if up_to_id is not None:
                query = query.where(AuditEventRow.id <= up_to_id)
            rows = self._session.execute(query).all()
            for row in rows:
                yield StoredEvent(
                    content=EventContent(*row[: len(_CONTENT_COLUMNS)]),
                    prev_hash=row.prev_hash,
                    hash=row.hash,
                )
            if len(rows) < batch_size:
                return
            after_id = rows[-1].id

    def is_linked_after(self, prev_hash: str, event_id: int) -> bool:
        """Whether an event stored after `event_id` names `prev_hash` as its predecessor."""
        found = self._session.scalar(
            select(AuditEventRow.id)
            .where(AuditEventRow.prev_hash == prev_hash, AuditEventRow.id > event_id)
            .limit(1)
        )
        return found is not None

    def first_id_after(self, event_id: int | None) -> int | None:
        query = select(func.min(AuditEventRow.id))
        if event_id is not None:
            query = query.where(AuditEventRow.id > event_id)
        return self._session.scalar(query)

    def list_recent(
        self,
        *,
        customer_id: int | None = None,
        operator_id: int | None = None,
        action: str | None = None,
        limit: int = 200,
    ) -> list[AuditEvent]:
        query = select(AuditEventRow)
        if customer_id is not None:
            query = query.where(AuditEventRow.customer_id == customer_id)
        if operator_id is not None:
            query = query.where(AuditEventRow.operator_id == operator_id)
        if action is not None:
            query = query.where(AuditEventRow.action == action)
        query = query.order_by(AuditEventRow.id.desc()).limit(limit)
        return [_to_event(row) for row in self._session.scalars(query)]

    def for_interaction(self, interaction_id: int) -> list[AuditEvent]:
        """Every event of one interaction, oldest first: its verification steps, disclosures."""
        query = (
            select(AuditEventRow)
            .where(AuditEventRow.interaction_id == interaction_id)
            .order_by(AuditEventRow.id)
        )
        return [_to_event(row) for row in self._session.scalars(query)]

    def count(self, *, customer_id: int, action: str, since: datetime) -> int:
        """How many events of one kind a customer has had since a moment (on the index)."""
        return (
            self._session.scalar(
                select(func.count())
                .select_from(AuditEventRow)
                .where(
                    AuditEventRow.customer_id == customer_id,
                    AuditEventRow.occurred_at >= since,
                    AuditEventRow.action == action,
                )
            )
            or 0
        )

    def search(
        self,
        *,
        operator_id: int | None = None,
        operator_username: str | None = None,
        customer_reference: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        before: datetime | None = None,
        limit: int = 100,
    ) -> list[AuditTrailEntry]:
        """Events matching every filter given, newest first, with usernames and references.

        `since` is inclusive and `before` exclusive. The customer join reads the reference
        only: the trail never shows a personal value.
        """
        query = (
            select(AuditEventRow, Operator.username, Customer.reference)
            .outerjoin(Operator, Operator.id == AuditEventRow.operator_id)
            .outerjoin(Customer, Customer.id == AuditEventRow.customer_id)
        )
        if operator_id is not None:
            query = query.where(AuditEventRow.operator_id == operator_id)
        if operator_username is not None:
            query = query.where(Operator.username == operator_username)
        if customer_reference is not None:
            query = query.where(Customer.reference == customer_reference)
        if action is not None:
            query = query.where(AuditEventRow.action == action)
        if since is not None:
            query = query.where(AuditEventRow.occurred_at >= since)
        if before is not None:
            query = query.where(AuditEventRow.occurred_at < before)
        query = query.order_by(AuditEventRow.occurred_at.desc(), AuditEventRow.id.desc())
        return [
            AuditTrailEntry(
                id=row.id,
                occurred_at=row.occurred_at,
                operator=username or _operator_label(row.operator_id),
                action=row.action,
                customer_reference=reference,
                console_session=row.console_session,
                fields=tuple(row.fields),
                reason=row.reason,
                outcome=row.outcome,
            )
            for row, username, reference in self._session.execute(query.limit(limit))
        ]


def _in_postcode_area(prefix: str) -> Any:
    """Ids of customers whose current postcode starts with `prefix` (a range scan)."""
    return select(Address.customer_id).where(
        Address.is_current.is_(True),
        Address.postcode >= prefix,
        Address.postcode < prefix + KEY_CEILING,
    )


#: The columns `EventContent` is built from, in its field order.
_CONTENT_COLUMNS = (
    AuditEventRow.id,
    AuditEventRow.occurred_at,
    AuditEventRow.action,
    AuditEventRow.operator_id,
    AuditEventRow.customer_id,
    AuditEventRow.interaction_id,
    AuditEventRow.console_session,
    AuditEventRow.fields,
    AuditEventRow.reason,
    AuditEventRow.outcome,
    AuditEventRow.details,
)


def _operator_label(operator_id: int | None) -> str:
    return "system" if operator_id is None else f"#{operator_id}"


def _to_event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        occurred_at=row.occurred_at,
        action=AuditAction(row.action),
        operator_id=row.operator_id,
        customer_id=row.customer_id,
        interaction_id=row.interaction_id,
        console_session=row.console_session,
        fields=tuple(row.fields),
        reason=row.reason,
        outcome=row.outcome,
        details=dict(row.details),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )
