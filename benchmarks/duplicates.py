"""The duplicate check while a new customer is typed, at 1,000,000 demo customers (SQLite).

    .venv/bin/python -m benchmarks.duplicates [--db PATH] [--customers N] [--checks N]

Uses the lookup benchmark's database (built the first time, about 4 minutes; upgraded to
the current schema if older). For existing customers it runs the check the capture screen
runs as the details go in: the name with a slip, then with the date of birth, then with
the phone and postcode too, through the service layer (`services.capture.find_duplicates`,
including its audit event). Prints p50/p95/p99 per stage and how often the customer came
back as a strong match. Figures, never assertions.
"""

from __future__ import annotations

import argparse
import random
import time
from itertools import islice
from pathlib import Path

from benchmarks.lookup import DEFAULT_DB, _build, _percentiles, _slip, demo_agent
from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.repository.migrate import upgrade_to_head
from custinfo_tui.services.capture import find_duplicates
from custinfo_tui.services.demo_people import generate_customers

STAGES = ("name", "name+dob", "name+dob+phone+postcode")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--checks", type=int, default=200, help="customers to check")
    args = parser.parse_args(argv)
    if not args.db.exists():
        _build(args.db, args.customers)
    url = f"sqlite+pysqlite:///{args.db}"
    engine = build_engine_for(url)
    upgrade_to_head(engine)
    uow_factory = uow_factory_for(engine)
    actor, total = demo_agent(uow_factory)

    rng = random.Random(11)
    wanted = sorted(rng.sample(range(total), args.checks))
    source, position, people = generate_customers(total), 0, []
    for index in wanted:
        people.append(next(islice(source, index - position, None)))
        position = index + 1

    timings: dict[str, list[float]] = {stage: [] for stage in STAGES}
    strong: dict[str, int] = dict.fromkeys(STAGES, 0)
    for person in people:
        name = {"given_name": _slip(person.given_name, rng), "family_name": person.family_name}
        dob = {"date_of_birth": person.date_of_birth.strftime("%d/%m/%Y")}
        rest = {"phone": person.phone, "postcode": person.postcode}
        for stage, values in zip(STAGES, (name, name | dob, name | dob | rest), strict=True):
            started = time.perf_counter()
            found = find_duplicates(uow_factory(), actor, values)
            timings[stage].append((time.perf_counter() - started) * 1000)
            strong[stage] += any(c.strong and c.match.reference == person.reference for c in found)
    engine.dispose()

    print(f"Duplicate check over {total:,} customers (SQLite), {len(people)} people, ms")
    print(f"{'typed so far':<26} {'p50':>6} {'p95':>6} {'p99':>6}  strong match found")
    for stage in STAGES:
        p50, p95, p99 = _percentiles(timings[stage])
        print(f"{stage:<26} {p50:6.2f} {p95:6.2f} {p99:6.2f}  {strong[stage]}/{len(people)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
