"""The audit trail: an append-only, hash-chained event stream, and its read-back views."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.orm import Session

from custinfo_tui.domain.audit_chain import ChainHeadState, EventContent, StoredEvent, chain_hash
from custinfo_tui.domain.events import AuditAction, AuditEvent, AuditEventIn, AuditTrailEntry
from custinfo_tui.repository.orm import (
    CHAIN_HEAD_ID,
    AuditChainHead,
    AuditEventRow,
    Base,
    Customer,
    Operator,
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
        content = EventContent(**values)
        event_hash = chain_hash(content, prev_hash)
        events = Base.metadata.tables["audit_events"]
        self._session.execute(insert(events).values(**values, prev_hash=prev_hash, hash=event_hash))
        heads = Base.metadata.tables["audit_chain_head"]
        self._session.execute(
            update(heads)
            .where(heads.c.id == CHAIN_HEAD_ID)
            .values(last_event_id=values["id"], last_hash=event_hash)
        )
        return _to_event(StoredEvent(content=content, prev_hash=prev_hash, hash=event_hash))

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
        while True:
            query = select(*_STORED_COLUMNS).order_by(AuditEventRow.id).limit(batch_size)
            if after_id is not None:
                query = query.where(AuditEventRow.id > after_id)
            if up_to_id is not None:
                query = query.where(AuditEventRow.id <= up_to_id)
            rows = self._session.execute(query).all()
            yield from (_stored(row) for row in rows)
            if len(rows) < batch_size:
                return
            after_id = rows[-1].id

    def events_after(self, event_id: int) -> Iterator[AuditEvent]:
        """The events stored after `event_id`, oldest first (a training run's, after its
        sandbox's set-up)."""
        return (_to_event(stored) for stored in self.chain_events(after_id=event_id))

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
        also_customers: Sequence[int] = (),
    ) -> list[AuditEvent]:
        """The newest events, narrowed to a customer (and `also_customers`: the records
        merged into it), an operator or an action."""
        query = select(*_STORED_COLUMNS)
        if customer_id is not None:
            query = query.where(AuditEventRow.customer_id.in_([customer_id, *also_customers]))
        if operator_id is not None:
            query = query.where(AuditEventRow.operator_id == operator_id)
        if action is not None:
            query = query.where(AuditEventRow.action == action)
        query = query.order_by(AuditEventRow.id.desc()).limit(limit)
        return [_to_event(_stored(row)) for row in self._session.execute(query)]

    def by_operator(
        self, operator_id: int, *, since: datetime | None, before: datetime | None
    ) -> list[AuditEvent]:
        """One operator's events in a time range, oldest first (evidence of practice)."""
        query = select(*_STORED_COLUMNS).where(AuditEventRow.operator_id == operator_id)
        if since is not None:
            query = query.where(AuditEventRow.occurred_at >= since)
        if before is not None:
            query = query.where(AuditEventRow.occurred_at < before)
        query = query.order_by(AuditEventRow.id)
        return [_to_event(_stored(row)) for row in self._session.execute(query)]

    def for_interaction(self, interaction_id: int) -> list[AuditEvent]:
        """Every event of one interaction, oldest first: its verification steps, disclosures."""
        query = (
            select(*_STORED_COLUMNS)
            .where(AuditEventRow.interaction_id == interaction_id)
            .order_by(AuditEventRow.id)
        )
        return [_to_event(_stored(row)) for row in self._session.execute(query)]

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
#: ... and the two hashes stored with it: what `StoredEvent` is built from.
_STORED_COLUMNS = (*_CONTENT_COLUMNS, AuditEventRow.prev_hash, AuditEventRow.hash)


def _operator_label(operator_id: int | None) -> str:
    return "system" if operator_id is None else f"#{operator_id}"


def _stored(row: Row[Any]) -> StoredEvent:
    """An event read with `_STORED_COLUMNS`."""
    return StoredEvent(
        content=EventContent(*row[: len(_CONTENT_COLUMNS)]), prev_hash=row.prev_hash, hash=row.hash
    )


def _to_event(stored: StoredEvent) -> AuditEvent:
    """The one way an event becomes the AuditEvent services see, appended or read back."""
    content = stored.content
    return AuditEvent(
        id=content.id,
        occurred_at=content.occurred_at,
        action=AuditAction(content.action),
        operator_id=content.operator_id,
        customer_id=content.customer_id,
        interaction_id=content.interaction_id,
        console_session=content.console_session,
        fields=tuple(content.fields),
        reason=content.reason,
        outcome=content.outcome,
        details=dict(content.details),
        prev_hash=stored.prev_hash,
        hash=stored.hash,
    )
