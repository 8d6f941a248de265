"""Supervisors closing calls their handlers left without a wrap-up (MP-18), on SQLite,
SQLCipher and PostgreSQL.

A call is closed by ending it if it never ended and wrapping it up as
`closed_by_supervisor`, with the supervisor on both events and their reason on the
wrap-up's; it leaves the handler's calls to finish and the queue's count. Two desks
finishing one call take turns: the second is told, and nothing is written twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR, DESK_QUIET_MINUTES, WrapUpIn
from custinfo_tui.services import auth, call_notes, closing_calls, wrap_up
from custinfo_tui.services.errors import (
    CallEnded,
    CallFinished,
    DeskMayBeInUse,
    PermissionDenied,
    ServiceError,
)
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, desk_for

JOHN_SMITH = 1
ZOE_TAYLOR = 2
REASON = "Handler off sick; console closed mid-call"
#: Past the time a console's last action leaves its call perhaps still going on.
DESK_QUIET = timedelta(minutes=DESK_QUIET_MINUTES + 1)


@contextmanager
def desk_gone_quiet() -> Iterator[None]:
    """The clock moved on past the quiet time: the agent's console has gone quiet."""
    with time_machine.travel(datetime.now(UTC) + DESK_QUIET):
        yield


def _close(desk: Desk, interaction_id: int, *, confirmed: bool = False) -> None:
    closing_calls.close_call(
        desk.uow_factory(), desk.actor, interaction_id, REASON, desk_in_use_confirmed=confirmed
    )


def _wrap(desk: Desk, interaction_id: int) -> None:
    given = WrapUpIn(enquiry_type="Billing question", outcome="resolved", notes="Explained")
    wrap_up.wrap_up(desk.uow_factory(), desk.actor, CapturePolicy(), interaction_id, given)


def _row(uow_factory: UnitOfWorkFactory, interaction_id: int) -> SimpleNamespace:
    with uow_factory() as uow:
        row = uow.interactions.get(interaction_id)
        assert row is not None
        names = ("ended_at", "wrapped_up_at", "enquiry_type", "outcome", "notes")
        return SimpleNamespace(**{name: getattr(row, name) for name in names})


def _events(uow_factory: UnitOfWorkFactory, interaction_id: int) -> list[AuditEvent]:
    with uow_factory() as uow:
        return uow.audit.for_interaction(interaction_id)


def test_a_call_never_ended_is_ended_then_closed_with_the_supervisor_and_reason_on_the_trail(
    agent: Desk, supervisor: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    call = agent.start(JOHN_SMITH)
    call_notes.add_note(
        agent.uow_factory(), agent.actor, agent.policy, call.interaction_id, "Asked about a bill"
    )
    with desk_gone_quiet():
        _close(supervisor, call.interaction_id)

    stored = _row(demo_uow_factory, call.interaction_id)
    assert stored.ended_at is not None and stored.wrapped_up_at is not None
    assert stored.outcome == CLOSED_BY_SUPERVISOR and stored.enquiry_type is None
    assert stored.notes == "Asked about a bill"  # what the handler wrote stays theirs

    events = _events(demo_uow_factory, call.interaction_id)
    ended, wrapped = events[-2:]
    assert (ended.action, wrapped.action) == (
        AuditAction.INTERACTION_ENDED,
        AuditAction.INTERACTION_WRAPPED_UP,
    )
    assert {ended.operator_id, wrapped.operator_id} == {supervisor.actor.operator_id}
    assert ended.outcome == wrapped.outcome == CLOSED_BY_SUPERVISOR
    assert wrapped.reason == REASON and ended.reason is None
    handler = {"channel": "phone", "outcome": CLOSED_BY_SUPERVISOR}
    # Its console's last action in it (the note): when the call really stopped.
    noted = next(e for e in events if e.action is AuditAction.NOTE_ADDED)
    assert ended.details == {
        **handler,
        "handler": agent.actor.operator_id,
        "last_activity": noted.occurred_at.isoformat(),
    }
    assert wrapped.details == {
        **handler,
        "handler": agent.actor.operator_id,
        "later": False,
        "desk_in_use": False,
        "wrap_up_open": False,
        "handler_active": False,  # their console quiet this long: not at work now
    }
    assert "bill" not in " ".join(str(e.details) for e in events).lower()


def test_every_operators_calls_are_listed_and_a_closed_one_leaves_the_list_and_the_count(
    agent: Desk, supervisor: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    left = agent.start(JOHN_SMITH)
    ended = agent.start(ZOE_TAYLOR)
    agent.end(ended.interaction_id)  # "Later" on the wrap-up: ended, not wrapped up

    listed = closing_calls.unfinished_calls(supervisor.uow_factory(), supervisor.actor)
    mine = [c for c in listed if c.interaction_id in (left.interaction_id, ended.interaction_id)]
    assert [(c.operator, c.still_open, c.desk_in_use) for c in mine] == [
        ("agent", True, True),  # its console acted a moment ago: perhaps still going on
        ("agent", False, False),
    ]
    assert mine[0].customer_shown == "1001 2345 P" and mine[0].desk_active_at is not None
    assert "notes" not in type(mine[0]).model_fields  # the handler's notes are theirs

    def count() -> int:
        counts = wrap_up.open_wrap_ups(supervisor.uow_factory(), supervisor.actor)
        return next((c.count for c in counts if c.operator == "agent"), 0)

    before = count()
    _close(supervisor, ended.interaction_id)  # ended already: no desk to worry about
    assert count() == before - 1
    # As the agent's calls to finish list them at their next login (a new console session).
    again = desk_for(demo_uow_factory, "agent")
    to_finish = wrap_up.calls_to_finish(again.uow_factory(), again.actor)
    assert [c.interaction_id for c in to_finish] == [left.interaction_id]
    events = _events(demo_uow_factory, ended.interaction_id)
    assert [e.action for e in events].count(AuditAction.INTERACTION_ENDED) == 1
    assert events[-1].details["later"] is True


def test_reading_every_operators_calls_to_finish_is_on_the_trail_with_the_count(
    agent: Desk, supervisor: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Who called when, and about whom, is the customers' data: who read the list is kept."""
    agent.start(JOHN_SMITH)
    listed = closing_calls.unfinished_calls(supervisor.uow_factory(), supervisor.actor)

    with demo_uow_factory() as uow:
        [event] = uow.audit.list_recent(action=AuditAction.CALLS_TO_FINISH_LISTED.value)
    assert (event.operator_id, event.customer_id) == (supervisor.actor.operator_id, None)
    assert event.details == {"count": len(listed)} and len(listed) >= 1


def test_a_call_whose_console_acted_lately_is_closed_only_once_the_supervisor_was_told(
    agent: Desk, supervisor: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    call = agent.start(JOHN_SMITH)
    with pytest.raises(DeskMayBeInUse, match="agent's console recorded an action at"):
        _close(supervisor, call.interaction_id)
    assert _row(demo_uow_factory, call.interaction_id).ended_at is None

    _close(supervisor, call.interaction_id, confirmed=True)
    assert _events(demo_uow_factory, call.interaction_id)[-1].details["desk_in_use"] is True
    # The handler's console copes: its next step in the call says what happened.
    with pytest.raises(CallEnded, match="A supervisor closed this call"):
        call_notes.add_note(
            agent.uow_factory(), agent.actor, agent.policy, call.interaction_id, "x"
        )
    notice = wrap_up.finished_call_notice(agent.uow_factory(), agent.actor, call.interaction_id)
    assert notice == (
        f"A supervisor closed this call (their reason: {REASON}): it needs no wrap-up now."
    )


def test_a_console_that_logged_out_leaves_no_desk_in_use(
    agent: Desk, supervisor: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    call = agent.start(JOHN_SMITH)
    auth.log_out(demo_uow_factory(), agent.actor)  # ends the call; its console is gone
    [listed] = [
        c
        for c in closing_calls.unfinished_calls(supervisor.uow_factory(), supervisor.actor)
        if c.interaction_id == call.interaction_id
    ]
    assert not listed.still_open and listed.desk_active_at is None and not listed.desk_in_use


def test_the_second_to_finish_a_call_is_told_who_finished_it_and_nothing_is_written_twice(
    agent: Desk, supervisor: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    closed = agent.start(JOHN_SMITH)
    wrapped = agent.start(ZOE_TAYLOR)
    _wrap(agent, wrapped.interaction_id)
    with pytest.raises(CallFinished, match="agent has wrapped this call up already"):
        _close(supervisor, wrapped.interaction_id)

    with desk_gone_quiet():
        _close(supervisor, closed.interaction_id)
    with pytest.raises(CallFinished, match="A supervisor closed this call"):
        _wrap(agent, closed.interaction_id)
    with pytest.raises(CallFinished, match="A supervisor has closed this call already"):
        _close(supervisor, closed.interaction_id)
    assert _row(demo_uow_factory, closed.interaction_id).enquiry_type is None
    for call in (closed, wrapped):
        actions = [e.action for e in _events(demo_uow_factory, call.interaction_id)]
        assert actions.count(AuditAction.INTERACTION_WRAPPED_UP) == 1
        assert actions.count(AuditAction.INTERACTION_ENDED) == 1


@pytest.mark.parametrize("first", ["handler", "supervisor"])
def test_a_finish_in_flight_at_one_desk_makes_the_other_wait_then_refuse(
    first: str,
    agent: Desk,
    supervisor: Desk,
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    """One desk's save holds the call's row (here by hand, mid-transaction); the other's
    waits for it, then reads what it stored and refuses, rather than writing over it."""
    call = agent.start(JOHN_SMITH)
    second: Callable[[], None] = (
        (lambda: _close(supervisor, call.interaction_id))
        if first == "handler"
        else (lambda: _wrap(agent, call.interaction_id))
    )
    outcome: list[BaseException | None] = []

    def run_second() -> None:
        try:
            second()
            outcome.append(None)
        except BaseException as error:  # handed to the test's thread
            outcome.append(error)

    with demo_uow_factory() as uow:
        row = uow.interactions.get_for_update(call.interaction_id)
        assert row is not None and row.wrapped_up_at is None
        other = threading.Thread(target=run_second)
        other.start()
        time.sleep(0.5)
        assert other.is_alive(), "the second desk did not wait for the first"
        row.ended_at = row.wrapped_up_at = datetime.now(UTC)
        row.outcome = "resolved" if first == "handler" else CLOSED_BY_SUPERVISOR
        uow.commit()
    other.join(timeout=30)
    [error] = outcome
    assert isinstance(error, CallFinished)
    stored = _row(demo_uow_factory, call.interaction_id)
    assert stored.outcome == ("resolved" if first == "handler" else CLOSED_BY_SUPERVISOR)
    actions = [e.action for e in _events(demo_uow_factory, call.interaction_id)]
    assert AuditAction.INTERACTION_WRAPPED_UP not in actions


def test_only_a_supervisor_closes_a_call_and_only_with_a_reason(
    agent: Desk, supervisor: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    call = agent.start(JOHN_SMITH)
    with pytest.raises(PermissionDenied):
        closing_calls.unfinished_calls(agent.uow_factory(), agent.actor)
    with pytest.raises(PermissionDenied):
        _close(agent, call.interaction_id)
    with pytest.raises(ServiceError, match="Give the reason"):
        closing_calls.close_call(
            supervisor.uow_factory(), supervisor.actor, call.interaction_id, "  ok \n"
        )
    assert _row(demo_uow_factory, call.interaction_id).ended_at is None
