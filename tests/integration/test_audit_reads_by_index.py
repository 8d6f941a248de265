"""The reads every call makes of tables that grow use an index, on both databases.

A call's checks, reveals and saves read the events of the interaction in hand each time,
and the customer's timeline; opening a record asks which records were merged into it, and
which an open possible-duplicate item pairs it with. The audit trail holds every desk's
every search (millions of events within weeks), the customers table a centre's whole book,
the queue every possible duplicate an import raised; a read that scanned any of them would
slow every call by its length (75 ms at a million events on PostgreSQL,
docs/performance.md). The planner is asked how it would run the repository's own
statement: PostgreSQL with sequential scans discouraged, since on a small test table a
scan is cheaper and would be chosen anyway.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory
from custinfo_tui.services.verification_state import CALLER_STEPS
from tests.support.database import statements_sent


def _plan(
    engine: Engine, uow_factory: UnitOfWorkFactory, read: Callable[[UnitOfWork], object]
) -> str:
    """How the database would run the one statement `read` makes."""
    with statements_sent(engine) as caught, uow_factory() as uow:
        read(uow)
    [(statement, parameters)] = caught
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
    plan = _plan(engine, uow_factory, lambda uow: uow.audit.call_steps(1, CALLER_STEPS))

    assert "ix_audit_events_interaction_id_id" in plan, plan


def test_a_customers_timeline_is_read_by_index_not_by_scanning_the_trail(
    engine: Engine, uow_factory: UnitOfWorkFactory
) -> None:
    plan = _plan(engine, uow_factory, lambda uow: uow.audit.timeline([1]))

    assert "ix_audit_events_customer_id_occurred_at" in plan, plan


@pytest.mark.parametrize("read", ["merged_into", "merged_references"])
def test_the_records_merged_into_one_are_found_by_index_not_by_scanning_customers(
    engine: Engine, uow_factory: UnitOfWorkFactory, read: str
) -> None:
    plan = _plan(engine, uow_factory, lambda uow: getattr(uow.merges, read)(1))

    assert "ix_customers_merged_into_id" in plan, plan


def test_the_records_paired_with_one_as_possible_duplicates_are_found_by_index(
    engine: Engine, uow_factory: UnitOfWorkFactory
) -> None:
    """An import of a second export raises 200,000 items, each naming an earlier record:
    the earlier record's title asked for them by scanning the whole queue."""
    plan = _plan(engine, uow_factory, lambda uow: uow.queue.possibly_same_as(1))

    assert "ix_queue_items_other_customer_id" in plan, plan
    assert "SCAN queue_items" not in plan and "Seq Scan on queue_items" not in plan, plan
