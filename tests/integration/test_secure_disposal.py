"""Secure disposal (MP-11) on SQLite: after erasure, the raw bytes of the database file and
its write-ahead log hold none of the erased customer's values -- not in live rows, not in
free space (`PRAGMA secure_delete`), not in old log frames (emptied by a checkpoint)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services import complaints, erasure
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import desk_for
from tests.support.erasure import TRACES, customer_with_everything


@pytest.fixture
def engine(sqlite_demo_url: str) -> Iterator[Engine]:
    engine = build_engine(sqlite_demo_url)
    yield engine
    engine.dispose()


def _raw_traces(database: Path) -> list[str]:
    found = []
    for path in (database, database.with_name(database.name + "-wal")):
        if path.exists():
            raw = path.read_bytes().lower()
            found += [f"{path.name}: {t}" for t in TRACES if t.encode() in raw]
    return found


def test_an_erased_customers_values_are_gone_from_the_database_file_and_its_log(
    engine: Engine, sqlite_demo_url: str
) -> None:
    database = Path(str(make_url(sqlite_demo_url).database))
    uow_factory: UnitOfWorkFactory = uow_factory_for(engine)
    agent, dpo = desk_for(uow_factory, "agent"), desk_for(uow_factory, "supervisor")
    subject = customer_with_everything(agent)
    complaints.move_complaint(
        uow_factory(), dpo.actor, ComplaintPolicy(), subject.complaint_id, "closed", "Resent"
    )
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _raw_traces(database), "the customer's values should be in the file before erasure"

    dpo = desk_for(uow_factory, "dpo")
    erasure.erase_customer(uow_factory(), dpo.actor, subject.customer_id, "Art. 17 request")

    assert _raw_traces(database) == []
