"""A call is wrapped up once, where it is open (MP-18), on SQLite, SQLCipher and PostgreSQL.

Found by a new handler: their calls to finish listed their own live call, and wrapping it
up from there ended it under the record still showing it live, which then said it was
wrapped up "at another desk"; opened from the list over its own wrap-up, a second, empty
wrap-up was saved and the notes typed in the first were lost. The calls to finish now
leave out a call open at their console, and refuse it, and one open at another console of
the handler's (services/calls_open.py); the console's side is in
tests/e2e/test_calls_open_at_this_desk.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Channel, VerificationPolicy
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.services import auth
from custinfo_tui.services.calls_open import OPEN_HERE
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.services.errors import CallFinished, CallStillOpen
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

JOHN_SMITH = 1
AGENT_PASSWORD = next(op.password for op in DEMO_OPERATORS if op.username == "agent")
#: When the call in each test starts.
T0 = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)


@pytest.fixture
def console(demo_uow_factory: UnitOfWorkFactory) -> ConsoleServices:
    return ConsoleServices(
        demo_uow_factory, VerificationPolicy(), CapturePolicy(), ComplaintPolicy()
    )


def _at(minutes: float) -> time_machine.travel:
    """The clock at `minutes` after T0, standing still."""
    return time_machine.travel(T0 + timedelta(minutes=minutes), tick=False)


def _log_in(uow_factory: UnitOfWorkFactory) -> Actor:
    """The agent logs in at a console (a new console session)."""
    actor = auth.authenticate(uow_factory(), "agent", AGENT_PASSWORD).actor
    assert actor is not None
    return actor


def _listed(console: ConsoleServices, desk: Actor) -> list[int]:
    return [call.interaction_id for call in console.calls_to_finish(desk)]


def _openings(uow_factory: UnitOfWorkFactory, call: int) -> list[bool]:
    """Each `interaction.wrap_up_opened` of the call, by its `in_call`."""
    with uow_factory() as uow:
        return [
            bool(event.details["in_call"])
            for event in uow.audit.for_interaction(call)
            if event.action is AuditAction.WRAP_UP_OPENED
        ]


def _wrap(console: ConsoleServices, desk: Actor, call: int) -> None:
    given = WrapUpIn(enquiry_type="Billing question", outcome="resolved", notes="Explained")
    console.wrap_up(desk, call, given)


def test_a_call_open_at_this_console_is_not_listed_nor_wrapped_up_from_the_list(
    console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    desk = _log_in(demo_uow_factory)
    call = console.start_call(desk, JOHN_SMITH, Channel.PHONE)[1].interaction_id

    # In the call, and with its wrap-up open over it (being typed, or being left).
    assert call not in _listed(console, desk)
    with pytest.raises(CallStillOpen) as refused:
        console.open_call_to_finish(desk, call)
    assert str(refused.value) == OPEN_HERE
    assert console.open_wrap_up(desk, call).still_open  # ending it at its console
    assert call not in _listed(console, desk)
    with pytest.raises(CallStillOpen):
        console.open_call_to_finish(desk, call)
    assert _openings(demo_uow_factory, call) == [True]  # the refusals recorded nothing

    # Left for later, it is a call to finish here like any other.
    console.end_call(desk, call)
    assert _listed(console, desk) == [call]
    assert console.open_call_to_finish(desk, call).interaction_id == call
    _wrap(console, desk, call)
    with pytest.raises(CallFinished, match=r"wrapped up already \(at this desk\)"):
        console.open_call_to_finish(desk, call)
    assert console.finished_call_notice(desk, call) == (
        "This call is wrapped up already (at this desk)."
    )


def test_a_call_open_at_the_handlers_other_console_is_refused_here_saying_where(
    console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """The same agent logged in at two desks: the call at the first is listed at the second
    (never ended) but wrapped up where it is, while the stream says it is going on there;
    once they log in again, that console is no longer theirs to be at."""
    with _at(-5):
        here = _log_in(demo_uow_factory)
        there = _log_in(demo_uow_factory)
    with _at(0):
        call = console.start_call(there, JOHN_SMITH, Channel.PHONE)[1].interaction_id
    with _at(2):
        assert _listed(console, here) == [call]
        with pytest.raises(CallStillOpen, match="may still be going on at your other console"):
            console.open_call_to_finish(here, call)
    with _at(3):  # ended there: its wrap-up open, which does not wear off with time
        console.open_wrap_up(there, call)
    with _at(30), pytest.raises(CallStillOpen) as refused:
        console.open_call_to_finish(here, call)
    assert str(refused.value) == (
        "This call's wrap-up is open at your other console (opened at 16:03) and may be "
        "being typed there: finish it there. If that console has stopped, log in again "
        "here to finish it."
    )
    assert _openings(demo_uow_factory, call) == [True]

    with _at(31):  # that console stopped: logged in again, the call is finished here
        again = _log_in(demo_uow_factory)
        assert console.open_call_to_finish(again, call).interaction_id == call
        _wrap(console, again, call)
    # At the first desk, the truth: it was wrapped up at another desk.
    with pytest.raises(CallFinished, match=r"wrapped up already \(at another desk\)"):
        console.open_wrap_up(there, call)


def test_a_call_whose_console_stopped_is_finished_at_once_after_logging_in_again(
    console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """A console killed mid-call: the handler logs in again and wraps it up straight away,
    as before; the refusals are for a console that may still be at work."""
    with _at(0):
        killed = _log_in(demo_uow_factory)
        call = console.start_call(killed, JOHN_SMITH, Channel.PHONE)[1].interaction_id
    with _at(1):
        again = _log_in(demo_uow_factory)
        assert _listed(console, again) == [call]
        assert console.open_call_to_finish(again, call).still_open
        _wrap(console, again, call)
    assert console.calls_to_finish(actor_for(demo_uow_factory, "agent")) == []
