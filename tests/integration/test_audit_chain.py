"""The audit trail is tamper-evident on both databases, and appends never fork its chain.

The database refuses to change stored events (tests/integration/test_append_only_audit.py),
so every tampering here goes around that guard first, as the tables' owner could.
"""

from __future__ import annotations

import argparse
import dataclasses
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Connection, Engine, text

from custinfo_tui.commands.audit import register, run
from custinfo_tui.domain.audit_chain import GENESIS_HASH, ChainProblem, chain_hash
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.migrate import alembic_config, upgrade_to_head
from custinfo_tui.repository.types import UTCDateTime
from custinfo_tui.services import audit
from custinfo_tui.services.audit import verify_chain
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.settings import Settings
from tests.support.audit_guard import guard_lifted

EVENTS = 6


def _append(uow_factory: UnitOfWorkFactory, count: int, *, tag: str = "desk") -> list[int]:
    ids = []
    for n in range(count):
        uow = uow_factory()
        with uow:
            event = audit.record(
                uow,
                None,
                AuditAction.CUSTOMER_VIEWED,
                fields=("phone",),
                reason=f"{tag} check {n}",
                details={"n": n},
            )
            uow.commit()
        ids.append(event.id)
    return ids


def _cli_verify(database_url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="custinfo")
    register(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
    code = run(parser.parse_args(["audit", "verify"]), Settings(database_url=database_url))
    return code, capsys.readouterr().out


def _swap_ids(connection: Connection, a: int, b: int) -> None:
    # Three steps: both databases check the primary key row by row.
    for old, new in ((a, -1), (b, a), (-1, b)):
        connection.execute(
            text("UPDATE audit_events SET id = :new WHERE id = :old"), {"old": old, "new": new}
        )


def test_an_untouched_trail_verifies(
    uow_factory: UnitOfWorkFactory, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _append(uow_factory, EVENTS)

    report = verify_chain(uow_factory())

    assert report.ok and report.events_checked == EVENTS
    assert report.last_verified_event_id == ids[-1]
    code, out = _cli_verify(database_url, capsys)
    assert code == 0
    assert f"Audit trail OK: {EVENTS} events in 1 chain and 0 seals verified." in out
    assert report.last_verified_hash in out


def test_events_carry_their_links(uow_factory: UnitOfWorkFactory) -> None:
    _append(uow_factory, 3)
    with uow_factory() as uow:
        events = list(reversed(uow.audit.list_recent()))
    assert events[0].prev_hash == GENESIS_HASH
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]


def test_a_new_database_verifies_with_no_events(uow_factory: UnitOfWorkFactory) -> None:
    report = verify_chain(uow_factory())
    assert report.ok and report.events_checked == 0


#: Each tampering gets the event ids in order, and returns the first bad id and the problem.
Tampering = Callable[[Connection, list[int]], tuple[int, ChainProblem]]


def _edit_a_reason(connection: Connection, ids: list[int]) -> tuple[int, ChainProblem]:
    connection.execute(
        text("UPDATE audit_events SET reason = 'routine check' WHERE id = :id"), {"id": ids[2]}
    )
    return ids[2], ChainProblem.CHANGED


def _delete_a_middle_event(connection: Connection, ids: list[int]) -> tuple[int, ChainProblem]:
    connection.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": ids[2]})
    return ids[3], ChainProblem.REMOVED


def _swap_two_events(connection: Connection, ids: list[int]) -> tuple[int, ChainProblem]:
    _swap_ids(connection, ids[1], ids[3])
    return ids[1], ChainProblem.REORDERED


def _delete_the_newest_event(connection: Connection, ids: list[int]) -> tuple[int, ChainProblem]:
    connection.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": ids[-1]})
    return ids[-1], ChainProblem.REMOVED


@pytest.mark.parametrize(
    "tamper",
    [_edit_a_reason, _delete_a_middle_event, _swap_two_events, _delete_the_newest_event],
    ids=["edited", "middle-deleted", "swapped", "newest-deleted"],
)
def test_tampering_names_the_first_bad_event(
    tamper: Tampering,
    uow_factory: UnitOfWorkFactory,
    engine: Engine,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ids = _append(uow_factory, EVENTS)
    with guard_lifted(engine) as connection:
        bad_id, problem = tamper(connection, ids)

    report = verify_chain(uow_factory())

    assert not report.ok
    assert (report.first_bad_event_id, report.problem) == (bad_id, problem)
    code, out = _cli_verify(database_url, capsys)
    assert code == 1
    assert f"BROKEN at event #{bad_id} ({problem.value})" in out


def _rewrite_from(
    uow_factory: UnitOfWorkFactory, engine: Engine, first_id: int, *, move_head: bool
) -> None:
    """What someone with write access can do: edit events and re-hash them from one on."""
    with uow_factory() as uow:
        events = list(uow.audit.chain_events())
    prev = next(e.prev_hash for e in events if e.content.id == first_id)
    with guard_lifted(engine) as connection:
        for event in (e for e in events if e.content.id >= first_id):
            new_hash = chain_hash(dataclasses.replace(event.content, reason="routine check"), prev)
            connection.execute(
                text(
                    "UPDATE audit_events SET reason = 'routine check', prev_hash = :prev, "
                    "hash = :hash WHERE id = :id"
                ),
                {"id": event.content.id, "prev": prev, "hash": new_hash},
            )
            prev = new_hash
        if move_head:
            connection.execute(
                text("UPDATE audit_chain_head SET last_hash = :h WHERE id = 1"), {"h": prev}
            )


def test_rewriting_the_newest_event_with_a_fresh_hash_is_caught_by_the_head(
    uow_factory: UnitOfWorkFactory, engine: Engine
) -> None:
    ids = _append(uow_factory, EVENTS)
    _rewrite_from(uow_factory, engine, ids[-1], move_head=False)

    report = verify_chain(uow_factory())

    assert (report.first_bad_event_id, report.problem) == (ids[-1], ChainProblem.CHANGED)


def test_an_event_inserted_behind_the_heads_back_is_named_as_added(
    uow_factory: UnitOfWorkFactory, engine: Engine
) -> None:
    ids = _append(uow_factory, EVENTS)
    with engine.begin() as connection:
        head = connection.execute(
            text("SELECT last_event_id, last_hash FROM audit_chain_head WHERE id = 1")
        )
        last_id, last_hash = head.one()
    _append(uow_factory, 1)
    with guard_lifted(engine) as connection:
        connection.execute(
            text("UPDATE audit_chain_head SET last_event_id = :id, last_hash = :h WHERE id = 1"),
            {"id": last_id, "h": last_hash},
        )

    report = verify_chain(uow_factory())

    assert report.problem is ChainProblem.ADDED
    assert report.first_bad_event_id is not None and report.first_bad_event_id > ids[-1]


def test_a_rewrite_of_the_whole_tail_needs_an_outside_anchor_to_be_seen(
    uow_factory: UnitOfWorkFactory, engine: Engine
) -> None:
    """The documented limit: a consistent rewrite verifies; only a recorded head hash shows it."""
    ids = _append(uow_factory, EVENTS)
    anchored = verify_chain(uow_factory()).last_verified_hash
    _rewrite_from(uow_factory, engine, ids[2], move_head=True)

    report = verify_chain(uow_factory())

    assert report.ok
    assert report.last_verified_hash != anchored


def test_desks_appending_at_once_never_fork_the_chain(
    uow_factory: UnitOfWorkFactory, engine: Engine
) -> None:
    threads, per_thread = 4, 25
    start = threading.Barrier(threads)

    def desk(n: int) -> list[int]:
        start.wait()
        return _append(uow_factory, per_thread, tag=f"desk {n}")

    with ThreadPoolExecutor(threads) as pool:
        appended = [id_ for ids in pool.map(desk, range(threads)) for id_ in ids]

    assert len(set(appended)) == threads * per_thread
    report = verify_chain(uow_factory())
    assert report.ok and report.events_checked == threads * per_thread
    with engine.connect() as connection:
        forks = connection.execute(
            text("SELECT prev_hash FROM audit_events GROUP BY prev_hash HAVING COUNT(*) > 1")
        ).all()
    assert forks == []


def test_verifying_while_desks_append_raises_no_false_alarm(
    uow_factory: UnitOfWorkFactory,
) -> None:
    _append(uow_factory, 20)
    stop = threading.Event()

    def desk() -> None:
        while not stop.is_set():
            _append(uow_factory, 1)

    writer = threading.Thread(target=desk)
    writer.start()
    try:
        reports = [verify_chain(uow_factory(), batch_size=3) for _ in range(3)]
    finally:
        stop.set()
        writer.join()

    assert all(report.ok for report in reports), reports


def test_verification_reads_in_batches(uow_factory: UnitOfWorkFactory) -> None:
    _append(uow_factory, 7)
    report = verify_chain(uow_factory(), batch_size=2)
    assert report.ok and report.events_checked == 7


def test_a_database_with_events_from_before_the_chain_upgrades_and_verifies(
    uow_factory: UnitOfWorkFactory, engine: Engine
) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    old_events = sa.table(
        "audit_events",
        sa.column("occurred_at", UTCDateTime()),
        sa.column("action", sa.String()),
        sa.column("fields", sa.JSON()),
        sa.column("reason", sa.String()),
        sa.column("outcome", sa.String()),
        sa.column("details", sa.JSON()),
    )
    with engine.begin() as connection:
        connection.execute(
            old_events.insert(),
            [
                {
                    "occurred_at": datetime(2026, 11, 20, 9, n, 30, 250_000 + n, tzinfo=UTC),
                    "action": AuditAction.LOGIN_SUCCEEDED.value,
                    "fields": ["phone"] if n % 2 else [],
                    "reason": None if n % 2 else f"old reason {n}",
                    "outcome": "ok",
                    "details": {"n": n, "kind": "old", "ratio": n / 3},
                }
                for n in range(5)
            ],
        )

    upgrade_to_head(engine)

    report = verify_chain(uow_factory())
    assert report.ok and report.events_checked == 5
    _append(uow_factory, 2)
    report = verify_chain(uow_factory())
    assert report.ok and report.events_checked == 7
