"""Calls left unfinished by a console that stopped (MP-18), on SQLite, SQLCipher and
PostgreSQL: what the event stream says of them to their handler and to a supervisor, and
when a call ended.

Found by a crash explorer: a supervisor closed a call its handler was wrapping up at that
moment (the handler's notes were lost), told only "desk in use?" from the console the call
started on; a handler's calls to finish said nothing of what happened in each call; and a
call ended when its wrap-up was saved, minutes (or, after a crash, hours) after the caller
rang off.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from custinfo_tui.domain.capture import CapturePolicy, FieldEdit, ReadBackConfirmation
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.timeline import describe
from custinfo_tui.domain.verification import Channel, CheckKind, VerificationPolicy
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR, UnfinishedCall, WrapUpIn
from custinfo_tui.services import auth, closing_calls, lookup, wrap_up
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.services.errors import CallFinished, WrapUpMayBeOpen
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

JOHN_SMITH = 1  # born 12/04/1980, postcode SE1 2QT, security answer Biscuit
ZOE_TAYLOR = 2
POLICY = VerificationPolicy()
REASON = "Handler off sick; console closed mid-call"
AGENT_PASSWORD = next(op.password for op in DEMO_OPERATORS if op.username == "agent")
#: When the call in each test starts.
T0 = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)


@pytest.fixture
def console(demo_uow_factory: UnitOfWorkFactory) -> ConsoleServices:
    return ConsoleServices(demo_uow_factory, POLICY, CapturePolicy(), ComplaintPolicy())


def _at(minutes: float) -> time_machine.travel:
    """The clock at `minutes` after T0, standing still."""
    return time_machine.travel(T0 + timedelta(minutes=minutes), tick=False)


def _events(uow_factory: UnitOfWorkFactory, interaction_id: int) -> list[AuditEvent]:
    with uow_factory() as uow:
        return uow.audit.for_interaction(interaction_id)


def _ended_at(uow_factory: UnitOfWorkFactory, interaction_id: int) -> datetime | None:
    with uow_factory() as uow:
        row = uow.interactions.get(interaction_id)
        assert row is not None
        return row.ended_at


def _wrap(console: ConsoleServices, actor: Actor, interaction_id: int) -> None:
    given = WrapUpIn(enquiry_type="Billing question", outcome="resolved", notes="Explained")
    console.wrap_up(actor, interaction_id, given)


def _log_in_again(uow_factory: UnitOfWorkFactory) -> Actor:
    """The agent logs in at another console (a new console session)."""
    actor = auth.authenticate(uow_factory(), "agent", AGENT_PASSWORD).actor
    assert actor is not None
    return actor


def _listed(console: ConsoleServices, supervisor: Actor, interaction_id: int) -> UnfinishedCall:
    """The call as the supervisor's list of every operator's calls to finish has it."""
    calls = console.unfinished_calls(supervisor)
    return next(c for c in calls if c.interaction_id == interaction_id)


def test_a_call_ends_when_its_wrap_up_opened_not_when_it_is_saved(
    console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    with _at(0):
        wrapped = console.start_call(agent, JOHN_SMITH, Channel.PHONE)[1].interaction_id
    with _at(2):  # "End the call and wrap it up"
        assert console.open_wrap_up(agent, wrapped).still_open
    with _at(5):  # three minutes typing the wrap-up
        _wrap(console, agent, wrapped)

    events = _events(demo_uow_factory, wrapped)
    opened = next(e for e in events if e.action is AuditAction.WRAP_UP_OPENED)
    ended = next(e for e in events if e.action is AuditAction.INTERACTION_ENDED)
    assert (opened.customer_id, opened.details) == (None, {"channel": "phone", "in_call": True})
    assert _ended_at(demo_uow_factory, wrapped) == ended.occurred_at == T0 + timedelta(minutes=2)
    assert "last_activity" not in ended.details  # ended at its own console
    done = next(e for e in events if e.action is AuditAction.INTERACTION_WRAPPED_UP)
    assert done.occurred_at == T0 + timedelta(minutes=5)

    # Left for later from the wrap-up: ended when it opened too, not when Later was pressed.
    with _at(10):
        later = console.start_call(agent, ZOE_TAYLOR, Channel.PHONE)[1].interaction_id
    with _at(11):
        console.open_wrap_up(agent, later)
    with _at(14):
        console.end_call(agent, later)
    assert _ended_at(demo_uow_factory, later) == T0 + timedelta(minutes=11)


def test_a_call_its_console_never_ended_says_its_last_activity_when_wrapped_up_later(
    console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Stored as ended when it was wrapped up (nothing knows when the caller rang off), its
    `interaction.ended` says when its console last did anything in it."""
    agent = actor_for(demo_uow_factory, "agent")
    with _at(0):
        call = console.start_call(agent, JOHN_SMITH, Channel.PHONE)[1].interaction_id
    with _at(3):
        console.add_note(agent, call, "Asked about a bill")  # then the console is killed
    with _at(60):
        again = _log_in_again(demo_uow_factory)
        opened = console.open_wrap_up(again, call)
        assert opened.so_far is not None
        assert opened.so_far.last_activity == T0 + timedelta(minutes=3)
    with _at(62):
        _wrap(console, again, call)

    events = _events(demo_uow_factory, call)
    opening = next(e for e in events if e.action is AuditAction.WRAP_UP_OPENED)
    assert opening.details == {"channel": "phone", "in_call": False}
    ended = next(e for e in events if e.action is AuditAction.INTERACTION_ENDED)
    assert _ended_at(demo_uow_factory, call) == ended.occurred_at == T0 + timedelta(minutes=62)
    assert ended.details["last_activity"] == (T0 + timedelta(minutes=3)).isoformat()
    words = describe(ended.action, ended.fields, ended.details, ended.outcome)
    assert words == "Phone call never ended (last activity 16:03): Billing question, resolved"


def test_calls_to_finish_say_how_far_the_caller_was_verified_and_what_was_saved(
    console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    with _at(0):
        record, state = console.start_call(agent, JOHN_SMITH, Channel.PHONE)
        changed = state.interaction_id
        for kind, answer in (
            (CheckKind.DATE_OF_BIRTH, "12/04/1980"),
            (CheckKind.POSTCODE, "SE1 2QT"),
            (CheckKind.SECURITY_ANSWER, "Biscuit"),
        ):
            assert console.check_answer(agent, changed, kind, answer).passed
    with _at(2):
        edit = {"email": FieldEdit(value="john.new@example.com", reason="New contact details")}
        confirmed = ReadBackConfirmation(confirmed=frozenset(edit))
        console.edit_customer(
            agent, JOHN_SMITH, record.version, edit, confirmed, interaction_id=changed
        )
    with _at(4):
        failed = console.start_call(agent, ZOE_TAYLOR, Channel.PHONE)[1].interaction_id
        console.check_answer(agent, failed, CheckKind.DATE_OF_BIRTH, "01/01/1970")

    with _at(30):
        again = _log_in_again(demo_uow_factory)
        to_finish = {c.interaction_id: c for c in console.calls_to_finish(again)}
    saved, not_verified = to_finish[changed].so_far, to_finish[failed].so_far
    assert saved is not None and not_verified is not None
    assert saved.in_words() == "Caller verified to High; changed: E-mail."
    assert saved.last_activity == T0 + timedelta(minutes=2)
    assert not_verified.in_words() == "Caller not verified (1 failed check); no change saved."
    # The wrap-up may start from the change saved, where the policy has a type for it.
    enquiry_types = CapturePolicy().enquiry_types
    assert saved.enquiry_suggested(enquiry_types) == "Change of details"
    assert not_verified.enquiry_suggested(enquiry_types) is None
    assert saved.enquiry_suggested(("Billing question", "Other")) is None


def test_the_handler_back_at_another_console_is_no_desk_in_use(
    console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Every crashed call read "desk in use?" for 15 minutes after its console's last
    action, though its handler had logged in again elsewhere."""
    supervisor = actor_for(demo_uow_factory, "supervisor")
    agent = actor_for(demo_uow_factory, "agent")
    with _at(0):
        call = console.start_call(agent, JOHN_SMITH, Channel.PHONE)[1].interaction_id
        assert _listed(console, supervisor, call).desk_in_use  # its console acted a moment ago
    with _at(2):
        _log_in_again(demo_uow_factory)
        listed = _listed(console, supervisor, call)
    assert listed.handler_back_at == T0 + timedelta(minutes=2)
    assert not listed.desk_in_use and not listed.wrap_up_open
    assert listed.desk_active_at == T0  # what its console last did is still said


def test_a_supervisor_is_told_the_handler_has_the_wrap_up_open_before_closing_it(
    console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    supervisor = actor_for(demo_uow_factory, "supervisor")
    agent = actor_for(demo_uow_factory, "agent")
    with _at(0):
        call = console.start_call(agent, JOHN_SMITH, Channel.PHONE)[1].interaction_id
    with _at(40):  # the console was killed; the handler is back, and opens its wrap-up
        again = _log_in_again(demo_uow_factory)
    with _at(41):
        console.open_wrap_up(again, call)
    with _at(45):
        listed = _listed(console, supervisor, call)
        assert listed.wrap_up_opened_at == T0 + timedelta(minutes=41)
        assert listed.handler_back_at == T0 + timedelta(minutes=40)
        with pytest.raises(WrapUpMayBeOpen, match="agent opened this call's wrap-up at 16:41"):
            console.close_call(supervisor, call, REASON, desk_in_use_confirmed=False)
    assert _ended_at(demo_uow_factory, call) is None  # nothing closed

    # A console that went on to other work has left the wrap-up.
    with _at(46):
        lookup.lookup(demo_uow_factory(), again, "zoe taylor")
        assert not _listed(console, supervisor, call).wrap_up_open

    with _at(50):  # opened again, and closed all the same, as the supervisor was told
        console.open_wrap_up(again, call)
        assert _listed(console, supervisor, call).wrap_up_open
        console.close_call(
            supervisor, call, REASON, desk_in_use_confirmed=False, wrap_up_open_confirmed=True
        )
    wrapped = _events(demo_uow_factory, call)[-1]
    assert wrapped.action is AuditAction.INTERACTION_WRAPPED_UP
    assert wrapped.details["wrap_up_open"] is True and wrapped.outcome == CLOSED_BY_SUPERVISOR
    with _at(51), pytest.raises(CallFinished, match="A supervisor closed this call"):
        _wrap(console, again, call)


def test_a_wrap_up_open_in_the_call_is_said_as_well_as_the_desk_in_use(
    console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    supervisor = actor_for(demo_uow_factory, "supervisor")
    agent = actor_for(demo_uow_factory, "agent")
    with _at(0):
        call = console.start_call(agent, JOHN_SMITH, Channel.PHONE)[1].interaction_id
    with _at(1):
        console.open_wrap_up(agent, call)
    with _at(3):
        listed = _listed(console, supervisor, call)
        assert listed.desk_in_use and listed.wrap_up_open
        with pytest.raises(WrapUpMayBeOpen):
            closing_calls.close_call(
                demo_uow_factory(), supervisor, call, REASON, desk_in_use_confirmed=True
            )
        # The screen lock is no sign the wrap-up was left: it is under the lock still.
        console.record_lock(agent, idle_seconds=300)
        assert _listed(console, supervisor, call).wrap_up_open
    # Saved, it is no longer the supervisor's to close.
    with _at(4):
        _wrap(console, agent, call)
    supervisor_calls = console.unfinished_calls(supervisor)
    assert call not in [c.interaction_id for c in supervisor_calls]
    assert wrap_up.calls_to_finish(demo_uow_factory(), agent) == []


def test_a_wrap_up_left_for_later_is_open_no_more_in_the_call_or_from_the_list(
    console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Found in a review: Later left the call reading "wrapping up?" to a supervisor
    until the handler's console did something else."""
    supervisor = actor_for(demo_uow_factory, "supervisor")
    agent = actor_for(demo_uow_factory, "agent")
    with _at(0):
        call = console.start_call(agent, JOHN_SMITH, Channel.PHONE)[1].interaction_id
    with _at(1):
        console.open_wrap_up(agent, call)
    with _at(2):  # Later on the call's own wrap-up ends the call
        console.end_call(agent, call)
    with _at(3):
        listed = _listed(console, supervisor, call)
        # As the call's end is: when its wrap-up opened (services/call_ends.py).
        assert not listed.wrap_up_open and listed.wrap_up_left_at == T0 + timedelta(minutes=1)
    with _at(4):  # from the calls to finish, then Later again
        console.open_call_to_finish(agent, call)
        assert _listed(console, supervisor, call).wrap_up_open
    with _at(5):
        console.leave_wrap_up(agent, call)
        listed = _listed(console, supervisor, call)
        assert not listed.wrap_up_open and listed.wrap_up_left_at == T0 + timedelta(minutes=5)
        closing_calls.close_call(demo_uow_factory(), supervisor, call, REASON)  # not refused
    with _at(6):  # once wrapped up, leaving it records nothing more
        console.leave_wrap_up(agent, call)
    left = [e for e in _events(demo_uow_factory, call) if e.action is AuditAction.WRAP_UP_LEFT]
    assert len(left) == 1 and left[0].customer_id is None


def test_a_wrap_up_opened_and_never_saved_is_said_lost_once_no_console_is_on_it(
    console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Found by a crash tour: a console killed with its wrap-up typed left the call "never
    ended" in the calls to finish, and its wrap-up opened empty, with no word that the
    notes typed were never kept. Said once the handler has logged in again (that console
    is no longer theirs); never while a console of theirs may still be on it, nor for a
    wrap-up left for later or saved."""
    first = actor_for(demo_uow_factory, "agent")  # logged in at another desk before
    with _at(0):
        desk = _log_in_again(demo_uow_factory)
        lost = console.start_call(desk, JOHN_SMITH, Channel.PHONE)[1].interaction_id
        left = console.start_call(desk, ZOE_TAYLOR, Channel.PHONE)[1].interaction_id
    with _at(1):
        console.open_wrap_up(desk, lost)  # "End the call and wrap it up", typing begins
    with _at(2):
        # At the other desk, logged in before: the wrap-up may be being typed now.
        listed = {c.interaction_id: c.so_far for c in console.calls_to_finish(first)}
        assert listed[lost] is not None and listed[lost].wrap_up_unsaved_at is None
    with _at(3):  # that desk's console is killed; the agent logs in again
        again = _log_in_again(demo_uow_factory)
        console.open_wrap_up(again, left)
        console.leave_wrap_up(again, left)  # Later: left for later, not lost
        listed = {c.interaction_id: c.so_far for c in console.calls_to_finish(again)}
    assert listed[lost] is not None and listed[left] is not None
    assert listed[lost].wrap_up_unsaved_at == T0 + timedelta(minutes=1)
    assert listed[left].wrap_up_unsaved_at is None
