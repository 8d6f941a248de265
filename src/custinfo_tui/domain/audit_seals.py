"""Seals of the audit trail's chains: what a seal's hash covers, and how stored seals are
checked (docs/architecture.md, "Seals, and anchoring the newest one outside the database").

A seal records how far every chain had got (event id and hash) and is hash-chained to the
seal before it; a seal's hash kept outside the database (an anchor) pins everything it
covers. Pure, like domain.audit_chain: the caller streams the seals in and answers the
one look-up the walk needs. The canonical form is frozen: stored seals depend on it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from custinfo_tui.domain.audit_chain import (
    GENESIS_HASH,
    ChainHeadState,
    ChainProblem,
    ChainReport,
)


@dataclass(frozen=True, slots=True)
class SealedHead:
    """How far one chain had got when a seal was made: its newest event and that event's hash."""

    chain: int
    event_id: int
    hash: str


@dataclass(frozen=True, slots=True)
class SealContent:
    """Everything a seal's hash covers."""

    id: int
    sealed_at: datetime
    #: Every chain holding events, at its newest event, in chain order.
    heads: Sequence[SealedHead]
    prev_hash: str


@dataclass(frozen=True, slots=True)
class StoredSeal:
    content: SealContent
    hash: str


def seal_hash(content: SealContent) -> str:
    """Hex SHA-256 of the seal's canonical JSON (sorted keys, no spaces, UTC microseconds)."""
    if content.sealed_at.tzinfo is None:
        raise ValueError("a seal's time must be timezone-aware")
    document = {
        "id": content.id,
        "sealed_at": content.sealed_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "heads": [[head.chain, head.event_id, head.hash] for head in content.heads],
        "prev_hash": content.prev_hash,
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def heads_to_seal(heads: Mapping[int, ChainHeadState]) -> tuple[SealedHead, ...]:
    """What a seal made now records: every chain holding events, at its head, in chain order."""
    return tuple(
        SealedHead(chain, head.last_event_id, head.last_hash)
        for chain, head in sorted(heads.items())
        if head.last_event_id is not None
    )


#: `sealed_events(ids)`: for each stored event id among `ids`, its chain and hash.
SealedEvents = Callable[[Sequence[int]], Mapping[int, tuple[int, str]]]


class SealWalk:
    """Follows the seals in id order: each must link to the one before, match its own hash,
    keep every chain the seal before had and move none back, and name events that are
    stored, in that chain, with that hash.

    Feed every seal to `step` in ascending id order; stop at the first report it returns.
    `sealed_heads` is then how far the seals cover each chain.
    """

    def __init__(self, sealed_events: SealedEvents, anchors: Mapping[int, str]) -> None:
        """`anchors`: seal id -> hash, as recorded outside the database."""
        self._sealed_events = sealed_events
        self._anchors = anchors
        self.seals_checked = 0
        self.last_seal_id: int | None = None
        self.last_hash = GENESIS_HASH
        #: chain -> (event id, hash) as the newest seal so far records it.
        self.sealed: dict[int, tuple[int, str]] = {}

    def step(self, seal: StoredSeal) -> ChainReport | None:
        self.seals_checked += 1
        content = seal.content
        expected_id = (self.last_seal_id or 0) + 1
        if content.id != expected_id:
            return self.broken(
                content.id,
                ChainProblem.REMOVED,
                f"seals are missing: seal #{content.id} follows {_seal_name(self.last_seal_id)}",
            )
        if seal_hash(content) != seal.hash:
            return self.broken(
                content.id,
                ChainProblem.CHANGED,
                f"seal #{content.id} was changed after it was made: "
                "its content no longer matches its hash",
            )
        if content.prev_hash != self.last_hash:
            return self.broken(
                content.id,
                ChainProblem.CHANGED,
                f"seal #{content.id} does not follow on from {_seal_name(self.last_seal_id)}: "
                "the seals were rewritten",
            )
        anchored = self._anchors.get(content.id)
        if anchored is not None and anchored != seal.hash:
            return self.broken(
                content.id,
                ChainProblem.CHANGED,
                f"seal #{content.id} does not match the hash recorded outside the database: "
                "the trail was rewritten",
            )
        if broken := self._check_heads(content):
            return broken
        self.last_seal_id = content.id
        self.last_hash = seal.hash
        return None

    def _check_heads(self, content: SealContent) -> ChainReport | None:
        """Each head is where its chain was last sealed, or further on, at a stored event of
        that chain with that hash. Only heads that moved are looked up: the rest were
        checked with an earlier seal."""
        now = {head.chain: head for head in content.heads}
        for chain, (event_id, _) in sorted(self.sealed.items()):
            head = now.get(chain)
            if head is None or head.event_id < event_id:
                return self.broken(
                    content.id,
                    ChainProblem.REORDERED,
                    f"seal #{content.id} moves chain {chain} back from event #{event_id}",
                )
        moved = [
            head
            for head in content.heads
            if self.sealed.get(head.chain) != (head.event_id, head.hash)
        ]
        stored = self._sealed_events([head.event_id for head in moved])
        for head in moved:
            if head.event_id not in stored:
                return self.broken(
                    content.id,
                    ChainProblem.REMOVED,
                    f"event #{head.event_id}, sealed by seal #{content.id}, was removed",
                    event_id=head.event_id,
                )
            if stored[head.event_id] != (head.chain, head.hash):
                return self.broken(
                    content.id,
                    ChainProblem.CHANGED,
                    f"event #{head.event_id} is not what seal #{content.id} sealed: "
                    "it was changed or moved to another chain",
                    event_id=head.event_id,
                )
        for head in moved:
            self.sealed[head.chain] = (head.event_id, head.hash)
        return None

    @property
    def sealed_heads(self) -> dict[int, int]:
        """How far the seals cover each chain: its newest sealed event's id."""
        return {chain: event_id for chain, (event_id, _) in self.sealed.items()}

    def finish(self) -> ChainReport | None:
        """After the last seal: every anchor must have been met."""
        for seal_id in sorted(self._anchors):
            if seal_id > (self.last_seal_id or 0):
                return self.broken(
                    seal_id,
                    ChainProblem.REMOVED,
                    f"seal #{seal_id}, recorded outside the database, is missing: "
                    "the seals were cut back",
                )
        return None

    def broken(
        self, seal_id: int, problem: ChainProblem, why: str, *, event_id: int | None = None
    ) -> ChainReport:
        return ChainReport(
            ok=False,
            events_checked=0,
            first_bad_event_id=event_id,
            first_bad_seal_id=seal_id,
            problem=problem,
            explanation=why,
            seals_checked=self.seals_checked,
        )


def _seal_name(seal_id: int | None) -> str:
    return f"seal #{seal_id}" if seal_id is not None else "the start of the seals"
