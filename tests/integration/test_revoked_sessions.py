"""A session an administrator ends: disabling the operator, changing their role or resetting
their password refuses the session's next call, whichever service it is, and stores
nothing of it (docs/access-control.md, "Sessions an administrator ends").

On every backend; the console's own handling (back to the login, saying why) is in
tests/e2e/test_revoked_session.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from custinfo_tui.domain.capture import CapturePolicy, FieldEdit, ReadBackConfirmation
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.verification import Channel, CheckKind, VerificationPolicy
from custinfo_tui.services import lookup, records, verification
from custinfo_tui.services.auth import authenticate, log_out
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.services.errors import ServiceError, SessionRevoked
from custinfo_tui.services.operators import (
    change_role,
    disable_operator,
    enable_operator,
    reset_password,
)
from custinfo_tui.services.session_lock import unlock
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for
from tests.support.database import statements_sent

JOHN_SMITH = 1  # born 12/04/1980, postcode SE1 2QT
REASON = AccessReason(reason="Customer wrote in", detail="letter")
POLICY = VerificationPolicy()
DISABLED = (
    "An administrator has disabled your login; this session has ended. Ask them to enable it "
    "if you still need it."
)
SUPERVISOR_PASSWORD = next(op.password for op in DEMO_OPERATORS if op.username == "supervisor")


@pytest.fixture
def console(demo_uow_factory: UnitOfWorkFactory) -> ConsoleServices:
    return ConsoleServices(demo_uow_factory, POLICY, CapturePolicy(), ComplaintPolicy())


def _admin_does(uow_factory: UnitOfWorkFactory, change: Callable[..., Any], *args: Any) -> None:
    """An administrator at another desk (or the command line) changes an operator."""
    change(uow_factory(), actor_for(uow_factory, "admin"), *args)


def _newest_event(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return uow.audit.list_recent(limit=1)[0].id


def _john_smith(uow_factory: UnitOfWorkFactory) -> tuple[int, int]:
    """John Smith's record version and how many changes it has: read without a service,
    which would record that it was read."""
    with uow_factory() as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        return customer.version, len(uow.customers.field_changes(JOHN_SMITH))


def _save_email(console: ConsoleServices, actor: Actor, version: int, call: int) -> object:
    edit = {"email": FieldEdit(value="new.address@example.org", reason="Customer moved")}
    confirmed = ReadBackConfirmation(confirmed=frozenset(edit))
    return console.edit_customer(actor, JOHN_SMITH, version, edit, confirmed, interaction_id=call)


def test_a_disabled_operator_can_no_longer_search_open_check_or_save(
    demo_uow_factory: UnitOfWorkFactory, console: ConsoleServices
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    assert console.search_customers(agent, "smith").matches  # logged in and working
    record, state = console.start_call(agent, JOHN_SMITH, Channel.PHONE)
    call = state.interaction_id
    assert console.check_answer(agent, call, CheckKind.DATE_OF_BIRTH, "12/04/1980").passed
    before = (_newest_event(demo_uow_factory), _john_smith(demo_uow_factory))

    _admin_does(demo_uow_factory, disable_operator, "agent")
    after_disable = _newest_event(demo_uow_factory)

    attempts: list[Callable[[], object]] = [
        lambda: console.search_customers(agent, "smith"),
        lambda: console.open_record(agent, JOHN_SMITH, REASON),
        lambda: console.check_answer(agent, call, CheckKind.POSTCODE, "SE1 2QT"),
        lambda: _save_email(console, agent, record.version, call),
        lambda: console.verification_state(agent, call),  # a read that records nothing
        lambda: console.end_call(agent, call),
    ]
    for attempt in attempts:
        with pytest.raises(SessionRevoked, match=DISABLED) as refused:
            attempt()
        assert refused.value.reason == "disabled"
    # Nothing of any of them was stored: no event after the disable, the e-mail as it was.
    assert _newest_event(demo_uow_factory) == after_disable > before[0]
    assert _john_smith(demo_uow_factory) == before[1]


def test_services_refuse_a_revoked_actor_whoever_calls_them(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    """Not only the console's calls: any audited use case refuses an actor whose session an
    administrator ended (the check `audit.record` makes before appending)."""
    agent = actor_for(demo_uow_factory, "agent")
    state = verification.start_interaction(
        demo_uow_factory(), agent, POLICY, JOHN_SMITH, Channel.PHONE
    )
    version, changes = _john_smith(demo_uow_factory)
    _admin_does(demo_uow_factory, disable_operator, "agent")
    after_disable = _newest_event(demo_uow_factory)
    edit = {"email": FieldEdit(value="new.address@example.org", reason="Customer moved")}

    with pytest.raises(SessionRevoked, match=DISABLED):
        lookup.lookup(demo_uow_factory(), agent, "smith")
    with pytest.raises(SessionRevoked, match=DISABLED):
        records.open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    with pytest.raises(SessionRevoked, match=DISABLED):
        verification.check_answer(
            demo_uow_factory(), agent, POLICY, state.interaction_id, CheckKind.DATE_OF_BIRTH,
            "12/04/1980",
        )  # fmt: skip
    with pytest.raises(SessionRevoked, match=DISABLED):
        records.edit_customer(
            demo_uow_factory(), agent, CapturePolicy(), JOHN_SMITH, version, edit,
            ReadBackConfirmation(confirmed=frozenset(edit)), policy=POLICY,
        )  # fmt: skip

    assert _newest_event(demo_uow_factory) == after_disable
    assert _john_smith(demo_uow_factory) == (version, changes)


def test_a_changed_role_ends_the_session_and_the_new_role_applies_at_the_next_login(
    demo_uow_factory: UnitOfWorkFactory, console: ConsoleServices
) -> None:
    supervisor = actor_for(demo_uow_factory, "supervisor")
    assert console.queue_items(supervisor) is not None

    _admin_does(demo_uow_factory, change_role, "supervisor", Role.AGENT)

    with pytest.raises(SessionRevoked, match="changed your role to Call-handler") as refused:
        console.queue_items(supervisor)  # the old role's permission: gone with the session
    assert refused.value.reason == "role_changed"
    with pytest.raises(SessionRevoked):
        console.search_customers(supervisor, "smith")  # even what the new role may do
    again = authenticate(demo_uow_factory(), "supervisor", SUPERVISOR_PASSWORD)
    assert again.actor is not None and again.actor.role is Role.AGENT
    assert console.search_customers(again.actor, "smith").matches


def test_a_password_reset_ends_the_session_and_the_temporary_password_logs_in(
    demo_uow_factory: UnitOfWorkFactory, console: ConsoleServices
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    admin = actor_for(demo_uow_factory, "admin")
    issued = reset_password(demo_uow_factory(), admin, "agent")

    with pytest.raises(SessionRevoked, match="reset your password") as refused:
        console.search_customers(agent, "smith")
    assert refused.value.reason == "password_reset"
    with pytest.raises(SessionRevoked):  # nor can the idle lock be lifted with the old one
        unlock(demo_uow_factory(), agent, "agent-demo-2026")
    fresh = authenticate(demo_uow_factory(), "agent", issued.temporary_password)
    assert fresh.actor is not None and fresh.must_change_password


def test_enabling_the_operator_again_does_not_bring_the_old_session_back(
    demo_uow_factory: UnitOfWorkFactory, console: ConsoleServices
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    _admin_does(demo_uow_factory, disable_operator, "agent")
    _admin_does(demo_uow_factory, enable_operator, "agent")

    with pytest.raises(SessionRevoked, match="changed your account") as refused:
        console.search_customers(agent, "smith")
    assert refused.value.reason == "account_changed"


def test_other_operators_sessions_go_on(
    demo_uow_factory: UnitOfWorkFactory, console: ConsoleServices
) -> None:
    supervisor = actor_for(demo_uow_factory, "supervisor")
    _admin_does(demo_uow_factory, disable_operator, "agent")
    assert console.search_customers(supervisor, "smith").matches


def test_ending_a_revoked_session_ends_its_calls_and_records_why(
    demo_uow_factory: UnitOfWorkFactory, console: ConsoleServices
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    _, state = console.start_call(agent, JOHN_SMITH, Channel.PHONE)
    _admin_does(demo_uow_factory, disable_operator, "agent")

    said = console.end_revoked_session(agent)

    assert said == DISABLED
    with demo_uow_factory() as uow:
        events = uow.audit.list_recent(limit=3)
        call = uow.interactions.get(state.interaction_id)
        assert call is not None and call.ended_at is not None
    ended, revoked, logged_out = reversed(events)
    assert (ended.action, ended.outcome) == (AuditAction.INTERACTION_ENDED, "session_revoked")
    assert (revoked.action, revoked.details) == (
        AuditAction.SESSION_REVOKED,
        {"reason": "disabled"},
    )
    assert logged_out.action is AuditAction.LOGGED_OUT
    assert {e.console_session for e in events} == {agent.console_session}


def test_a_revoked_session_can_still_log_out(demo_uow_factory: UnitOfWorkFactory) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    _admin_does(demo_uow_factory, disable_operator, "agent")

    log_out(demo_uow_factory(), agent)

    with demo_uow_factory() as uow:
        assert uow.audit.list_recent(limit=1)[0].action is AuditAction.LOGGED_OUT


def _operator_reads(sent: list[tuple[str, Any]]) -> list[str]:
    return [sql for sql, _ in sent if "FROM operators" in sql]


def test_a_console_call_reads_the_operators_standing_once(
    demo_database_url: str, console: ConsoleServices, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """One primary-key read per unit of work, whatever the call appends."""
    from custinfo_tui.composition import build_engine_for

    agent = actor_for(demo_uow_factory, "agent")
    engine: Engine = build_engine_for(demo_database_url)
    try:
        services = ConsoleServices(_factory_on(engine), POLICY, CapturePolicy(), ComplaintPolicy())
        with statements_sent(engine) as sent:
            services.search_customers(agent, "smith")
        assert len(_operator_reads(sent)) == 1
        assert "operators.id =" in _operator_reads(sent)[0]
        with statements_sent(engine) as sent:
            _, state = services.start_call(agent, JOHN_SMITH, Channel.PHONE)
            services.check_answer(
                agent, state.interaction_id, CheckKind.DATE_OF_BIRTH, "12/04/1980"
            )
        # start_call is two units of work (the call, then its record), the check one.
        assert len(_operator_reads(sent)) == 3
        with statements_sent(engine) as sent:
            assert not services.unlock(agent, "not the password")
        assert len(_operator_reads(sent)) == 1  # unlocking's own read of the operator
    finally:
        engine.dispose()


def test_a_refused_call_sends_nothing_but_the_standings_read(
    demo_database_url: str, demo_uow_factory: UnitOfWorkFactory
) -> None:
    from custinfo_tui.composition import build_engine_for

    agent = actor_for(demo_uow_factory, "agent")
    _admin_does(demo_uow_factory, disable_operator, "agent")
    engine = build_engine_for(demo_database_url)
    try:
        services = ConsoleServices(_factory_on(engine), POLICY, CapturePolicy(), ComplaintPolicy())
        with statements_sent(engine) as sent, pytest.raises(SessionRevoked):
            services.open_record(agent, JOHN_SMITH, REASON)
        assert [sql for sql, _ in sent if not sql.startswith(("BEGIN", "COMMIT"))] == (
            _operator_reads(sent)
        )
    finally:
        engine.dispose()


def _factory_on(engine: Engine) -> UnitOfWorkFactory:
    from custinfo_tui.composition import uow_factory_for

    return uow_factory_for(engine)


def test_an_administrator_may_not_reset_their_own_password(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    """Found trying the console: the reset ended the administrator's own session before
    the temporary password was shown, and the old one no longer worked: a sole
    administrator was locked out. Refused; their password and session stand."""
    admin = actor_for(demo_uow_factory, "admin")

    with pytest.raises(ServiceError, match="cannot reset your own password"):
        reset_password(demo_uow_factory(), admin, "admin")

    disable_operator(demo_uow_factory(), admin, "agent")  # the session still acts
    assert authenticate(demo_uow_factory(), "admin", "admin-demo-2026").actor is not None
