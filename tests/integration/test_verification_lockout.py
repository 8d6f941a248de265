"""Repeated failed checks lock a customer's verification and raise a possible-fraud item.

Runs on SQLite and PostgreSQL. The lock counts failures on the customer (whichever desk,
call or caller failed) within the policy's window, holds on the lock channels only, and is
lifted from the supervisor queue with a reason, after which failures count afresh.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy import Engine, text

from custinfo_tui.domain.events import AuditAction, AuditEvent, AuditEventIn
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.verification import CallerKind, Channel, CheckKind, VerificationPolicy
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.errors import StorageError
from custinfo_tui.services import queue, verification
from custinfo_tui.services.errors import PermissionDenied, ServiceError, VerificationLocked
from custinfo_tui.services.records import reveal_fields
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.services.verification_lockout import POSSIBLE_FRAUD
from tests.support.actors import LIFT_REASON, Desk, desk_for

POLICY = VerificationPolicy()
LOCKED = POLICY.scripts.locked

JOHN_SMITH = 1  # DOB 1980-04-12, SE1 2QT
ZOE_TAYLOR = 2
JOHN_SMITH_ANSWERS = ("12/04/1980", "se12qt")  # date of birth, postcode


@pytest.fixture
def demo_engine(demo_database_url: str) -> Iterator[Engine]:
    """The same database as `demo_uow_factory`, for counting rows no service lists."""
    engine = build_engine(demo_database_url)
    yield engine
    engine.dispose()


def _events(uow_factory: UnitOfWorkFactory, interaction_id: int) -> list[AuditEvent]:
    with uow_factory() as uow:
        return uow.audit.for_interaction(interaction_id)


def _of(uow_factory: UnitOfWorkFactory, action: AuditAction) -> list[AuditEvent]:
    with uow_factory() as uow:
        return uow.audit.list_recent(action=action.value, limit=1_000)


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one())


def _active_locks(engine: Engine, customer_id: int) -> int:
    return _count(
        engine,
        "SELECT COUNT(*) FROM verification_locks "
        f"WHERE customer_id = {customer_id} AND lifted_at IS NULL",
    )


def _open_items(engine: Engine) -> int:
    return _count(engine, "SELECT COUNT(*) FROM queue_items WHERE status = 'open'")


def _lock(agent: Desk, customer_id: int = JOHN_SMITH) -> int:
    """Fail checks on a new phone call until verification locks; the call's id."""
    call = agent.start(customer_id).interaction_id
    assert agent.fail(call, POLICY.max_failures).locked
    return call


# --- Locking ------------------------------------------------------------------------------------


def test_three_failed_checks_lock_phone_verification_and_raise_a_fraud_item(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id

    first = agent.fail(call)
    assert (first.locked, first.say) == (False, POLICY.scripts.failed_check)
    assert (first.state.failures_left, first.state.checks[0].failures) == (2, 1)
    second = agent.fail(call)
    assert second.state.failures_left == 1
    # One more locks: not "tell me again", but another check, which can still verify them.
    assert (second.say, second.ask_instead) == (
        POLICY.scripts.failed_check_ask_another,
        CheckKind.POSTCODE,
    )
    third = agent.fail(call)

    assert (third.locked, third.say) == (True, LOCKED)
    state = third.state
    assert (state.locked, state.level_title, state.failures_left) == (True, "Locked", 0)
    assert state.script == LOCKED
    assert state.allowed == ("read:identity",)
    assert set(state.needs.values()) == {"verification locked"}

    [item] = supervisor.items()
    with demo_uow_factory() as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        reference = customer.reference
    assert (item.kind, item.kind_label, item.status) == (POSSIBLE_FRAUD, "Possible fraud", "open")
    assert (item.customer_reference, item.channel) == (format_reference(reference), "phone")
    assert (item.raised_by, item.lock_active) == ("agent", True)
    assert item.summary == (
        "3 failed verification checks within 24 hours (phone call). "
        "Verification by phone is locked until a supervisor lifts it."
    )

    events = _events(demo_uow_factory, call)
    failed = [e for e in events if e.action is AuditAction.CALLER_VERIFICATION_FAILED]
    assert len(failed) == 3
    assert {(e.fields, e.outcome) for e in failed} == {(("date_of_birth",), "failed")}
    assert {str(e.details) for e in failed} == {"{'caller': 'customer', 'check': 'date_of_birth'}"}
    assert events[-1].action is AuditAction.VERIFICATION_LOCKED
    assert (events[-1].outcome, events[-1].customer_id) == ("locked", JOHN_SMITH)
    assert events[-1].details == {"failures": 3, "queue_item": item.id, "channels": ["phone"]}
    for event in events:
        text = f"{event.fields} {event.details} {event.reason}".lower()
        assert "1980" not in text and "se1" not in text


def test_reading_the_queue_is_on_the_trail_with_the_kind_and_count_and_no_customer(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk
) -> None:
    """Which customers were locked for possible fraud is about them: who read it is kept."""
    _lock(agent)
    supervisor.items()
    queue.open_items(supervisor.uow_factory(), supervisor.actor, QueueKind.DISCREPANCY)

    viewed = _of(demo_uow_factory, AuditAction.QUEUE_VIEWED)
    assert [(e.operator_id, e.customer_id, e.details) for e in viewed] == [
        (supervisor.actor.operator_id, None, {"kind": "discrepancy", "count": 0, "total": 0}),
        (supervisor.actor.operator_id, None, {"kind": "all", "count": 1, "total": 1}),
    ]


def test_a_locked_customer_is_refused_on_every_phone_call_but_not_face_to_face(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = _lock(agent)

    with pytest.raises(VerificationLocked) as refused:
        agent.check(call, CheckKind.POSTCODE, "se12qt")
    assert str(refused.value) == LOCKED
    with pytest.raises(VerificationLocked):
        reveal_fields(demo_uow_factory(), agent.actor, POLICY, call, ["phone"])
    # The check refused, then the reveal refused (a disclosure tried while locked).
    refusal, tried = _events(demo_uow_factory, call)[-2:]
    assert refusal.action is AuditAction.VERIFICATION_REFUSED
    assert (refusal.fields, refusal.outcome) == (("postcode",), "locked")
    assert tried.action is AuditAction.FIELD_DISCLOSURE_REFUSED
    assert (tried.fields, tried.outcome) == (("phone",), "refused")
    assert tried.details["needs"] == {"phone": "verification locked"}

    new_call = agent.start(JOHN_SMITH).interaction_id
    assert agent.state(new_call).locked
    with pytest.raises(VerificationLocked):
        agent.check(new_call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    assert _events(demo_uow_factory, new_call)[-1].action is AuditAction.VERIFICATION_REFUSED
    assert len(_of(demo_uow_factory, AuditAction.CALLER_VERIFICATION_FAILED)) == 3
    assert len(_of(demo_uow_factory, AuditAction.VERIFICATION_LOCKED)) == 1

    visit = agent.start(JOHN_SMITH, Channel.FACE_TO_FACE).interaction_id
    before = agent.state(visit)
    assert (before.locked, before.script, before.failures_left) == (False, None, 0)
    after = agent.verify(visit, *JOHN_SMITH_ANSWERS)
    assert (after.locked, after.level) == (False, "standard")
    assert "read:contact" in after.allowed

    other = agent.start(ZOE_TAYLOR).interaction_id
    assert (agent.state(other).locked, agent.state(other).failures_left) == (False, 3)


def test_failures_on_one_customer_add_up_across_calls_desks_callers_and_channels(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, supervisor: Desk
) -> None:
    trainer = desk_for(demo_uow_factory, "trainer")
    priya = next(
        r.id
        for r in verification.representatives(demo_uow_factory(), agent.actor, JOHN_SMITH)
        if r.name == "Priya Smith"
    )
    by_agent = agent.start(JOHN_SMITH).interaction_id
    agent.verify(by_agent, *JOHN_SMITH_ANSWERS)  # passes do not offset failures
    assert agent.check(by_agent, CheckKind.PHONE_DIGITS, "9999").state.failures_left == 2
    assert agent.check(by_agent, CheckKind.SECURITY_ANSWER, "Biscuit").state.level == "high"
    in_branch = trainer.start(JOHN_SMITH, Channel.FACE_TO_FACE).interaction_id
    verification.identify_caller(
        demo_uow_factory(), trainer.actor, POLICY, in_branch, CallerKind.REPRESENTATIVE, priya
    )
    assert not trainer.fail(in_branch).locked
    by_supervisor = supervisor.start(JOHN_SMITH).interaction_id
    assert supervisor.state(by_supervisor).failures_left == 1

    outcome = supervisor.check(by_supervisor, CheckKind.POSTCODE, "SW1A 1AA")

    assert outcome.locked and outcome.state.locked
    assert agent.state(by_agent).locked, "a lock withdraws what earlier passes allowed"
    assert agent.state(by_agent).allowed == ("read:identity",)
    [item] = supervisor.items()
    assert (item.raised_by, item.channel) == ("supervisor", "phone")
    [locked] = _of(demo_uow_factory, AuditAction.VERIFICATION_LOCKED)
    assert (locked.interaction_id, locked.operator_id) == (
        by_supervisor,
        supervisor.actor.operator_id,
    )

    # The supervisor weighing the item sees which checks failed, where, by whom and for whom.
    checks = queue.failed_checks(supervisor.uow_factory(), supervisor.actor, item.id)
    # A representative by name, and whether the caller went on to pass in that call.
    assert [(c.operator, c.channel, c.check, c.caller, c.reached_after) for c in checks] == [
        ("agent", "phone call", "Phone last digits", "the customer", "High"),
        ("trainer", "face to face", "Date of birth", "Priya Smith (partner, named contact)", None),
        ("supervisor", "phone call", "Postcode", "the customer", None),
    ]
    assert [c.at for c in checks] == sorted(c.at for c in checks)
    # Never the answers (the times left out: "9999" can be a time's microseconds).
    shown = str([c.model_dump(exclude={"at"}) for c in checks])
    assert "SW1A" not in shown and "9999" not in shown
    with pytest.raises(PermissionDenied):
        queue.failed_checks(agent.uow_factory(), agent.actor, item.id)


def test_a_stricter_policy_locks_sooner(demo_uow_factory: UnitOfWorkFactory) -> None:
    policy = VerificationPolicy(max_failures=1, lock_channels=(Channel.PHONE, Channel.CHAT))
    desk = desk_for(demo_uow_factory, "agent", policy)
    chat = desk.start(JOHN_SMITH, Channel.CHAT).interaction_id

    assert desk.fail(chat).locked
    assert desk.state(chat).locked and desk.state(desk.start(JOHN_SMITH).interaction_id).locked
    assert not desk.state(desk.start(JOHN_SMITH, Channel.EMAIL).interaction_id).locked
    [locked] = _of(demo_uow_factory, AuditAction.VERIFICATION_LOCKED)
    assert locked.details["channels"] == ["phone", "chat"]


# --- The window ---------------------------------------------------------------------------------


def _old_failures(
    uow_factory: UnitOfWorkFactory, actor: Actor, interaction_id: int, count: int, age: timedelta
) -> None:
    """Failed checks as if made `age` ago (the repository's `at` stamps the time)."""
    with uow_factory() as uow:
        for _ in range(count):
            uow.audit.append(
                AuditEventIn(
                    action=AuditAction.CALLER_VERIFICATION_FAILED,
                    operator_id=actor.operator_id,
                    console_session=actor.console_session,
                    customer_id=JOHN_SMITH,
                    interaction_id=interaction_id,
                    fields=("date_of_birth",),
                    outcome="failed",
                    details={"caller": "customer", "check": "date_of_birth"},
                ),
                at=datetime.now(UTC) - age,
            )
        uow.commit()


@pytest.mark.parametrize(
    ("window_hours", "age", "counted"),
    [
        (24.0, timedelta(hours=25), False),
        (24.0, timedelta(hours=23), True),
        (0.5, timedelta(hours=1), False),
        (0.5, timedelta(minutes=20), True),
    ],
)
def test_only_failures_within_the_window_count(
    demo_uow_factory: UnitOfWorkFactory, window_hours: float, age: timedelta, counted: bool
) -> None:
    policy = VerificationPolicy(failure_window_hours=window_hours)
    desk = desk_for(demo_uow_factory, "agent", policy)
    earlier = desk.start(JOHN_SMITH).interaction_id
    _old_failures(demo_uow_factory, desk.actor, earlier, 2, age)

    call = desk.start(JOHN_SMITH).interaction_id
    assert desk.state(call).failures_left == (1 if counted else 3)
    outcome = desk.fail(call)

    assert outcome.locked is counted
    assert outcome.state.failures_left == (0 if counted else 2)
    assert len(_of(demo_uow_factory, AuditAction.VERIFICATION_LOCKED)) == int(counted)


# --- The supervisor queue -----------------------------------------------------------------------


def test_a_supervisor_lifts_the_lock_with_a_reason_and_failures_count_afresh(
    demo_uow_factory: UnitOfWorkFactory, demo_engine: Engine, agent: Desk, supervisor: Desk
) -> None:
    locked_call = _lock(agent)
    waiting = agent.start(JOHN_SMITH).interaction_id
    assert agent.state(waiting).locked
    [item] = supervisor.items()

    supervisor.lift(item.id, "  Photo ID checked\tin branch ")

    assert supervisor.items() == []
    assert _active_locks(demo_engine, JOHN_SMITH) == 0
    with demo_uow_factory() as uow:
        row = uow.queue.get(item.id)
        assert row is not None
        assert (row.status, row.closed_by_id) == ("closed", supervisor.actor.operator_id)
        assert row.resolution == f"Lock lifted: {LIFT_REASON}"
        lifted = uow.queue.last_lift(JOHN_SMITH)
    assert lifted is not None
    [event] = _of(demo_uow_factory, AuditAction.VERIFICATION_LOCK_LIFTED)
    assert (event.operator_id, event.customer_id) == (supervisor.actor.operator_id, JOHN_SMITH)
    assert (event.interaction_id, event.reason) == (locked_call, LIFT_REASON)
    assert event.details == {"queue_item": item.id}

    state = agent.state(waiting)
    assert (state.locked, state.failures_left, state.script) == (False, 3, None)
    assert agent.fail(waiting).state.failures_left == 2, "failures before the lift are spent"
    assert agent.verify(waiting, *JOHN_SMITH_ANSWERS).level == "standard"
    with pytest.raises(ServiceError, match="already been lifted"):
        supervisor.lift(item.id)

    # Failures since the lift lock again (one above, two here) and raise a new item.
    relocked = agent.start(JOHN_SMITH).interaction_id
    assert agent.fail(relocked).state.failures_left == 1
    assert agent.fail(relocked).locked
    [new_item] = supervisor.items()
    assert new_item.id != item.id and new_item.lock_active
    assert _active_locks(demo_engine, JOHN_SMITH) == 1
    assert len(_of(demo_uow_factory, AuditAction.VERIFICATION_LOCKED)) == 2


def test_lifting_needs_a_reason_and_the_supervisor_role(
    demo_uow_factory: UnitOfWorkFactory, demo_engine: Engine, agent: Desk, supervisor: Desk
) -> None:
    call = _lock(agent)
    [item] = supervisor.items()

    with pytest.raises(PermissionDenied):
        agent.items()
    with pytest.raises(PermissionDenied):
        agent.lift(item.id)
    for blank in ("", "   ", "\t\x07", "ok", " x  "):  # a word too short says nothing
        with pytest.raises(ServiceError, match="reason"):
            supervisor.lift(item.id, blank)
    dpo = desk_for(demo_uow_factory, "dpo")
    with pytest.raises(PermissionDenied):
        dpo.items()

    assert agent.state(call).locked
    assert _active_locks(demo_engine, JOHN_SMITH) == 1
    assert [i.id for i in supervisor.items()] == [item.id]
    assert _of(demo_uow_factory, AuditAction.VERIFICATION_LOCK_LIFTED) == []


def test_closing_an_item_without_lifting_keeps_the_lock(
    demo_uow_factory: UnitOfWorkFactory, demo_engine: Engine, agent: Desk, supervisor: Desk
) -> None:
    call = _lock(agent)
    [item] = supervisor.items()
    with pytest.raises(ServiceError, match="resolved"):
        queue.close_item(demo_uow_factory(), supervisor.actor, item.id, "  ")
    with pytest.raises(PermissionDenied):
        queue.close_item(demo_uow_factory(), agent.actor, item.id, "Fraud confirmed")

    with pytest.raises(ServiceError, match="resolved"):
        queue.close_item(demo_uow_factory(), supervisor.actor, item.id, "x")
    queue.close_item(demo_uow_factory(), supervisor.actor, item.id, "Fraud confirmed")

    # Found by a tester: the item went, and nothing could ever lift the lock. It stays on
    # the queue, closed, saying so, until the lock is lifted from it.
    [kept] = supervisor.items()
    assert (kept.id, kept.status, kept.lock_active) == (item.id, "closed", True)
    assert kept.lock_kept is not None
    assert kept.lock_kept.endswith("by supervisor, the lock kept: Fraud confirmed")
    assert agent.state(call).locked and agent.state(agent.start(JOHN_SMITH).interaction_id).locked
    assert _active_locks(demo_engine, JOHN_SMITH) == 1
    [closed] = _of(demo_uow_factory, AuditAction.QUEUE_ITEM_CLOSED)
    assert (closed.reason, closed.interaction_id) == ("Fraud confirmed", call)
    assert closed.details == {"queue_item": item.id, "kind": POSSIBLE_FRAUD}
    with pytest.raises(ServiceError, match="already been closed"):
        queue.close_item(demo_uow_factory(), supervisor.actor, item.id, "Fraud confirmed")

    supervisor.lift(item.id, "Customer's photo ID seen in branch a week later")
    assert supervisor.items() == []
    assert not agent.state(agent.start(JOHN_SMITH).interaction_id).locked
    [lifted] = _of(demo_uow_factory, AuditAction.VERIFICATION_LOCK_LIFTED)
    assert lifted.details == {"queue_item": item.id, "kept_since": True}
    with pytest.raises(ServiceError, match="already been lifted"):
        supervisor.lift(item.id)


def test_a_failure_in_branch_does_not_tell_the_handler_to_send_the_customer_to_a_branch(
    agent: Desk,
) -> None:
    _lock(agent)
    visit = agent.start(JOHN_SMITH, Channel.FACE_TO_FACE).interaction_id

    outcome = agent.fail(visit)

    assert not outcome.state.locked
    assert (outcome.locked, outcome.say) == (False, POLICY.scripts.failed_check)


# --- Desks failing at once ----------------------------------------------------------------------

T = TypeVar("T")


def _retrying(action: Callable[[], T], attempts: int = 5) -> T:
    """SQLite may give up waiting for its one write lock under contention: try again."""
    for attempt in range(attempts):
        try:
            return action()
        except StorageError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def test_desks_failing_checks_at_once_raise_exactly_one_lock(
    demo_uow_factory: UnitOfWorkFactory,
    demo_engine: Engine,
    supervisor: Desk,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The customer's row lock makes each check see the failures and lock before it.

    Without it a desk that read "not locked" just before another desk locked would record
    a fourth failure. Comparing is slowed a little to widen that window, so a missing
    lock shows up on every run rather than now and then.
    """
    compare = verification._compare

    def slow_compare(*args: Any) -> bool:
        time.sleep(0.02)
        return compare(*args)

    monkeypatch.setattr(verification, "_compare", slow_compare)
    desks = [desk_for(demo_uow_factory, name) for name in ("agent", "trainer", "supervisor")]
    per_desk = 2

    for round_ in range(1, 4):
        calls = [desk.start(JOHN_SMITH).interaction_id for desk in desks]
        start = threading.Barrier(len(desks))

        def desk_fails(n: int, calls: list[int] = calls, start: threading.Barrier = start) -> int:
            """Fail `per_desk` checks as fast as possible; how many were refused as locked."""
            start.wait()
            refused = 0
            for _ in range(per_desk):
                try:
                    _retrying(lambda: desks[n].fail(calls[n]))
                except VerificationLocked:
                    refused += 1
            return refused

        with ThreadPoolExecutor(len(desks)) as pool:
            refused = sum(pool.map(desk_fails, range(len(desks))))

        failures = [
            e
            for e in _of(demo_uow_factory, AuditAction.CALLER_VERIFICATION_FAILED)
            if e.interaction_id in calls
        ]
        assert (len(failures), refused) == (3, len(desks) * per_desk - 3), round_
        assert _active_locks(demo_engine, JOHN_SMITH) == 1, round_
        assert _open_items(demo_engine) == 1, round_
        assert len(_of(demo_uow_factory, AuditAction.VERIFICATION_LOCKED)) == round_
        [item] = supervisor.items()
        supervisor.lift(item.id)


def test_after_an_item_is_closed_keeping_the_lock_new_failures_raise_a_new_item(
    agent: Desk, supervisor: Desk
) -> None:
    _lock(agent)
    (item,) = supervisor.items()
    queue.close_item(supervisor.uow_factory(), supervisor.actor, item.id, "Fraud confirmed")
    assert [kept.lock_kept is not None for kept in supervisor.items()] == [True]

    visit = agent.start(JOHN_SMITH, Channel.FACE_TO_FACE).interaction_id
    outcome = agent.fail(visit)
    assert not outcome.locked, "the lock already exists; none is added"

    (new_item,) = supervisor.items()  # the lock is the new item's to lift now
    assert new_item.lock_active and new_item.id != item.id and new_item.lock_kept is None
    supervisor.lift(new_item.id)
    assert not agent.state(agent.start(JOHN_SMITH).interaction_id).locked
    assert supervisor.items() == []
