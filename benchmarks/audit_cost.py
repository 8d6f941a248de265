"""What the audit trail costs a call: CPU per call, audited and not, one call after another.

    .venv/bin/python -m benchmarks.audit_cost [--calls 150] [--customers 100000]
        [--backend postgresql|sqlite] [--url URL] [--warm-up CALLS]

One desk in this process takes the desks benchmark's call (benchmarks/desks.py: five
searches as typed, the record opened, two checks, a reveal, a save, the end), audited and
with the audit writes left out (`desks.unaudited_methods`) by turns, call by call: audited
then unaudited, then unaudited then audited, and so on, `--calls` of each. For each call it
takes the CPU time this process used and, on PostgreSQL on this machine, the CPU time the
server's processes used (their `/proc` times: the postmaster, which keeps the times of its
finished children, and its children). Alternating call by call puts each pair under the
same machine speed, so the comparison holds when the machine's speed drifts, as this one's
does by half within a minute (docs/performance.md, "Many desks"); the throughput ratio of
`benchmarks.desks` moves by 0.15 between runs, these figures by a few hundredths.

When the desks and the database share the machine's cores and keep them busy, as 32 desks
flat out on two cores do, the throughput of a mix is the cores' time over a call's CPU
time. So the CPU ratio printed here, unaudited over audited, is the throughput ratio such a
machine can reach, before what many processes at once add to both (switching between
them), which brings the ratio of `benchmarks.desks` somewhat nearer 1. Figures, never
assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from benchmarks.desks import (
    CALLERS,
    WARM_UP_CALLS,
    Desk,
    _agent,
    _callers,
    _console,
    _machine,
    _postgres,
    _seed,
    _sqlite,
    unaudited_methods,
    warmed_engine,
)
from custinfo_tui.repository.audit import AuditRepository

#: Seconds a `/proc` CPU time counts in.
_TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Costs:
    """CPU per call of one mix, in milliseconds, one entry per call."""

    desk: list[float] = field(default_factory=list)
    server: list[float] = field(default_factory=list)

    def per_call(self) -> tuple[float, float]:
        server = statistics.fmean(self.server) if self.server else 0.0
        return statistics.fmean(self.desk), server


class ServerClock:
    """CPU seconds used so far by a PostgreSQL server on this machine (None elsewhere)."""

    def __init__(self, engine: Engine) -> None:
        self.postmaster: int | None = None
        if engine.dialect.name != "postgresql" or engine.url.host not in (
            None,
            "127.0.0.1",
            "localhost",
            "::1",
        ):
            return
        with engine.connect() as connection:
            backend = int(connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
        stat = _stat(backend)
        if stat is not None and stat[0].startswith("postgres"):
            self.postmaster = int(stat[1][1])

    def __call__(self) -> float | None:
        """The postmaster's own and finished children's times, and its live children's."""
        if self.postmaster is None:
            return None
        total = 0.0
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            stat = _stat(int(entry.name))
            if stat is None:
                continue
            _name, fields = stat
            if int(entry.name) == self.postmaster:
                total += sum(int(value) for value in fields[11:15]) / _TICK
            elif int(fields[1]) == self.postmaster:
                total += (int(fields[11]) + int(fields[12])) / _TICK
        return total


def _stat(pid: int) -> tuple[str, list[str]] | None:
    """A process's name and the fields of `/proc/PID/stat` after it (state first)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()


def compare(
    engine: Engine, callers: list[Any], calls: int, server: Callable[[], float | None]
) -> tuple[Costs, Costs, int]:
    """`calls` calls audited and as many unaudited, by turns; their costs and how many
    events the audited calls appended."""
    bare_methods = unaudited_methods()
    audited_methods = {name: getattr(AuditRepository, name) for name in bare_methods}
    desk = Desk(_console(engine), _agent(engine), number=0)
    callers_left = iter(callers)
    costs = {True: Costs(), False: Costs()}
    events_before = _events(engine)
    try:
        for turn in range(calls):
            for audited in (True, False) if turn % 2 == 0 else (False, True):
                for name, method in (audited_methods if audited else bare_methods).items():
                    setattr(AuditRepository, name, method)
                server_before, desk_before = server(), time.process_time()
                desk.take_call(next(callers_left))
                desk_after, server_after = time.process_time(), server()
                costs[audited].desk.append((desk_after - desk_before) * 1000)
                if server_before is not None and server_after is not None:
                    costs[audited].server.append((server_after - server_before) * 1000)
    finally:
        for name, method in audited_methods.items():
            setattr(AuditRepository, name, method)
    if desk.result.errors:
        raise SystemExit(f"calls failed: {dict(desk.result.errors)} {desk.result.messages}")
    return costs[True], costs[False], _events(engine) - events_before


def _events(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT count(*) FROM audit_events").scalar_one())


def _print(audited: Costs, bare: Costs, calls: int, events: int, where: str) -> None:
    (desk_a, server_a), (desk_b, server_b) = audited.per_call(), bare.per_call()
    measured_server = bool(audited.server)
    print(f"\nCPU per call, ms ({calls} calls of each, alternated; {where}):")
    print(f"  {'':<10} {'desk':>7} {'server':>7} {'total':>7}")
    for label, desk, server in (("audited", desk_a, server_a), ("unaudited", desk_b, server_b)):
        shown = f"{server:7.1f}" if measured_server else f"{'-':>7}"
        print(f"  {label:<10} {desk:7.1f} {shown} {desk + server:7.1f}")
    extra_desk, extra_server = desk_a - desk_b, server_a - server_b
    per_call = events / calls
    print(
        f"  the audit: {extra_desk + extra_server:.1f} ms a call "
        f"({extra_desk:.1f} desk, {extra_server:.1f} server), "
        f"{(extra_desk + extra_server) / (desk_a + server_a):.0%} of an audited call; "
        f"{per_call:.1f} events a call, "
        f"{(extra_desk + extra_server) / per_call:.2f} ms an event"
    )
    print(
        f"  CPU ratio unaudited/audited: {(desk_b + server_b) / (desk_a + server_a):.2f} "
        "(the throughput ratio where the desks and the database keep the cores busy)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=150, help="calls of each mix")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--backend", default="postgresql", choices=("postgresql", "sqlite"))
    parser.add_argument("--url", help="a PostgreSQL database to use instead of a throwaway one")
    parser.add_argument("--db", type=Path, help="the SQLite file (default: a temporary one)")
    parser.add_argument("--warm-up", type=int, default=WARM_UP_CALLS)
    args = parser.parse_args(argv)

    database = _postgres(args.url) if args.backend == "postgresql" else _sqlite(args.db)
    with database as url:
        total = _seed(url, args.customers)
        callers = _callers(total, args.warm_up + max(CALLERS, 2 * args.calls))
        warm_up, callers = callers[: args.warm_up], callers[args.warm_up :]
        print(f"== {args.backend}: {total:,} customers ==")
        print(_machine(url), flush=True)
        engine, _first = warmed_engine(url, warm_up)
        # New connections, as each desk of `benchmarks.desks` opens its own: a server
        # plans a trigger's statement once per connection, for the table as it was then.
        engine.dispose()
        server = ServerClock(engine)
        audited, bare, events = compare(engine, callers, args.calls, server)
        engine.dispose()
        if args.backend == "sqlite":
            where = "desk, SQLite working inside it"
        elif server.postmaster is None:
            where = "desk; the server is not on this machine, its CPU is not measured"
        else:
            where = "desk and server"
        _print(audited, bare, args.calls, events, where)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
