"""The trail is read in the order things happened, even where ids do not follow it.

On PostgreSQL a desk's connection takes the id of its next event ahead of time (its
append after its own in one statement: repository/audit_append.py), so an event can be
stored with a lower id than events other connections stored before it. A call's steps,
the newest events of a kind, an operator's evidence and the subject access pack's "who
accessed your record" must still come in the order they happened (docs/architecture.md,
"The trail's order").
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from custinfo_tui.domain.events import AuditAction, AuditEvent, AuditEventIn
from custinfo_tui.repository.audit import AuditRepository
from custinfo_tui.repository.engine import build_session_factory
from custinfo_tui.repository.orm import Interaction
from custinfo_tui.repository.unit_of_work import SqlAlchemyUnitOfWork
from custinfo_tui.services.audit import verify_chain
from custinfo_tui.services.unit_of_work import UnitOfWork

pytestmark = pytest.mark.postgres

JOHN_SMITH = 1  # the first demo customer


@pytest.fixture
def engine(postgres_demo_url: str) -> Iterator[Engine]:
    """PostgreSQL only: SQLite's ids follow its one writer's order."""
    from custinfo_tui.repository.engine import build_engine

    engine = build_engine(postgres_demo_url)
    yield engine
    engine.dispose()


@pytest.fixture
def desks(engine: Engine) -> Iterator[tuple[Connection, Connection]]:
    """Two connections, as two desks (or one console's pool) hold them."""
    with engine.connect() as one, engine.connect() as two:
        for connection in (one, two):
            connection.exec_driver_sql("SET lock_timeout = '2s'")
            connection.commit()
        yield one, two


def _uow(engine: Engine) -> UnitOfWork:
    return SqlAlchemyUnitOfWork(build_session_factory(engine))


def _agent_and_call(engine: Engine) -> tuple[int, int]:
    """The demo agent, and a call of theirs with John Smith."""
    with _uow(engine) as uow:
        agent = uow.operators.get_by_username("agent")
        assert agent is not None
        agent_id = agent.id
    with Session(engine) as session:
        call = Interaction(
            customer_id=JOHN_SMITH,
            operator_id=agent_id,
            channel="phone",
            started_at=datetime.now(UTC),
        )
        session.add(call)
        session.commit()
        return agent_id, call.id


def _append(
    desk: Connection, action: AuditAction, operator_id: int, call: int, n: int
) -> AuditEvent:
    with Session(bind=desk) as session:
        appended = AuditRepository(session).append(
            AuditEventIn(
                action=action,
                operator_id=operator_id,
                customer_id=JOHN_SMITH,
                interaction_id=call,
                fields=("date_of_birth",),
                details={"n": n},
            )
        )
        session.commit()
    return appended


@pytest.fixture
def out_of_order(
    engine: Engine, desks: tuple[Connection, Connection]
) -> tuple[int, int, list[AuditEvent]]:
    """Four events of one call, appended one after the other, whose ids are not in that
    order: the first desk's second event takes the id it took ahead of time, lower than the
    other desk's second event's."""
    one, two = desks
    agent, call = _agent_and_call(engine)
    checked = AuditAction.CALLER_CHECK_PASSED
    with Session(bind=two) as holding:  # the other desk holds chain 1 a moment
        AuditRepository(holding).append(
            AuditEventIn(action=AuditAction.DEMO_DATA_LOADED, operator_id=None)
        )
        first = _append(one, checked, agent, call, 1)  # so this desk takes another chain
        holding.commit()
    second = _append(two, checked, agent, call, 2)
    third = _append(two, checked, agent, call, 3)
    fourth = _append(one, checked, agent, call, 4)
    events = [first, second, third, fourth]
    assert [e.id for e in events] != sorted(e.id for e in events), "ids in order: nothing tested"
    return agent, call, events


def _numbers(events: list[AuditEvent]) -> list[int]:
    return [int(e.details["n"]) for e in events if "n" in e.details]


def test_a_calls_steps_come_in_the_order_they_happened(
    engine: Engine, out_of_order: tuple[int, int, list[AuditEvent]]
) -> None:
    _, call, _ = out_of_order
    with _uow(engine) as uow:
        events = uow.audit.for_interaction(call)
        steps = uow.audit.call_steps(call, [AuditAction.CALLER_CHECK_PASSED])

    assert _numbers(events) == [1, 2, 3, 4]
    assert [step.details["n"] for step in steps] == [1, 2, 3, 4]


def test_the_newest_events_are_the_newest_in_time(
    engine: Engine, out_of_order: tuple[int, int, list[AuditEvent]]
) -> None:
    _, _, events = out_of_order
    with _uow(engine) as uow:
        newest = uow.audit.list_recent(
            customer_id=JOHN_SMITH, action=AuditAction.CALLER_CHECK_PASSED.value, limit=2
        )
        before_third = uow.audit.list_recent(
            customer_id=JOHN_SMITH,
            action=AuditAction.CALLER_CHECK_PASSED.value,
            before_id=events[2].id,
        )

    assert _numbers(newest) == [4, 3]
    assert _numbers(before_third) == [2, 1]


def test_an_operators_evidence_and_the_access_pack_read_in_time_order(
    engine: Engine, out_of_order: tuple[int, int, list[AuditEvent]]
) -> None:
    agent, _, _ = out_of_order
    with _uow(engine) as uow:
        evidence = uow.audit.by_operator(agent, since=None, before=None)
        about = uow.subject_access.events_about([JOHN_SMITH])

    assert _numbers(evidence) == [1, 2, 3, 4]
    assert [event.details["n"] for event in about if "n" in event.details] == [1, 2, 3, 4]
    report = verify_chain(_uow(engine))
    assert report.ok
