"""Several chains walked at once, and the seals that tie them together: what each catches."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.audit_chain import (
    AUDIT_CHAINS,
    GENESIS_HASH,
    ChainHeadState,
    ChainProblem,
    ChainReport,
    EventContent,
    StoredEvent,
    TrailWalk,
    chain_hash,
    genesis_hash,
)
from custinfo_tui.domain.audit_seals import (
    RecordedRestore,
    SealContent,
    SealedHead,
    SealWalk,
    StoredSeal,
    heads_to_seal,
    seal_hash,
)

WHEN = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def _content(event_id: int) -> EventContent:
    return EventContent(
        id=event_id,
        occurred_at=WHEN,
        action="customer.viewed",
        operator_id=1,
        customer_id=None,
        interaction_id=None,
        console_session=None,
        fields=(),
        reason=None,
        outcome="ok",
        details={"n": event_id},
    )


def _trail(chains: Sequence[int]) -> list[StoredEvent]:
    """Events 1, 2, ... appended to the chains named, in that order."""
    last: dict[int, str] = {}
    events = []
    for event_id, chain in enumerate(chains, start=1):
        prev = last.get(chain, genesis_hash(chain))
        content = _content(event_id)
        events.append(StoredEvent(content, prev, chain_hash(content, prev), chain=chain))
        last[chain] = events[-1].hash
    return events


def _heads(events: Sequence[StoredEvent]) -> dict[int, ChainHeadState]:
    heads = {chain: ChainHeadState(None, genesis_hash(chain)) for chain in range(1, 5)}
    for event in events:
        heads[event.chain] = ChainHeadState(event.content.id, event.hash)
    return heads


def _walk(
    events: Sequence[StoredEvent],
    heads: Mapping[int, ChainHeadState],
    sealed: Mapping[int, int] | None = None,
) -> ChainReport:
    def linked_later(prev_hash: str, event_id: int) -> bool:
        return any(e.prev_hash == prev_hash and e.content.id > event_id for e in events)

    def first_id_after(event_id: int | None) -> int | None:
        return min((e.content.id for e in events if e.content.id > (event_id or 0)), default=None)

    walk = TrailWalk(linked_later, sealed or {})
    for event in events:
        if broken := walk.step(event):
            return broken
    return walk.finish(heads, first_id_after)


def test_every_chain_starts_from_its_own_genesis() -> None:
    geneses = {genesis_hash(chain) for chain in range(1, AUDIT_CHAINS + 1)}
    assert len(geneses) == AUDIT_CHAINS
    assert genesis_hash(1) == GENESIS_HASH


@given(st.lists(st.integers(min_value=1, max_value=4), max_size=30))
def test_chains_interleaved_in_any_order_verify(chains: list[int]) -> None:
    events = _trail(chains)
    report = _walk(events, _heads(events))
    assert report.ok
    assert report.events_checked == len(events)
    assert report.chains_used == len(set(chains))


def test_an_event_moved_to_another_chain_breaks_both() -> None:
    events = _trail([1, 2, 1, 2, 1])
    moved = list(events)
    moved[2] = dataclasses.replace(events[2], chain=2)

    report = _walk(moved, _heads(events))

    assert not report.ok
    assert report.first_bad_event_id == 3


def test_events_in_a_chain_with_no_head_are_named_as_added() -> None:
    events = _trail([1, 1, 7])
    heads = {1: _heads(events)[1]}

    report = _walk(events, heads)

    assert report.problem is ChainProblem.ADDED


def test_the_newest_events_of_one_chain_removed_are_caught_by_its_head() -> None:
    events = _trail([1, 2, 1, 2, 2])
    report = _walk(events[:-1], _heads(events))
    assert report.problem is ChainProblem.REMOVED
    assert "chain 2" in report.explanation


def test_events_past_the_newest_seal_are_counted_as_unsealed() -> None:
    events = _trail([1, 2, 1, 2, 1])
    report = _walk(events, _heads(events), sealed={1: 3, 2: 2})
    assert report.ok and report.unsealed_events == 2


# --- seals --------------------------------------------------------------------------------


def _seals(events: Sequence[StoredEvent], cuts: Sequence[int]) -> list[StoredSeal]:
    """A seal after each event count in `cuts`, as `services.audit.seal` would make it."""
    seals: list[StoredSeal] = []
    for seal_id, cut in enumerate(cuts, start=1):
        heads = heads_to_seal(_heads(events[:cut]))
        content = SealContent(seal_id, WHEN, heads, seals[-1].hash if seals else GENESIS_HASH)
        seals.append(StoredSeal(content, seal_hash(content)))
    return seals


def _walk_seals(
    seals: Sequence[StoredSeal],
    events: Sequence[StoredEvent],
    anchors: Mapping[int, str] | None = None,
    restores: Sequence[RecordedRestore] = (),
) -> ChainReport | None:
    return _seal_walk(seals, events, anchors, restores)[0]


def _seal_walk(
    seals: Sequence[StoredSeal],
    events: Sequence[StoredEvent],
    anchors: Mapping[int, str] | None = None,
    restores: Sequence[RecordedRestore] = (),
) -> tuple[ChainReport | None, SealWalk]:
    by_id = {event.content.id: (event.chain, event.hash) for event in events}

    def sealed_events(ids: Sequence[int]) -> dict[int, tuple[int, str]]:
        return {i: by_id[i] for i in ids if i in by_id}

    walk = SealWalk(sealed_events, anchors or {}, restores)
    for seal in seals:
        if broken := walk.step(seal):
            return broken, walk
    return walk.finish(), walk


def _resealed(seal: StoredSeal, **changes: object) -> StoredSeal:
    content = dataclasses.replace(seal.content, **changes)  # type: ignore[arg-type]
    return StoredSeal(content, seal_hash(content))


EVENTS = _trail([1, 2, 1, 3, 2, 1, 1, 3])
SEALS = _seals(EVENTS, [2, 5, 8])


def test_seals_of_an_untouched_trail_verify_and_say_how_far_they_cover() -> None:
    walk = SealWalk(lambda ids: {e.content.id: (e.chain, e.hash) for e in EVENTS}, {})
    for seal in SEALS:
        assert walk.step(seal) is None
    assert walk.sealed_heads == {1: 7, 2: 5, 3: 8}
    assert _walk_seals(SEALS, EVENTS, anchors={3: SEALS[2].hash}) is None


def test_a_changed_seal_is_named() -> None:
    heads = [SealedHead(1, 1, "f" * 64)]
    forged = StoredSeal(dataclasses.replace(SEALS[1].content, heads=heads), SEALS[1].hash)
    report = _walk_seals([SEALS[0], forged, SEALS[2]], EVENTS)
    assert report is not None and report.problem is ChainProblem.CHANGED
    assert report.first_bad_seal_id == 2


def test_a_removed_seal_is_named() -> None:
    report = _walk_seals([SEALS[0], SEALS[2]], EVENTS)
    assert report is not None and report.problem is ChainProblem.REMOVED
    assert report.first_bad_seal_id == 3


def test_a_sealed_event_removed_is_named_even_when_its_chain_was_cut_back_cleanly() -> None:
    kept = [event for event in EVENTS if event.content.id != 8]
    report = _walk_seals(SEALS, kept)
    assert report is not None and report.problem is ChainProblem.REMOVED
    assert report.first_bad_event_id == 8 and report.first_bad_seal_id == 3


def test_a_sealed_event_rewritten_is_named() -> None:
    rewritten = [
        dataclasses.replace(event, hash="e" * 64) if event.content.id == 5 else event
        for event in EVENTS
    ]
    report = _walk_seals(SEALS, rewritten)
    assert report is not None and report.problem is ChainProblem.CHANGED
    assert report.first_bad_event_id == 5


def test_a_seal_that_moves_a_chain_back_is_named() -> None:
    back = _resealed(SEALS[2], prev_hash=SEALS[1].hash, heads=SEALS[0].content.heads)
    report = _walk_seals([*SEALS[:2], back], EVENTS)
    assert report is not None and report.problem is ChainProblem.REORDERED


def test_seals_rewritten_consistently_are_caught_only_by_an_anchor() -> None:
    """The documented limit: whoever can rewrite the tables can rewrite every seal."""
    rewritten = _seals(EVENTS[:5], [2, 5])
    assert _walk_seals(rewritten, EVENTS[:5]) is None

    report = _walk_seals(rewritten, EVENTS[:5], anchors={3: SEALS[2].hash})
    assert report is not None and report.problem is ChainProblem.REMOVED
    assert report.first_bad_seal_id == 3

    forged = _seals(EVENTS[:6], [2, 5, 6])
    report = _walk_seals(forged, EVENTS[:6], anchors={3: SEALS[2].hash})
    assert report is not None and report.problem is ChainProblem.CHANGED


def test_a_seal_records_only_chains_holding_events() -> None:
    heads = heads_to_seal(_heads(EVENTS[:1]))
    assert heads == (SealedHead(1, 1, EVENTS[0].hash),)


def test_a_seal_time_must_carry_its_zone() -> None:
    with pytest.raises(ValueError, match="timezone"):
        seal_hash(dataclasses.replace(SEALS[0].content, sealed_at=WHEN.replace(tzinfo=None)))


#: The trail restored from a backup sealed at events 2 and 5 (seals 1 and 2): event 6 is
#: the restore's own, and seal 3 is the restored database's, made an hour after the one the
#: replaced database made (SEALS[2]), so its hash differs.
RESTORE = RecordedRestore(6, WHEN + timedelta(hours=1), "custinfo.db.replaced-20261202-100000")
RESTORED_SEALS = [*SEALS[:2], _resealed(SEALS[2], sealed_at=WHEN + timedelta(hours=1))]
VERIFIED = ChainReport(ok=True, events_checked=8, chains_used=3, seals_checked=3)


def test_anchors_of_seals_made_anew_after_a_recorded_restore_are_set_aside_never_verified() -> None:
    """Found by an administrator: after a legitimate restore the anchors taken since the
    backup made `verify --anchors` say BROKEN, "the seals were cut back". A seal the trail
    made after a restore it records, or one past its newest, is set aside with that restore
    named; the trail is walked on, and the report is still not OK."""
    anchors = {1: SEALS[0].hash, 3: SEALS[2].hash, 4: "a" * 64}

    broken, walk = _seal_walk(RESTORED_SEALS, EVENTS, anchors, [RESTORE])
    report = walk.finish_after_restores(VERIFIED)

    assert broken is None
    assert set(walk.set_aside) == {3, 4}
    assert not report.ok and report.problem is ChainProblem.RESTORED
    assert report.anchors_set_aside == (3, 4) and report.first_bad_seal_id == 3
    assert "database.restored, event #6 at 2026-12-02 10:00:00 UTC" in report.explanation
    assert "whose newest seal was seal #2" in report.explanation
    assert "kept as custinfo.db.replaced-20261202-100000" in report.explanation
    assert "If no restore was made then, the seals were cut back" in report.explanation


def test_an_anchor_of_a_seal_the_backup_holds_must_still_match_after_a_restore() -> None:
    """Sound: a restore explains only seals made after it; the backup's own must match."""
    report = _walk_seals(RESTORED_SEALS, EVENTS, {2: "b" * 64}, [RESTORE])
    assert report is not None and report.problem is ChainProblem.CHANGED
    assert report.first_bad_seal_id == 2

    # Without a restore on the trail, the same seals are rewritten, and cut back, as before.
    report = _walk_seals(RESTORED_SEALS, EVENTS, {3: SEALS[2].hash})
    assert report is not None and report.problem is ChainProblem.CHANGED
    report = _walk_seals(SEALS[:2], EVENTS, {3: SEALS[2].hash})
    assert report is not None and report.problem is ChainProblem.REMOVED


def test_a_restore_with_every_anchor_matching_leaves_the_report_ok() -> None:
    _, walk = _seal_walk(RESTORED_SEALS, EVENTS, {1: SEALS[0].hash}, [RESTORE])
    assert walk.finish_after_restores(VERIFIED) == VERIFIED


def test_a_restore_explains_only_anchors_of_seals_the_replaced_trail_had() -> None:
    """The restore's event says how far the replaced trail's seals went: an anchor past
    that was not taken of it, so it is the trail cut back or rewritten, restore or not."""
    sealed_to_3 = dataclasses.replace(RESTORE, replaced_seals=3)
    report = _walk_seals(RESTORED_SEALS, EVENTS, {4: "c" * 64}, [sealed_to_3])
    assert report is not None and report.problem is ChainProblem.REMOVED

    sealed_to_2 = dataclasses.replace(RESTORE, replaced_seals=2)
    report = _walk_seals(RESTORED_SEALS, EVENTS, {3: SEALS[2].hash}, [sealed_to_2])
    assert report is not None and report.problem is ChainProblem.CHANGED

    broken, walk = _seal_walk(RESTORED_SEALS, EVENTS, {3: SEALS[2].hash}, [sealed_to_3])
    assert broken is None and set(walk.set_aside) == {3}
