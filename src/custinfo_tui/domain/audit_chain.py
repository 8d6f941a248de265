"""The audit trail's hash chain: what an event's hash covers, and how a stored chain is checked.

Each event stores the hash of the event before it (`prev_hash`) and its own `hash`, a
SHA-256 over a canonical JSON form of its content plus `prev_hash`. Changing, removing or
reordering a stored event therefore breaks the chain at that event, and `ChainWalk`
says which event and how. Pure: the caller streams the events in and answers the two
look-ups the walk needs, so this module does no I/O.

The canonical form is frozen: stored hashes depend on it. Migration 0002 keeps its own
copy of it (migrations must not change when the app does); a test checks the two agree.
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

#: The `prev_hash` of the first event: there is nothing before it.
GENESIS_HASH = "0" * 64


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


@dataclass(frozen=True, slots=True)
class ChainHeadState:
    """The one-row record of the chain's newest event, updated by every append."""

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


class ChainReport(BaseModel):
    """The outcome of checking the whole audit trail. Names events by id only."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    events_checked: int
    first_bad_event_id: int | None = None
    problem: ChainProblem | None = None
    #: One sentence for an administrator on what is wrong (empty when the chain holds).
    explanation: str = ""
    #: The last event found intact, and its hash. When the chain holds this is the newest
    #: event: worth recording outside the database, as an anchor a rewrite cannot move.
    last_verified_event_id: int | None = None
    last_verified_hash: str = GENESIS_HASH


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

    def __init__(self, linked_later: LinkedLater) -> None:
        self._linked_later = linked_later
        self.events_checked = 0
        self.last_event_id: int | None = None
        self.last_hash = GENESIS_HASH

    def step(self, event: StoredEvent) -> ChainReport | None:
        """None while the chain holds; the failure report at the first event that breaks it."""
        self.events_checked += 1
        event_id = event.content.id
        intact = chain_hash(event.content, event.prev_hash) == event.hash
        if event.prev_hash == self.last_hash:
            if not intact:
                return self._broken(
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
            return self._broken(
                event_id,
                ChainProblem.REORDERED,
                f"event #{event_id} is out of order: the event that should follow "
                f"{_name(self.last_event_id)} is stored further on",
            )
        if not intact:
            return self._broken(
                event_id,
                ChainProblem.CHANGED,
                f"event #{event_id} was changed after it was recorded: "
                "its content and links no longer match its hash",
            )
        return self._broken(
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
            return self._broken(
                None, ChainProblem.REMOVED, "the chain head row (audit_chain_head) is missing"
            )
        walked_to = self.last_event_id or 0
        head_at = head.last_event_id or 0
        if walked_to > head_at:
            added = first_id_after(head.last_event_id)
            return self._broken(
                added,
                ChainProblem.ADDED,
                f"event {_name(added)} was added outside the application: "
                f"the chain head ends at {_name(head.last_event_id)}",
            )
        if walked_to < head_at:
            return self._broken(
                head.last_event_id,
                ChainProblem.REMOVED,
                f"the newest events were removed: the trail ends at {_name(self.last_event_id)} "
                f"but the chain head records #{head.last_event_id}",
            )
        if head.last_hash != self.last_hash:
            return self._broken(
                self.last_event_id,
                ChainProblem.CHANGED,
                f"event {_name(self.last_event_id)} or the chain head was changed: "
                "their hashes differ",
            )
        return ChainReport(
            ok=True,
            events_checked=self.events_checked,
            last_verified_event_id=self.last_event_id,
            last_verified_hash=self.last_hash,
        )

    def _broken(self, event_id: int | None, problem: ChainProblem, why: str) -> ChainReport:
        return ChainReport(
            ok=False,
            events_checked=self.events_checked,
            first_bad_event_id=event_id,
            problem=problem,
            explanation=why,
            last_verified_event_id=self.last_event_id,
            last_verified_hash=self.last_hash,
        )
