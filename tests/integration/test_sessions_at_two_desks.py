"""One operator logged in at two desks: a session ending ends its own calls, never the
other desk's, nor those of a console that died (docs/crash-safety.md, docs/access-control.md).

Found by a crash explorer: the agent logged out at desk B, and their call with John Smith
at desk A, verified and half-way through an e-mail change, was ended under desk B's session;
A's confirmed change was then refused ("This call has ended: the changes were not saved.").
On every backend; the console's side is in tests/e2e/test_sessions_at_two_desks.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from custinfo_tui.domain.capture import CapturePolicy, FieldEdit, ReadBackConfirmation
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Channel, CheckKind, VerificationPolicy
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.operators import disable_operator
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

JOHN_SMITH = 1  # born 12/04/1980, postcode SE1 2QT, security answer Biscuit
ZOE_TAYLOR = 2
NEW_EMAIL = "john.smith.new@example.com"


@pytest.fixture
def console(demo_uow_factory: UnitOfWorkFactory) -> ConsoleServices:
    return ConsoleServices(
        demo_uow_factory, VerificationPolicy(), CapturePolicy(), ComplaintPolicy()
    )


def _verified_call(console: ConsoleServices, desk: Actor) -> tuple[int, int]:
    """A call with John Smith at `desk`, verified to High (an e-mail may be changed): its
    id and his record's version."""
    record, state = console.start_call(desk, JOHN_SMITH, Channel.PHONE)
    call = state.interaction_id
    assert console.check_answer(desk, call, CheckKind.DATE_OF_BIRTH, "12/04/1980").passed
    assert console.check_answer(desk, call, CheckKind.POSTCODE, "SE1 2QT").passed
    assert console.check_answer(desk, call, CheckKind.SECURITY_ANSWER, "Biscuit").passed
    return call, record.version


def _ended(uow_factory: UnitOfWorkFactory, call: int) -> list[AuditEvent]:
    with uow_factory() as uow:
        events = uow.audit.for_interaction(call)
    return [e for e in events if e.action is AuditAction.INTERACTION_ENDED]


def _still_open(uow_factory: UnitOfWorkFactory, call: int) -> bool:
    with uow_factory() as uow:
        row = uow.interactions.get(call)
        assert row is not None
        return row.ended_at is None


ENDINGS: dict[str, Callable[[ConsoleServices, Actor], object]] = {
    "logging out": lambda console, desk: console.log_out(desk),
    "ending the session at the idle lock": lambda console, desk: console.end_session_at_lock(
        desk, "Another operator needs the desk"
    ),
    # A session the services found standing after all is simply logged out.
    "ending a session that stands": lambda console, desk: console.end_revoked_session(desk),
}


@pytest.mark.parametrize("ending", ENDINGS, ids=list(ENDINGS))
def test_a_session_ending_at_one_desk_leaves_the_call_at_the_other_going_on(
    demo_uow_factory: UnitOfWorkFactory, console: ConsoleServices, ending: str
) -> None:
    desk_a = actor_for(demo_uow_factory, "agent")
    desk_b = actor_for(demo_uow_factory, "agent")  # the same agent, logged in again
    call_a, version = _verified_call(console, desk_a)
    _, at_b = console.start_call(desk_b, ZOE_TAYLOR, Channel.PHONE)

    ENDINGS[ending](console, desk_b)

    # Desk B's own call ended with its session; desk A's goes on, and its change saves.
    [ended_b] = _ended(demo_uow_factory, at_b.interaction_id)
    assert ended_b.console_session == desk_b.console_session
    assert _ended(demo_uow_factory, call_a) == []
    assert console.verification_state(desk_a, call_a).level_title == "High"
    edit = {"email": FieldEdit(value=NEW_EMAIL, reason="Customer moved")}
    console.edit_customer(
        desk_a,
        JOHN_SMITH,
        version,
        edit,
        ReadBackConfirmation(confirmed=frozenset(edit)),
        interaction_id=call_a,
    )
    with demo_uow_factory() as uow:
        change = uow.customers.field_changes(JOHN_SMITH)[0]
        assert (change.field, change.new_value) == ("email", NEW_EMAIL)
        assert change.interaction_id == call_a


def test_a_call_whose_console_died_is_not_ended_by_a_later_log_out_elsewhere(
    demo_uow_factory: UnitOfWorkFactory, console: ConsoleServices
) -> None:
    """It waits never ended in the calls to finish, as documented: nothing tells a crashed
    console from a busy one, and its end is not stamped at some later log-out."""
    died = actor_for(demo_uow_factory, "agent")
    call, _ = _verified_call(console, died)  # the console is killed here
    later = actor_for(demo_uow_factory, "agent")

    console.log_out(later)

    assert _still_open(demo_uow_factory, call)
    to_finish = console.calls_to_finish(actor_for(demo_uow_factory, "agent"))
    assert [(c.interaction_id, c.still_open) for c in to_finish] == [(call, True)]


def test_a_revoked_session_ends_its_own_calls_and_each_other_desk_its_own(
    demo_uow_factory: UnitOfWorkFactory, console: ConsoleServices
) -> None:
    """Disabling the agent revokes both sessions; each ends its calls as it finds out, under
    its own session. Neither ends the other's: a session that logged in after the change
    (with the new password an administrator gave) is not revoked, and its calls go on."""
    desk_a = actor_for(demo_uow_factory, "agent")
    desk_b = actor_for(demo_uow_factory, "agent")
    call_a, _ = _verified_call(console, desk_a)
    _, at_b = console.start_call(desk_b, ZOE_TAYLOR, Channel.PHONE)
    disable_operator(demo_uow_factory(), actor_for(demo_uow_factory, "admin"), "agent")

    assert console.end_revoked_session(desk_b) is not None
    assert _still_open(demo_uow_factory, call_a)
    assert console.end_revoked_session(desk_a) is not None

    for desk, call in ((desk_a, call_a), (desk_b, at_b.interaction_id)):
        [ended] = _ended(demo_uow_factory, call)
        assert (ended.outcome, ended.console_session) == ("session_revoked", desk.console_session)
