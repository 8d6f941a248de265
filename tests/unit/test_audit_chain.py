"""The audit hash chain: what an event's hash covers, and how a broken chain is pinpointed."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from custinfo_tui.domain.audit_chain import (
    GENESIS_HASH,
    ChainHeadState,
    ChainProblem,
    ChainReport,
    ChainWalk,
    EventContent,
    StoredEvent,
    canonical_json,
    chain_hash,
)

MIGRATION = (
    Path(__file__).resolve().parents[2]
    / "migrations"
    / "versions"
    / "2026_11_23_0002_audit_hash_chain.py"
)

EXAMPLE = EventContent(
    id=7,
    occurred_at=datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC),
    action="customer.viewed",
    operator_id=3,
    customer_id=42,
    interaction_id=None,
    console_session="3f2b",
    fields=("phone", "email"),
    reason="Complaint investigation: letter of 20 November",
    outcome="ok",
    details={"kind": "name", "results": 3},
)

# --- strategies ---------------------------------------------------------------------------

ids = st.integers(min_value=1, max_value=2**31 - 1)
optional_ids = st.none() | ids
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
zones = st.builds(
    timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
contents = st.builds(
    EventContent,
    id=ids,
    occurred_at=instants,
    action=st.text(min_size=1, max_size=48),
    operator_id=optional_ids,
    customer_id=optional_ids,
    interaction_id=optional_ids,
    console_session=st.none() | st.text(max_size=36),
    fields=st.lists(st.text(max_size=20), max_size=4).map(tuple),
    reason=st.none() | st.text(max_size=200),
    outcome=st.text(max_size=32),
    details=st.dictionaries(st.text(max_size=12), json_values, max_size=4),
)
hashes = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)

#: A different value for each content field, to check every one of them is covered.
OTHER_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "id": ids,
    "occurred_at": instants,
    "action": st.text(min_size=1, max_size=48),
    "operator_id": optional_ids,
    "customer_id": optional_ids,
    "interaction_id": optional_ids,
    "console_session": st.none() | st.text(max_size=36),
    "fields": st.lists(st.text(max_size=20), max_size=4).map(tuple),
    "reason": st.none() | st.text(max_size=200),
    "outcome": st.text(max_size=32),
    "details": st.dictionaries(st.text(max_size=12), json_values, max_size=4),
}


# --- the hash -----------------------------------------------------------------------------


def test_the_first_event_follows_sixty_four_zeros() -> None:
    assert GENESIS_HASH == "0" * 64


def test_the_canonical_form_is_frozen() -> None:
    """Stored hashes depend on these exact bytes: changing them breaks every existing chain."""
    assert canonical_json(EXAMPLE, GENESIS_HASH) == (
        b'{"action":"customer.viewed","console_session":"3f2b","customer_id":42,'
        b'"details":{"kind":"name","results":3},"fields":["phone","email"],"id":7,'
        b'"interaction_id":null,"occurred_at":"2026-11-23T09:30:15.123456+00:00",'
        b'"operator_id":3,"outcome":"ok","prev_hash":"' + b"0" * 64 + b'",'
        b'"reason":"Complaint investigation: letter of 20 November"}'
    )
    assert chain_hash(EXAMPLE, GENESIS_HASH) == (
        "a9d495375dc89e4cec9dca6d36c12332e37f3c63f4b8cbf81d22a7fb9a6c1313"
    )


@given(contents, hashes)
def test_a_hash_is_sixty_four_hex_digits_and_the_same_every_time(
    content: EventContent, prev_hash: str
) -> None:
    first = chain_hash(content, prev_hash)
    assert len(first) == 64 and set(first) <= set("0123456789abcdef")
    assert chain_hash(dataclasses.replace(content), prev_hash) == first


@given(contents, hashes, st.data())
def test_changing_any_field_changes_the_hash(
    content: EventContent, prev_hash: str, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(OTHER_VALUES)))
    value = data.draw(OTHER_VALUES[name])
    old = getattr(content, name)
    assume(
        json.dumps(value, default=str, sort_keys=True)
        != json.dumps(old, default=str, sort_keys=True)
    )
    changed = dataclasses.replace(content, **{name: value})
    assert chain_hash(changed, prev_hash) != chain_hash(content, prev_hash)


@given(contents, hashes, hashes)
def test_the_hash_covers_the_previous_hash(content: EventContent, one: str, other: str) -> None:
    assume(one != other)
    assert chain_hash(content, one) != chain_hash(content, other)


@given(contents, hashes, zones)
def test_the_same_instant_in_another_zone_hashes_the_same(
    content: EventContent, prev_hash: str, zone: timezone
) -> None:
    moved = dataclasses.replace(content, occurred_at=content.occurred_at.astimezone(zone))
    assert chain_hash(moved, prev_hash) == chain_hash(content, prev_hash)


@given(contents, hashes, st.randoms())
def test_the_order_details_were_built_in_does_not_matter(
    content: EventContent, prev_hash: str, random: Any
) -> None:
    items = list(content.details.items())
    random.shuffle(items)
    shuffled = dataclasses.replace(content, details=dict(items))
    assert chain_hash(shuffled, prev_hash) == chain_hash(content, prev_hash)


@given(contents, hashes)
def test_a_trip_through_a_json_column_keeps_the_hash(content: EventContent, prev_hash: str) -> None:
    """What the database hands back for `fields` and `details` hashes as what was stored."""
    stored = dataclasses.replace(
        content,
        fields=json.loads(json.dumps(list(content.fields))),
        details=json.loads(json.dumps(content.details)),
    )
    assert chain_hash(stored, prev_hash) == chain_hash(content, prev_hash)


def test_a_time_without_a_zone_is_refused() -> None:
    naive = dataclasses.replace(EXAMPLE, occurred_at=datetime(2026, 11, 23, 9, 30))
    with pytest.raises(ValueError, match="timezone"):
        chain_hash(naive, GENESIS_HASH)


def test_a_number_with_no_canonical_form_is_refused() -> None:
    with pytest.raises(ValueError):
        chain_hash(dataclasses.replace(EXAMPLE, details={"x": float("nan")}), GENESIS_HASH)


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migration_0002", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@given(contents, hashes)
def test_the_migrations_copy_of_the_hash_agrees_with_the_app(
    content: EventContent, prev_hash: str
) -> None:
    row = SimpleNamespace(
        **{field.name: getattr(content, field.name) for field in dataclasses.fields(content)}
    )
    # SQLite returns stored times without a zone; the migration must read them as UTC.
    row.occurred_at = content.occurred_at.replace(tzinfo=None)
    assert _migration().event_hash(row, prev_hash) == chain_hash(content, prev_hash)


# --- walking a stored chain ---------------------------------------------------------------


def _chain(length: int) -> list[StoredEvent]:
    events, prev = [], GENESIS_HASH
    for n in range(1, length + 1):
        content = dataclasses.replace(EXAMPLE, id=n * 2, reason=f"reason {n}")
        events.append(StoredEvent(content, prev, chain_hash(content, prev)))
        prev = events[-1].hash
    return events


def _head(events: list[StoredEvent]) -> ChainHeadState:
    last = events[-1] if events else None
    return ChainHeadState(last.content.id if last else None, last.hash if last else GENESIS_HASH)


def _walk(stored: list[StoredEvent], head: ChainHeadState | None) -> ChainReport:
    def linked_later(prev_hash: str, event_id: int) -> bool:
        return any(e.prev_hash == prev_hash and e.content.id > event_id for e in stored)

    def first_id_after(event_id: int | None) -> int | None:
        later = [e.content.id for e in stored if event_id is None or e.content.id > event_id]
        return min(later, default=None)

    walk = ChainWalk(linked_later)
    for event in stored:
        if broken := walk.step(event):
            return broken
    return walk.finish(head, first_id_after)


def _swap_positions(events: list[StoredEvent], i: int, j: int) -> list[StoredEvent]:
    """Swap two events' places by swapping their ids, as `UPDATE ... SET id` would."""
    swapped = list(events)
    a, b = events[i], events[j]
    swapped[i] = dataclasses.replace(b, content=dataclasses.replace(b.content, id=a.content.id))
    swapped[j] = dataclasses.replace(a, content=dataclasses.replace(a.content, id=b.content.id))
    return swapped


@given(st.integers(min_value=0, max_value=12))
def test_an_untouched_chain_verifies(length: int) -> None:
    events = _chain(length)
    report = _walk(events, _head(events))
    assert report.ok and report.events_checked == length
    assert report.last_verified_hash == _head(events).last_hash


@given(st.integers(min_value=1, max_value=12), st.data())
def test_an_edited_event_is_named_as_changed(length: int, data: st.DataObject) -> None:
    events = _chain(length)
    i = data.draw(st.integers(min_value=0, max_value=length - 1))
    edited = dataclasses.replace(events[i].content, reason="nothing to see here")
    events[i] = dataclasses.replace(events[i], content=edited)

    report = _walk(events, _head(events))

    assert (report.ok, report.problem) == (False, ChainProblem.CHANGED)
    assert report.first_bad_event_id == events[i].content.id


@given(st.integers(min_value=2, max_value=12), st.data())
def test_a_removed_event_is_named_at_the_event_after_the_gap(
    length: int, data: st.DataObject
) -> None:
    events = _chain(length)
    head = _head(events)
    i = data.draw(st.integers(min_value=0, max_value=length - 2))
    after_gap = events[i + 1].content.id
    del events[i]

    report = _walk(events, head)

    assert (report.problem, report.first_bad_event_id) == (ChainProblem.REMOVED, after_gap)


@given(st.integers(min_value=1, max_value=12))
def test_removing_the_newest_events_is_caught_by_the_head(length: int) -> None:
    events = _chain(length)
    head = _head(events)

    report = _walk(events[:-1], head)

    assert (report.problem, report.first_bad_event_id) == (
        ChainProblem.REMOVED,
        events[-1].content.id,
    )


@given(st.integers(min_value=2, max_value=12), st.data())
def test_two_swapped_events_are_named_as_reordered(length: int, data: st.DataObject) -> None:
    events = _chain(length)
    i = data.draw(st.integers(min_value=0, max_value=length - 2))
    j = data.draw(st.integers(min_value=i + 1, max_value=length - 1))

    report = _walk(_swap_positions(events, i, j), _head(events))

    assert (report.problem, report.first_bad_event_id) == (
        ChainProblem.REORDERED,
        events[i].content.id,
    )


def test_an_edited_link_is_named_as_changed() -> None:
    events = _chain(4)
    events[2] = dataclasses.replace(events[2], prev_hash="f" * 64)
    report = _walk(events, _head(events))
    assert (report.problem, report.first_bad_event_id) == (ChainProblem.CHANGED, 6)


def test_rewriting_the_newest_event_with_a_fresh_hash_is_caught_by_the_head() -> None:
    events = _chain(3)
    head = _head(events)
    content = dataclasses.replace(events[-1].content, reason="rewritten")
    events[-1] = StoredEvent(
        content, events[-1].prev_hash, chain_hash(content, events[-1].prev_hash)
    )

    report = _walk(events, head)

    assert (report.problem, report.first_bad_event_id) == (ChainProblem.CHANGED, 6)


def test_an_event_written_past_the_head_is_named_as_added() -> None:
    events = _chain(4)
    report = _walk(events, _head(events[:2]))
    assert (report.problem, report.first_bad_event_id) == (ChainProblem.ADDED, 6)


def test_a_missing_head_fails_the_check() -> None:
    report = _walk(_chain(2), None)
    assert not report.ok and report.problem is ChainProblem.REMOVED
    assert report.first_bad_event_id is None
