"""Merging records whose verification is locked for possible fraud (MP-08, MP-13), on
SQLite, SQLCipher and PostgreSQL: one person has one lock, so a merge of two locked records
leaves the kept record one lock and one item on the queue, the other lock folded into it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.interactions import QueueItem, QueueKind
from custinfo_tui.domain.merging import comparing_reason
from custinfo_tui.domain.reference import format_reference, normalise_reference
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.orm import VerificationLock
from custinfo_tui.services import merging, queue
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk
from tests.support.second_record import second_john_smith

JOHN_SMITH = 1  # DOB 12/04/1980, SE1 2QT
COMPARING = comparing_reason("Same name and birthday on a letter")
MERGE_REASON = "Same man: one date of birth, the same name"


@pytest.fixture
def jon(demo_uow_factory: UnitOfWorkFactory) -> int:
    """Jon Smith, John Smith's duplicate: saved as a different person, before any lock (a
    new record strongly matching a locked customer is refused)."""
    reference = second_john_smith(demo_uow_factory)
    with demo_uow_factory() as uow:
        customer = uow.customers.get_by_reference(normalise_reference(reference))
        assert customer is not None
        return customer.id


def _lock(agent: Desk, customer_id: int) -> None:
    """Three wrong dates of birth on a phone call: verification locked, an item raised."""
    call = agent.start(customer_id).interaction_id
    agent.fail(call, times=3)
    agent.end(call)


def _fraud_items(supervisor: Desk) -> list[QueueItem]:
    return [i for i in supervisor.items() if i.kind == QueueKind.POSSIBLE_FRAUD]


def _merge_into_john(supervisor: Desk, other: int) -> None:
    preview = merging.preview_merge(
        supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, other, COMPARING
    )
    merging.merge_records(
        supervisor.uow_factory(),
        supervisor.actor,
        JOHN_SMITH,
        other,
        {},
        MERGE_REASON,
        confirmed=preview.warnings,
    )


def _locks(uow_factory: UnitOfWorkFactory, customer_id: int) -> list[VerificationLock]:
    """Every lock on the customer, lifted or not, oldest first."""
    with uow_factory() as uow:
        session: Any = uow.session  # type: ignore[attr-defined]
        rows = list(
            session.scalars(
                select(VerificationLock)
                .where(VerificationLock.customer_id == customer_id)
                .order_by(VerificationLock.id)
            )
        )
        session.expunge_all()
        return rows


def _events(uow_factory: UnitOfWorkFactory, action: AuditAction) -> list[AuditEvent]:
    with uow_factory() as uow:
        return uow.audit.list_recent(action=action.value)


def test_merging_two_locked_records_leaves_one_lock_and_one_item_for_the_kept_record(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk, jon: int
) -> None:
    """Found trying the product: John Smith and his duplicate Jon were both locked after
    failed checks; merged, John's record carried two locks and the queue listed him twice,
    and the supervisor who lifted "the" lock found him still locked. The later lock stands
    now, the earlier is folded into it on the trail, and one lift unlocks him."""
    _lock(agent, JOHN_SMITH)
    _lock(agent, jon)
    john_lock, jon_lock = (_locks(demo_uow_factory, c)[0] for c in (JOHN_SMITH, jon))
    john_item, jon_item = (lock.queue_item_id for lock in (john_lock, jon_lock))

    _merge_into_john(supervisor, jon)

    # One lock stands: Jon's, the later; John's own is folded into it, not lifted.
    locks = {lock.id: lock for lock in _locks(demo_uow_factory, JOHN_SMITH)}
    standing = [lock for lock in locks.values() if lock.lifted_at is None]
    assert [lock.id for lock in standing] == [jon_lock.id]
    folded = locks[john_lock.id]
    assert folded.folded_into_id == jon_lock.id
    assert folded.lifted_by_id == supervisor.actor.operator_id
    # The queue shows John once: the kept lock's item, naming him.
    [item] = _fraud_items(supervisor)
    assert (item.id, item.customer_id, item.lock_active) == (jon_item, JOHN_SMITH, True)
    with demo_uow_factory() as uow:
        closed = uow.queue.get(john_item or 0)
        assert closed is not None and closed.status == "closed"
        john_ref = format_reference(uow.customers.get(JOHN_SMITH).reference)  # type: ignore[union-attr]
    assert closed.resolution is not None and "Folded into the lock" in closed.resolution
    # The fold is on the trail, on John's record: which lock went into which, at which merge.
    [event] = _events(demo_uow_factory, AuditAction.VERIFICATION_LOCK_FOLDED)
    assert event.customer_id == JOHN_SMITH and event.reason == MERGE_REASON
    assert event.details["lock"] == john_lock.id and event.details["kept_lock"] == jon_lock.id
    assert event.details["queue_item"] == john_item
    assert event.details["kept_queue_item"] == jon_item
    assert event.details["survivor"] == john_ref
    # No one looked at the failures in a fold: it is no lift.
    assert _events(demo_uow_factory, AuditAction.VERIFICATION_LOCK_LIFTED) == []
    # The item lists the failed checks that set its lock, filed under Jon's merged record.
    checks = queue.failed_checks(supervisor.uow_factory(), supervisor.actor, item.id)
    assert [check.check for check in checks] == ["Date of birth"] * 3

    # One lift, and John can be verified by phone again.
    supervisor.lift(item.id)
    assert _fraud_items(supervisor) == []
    call = agent.start(JOHN_SMITH).interaction_id
    assert not agent.state(call).locked
    # The folded item is gone from the queue; lifting it says where its lock went.
    with pytest.raises(ServiceError, match="folded into"):
        supervisor.lift(john_item or 0)


def test_the_lock_with_an_item_still_to_work_is_the_one_kept(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk, jon: int
) -> None:
    """Jon's lock is the later, but a supervisor has closed its item keeping the lock,
    while John's item has not been looked at: John's lock stands, with its item still to
    work, and the queue lists that one only, not Jon's kept one beside it."""
    _lock(agent, JOHN_SMITH)
    _lock(agent, jon)
    john_lock, jon_lock = (_locks(demo_uow_factory, c)[0] for c in (JOHN_SMITH, jon))
    queue.close_item(
        supervisor.uow_factory(), supervisor.actor, jon_lock.queue_item_id or 0, "Kept for fraud"
    )

    _merge_into_john(supervisor, jon)

    standing = [lock for lock in _locks(demo_uow_factory, JOHN_SMITH) if lock.lifted_at is None]
    assert [lock.id for lock in standing] == [john_lock.id]
    [item] = _fraud_items(supervisor)
    assert (item.id, item.status, item.lock_kept) == (john_lock.queue_item_id, "open", None)


def test_a_fold_spends_none_of_the_kept_records_failures(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk, jon: int
) -> None:
    """A lift spends the failures before it, since a supervisor looked at them; a fold is
    no lift. At a branch counter (not locked) John's panel still counts his three failed
    checks and says phone verification is locked."""
    _lock(agent, JOHN_SMITH)
    _lock(agent, jon)
    _merge_into_john(supervisor, jon)

    visit = agent.start(JOHN_SMITH, Channel.FACE_TO_FACE).interaction_id
    state = agent.state(visit)
    assert not state.locked and state.locked_on == (Channel.PHONE,)
    assert state.failed_recently == 3


def test_a_lock_on_the_merged_record_alone_moves_unchanged(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk, jon: int
) -> None:
    """As before: only Jon locked, his lock and its item move to John as they are, and
    nothing is folded."""
    _lock(agent, jon)
    [jon_lock] = _locks(demo_uow_factory, jon)

    _merge_into_john(supervisor, jon)

    [moved] = _locks(demo_uow_factory, JOHN_SMITH)
    assert (moved.id, moved.lifted_at, moved.folded_into_id) == (jon_lock.id, None, None)
    [item] = _fraud_items(supervisor)
    assert (item.id, item.customer_id, item.status) == (jon_lock.queue_item_id, JOHN_SMITH, "open")
    assert _events(demo_uow_factory, AuditAction.VERIFICATION_LOCK_FOLDED) == []
    # Found trying the product: the item said its failed checks were "no longer on the
    # audit trail"; they are, under the record they were made on, merged into John's.
    checks = queue.failed_checks(supervisor.uow_factory(), supervisor.actor, item.id)
    assert [(check.check, check.channel) for check in checks] == [
        ("Date of birth", "phone call")
    ] * 3
