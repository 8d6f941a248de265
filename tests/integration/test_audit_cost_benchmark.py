"""The audit-cost benchmark still runs: three calls of each mix on a small SQLite file.

Its figures are read by people (docs/performance.md, "What the audit costs a call"); this
keeps the script working as the services change, and checks that it restores the audit
after alternating the mixes: the product's events are written again afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import audit_cost
from sqlalchemy import Engine

from custinfo_tui.repository.audit import AuditRepository


def test_the_audit_cost_benchmark_alternates_the_mixes_and_restores_the_audit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append = AuditRepository.append
    argv = ["--backend", "sqlite", "--calls", "3", "--customers", "200", "--warm-up", "2"]
    assert audit_cost.main([*argv, "--db", str(tmp_path / "cost.db")]) == 0

    printed = capsys.readouterr().out
    assert "CPU per call, ms (3 calls of each, alternated; desk, SQLite working inside it)" in (
        printed
    )
    assert "  audited " in printed and "  unaudited " in printed
    # Three audited calls append a call's events each (13 or so); none of the unaudited.
    events = float(printed.split(" events a call")[0].rsplit(" ", 1)[1])
    assert 10 <= events <= 16, printed
    assert "CPU ratio unaudited/audited: " in printed
    assert AuditRepository.append is append


def test_the_server_clock_counts_the_cpu_a_postgresql_server_on_this_machine_uses(
    postgres_engine: Engine,
) -> None:
    """The server's CPU per call is read from /proc: the postmaster's times and its
    children's. A query that keeps the server busy for a while moves the clock on."""
    clock = audit_cost.ServerClock(postgres_engine)
    before = clock()
    assert before is not None, "the tests' server runs on this machine"
    with postgres_engine.connect() as connection:
        connection.exec_driver_sql(
            "SELECT count(*) FROM generate_series(1, 500000) AS i WHERE md5(i::text) < '8'"
        ).scalar()
    after = clock()
    assert after is not None and after - before >= 0.05
