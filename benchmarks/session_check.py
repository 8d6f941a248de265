"""What checking a session's standing costs each use case: CPU per call, checked and not.

    .venv/bin/python -m benchmarks.session_check [--calls 300] [--customers 20000]
        [--backend postgresql|sqlite] [--warm-up CALLS]

Every call a console makes for an operator, and every audited use case, first reads the
operator's standing, so that a session an administrator has ended is refused
(services/session_standing.py). One desk in this process takes the desks benchmark's call
(benchmarks/desks.py) with the check and with it left out (`session_refusal` answering
at once, reading nothing), by turns, call by call, as `benchmarks.audit_cost` alternates
its two mixes; for each use case it keeps the desk's CPU time and, on a PostgreSQL server
on this machine, the server's. Figures, never assertions.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from benchmarks.audit_cost import ServerClock
from benchmarks.desks import (
    KINDS,
    WARM_UP_CALLS,
    Desk,
    _agent,
    _callers,
    _console,
    _machine,
    _postgres,
    _seed,
    _sqlite,
    warmed_engine,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.services import session_standing
from custinfo_tui.services.errors import SessionRevoked
from custinfo_tui.services.unit_of_work import UnitOfWork

#: Per use case: desk CPU ms, server CPU ms, how many calls of it.
Costs = dict[str, list[float]]


def _not_checked(_uow: UnitOfWork, _actor: Actor) -> SessionRevoked | None:
    """The check left out: every session stands, and nothing is read to say so."""
    return None


@contextmanager
def _timing_each_use_case(
    costs: Callable[[], Costs], server: Callable[[], float | None]
) -> Iterator[None]:
    """While the block runs, each use case a `Desk` times is also counted in `costs()`."""
    timed = Desk.timed

    def counted(desk: Desk, kind: str, service: Callable[..., Any], *a: Any, **k: Any) -> Any:
        server_before, desk_before = server(), time.process_time()
        try:
            return timed(desk, kind, service, *a, **k)
        finally:
            desk_after, server_after = time.process_time(), server()
            cost = costs()[kind]
            cost[0] += (desk_after - desk_before) * 1000
            if server_before is not None and server_after is not None:
                cost[1] += (server_after - server_before) * 1000
            cost[2] += 1

    Desk.timed = counted  # type: ignore[method-assign]
    try:
        yield
    finally:
        Desk.timed = timed  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="calls of each mix")
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--backend", default="postgresql", choices=("postgresql", "sqlite"))
    parser.add_argument("--warm-up", type=int, default=WARM_UP_CALLS)
    args = parser.parse_args(argv)

    database = _postgres(None) if args.backend == "postgresql" else _sqlite(None)
    checking = session_standing.session_refusal
    with database as url:
        total = _seed(url, args.customers)
        callers = _callers(total, args.warm_up + 2 * args.calls)
        warm_up, callers = callers[: args.warm_up], callers[args.warm_up :]
        print(f"== {args.backend}: {total:,} customers ==")
        print(_machine(url), flush=True)
        engine, _first = warmed_engine(url, warm_up)
        engine.dispose()  # new connections, as in benchmarks.audit_cost
        server = ServerClock(engine)
        desk = Desk(_console(engine), _agent(engine), number=0)
        costs: dict[bool, Costs] = {
            checked: defaultdict(lambda: [0.0, 0.0, 0]) for checked in (True, False)
        }
        now: list[bool] = [True]
        left = iter(callers)
        try:
            with _timing_each_use_case(lambda: costs[now[0]], server):
                for turn in range(args.calls):
                    for checked in (True, False) if turn % 2 == 0 else (False, True):
                        now[0] = checked
                        refusal = checking if checked else _not_checked
                        session_standing.session_refusal = refusal
                        desk.take_call(next(left))
        finally:
            session_standing.session_refusal = checking
            engine.dispose()
        if desk.result.errors:
            raise SystemExit(f"calls failed: {dict(desk.result.errors)} {desk.result.messages}")
        _print(costs, args.calls)
    return 0


def _print(costs: dict[bool, Costs], calls: int) -> None:
    print(f"\nCPU per use case, ms, desk + server ({calls} calls of each, alternated):")
    print(f"  {'':<8} {'checked':>15} {'not checked':>15} {'the check':>10}")
    whole = {True: 0.0, False: 0.0}
    for kind in KINDS:
        cells = []
        for checked in (True, False):
            desk, server, count = costs[checked][kind]
            whole[checked] += desk + server
            cells.append((desk / max(count, 1), server / max(count, 1)))
        (desk_c, server_c), (desk_u, server_u) = cells
        extra = desk_c + server_c - desk_u - server_u
        print(
            f"  {kind:<8} {desk_c:7.2f}+{server_c:<7.2f} {desk_u:7.2f}+{server_u:<7.2f} "
            f"{extra:+9.2f}"
        )
    checked, bare = whole[True] / calls, whole[False] / calls
    print(
        f"  a call: {checked:.1f} ms checked, {bare:.1f} not; the check {checked - bare:+.2f} ms "
        f"({checked / bare - 1:+.1%})"
    )


if __name__ == "__main__":
    raise SystemExit(main())
