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


@dataclass(frozen=True, slots=True)
class RecordedRestore:
    """A `database.restored` event of the trail: the trail before it is a backup's, and
    the seals after the backup's newest are made anew (docs/backups.md, "The database a
    restore replaces")."""

    event_id: int
    at: datetime
    #: The copy of the replaced database kept beside it, when the restore kept one.
    replaced_file: str | None = None
    #: How far the replaced trail's seals went (0: it had none); None when the event does
    #: not say (a restore into a new file, or by an older custinfo).
    replaced_seals: int | None = None

    def may_explain(self, seal_id: int) -> bool:
        """Whether an anchor of seal `seal_id` can have been taken of the database this
        restore replaced: only of a seal that database had, where the event says."""
        return self.replaced_seals is None or seal_id <= self.replaced_seals


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

    def __init__(
        self,
        sealed_events: SealedEvents,
        anchors: Mapping[int, str],
        restores: Sequence[RecordedRestore] = (),
    ) -> None:
        """`anchors`: seal id -> hash, as recorded outside the database. `restores`: the
        restores the trail records. An anchor that does not match a seal made after one of
        them, or names a seal past the newest, is set aside (`set_aside`) rather than
        reported broken, when the replaced trail had a seal of that number: it was taken of
        the database that restore replaced. The walk goes on, so the trail is still
        verified whole; `finish_after_restores` says which."""
        self._sealed_events = sealed_events
        self._anchors = anchors
        self._restores = sorted(restores, key=lambda restore: restore.event_id)
        #: Anchored seal id -> the restore after which the trail made that seal anew.
        self.set_aside: dict[int, RecordedRestore] = {}
        #: Restore event id -> the newest seal made before it: the backup's newest.
        self._sealed_before: dict[int, int] = {}
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
            restore = self._restore_before(content)
            if restore is None or not restore.may_explain(content.id):
                return self.broken(
                    content.id,
                    ChainProblem.CHANGED,
                    f"seal #{content.id} does not match the hash recorded outside the "
                    "database: the trail was rewritten",
                )
            self.set_aside[content.id] = restore
        if broken := self._check_heads(content):
            return broken
        newest_sealed = max((head.event_id for head in content.heads), default=0)
        for restore in self._restores:
            if newest_sealed < restore.event_id:
                self._sealed_before[restore.event_id] = content.id
        self.last_seal_id = content.id
        self.last_hash = seal.hash
        return None

    def _restore_before(self, content: SealContent) -> RecordedRestore | None:
        """The latest restore the seal was made after (it seals that restore's event or a
        later one), or None: a seal of the backup's own, which an anchor must match."""
        newest_sealed = max((head.event_id for head in content.heads), default=0)
        before = [restore for restore in self._restores if restore.event_id <= newest_sealed]
        return before[-1] if before else None

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
        """After the last seal: every anchor must have been met, or be past the seals a
        trail restored since has made (set aside, with the newest restore)."""
        for seal_id in sorted(self._anchors):
            if seal_id > (self.last_seal_id or 0):
                explaining = [r for r in self._restores if r.may_explain(seal_id)]
                if explaining:
                    self.set_aside[seal_id] = explaining[-1]
                    continue
                return self.broken(
                    seal_id,
                    ChainProblem.REMOVED,
                    f"seal #{seal_id}, recorded outside the database, is missing: "
                    "the seals were cut back",
                )
        return None

    def finish_after_restores(self, report: ChainReport) -> ChainReport:
        """The report of a trail that verified, unless anchors were set aside: then NOT
        verified against them (exit status 1), saying which restore the trail records
        and what to do; never OK, since a cut made to look like a restore reads the same."""
        if not report.ok or not self.set_aside:
            return report
        seals = sorted(self.set_aside)
        restore = self.set_aside[seals[-1]]
        backup_seal = self._sealed_before.get(restore.event_id)
        ended = f"seal #{backup_seal}" if backup_seal is not None else "no seal"
        kept = f" (kept as {restore.replaced_file})" if restore.replaced_file else ""
        return report.model_copy(
            update={
                "ok": False,
                "problem": ChainProblem.RESTORED,
                "first_bad_seal_id": seals[0],
                "anchors_set_aside": tuple(seals),
                "explanation": (
                    f"the trail records a restore from a backup (database.restored, event "
                    f"#{restore.event_id} at {restore.at:%Y-%m-%d %H:%M:%S} UTC) whose newest "
                    f"seal was {ended}; the seals after it were made anew, so anchors taken "
                    "of the database the restore replaced no longer match. Check them "
                    f"against that database{kept}, and anchor this one in a new anchor "
                    "file (custinfo audit seal --anchor-file NEW-FILE). If no restore was "
                    "made then, the seals were cut back or rewritten: treat it as tampering "
                    '(docs/backups.md, "The database a restore replaces")'
                ),
            }
        )

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
