"""The audit trail's hash chains: what an event's hash covers, and how stored chains are checked.

The trail is AUDIT_CHAINS hash chains side by side, so desks appending at the same moment
take different chains instead of queueing on one row (docs/architecture.md, "Chains,
not one chain"). Each event belongs to one chain and stores the hash of the event before it in
that chain (`prev_hash`; the first event of chain n names `genesis_hash(n)`) and its own
`hash`, a SHA-256 over a canonical JSON form of its content plus `prev_hash`. Changing,
removing or reordering a stored event therefore breaks its chain at that event, and
`ChainWalk` says which event and how.

Seals tie the chains together (domain.audit_seals).

Pure: the caller streams events in and answers the look-ups the walks need, so this module
does no I/O. The canonical form is frozen: stored hashes depend on it. Migration 0002 keeps
its own copy of it (migrations must not change when the app does); a test checks the two
agree.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

#: The `prev_hash` of the first event of chain 1 (and of the first seal): nothing before it.
GENESIS_HASH = "0" * 64
#: How many chains appends spread over on PostgreSQL (migration 0020 creates a head row for
#: each). SQLite has one writer at a time and appends to chain 1 only.
AUDIT_CHAINS = 64


def genesis_hash(chain: int) -> str:
    """The `prev_hash` of a chain's first event: distinct per chain, since no two events may
    name the same predecessor. Chain 1 keeps the all-zero hash it had as the only chain."""
    if chain == 1:
        return GENESIS_HASH
    return hashlib.sha256(f"custinfo audit chain {chain}".encode("ascii")).hexdigest()


@dataclass(frozen=True, slots=True)
class EventContent:
    """Everything stored about an event except the two hashes: what the hash covers."""

    id: int
    occurred_at: datetime
    action: str
    operator_id: int | None
    customer_id: int | None
    interaction_id: int | None
    console_session: str | None
    fields: Sequence[str]
    reason: str | None
    outcome: str
    details: Mapping[str, Any]


def canonical_json(content: EventContent, prev_hash: str) -> bytes:
    """One byte string per event: sorted keys, no spaces, ASCII only, UTC time in microseconds.

    Raises ValueError for a naive time or a non-finite number in `details`, which would
    have no single canonical form.
    """
    if content.occurred_at.tzinfo is None:
        raise ValueError("an audit event's time must be timezone-aware")
    document = {
        "id": content.id,
        "occurred_at": content.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "action": content.action,
        "operator_id": content.operator_id,
        "customer_id": content.customer_id,
        "interaction_id": content.interaction_id,
        "console_session": content.console_session,
        "fields": list(content.fields),
        "reason": content.reason,
        "outcome": content.outcome,
        "details": content.details,
        "prev_hash": prev_hash,
    }
    text = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    )
    return text.encode("ascii")


def chain_hash(content: EventContent, prev_hash: str) -> str:
    """The event's hash: hex SHA-256 of its canonical JSON, which includes `prev_hash`."""
    return hashlib.sha256(canonical_json(content, prev_hash)).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as read back for verification: its content and the hashes stored with it."""

    content: EventContent
    prev_hash: str
    hash: str
    #: The chain the event was appended to. Not covered by the hash: an event's chain is
    #: shown by its links, so a moved event breaks both chains' walks.
    chain: int = 1


@dataclass(frozen=True, slots=True)
class ChainHeadState:
    """A chain's newest event, updated by every append to that chain."""

    last_event_id: int | None
    last_hash: str


class ChainProblem(StrEnum):
    """How a stored chain is broken, at its first bad event."""

    #: The event's content (or one of its hashes) no longer matches what was hashed.
    CHANGED = "changed"
    #: Events are missing: a gap before this event, or the newest ones are gone.
    REMOVED = "removed"
    #: The event that should come next is stored further on.
    REORDERED = "reordered"
    #: An event the chain head does not know of: written outside the application.
    ADDED = "added"
    #: The trail's tables are damaged (malformed pages): it could not be read to verify.
    UNREADABLE = "unreadable"
    #: The trail verifies, but anchors do not match seals it made anew after a restore it
    #: records: taken of the database the restore replaced, they are not checked here.
    RESTORED = "restored"


class ChainReport(BaseModel):
    """The outcome of checking the whole audit trail. Names events by id only."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    events_checked: int
    first_bad_event_id: int | None = None
    problem: ChainProblem | None = None
    #: One sentence for an administrator on what is wrong (empty when the chain holds).
    explanation: str = ""
    #: The last event found intact, and its hash. When the trail holds this is the newest
    #: event (of all chains).
    last_verified_event_id: int | None = None
    last_verified_hash: str = GENESIS_HASH
    #: The seal the problem is in, when it is a seal's (None for an event's).
    first_bad_seal_id: int | None = None
    #: Chains holding events, and seals checked.
    chains_used: int = 0
    seals_checked: int = 0
    #: The newest seal and its hash: what to record outside the database, as an anchor
    #: a rewrite of the trail cannot move (`custinfo audit verify --anchor`).
    newest_seal_id: int | None = None
    newest_seal_hash: str | None = None
    #: Events appended after the newest seal: not yet covered by an anchor.
    unsealed_events: int = 0
    #: Anchored seals not checked: made anew after a restore the trail records
    #: (`ChainProblem.RESTORED`).
    anchors_set_aside: tuple[int, ...] = ()

    @property
    def ids_skip(self) -> bool:
        """Whether the intact trail holds fewer events than its newest id: ids skip numbers
        (`IDS_SKIP`), which is no sign of an event removed."""
        newest = self.last_verified_event_id
        return self.ok and newest is not None and self.events_checked < newest


#: Why a trail's ids skip numbers, said where its newest id is printed next to its count.
#: On PostgreSQL an id comes from a sequence, which never gives one twice: an id a
#: transaction took and then rolled back, or one an append reserved for the connection's
#: next and left unused, stays unused (docs/architecture.md, "Event ids skip numbers").
IDS_SKIP = (
    "Event ids skip numbers (one a rolled-back transaction took, or an append reserved and "
    "did not use, is never given again): the chains, not the ids, show that no event is "
    "missing."
)


#: `linked_later(h, event_id)`: does some event with an id above `event_id` have prev_hash h?
LinkedLater = Callable[[str, int], bool]
#: `first_id_after(event_id)`: the lowest stored event id above `event_id` (None: from the start).
FirstIdAfter = Callable[[int | None], int | None]


def _name(event_id: int | None) -> str:
    return f"#{event_id}" if event_id is not None else "the start of the trail"


class ChainWalk:
    """Follows stored events in id order and reports the first place the chain breaks.

    Feed every event to `step` in ascending id order; stop at the first report it returns.
    Then `finish` compares the end of the walk with the chain head.
    """

    def __init__(self, linked_later: LinkedLater, chain: int = 1) -> None:
        self._linked_later = linked_later
        self.chain = chain
        self.events_checked = 0
        self.last_event_id: int | None = None
        self.last_hash = genesis_hash(chain)

    def step(self, event: StoredEvent) -> ChainReport | None:
        """None while the chain holds; the failure report at the first event that breaks it."""
        self.events_checked += 1
        event_id = event.content.id
        intact = chain_hash(event.content, event.prev_hash) == event.hash
        if event.prev_hash == self.last_hash:
            if not intact:
                return self.broken(
                    event_id,
                    ChainProblem.CHANGED,
                    f"event #{event_id} was changed after it was recorded: "
                    "its content no longer matches its hash",
                )
            self.last_event_id = event_id
            self.last_hash = event.hash
            return None
        # The event does not follow on from the one before it. If the event that should
        # have followed is stored further on, the events were shuffled; if this one no
        # longer matches its own hash, it was edited; otherwise something between went.
        if self._linked_later(self.last_hash, event_id):
            return self.broken(
                event_id,
                ChainProblem.REORDERED,
                f"event #{event_id} is out of order: the event that should follow "
                f"{_name(self.last_event_id)} is stored further on",
            )
        if not intact:
            return self.broken(
                event_id,
                ChainProblem.CHANGED,
                f"event #{event_id} was changed after it was recorded: "
                "its content and links no longer match its hash",
            )
        return self.broken(
            event_id,
            ChainProblem.REMOVED,
            f"events were removed between {_name(self.last_event_id)} and #{event_id}, "
            f"or {_name(self.last_event_id)} was rewritten",
        )

    def finish(self, head: ChainHeadState | None, first_id_after: FirstIdAfter) -> ChainReport:
        """The report once every event has passed `step`: the head must end where the walk did.

        The head catches what no event can show: the newest events deleted, the newest
        event rewritten with a fresh hash, or events inserted without going through it.
        """
        if head is None:
            return self.broken(
                None,
                ChainProblem.REMOVED,
                f"the head row of chain {self.chain} (audit_chain_head) is missing",
            )
        walked_to = self.last_event_id or 0
        head_at = head.last_event_id or 0
        if walked_to > head_at:
            added = first_id_after(head.last_event_id)
            return self.broken(
                added,
                ChainProblem.ADDED,
                f"event {_name(added)} was added outside the application: "
                f"chain {self.chain}'s head ends at {_name(head.last_event_id)}",
            )
        if walked_to < head_at:
            return self.broken(
                head.last_event_id,
                ChainProblem.REMOVED,
                f"the newest events were removed: the trail ends at {_name(self.last_event_id)} "
                f"in chain {self.chain} but its head records #{head.last_event_id}",
            )
        if head.last_hash != self.last_hash:
            return self.broken(
                self.last_event_id,
                ChainProblem.CHANGED,
                f"event {_name(self.last_event_id)} or chain {self.chain}'s head was changed: "
                "their hashes differ",
            )
        return ChainReport(
            ok=True,
            events_checked=self.events_checked,
            last_verified_event_id=self.last_event_id,
            last_verified_hash=self.last_hash,
        )

    def broken(self, event_id: int | None, problem: ChainProblem, why: str) -> ChainReport:
        return ChainReport(
            ok=False,
            events_checked=self.events_checked,
            first_bad_event_id=event_id,
            problem=problem,
            explanation=why,
            last_verified_event_id=self.last_event_id,
            last_verified_hash=self.last_hash,
        )


class TrailWalk:
    """Walks every chain at once: feed all events in ascending id order, whatever their chain.

    Each event goes to its chain's `ChainWalk`. Events past a chain's newest sealed event
    are counted as unsealed. `finish` checks every chain against its head.
    """

    def __init__(self, linked_later: LinkedLater, sealed_heads: Mapping[int, int]) -> None:
        self._linked_later = linked_later
        self._sealed_heads = sealed_heads
        self._walks: dict[int, ChainWalk] = {}
        self._first_ids: dict[int, int] = {}
        self.unsealed_events = 0
        self.newest: tuple[int, str] | None = None

    @property
    def events_checked(self) -> int:
        return sum(walk.events_checked for walk in self._walks.values())

    def walk_of(self, chain: int) -> ChainWalk:
        walk = self._walks.get(chain)
        if walk is None:
            walk = self._walks[chain] = ChainWalk(self._linked_later, chain)
        return walk

    def step(self, event: StoredEvent) -> ChainReport | None:
        """None while every chain holds; the failure report at the first event that breaks one."""
        self._first_ids.setdefault(event.chain, event.content.id)
        if broken := self.walk_of(event.chain).step(event):
            return self._with_totals(broken)
        if event.content.id > self._sealed_heads.get(event.chain, 0):
            self.unsealed_events += 1
        self.newest = (event.content.id, event.hash)
        return None

    def finish(
        self, heads: Mapping[int, ChainHeadState], first_id_after: FirstIdAfter
    ) -> ChainReport:
        """Every walked chain must end at its head, and every head with no events walked
        must still be at its chain's start."""
        for chain in sorted(self._walks.keys() - heads.keys()):
            first = self._first_ids[chain]
            return self._with_totals(
                self._walks[chain].broken(
                    first,
                    ChainProblem.ADDED,
                    f"event #{first} was added outside the application: "
                    f"it is in chain {chain}, which has no head",
                )
            )
        for chain, head in sorted(heads.items()):
            report = self.walk_of(chain).finish(head, first_id_after)
            if not report.ok:
                return self._with_totals(report)
        newest_id, newest_hash = self.newest or (None, GENESIS_HASH)
        return ChainReport(
            ok=True,
            events_checked=self.events_checked,
            last_verified_event_id=newest_id,
            last_verified_hash=newest_hash,
            chains_used=sum(1 for walk in self._walks.values() if walk.events_checked),
            unsealed_events=self.unsealed_events,
        )

    def _with_totals(self, report: ChainReport) -> ChainReport:
        return report.model_copy(update={"events_checked": self.events_checked})
