"""Appending to the audit trail's hash chains: which chain, which id, one statement or two.

`AuditRepository.append` hands each event here (docs/architecture.md, "Chains, not one
chain"). The reads of the trail stay in `repository.audit`.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import (
    CTE,
    Connection,
    Dialect,
    Insert,
    Integer,
    Select,
    Update,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from custinfo_tui.domain.audit_chain import EventContent, StoredEvent, chain_hash
from custinfo_tui.repository.driver import DriverStatement
from custinfo_tui.repository.orm import AuditEventRow, Base

#: A locked chain: its number, the id the new event takes, and the chain's newest hash.
_Locked = tuple[int, int, str]
#: A connection's last append: its chain, its hash, and the id its next append tries.
_OwnHead = tuple[int, str, int]
#: The `Connection.info` key `_OwnHead` is kept under.
_OWN_HEAD = "custinfo.audit_own_head"


class ChainAppender:
    """Appends events, each complete with its hash, at the end of a chain, inside the
    session's transaction.

    PostgreSQL's statements are Core statements, not the ORM's (whose way through
    `Session.execute` cost a tenth of an append's CPU), and the two that append run on the
    driver's own connection (`_on_driver`).
    """

    def __init__(self, session: Session) -> None:
        self._session = session

    def append(self, values: dict[str, Any]) -> StoredEvent:
        """The event of `values` (an `EventContent` but its id), stored after a chain's
        newest event: after this connection's own last one in one statement where that is
        still the newest (PostgreSQL), else after the chain it locks."""
        connection = self._session.connection()  # once: each call costs a little
        stored = None
        if connection.dialect.name == "postgresql":
            stored = self._append_after_own(connection, values)
        if stored is None:
            chain, event_id, prev_hash = self._lock_a_chain(connection)
            stored = _chained(values, event_id, prev_hash, chain)
            self._store(connection, stored)
        return stored

    def append_many(self, many: Sequence[dict[str, Any]]) -> list[StoredEvent]:
        """The events of `many`, in order, at the end of one chain, locked once: hashed one
        after another, inserted in one statement run for them all, and the chain's head
        moved once, to the last. For a run that records an event per record (retention):
        one append each would lock, read the head and write it again per event."""
        if not many:
            return []
        connection = self._session.connection()
        chain, event_id, prev_hash = self._lock_a_chain(connection)
        ids = self._ids_from(connection, event_id, len(many))
        stored = []
        for values, next_id in zip(many, ids, strict=True):
            stored.append(_chained(values, next_id, prev_hash, chain))
            prev_hash = stored[-1].hash
        statements = _statements()
        rows = [_parameters(event) for event in stored]
        self._session.execute(statements.insert, rows)
        self._session.execute(statements.move, rows[-1])
        # The next append locks the chain again (this transaction holds it already).
        _set_own_head(connection, None)
        return stored

    def _ids_from(self, connection: Connection, first: int, count: int) -> list[int]:
        """`count` event ids, rising, from `first` (the one the chain's lock took): the
        rest from the id column's sequence on PostgreSQL; on SQLite the next numbers, as
        the append holds the database's write lock."""
        if connection.dialect.name != "postgresql":
            return list(range(first, first + count))
        events = Base.metadata.tables["audit_events"]
        sequence = func.pg_get_serial_sequence(events.name, events.c.id.name)
        more = self._session.scalars(
            select(func.nextval(sequence)).select_from(func.generate_series(1, count - 1))
        )
        return [first, *sorted(int(value) for value in more)]

    def _append_after_own(
        self, connection: Connection, values: dict[str, Any]
    ) -> StoredEvent | None:
        """PostgreSQL: the event appended after this connection's last one, in one
        statement, if that is still its chain's newest and no other transaction holds the
        chain; else None, having written nothing.

        The id is the one the last append took from the sequence after its own event (so
        it is higher), and the statement locks the head (`SKIP LOCKED`) and inserts only
        if the head still names that event's hash: then nothing came between, and ids
        still rise along the chain. Otherwise the id is left unused, a gap as a rollback
        leaves.
        """
        after = _own_head(connection)
        if after is None:
            return None
        chain, prev_hash, event_id = after
        stored = _chained(values, event_id, prev_hash, chain)
        following = _on_driver(connection.dialect).store_after_own.first_value(
            connection, _parameters(stored)
        )
        if following is None:
            _set_own_head(connection, None)
            return None
        _set_own_head(connection, (chain, stored.hash, int(following)))
        return stored

    def _store(self, connection: Connection, stored: StoredEvent) -> None:
        """Insert the event and move its chain's head to it.

        On PostgreSQL in one statement (`WITH added AS (INSERT ... RETURNING) UPDATE ...`),
        run on the driver (`_on_driver`): the head's guard (migration 0020) sees the event
        the statement inserted. It also takes the id the connection's next append will try
        (`_append_after_own`). Statements are built once (`_statements`): building one
        costs more than running it.
        """
        statements = _statements()
        row = _parameters(stored)
        if connection.dialect.name == "postgresql":
            following = _on_driver(connection.dialect).store.first_value(connection, row)
            if following is None:  # the head is locked by this transaction: never
                raise RuntimeError("the audit chain head did not move")
            _set_own_head(connection, (stored.chain, stored.hash, int(following)))
            return
        self._session.execute(statements.insert, row)
        self._session.execute(statements.move, row)

    def _lock_a_chain(self, connection: Connection) -> _Locked:
        """A chain locked until this transaction ends: its number, the id the new event
        takes and the hash of the chain's newest event, read after the lock."""
        locked = (
            self._lock_postgresql(connection)
            if connection.dialect.name == "postgresql"
            else self._lock_sqlite()
        )
        if locked is None:
            # Refuse rather than start a new chain: a missing head means tampering or a
            # database not built by the migrations, and a fresh start would hide either.
            raise RuntimeError("the audit chain heads are missing; run `custinfo audit verify`")
        return locked

    def _lock_postgresql(self, connection: Connection) -> _Locked | None:
        """The first chain no other transaction holds: the one this connection appended to
        last (so a transaction appending twice keeps its chain), then chain 1, then any;
        with the new event's id from the id column's sequence, in the same round trip.

        `SKIP LOCKED` never waits, so appends only queue when every chain is taken at once;
        then the append waits for chain 1 like any row lock. A desk alone appends to chain
        1, as SQLite does. READ COMMITTED hands the locker the row as its last appender
        committed it. The id is taken after the lock, so ids rise along each chain.
        """
        own = _own_head(connection)
        held = own[0] if own is not None else 1
        for choice in (_statements().free_chain, _statements().chain_one):
            found = connection.execute(choice, {"held": held}).one_or_none()
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


def _own_head(connection: Connection) -> _OwnHead | None:
    """This connection's last append, if any: its chain, its hash and the id taken for the
    next. Kept with the database connection, which outlives the session."""
    own: _OwnHead | None = connection.info.get(_OWN_HEAD)
    return own


def _set_own_head(connection: Connection, own: _OwnHead | None) -> None:
    connection.info[_OWN_HEAD] = own


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


class _OnDriver(NamedTuple):
    """PostgreSQL's two appending statements as its driver runs them (`DriverStatement`):
    an audited action's one statement, so it skips `Connection.execute`'s own work."""

    store: DriverStatement
    store_after_own: DriverStatement


@functools.cache
def _on_driver(dialect: Dialect) -> _OnDriver:
    """The appending statements compiled for `dialect`, once per engine."""
    statements = _statements()
    return _OnDriver(
        store=DriverStatement.compiled(statements.store, dialect),
        store_after_own=DriverStatement.compiled(statements.store_after_own, dialect),
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


#: The fields an event's content has, in order: the append statements' `event_<field>`.
_CONTENT_NAMES = tuple(field.name for field in dataclasses.fields(EventContent))
