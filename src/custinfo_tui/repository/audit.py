"""The audit trail: an append-only, hash-chained event stream; its read-back views are
`repository.audit_views`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.audit_chain import ChainHeadState, StoredEvent
from custinfo_tui.domain.audit_seals import RecordedRestore, SealContent, SealedHead, StoredSeal
from custinfo_tui.domain.events import AuditEvent, AuditEventIn
from custinfo_tui.repository.audit_append import ChainAppender
from custinfo_tui.repository.audit_rows import STORED_COLUMNS, stored_event, to_event
from custinfo_tui.repository.audit_views import AuditViews
from custinfo_tui.repository.integrity import checked, first_line
from custinfo_tui.repository.orm import AuditChainHead, AuditEventRow, AuditSealRow

#: The tables the trail is kept in: its events, the chains' heads and the seals.
TRAIL_TABLES = (
    AuditEventRow.__tablename__,
    AuditChainHead.__tablename__,
    AuditSealRow.__tablename__,
)


class AuditRepository(AuditViews):
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
        newest event: ids rise along each chain. `repository.audit_append` does it, with
        Core statements rather than ORM objects, as this runs on every audited call (each
        search included): on PostgreSQL one round trip when the connection's last append
        is still its chain's newest event, and two otherwise, the locked head with the new
        id, then the INSERT with the head's move (docs/performance.md, "Many desks").
        """
        return to_event(ChainAppender(self._session).append(_values(event, at)))

    def append_many(self, events: Sequence[AuditEventIn], *, at: datetime) -> int:
        """Add these events, in order, at the end of one chain, inside the caller's
        transaction, in one INSERT run for them all (`ChainAppender.append_many`): for
        work that records one event per record, thousands at once. How many were added."""
        stored = ChainAppender(self._session).append_many([_values(e, at) for e in events])
        return len(stored)

    @property
    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name

    def read_consistently(self) -> None:
        """Make the rest of this transaction read one snapshot (PostgreSQL: REPEATABLE READ).

        For verification while desks append: in one snapshot each chain's visible events
        are a prefix of it, and the heads match them. Call before the first read. SQLite
        needs nothing: its appends commit in id order, one writer at a time.
        """
        if self._dialect == "postgresql":
            self._session.connection(execution_options={"isolation_level": "REPEATABLE READ"})

    def damage(self) -> str | None:
        """What SQLite's quick check finds wrong in the trail's tables and their indexes,
        named by table; None when nothing, and on PostgreSQL, whose server checks its own
        files. A walk over a damaged table could stop half way, or read an index that no
        longer matches its rows (docs/backups.md, "A damaged database")."""
        if self._dialect != "sqlite":
            return None
        connection = self._session.connection()
        for table in TRAIL_TABLES:
            try:
                problem = checked(connection, table=table)
            except DBAPIError as error:
                problem = first_line(error)
            if problem is not None:
                return f"{table}: {problem}"
        return None

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

    def newest_event_at(self) -> datetime | None:
        """When the newest event was stored (None for none)."""
        return self._session.scalar(select(func.max(AuditEventRow.occurred_at)))

    def newest_in_chain(self, chain: int, up_to_id: int) -> tuple[int, str] | None:
        """The id and hash of `chain`'s newest event with an id up to `up_to_id`; None when
        there is none."""
        row = self._session.execute(
            select(AuditEventRow.id, AuditEventRow.hash)
            .where(AuditEventRow.chain == chain, AuditEventRow.id <= up_to_id)
            .order_by(AuditEventRow.id.desc())
            .limit(1)
        ).first()
        return None if row is None else (int(row.id), str(row.hash))

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

    def restores(self) -> list[RecordedRestore]:
        """Every restore the trail records (`database.restored`), oldest first, with the
        copy of the replaced database it kept and how far that one's seals went, where it
        says: what `verify --anchors` needs to tell anchors of a replaced database from
        seals cut back."""
        rows = self._session.execute(
            select(AuditEventRow.id, AuditEventRow.occurred_at, AuditEventRow.details)
            .where(AuditEventRow.action == AuditAction.DATABASE_RESTORED.value)
            .order_by(AuditEventRow.id)
        )
        return [_restore(row.id, row.occurred_at, row.details) for row in rows]

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
            query = select(*STORED_COLUMNS).order_by(AuditEventRow.id).limit(batch_size)
            if after_id is not None:
                query = query.where(AuditEventRow.id > after_id)
            if up_to_id is not None:
                query = query.where(AuditEventRow.id <= up_to_id)
            if chain is not None:
                query = query.where(AuditEventRow.chain == chain)
            rows = self._session.execute(query).all()
            yield from (stored_event(row) for row in rows)
            if len(rows) < batch_size:
                return
            after_id = rows[-1].id

    def events_after(self, event_id: int) -> Iterator[AuditEvent]:
        """The events stored after `event_id`, oldest first (a training run's, after its
        sandbox's set-up)."""
        return (to_event(stored) for stored in self.chain_events(after_id=event_id))

    def actions_after(self, event_id: int, actions: Sequence[str]) -> dict[str, int]:
        """How many events of each of `actions` are stored after `event_id`."""
        counted = self._session.execute(
            select(AuditEventRow.action, func.count())
            .where(AuditEventRow.id > event_id, AuditEventRow.action.in_(actions))
            .group_by(AuditEventRow.action)
        )
        return {str(action): int(count) for action, count in counted}

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


def _values(event: AuditEventIn, at: datetime | None) -> dict[str, Any]:
    """The stored columns of `event` but its id and hashes, at `at` (by default, now)."""
    return {
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


def _restore(event_id: int, at: datetime, details: Any) -> RecordedRestore:
    """A restore's event as verification reads it: the copy it kept and how far the
    replaced trail's seals went (`replaced.file`, `replaced.newest_seal`), where it says."""
    replaced = details.get("replaced") if isinstance(details, dict) else None
    if not isinstance(replaced, dict):
        return RecordedRestore(event_id, at)
    name, seals = replaced.get("file"), replaced.get("newest_seal")
    return RecordedRestore(
        event_id,
        at,
        name if isinstance(name, str) else None,
        seals if isinstance(seals, int) else 0,
    )


def _seal(row: AuditSealRow) -> StoredSeal:
    heads = tuple(SealedHead(int(chain), int(event_id), str(h)) for chain, event_id, h in row.heads)
    return StoredSeal(
        content=SealContent(
            id=row.id, sealed_at=row.sealed_at, heads=heads, prev_hash=row.prev_hash
        ),
        hash=row.hash,
    )
