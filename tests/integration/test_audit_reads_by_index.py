"""The reads a call makes of the audit trail use an index, on both databases.

A call's checks, reveals and saves read the events of the interaction in hand each time.
The trail holds every desk's every search, millions of events within weeks; a read that
scanned it would slow each check by the trail's length (75 ms at a million events on
PostgreSQL, docs/performance.md). The planner is asked how it would run the repository's
own statement: PostgreSQL with sequential scans discouraged, since on a small test table a
scan is cheaper and would be chosen anyway.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


def _plan_of_reading_an_interaction(engine: Engine, uow_factory: UnitOfWorkFactory) -> str:
    caught: list[tuple[str, Any]] = []

    def catch(*args: Any) -> None:
        caught.append((args[2], args[3]))  # statement, parameters

    event.listen(engine, "before_cursor_execute", catch)
    try:
        with uow_factory() as uow:
            uow.audit.for_interaction(1)
    finally:
        event.remove(engine, "before_cursor_execute", catch)
    (statement, parameters), *_ = [c for c in caught if "interaction_id" in c[0]]
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SET enable_seqscan = off")
            explain = "EXPLAIN "
        else:
            explain = "EXPLAIN QUERY PLAN "
        rows = connection.exec_driver_sql(explain + statement, parameters).all()
    return "\n".join(str(row[-1]) for row in rows)


def test_an_interactions_events_are_read_by_index_not_by_scanning_the_trail(
    engine: Engine, uow_factory: UnitOfWorkFactory
) -> None:
    plan = _plan_of_reading_an_interaction(engine, uow_factory)

    assert "ix_audit_events_interaction_id_id" in plan, plan
