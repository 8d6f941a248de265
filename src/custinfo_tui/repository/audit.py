"""The audit trail: an append-only, hash-chained event stream, and its read-back views."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import Session

from custinfo_tui.domain.audit_chain import (
    ChainHeadState,
    EventContent,
    StoredEvent,
)
from custinfo_tui.domain.audit_seals import (
    SealContent,
    SealedHead,
    StoredSeal,
)
from custinfo_tui.domain.events import (
    AuditAction,
    AuditEvent,
    AuditEventIn,
    AuditTrailEntry,
    CallStep,
)
from custinfo_tui.domain.timeline import TimelineEvent
from custinfo_tui.repository.audit_append import ChainAppender
from custinfo_tui.repository.orm import (
    AuditChainHead,
    AuditEventRow,
    AuditSealRow,
    Customer,
    Operator,
)


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
        newest event: ids rise along each chain. `repository.audit_append` does it, with
        Core statements rather than ORM objects, as this runs on every audited call (each
        search included): on PostgreSQL one round trip when the connection's last append
        is still its chain's newest event, and two otherwise, the locked head with the new
        id, then the INSERT with the head's move (docs/performance.md, "Many desks").
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
        return _to_event(ChainAppender(self._session).append(values))

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

    def list_recent(
        self,
        *,
        customer_id: int | None = None,
        operator_id: int | None = None,
        action: str | None = None,
        before_id: int | None = None,
        limit: int = 200,
    ) -> list[AuditEvent]:
        """The newest events, narrowed to a customer, an operator or an action, and to
        those before the event `before_id`."""
        query = select(*_STORED_COLUMNS)
        if before_id is not None:
            query = query.where(AuditEventRow.id < before_id)
        if customer_id is not None:
            query = query.where(AuditEventRow.customer_id == customer_id)
        if operator_id is not None:
            query = query.where(AuditEventRow.operator_id == operator_id)
        if action is not None:
            query = query.where(AuditEventRow.action == action)
        query = query.order_by(AuditEventRow.id.desc()).limit(limit)
        return [_to_event(_stored(row)) for row in self._session.execute(query)]

    def timeline(self, customer_ids: Sequence[int], *, limit: int = 200) -> list[TimelineEvent]:
        """The newest events about any of `customer_ids` (a record and the records merged
        into it), newest first, as the customer's timeline shows them."""
        parameters = {"customer_ids": list(customer_ids), "limit": limit}
        return [
            TimelineEvent(
                occurred_at=row.occurred_at,
                operator_id=row.operator_id,
                operator=row.username or _operator_label(row.operator_id),
                action=AuditAction(row.action),
                fields=tuple(row.fields),
                details=row.details,
                reason=row.reason,
                outcome=row.outcome,
            )
            for row in self._session.execute(_TIMELINE, parameters)
        ]

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
        rows = self._session.execute(_EVENTS_OF_INTERACTION, {"interaction_id": interaction_id})
        return [_to_event(_stored(row)) for row in rows]

    def call_steps(self, interaction_id: int, actions: Sequence[AuditAction]) -> list[CallStep]:
        """The interaction's events of the given kinds, oldest first, as `CallStep`s."""
        parameters = {"interaction_id": interaction_id, "actions": [a.value for a in actions]}
        return [
            CallStep(AuditAction(row.action), tuple(row.fields), row.details)
            for row in self._session.execute(_STEPS_OF_INTERACTION, parameters)
        ]

    def count(self, *, customer_id: int, action: str, since: datetime) -> int:
        """How many events of one kind a customer has had since a moment (on the index)."""
        parameters = {"customer_id": customer_id, "action": action, "since": since}
        return self._session.scalar(_COUNT_SINCE, parameters) or 0

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
        entries = [
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
                details=dict(row.details or {}),
            )
            for row, username, reference in self._session.execute(query.limit(limit))
        ]
        named = {id_ for entry in entries for id_ in entry.operators_named()}
        if not named:
            return entries
        query_names = select(Operator.id, Operator.username).where(Operator.id.in_(named))
        usernames = {id_: username for id_, username in self._session.execute(query_names)}
        return [
            entry.model_copy(
                update={
                    "named_operators": {
                        id_: usernames[id_] for id_ in entry.operators_named() if id_ in usernames
                    }
                }
            )
            if entry.operators_named()
            else entry
            for entry in entries
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
#: ... and the two hashes and the chain stored with it: what `StoredEvent` is built from.
_STORED_COLUMNS = (
    *_CONTENT_COLUMNS,
    AuditEventRow.prev_hash,
    AuditEventRow.hash,
    AuditEventRow.chain,
)


# The reads of every check, reveal and save in a call (13 and 9 in the desks benchmark's
# call), built once: building a statement and its cache key each time took
# longer than PostgreSQL took to run it on its index (docs/performance.md).
_EVENTS_OF_INTERACTION = (
    select(*_STORED_COLUMNS)
    .where(AuditEventRow.interaction_id == bindparam("interaction_id"))
    .order_by(AuditEventRow.id)
)
_STEPS_OF_INTERACTION = (
    select(AuditEventRow.action, AuditEventRow.fields, AuditEventRow.details)
    .where(
        AuditEventRow.interaction_id == bindparam("interaction_id"),
        AuditEventRow.action.in_(bindparam("actions", expanding=True)),
    )
    .order_by(AuditEventRow.id)
)
_COUNT_SINCE = (
    select(func.count())
    .select_from(AuditEventRow)
    .where(
        AuditEventRow.customer_id == bindparam("customer_id"),
        AuditEventRow.occurred_at >= bindparam("since"),
        AuditEventRow.action == bindparam("action"),
    )
)


# The record's timeline, read on every action of a call: only the columns it shows, and
# the operators' names (looked up one by one, they cost a round trip a record).
_TIMELINE = (
    select(
        AuditEventRow.occurred_at,
        AuditEventRow.operator_id,
        Operator.username,
        AuditEventRow.action,
        AuditEventRow.fields,
        AuditEventRow.details,
        AuditEventRow.reason,
        AuditEventRow.outcome,
    )
    .outerjoin(Operator, Operator.id == AuditEventRow.operator_id)
    .where(AuditEventRow.customer_id.in_(bindparam("customer_ids", expanding=True)))
    # In the index's order: a customer with years of calls is read 200 entries deep.
    .order_by(AuditEventRow.occurred_at.desc(), AuditEventRow.id.desc())
    .limit(bindparam("limit"))
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
