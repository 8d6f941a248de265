"""The audit trail: an append-only, hash-chained event stream, and its read-back views."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    CTE,
    Insert,
    Integer,
    Row,
    Select,
    Update,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from custinfo_tui.domain.audit_chain import (
    ChainHeadState,
    EventContent,
    StoredEvent,
    chain_hash,
)
from custinfo_tui.domain.audit_seals import (
    SealContent,
    SealedHead,
    StoredSeal,
)
from custinfo_tui.domain.events import AuditAction, AuditEvent, AuditEventIn, AuditTrailEntry
from custinfo_tui.repository.orm import (
    AuditChainHead,
    AuditEventRow,
    AuditSealRow,
    Base,
    Customer,
    Operator,
)

#: A locked chain: its number, the id the new event takes, and the chain's newest hash.
_Locked = tuple[int, int, str]
#: A connection's last append: its chain, its hash, and the id its next append tries.
_OwnHead = tuple[int, str, int]
#: The `Connection.info` key `_OwnHead` is kept under.
_OWN_HEAD = "custinfo.audit_own_head"


class AuditRepository:
    """Append-only: there is deliberately no update or delete here.

    Every append extends one of the hash chains (domain.audit_chain) under a lock on that
    chain's `audit_chain_head` row. On PostgreSQL an append takes a chain no other
    transaction holds (`SKIP LOCKED`), so desks do not queue behind each other; SQLite has
    one writer at a time anyway and appends to chain 1.
    """

    def __init__(self, session: Session) -> None:
        self._session = session

    def append(self, event: AuditEventIn, *, at: datetime | None = None) -> AuditEvent:
        """Add one event at the end of a chain, inside the caller's transaction.

        The event is inserted complete, hash included: the database refuses to change a
        stored event (migration 0010), so there is no "insert, then fill in the hash". The
        hash covers the event's id, so the id is taken before the INSERT, after the chain's
        newest event: ids rise along each chain. Core statements rather than ORM objects:
        this runs on every audited call (each search included). On PostgreSQL it is one
        round trip when the connection's last append is still its chain's newest event
        (`_append_after_own`), and two otherwise: the locked head with the new id, then
        the INSERT with the head's move (docs/performance.md, "Many desks").
        """
        values: dict[str, Any] = {
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
        stored = None
        if self._dialect == "postgresql":
            stored = self._append_after_own(values)
        if stored is None:
            chain, event_id, prev_hash = self._lock_a_chain()
            stored = _chained(values, event_id, prev_hash, chain)
            self._store(stored)
        return _to_event(stored)

    def _append_after_own(self, values: dict[str, Any]) -> StoredEvent | None:
        """PostgreSQL: the event appended after this connection's last one, in one
        statement, if that is still its chain's newest and no other transaction holds the
        chain; else None, having written nothing.

        The id is the one the last append took from the sequence after its own event (so
        it is higher), and the statement locks the head (`SKIP LOCKED`) and inserts only
        if the head still names that event's hash: then nothing came between, and ids
        still rise along the chain. Otherwise the id is left unused, a gap as a rollback
        leaves.
        """
        after = self._own_head
        if after is None:
            return None
        chain, prev_hash, event_id = after
        stored = _chained(values, event_id, prev_hash, chain)
        following = self._session.execute(
            _statements().store_after_own, _parameters(stored)
        ).scalar_one_or_none()
        self._own_head = None if following is None else (chain, stored.hash, int(following))
        return None if following is None else stored

    def _store(self, stored: StoredEvent) -> None:
        """Insert the event and move its chain's head to it.

        On PostgreSQL in one statement (`WITH added AS (INSERT ... RETURNING) UPDATE ...`):
        the head's guard (migration 0020) sees the event the statement inserted. It also
        takes the id the connection's next append will try (`_append_after_own`).
        Statements are built once (`_statements`): building one costs more than running it.
        """
        statements = _statements()
        row = _parameters(stored)
        if self._dialect == "postgresql":
            following = self._session.execute(statements.store, row).scalar_one()
            self._own_head = (stored.chain, stored.hash, int(following))
            return
        self._session.execute(statements.insert, row)
        self._session.execute(statements.move, row)

    @property
    def _own_head(self) -> _OwnHead | None:
        """This connection's last append, if any: its chain, its hash and the id taken for
        the next. Kept with the database connection, which outlives the session."""
        own: _OwnHead | None = self._session.connection().info.get(_OWN_HEAD)
        return own

    @_own_head.setter
    def _own_head(self, own: _OwnHead | None) -> None:
        self._session.connection().info[_OWN_HEAD] = own

    @property
    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name

    def _lock_a_chain(self) -> _Locked:
        """A chain locked until this transaction ends: its number, the id the new event
        takes and the hash of the chain's newest event, read after the lock."""
        locked = self._lock_postgresql() if self._dialect == "postgresql" else self._lock_sqlite()
        if locked is None:
            # Refuse rather than start a new chain: a missing head means tampering or a
            # database not built by the migrations, and a fresh start would hide either.
            raise RuntimeError("the audit chain heads are missing; run `custinfo audit verify`")
        return locked

    def _lock_postgresql(self) -> _Locked | None:
        """The first chain no other transaction holds: the one this connection appended to
        last (so a transaction appending twice keeps its chain), then chain 1, then any;
        with the new event's id from the id column's sequence, in the same round trip.

        `SKIP LOCKED` never waits, so appends only queue when every chain is taken at once;
        then the append waits for chain 1 like any row lock. A desk alone appends to chain
        1, as SQLite does. READ COMMITTED hands the locker the row as its last appender
        committed it. The id is taken after the lock, so ids rise along each chain.
        """
        own = self._own_head
        held = own[0] if own is not None else 1
        for choice in (_statements().free_chain, _statements().chain_one):
            found = self._session.execute(choice, {"held": held}).one_or_none()
            if found is not None:
                return int(found[0]), int(found[1]), str(found[2])
        return None

    def _lock_sqlite(self) -> _Locked | None:
        """Chain 1, after taking the database's write lock; the new id is one past the
        highest stored or named by the head (so an id is never reused, even if the newest
        event were removed), safe because the append holds the write lock.

        SQLite has no row locks, so the append first writes the row (a no-op UPDATE), which
        takes the database's write lock before anything is read. pysqlite begins the
        transaction just before the first INSERT/UPDATE/DELETE, so that write is either the
        transaction's first statement -- which waits out the 5 s busy timeout for the lock
        -- or comes after an earlier write that already holds it. Reading the head first
        and writing later could instead fail at once with SQLITE_BUSY_SNAPSHOT under WAL,
        or hash against a head another desk has since moved.
        """
        heads = Base.metadata.tables["audit_chain_head"]
        self._session.execute(
            update(heads).where(heads.c.id == 1).values(last_hash=heads.c.last_hash)
        )
        head = self._session.execute(
            select(heads.c.id, heads.c.last_event_id, heads.c.last_hash).where(heads.c.id == 1)
        ).one_or_none()
        if head is None:
            return None
        highest = self._session.execute(select(func.max(AuditEventRow.id))).scalar_one()
        return head.id, max(highest or 0, head.last_event_id or 0) + 1, head.last_hash

    def read_consistently(self) -> None:
        """Make the rest of this transaction read one snapshot (PostgreSQL: REPEATABLE READ).

        For verification while desks append: in one snapshot each chain's visible events
        are a prefix of it, and the heads match them. Call before the first read. SQLite
        needs nothing: its appends commit in id order, one writer at a time.
        """
        if self._dialect == "postgresql":
            self._session.connection(execution_options={"isolation_level": "REPEATABLE READ"})

    def chain_heads(self) -> dict[int, ChainHeadState]:
        """Every chain's head, by chain number."""
        return {
            row.id: ChainHeadState(row.last_event_id, row.last_hash)
            for row in self._session.execute(
                select(AuditChainHead.id, AuditChainHead.last_event_id, AuditChainHead.last_hash)
            )
        }

    def newest_event_id(self) -> int:
        """The highest event id stored (0 for none)."""
        return self._session.scalar(select(func.max(AuditEventRow.id))) or 0

    def sealed_events(self, ids: Sequence[int]) -> dict[int, tuple[int, str]]:
        """For each stored event among `ids`: its chain and hash (what a seal names)."""
        found: dict[int, tuple[int, str]] = {}
        for start in range(0, len(ids), 1_000):
            query = select(AuditEventRow.id, AuditEventRow.chain, AuditEventRow.hash).where(
                AuditEventRow.id.in_(ids[start : start + 1_000])
            )
            found.update({row.id: (row.chain, row.hash) for row in self._session.execute(query)})
        return found

    def seals(self, *, batch_size: int = 2_000) -> Iterator[StoredSeal]:
        """Every seal in id order, fetched `batch_size` at a time."""
        after = 0
        while True:
            rows = self._session.scalars(
                select(AuditSealRow)
                .where(AuditSealRow.id > after)
                .order_by(AuditSealRow.id)
                .limit(batch_size)
            ).all()
            yield from (_seal(row) for row in rows)
            if len(rows) < batch_size:
                return
            after = rows[-1].id

    def newest_seal(self) -> StoredSeal | None:
        row = self._session.scalars(
            select(AuditSealRow).order_by(AuditSealRow.id.desc()).limit(1)
        ).first()
        return _seal(row) if row is not None else None

    def add_seal(self, seal: StoredSeal) -> None:
        """Store a seal. Two sealers racing both name the same predecessor: the database's
        unique keys refuse the second, which rolls back (the first one's seal stands)."""
        content = seal.content
        self._session.add(
            AuditSealRow(
                id=content.id,
                sealed_at=content.sealed_at,
                heads=[[head.chain, head.event_id, head.hash] for head in content.heads],
                prev_hash=content.prev_hash,
                hash=seal.hash,
            )
        )
        self._session.flush()

    def chain_events(
        self,
        *,
        after_id: int | None = None,
        up_to_id: int | None = None,
        chain: int | None = None,
        batch_size: int = 2_000,
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
            if chain is not None:
                query = query.where(AuditEventRow.chain == chain)
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


class _Statements(NamedTuple):
    #: PostgreSQL: lock a chain no other transaction holds (`:held` first, then chain 1,
    #: then any), with the new event's id; or wait for chain 1.
    free_chain: Select[Any]
    chain_one: Select[Any]
    #: PostgreSQL: insert the event and move its chain's head, in one statement, returning
    #: the id the connection's next append tries.
    store: Update
    #: PostgreSQL: the same, only if the chain's head is still `:event_prev_hash` and no
    #: other transaction holds it (no row returned otherwise, nothing written).
    store_after_own: Update
    #: SQLite: the insert and the move, in two.
    insert: Insert
    move: Update


@functools.cache
def _statements() -> _Statements:
    """The append's statements, with bound parameters, built once per process."""
    events = Base.metadata.tables["audit_events"]
    heads = Base.metadata.tables["audit_chain_head"]
    sequence = func.pg_get_serial_sequence(events.name, events.c.id.name)

    def with_new_id(choice: Select[Any]) -> Select[Any]:
        head = choice.subquery("head")
        return select(head.c.id, func.nextval(sequence), head.c.last_hash)

    held = bindparam("held", type_=Integer)
    free = (
        select(heads.c.id, heads.c.last_hash)
        .order_by((heads.c.id == held).desc(), (heads.c.id == 1).desc(), func.random())
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    one = select(heads.c.id, heads.c.last_hash).where(heads.c.id == 1).with_for_update()
    # Parameters named `event_<column>`: SQLAlchemy keeps a column's own name for itself.
    row = {c.name: bindparam(f"event_{c.name}", type_=c.type) for c in events.columns}
    chain = heads.c.id == row["chain"]

    def moved_to(added: CTE) -> Update:
        """The chain's head moved to the event `added` inserted (none: nothing moves)."""
        return (
            update(heads)
            .where(heads.c.id == select(added.c.chain).scalar_subquery())
            .values(
                last_event_id=select(added.c.id).scalar_subquery(),
                last_hash=select(added.c.hash).scalar_subquery(),
            )
            .returning(func.nextval(sequence))
        )

    returned = (events.c.id, events.c.hash, events.c.chain)
    added = insert(events).values(row).returning(*returned).cte("added")
    own_head = (
        select(heads.c.id)
        .where(chain, heads.c.last_hash == row["prev_hash"])
        .with_for_update(skip_locked=True)
        .cte("own_head")
    )
    added_after_own = (
        insert(events)
        .from_select(list(row), select(*row.values()).where(select(own_head.c.id).exists()))
        .returning(*returned)
        .cte("added")
    )
    return _Statements(
        free_chain=with_new_id(free),
        chain_one=with_new_id(one),
        store=moved_to(added),
        store_after_own=moved_to(added_after_own),
        insert=insert(events).values(row),
        move=update(heads).where(chain).values(last_event_id=row["id"], last_hash=row["hash"]),
    )


def _chained(values: dict[str, Any], event_id: int, prev_hash: str, chain: int) -> StoredEvent:
    """The event with its id, after `prev_hash` on `chain`: hashed, ready to store."""
    content = EventContent(id=event_id, **values)
    return StoredEvent(
        content=content, prev_hash=prev_hash, hash=chain_hash(content, prev_hash), chain=chain
    )


def _parameters(stored: StoredEvent) -> dict[str, Any]:
    """The append statements' parameters for `stored` (`event_<column>`)."""
    content = stored.content
    row = {f"event_{name}": getattr(content, name) for name in _CONTENT_NAMES}
    row.update(event_prev_hash=stored.prev_hash, event_hash=stored.hash, event_chain=stored.chain)
    return row


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
_CONTENT_NAMES = tuple(column.key for column in _CONTENT_COLUMNS)
#: ... and the two hashes and the chain stored with it: what `StoredEvent` is built from.
_STORED_COLUMNS = (
    *_CONTENT_COLUMNS,
    AuditEventRow.prev_hash,
    AuditEventRow.hash,
    AuditEventRow.chain,
)


def _operator_label(operator_id: int | None) -> str:
    return "system" if operator_id is None else f"#{operator_id}"


def _stored(row: Row[Any]) -> StoredEvent:
    """An event read with `_STORED_COLUMNS`."""
    return StoredEvent(
        content=EventContent(*row[: len(_CONTENT_COLUMNS)]),
        prev_hash=row.prev_hash,
        hash=row.hash,
        chain=row.chain,
    )


def _seal(row: AuditSealRow) -> StoredSeal:
    heads = tuple(SealedHead(int(chain), int(event_id), str(h)) for chain, event_id, h in row.heads)
    return StoredSeal(
        content=SealContent(
            id=row.id, sealed_at=row.sealed_at, heads=heads, prev_hash=row.prev_hash
        ),
        hash=row.hash,
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
