"""Lookup at 1,000,000 demo customers on SQLite: latency per query kind, service vs raw SQL.

    .venv/bin/python -m benchmarks.lookup [--db PATH] [--customers N] [--queries N]

Builds the demo database the first time (about 4 minutes for a million customers; kept
for the next run), then times 500 mixed queries -- names with a slip, phones, e-mails,
postcodes and references, 100 of each -- through the service layer (`services.lookup`,
including its audit event) and, beside it, the raw SQL that answers the same search, and
prints p50/p95/p99 per kind and the ratio of the p95s. Targets (issue 5): service p95 at
most 10 ms for every kind, and at most 3x the raw query. Figures, never assertions.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.phone import format_phone_national
from custinfo_tui.domain.postcode import outward_code
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.search import QueryKind, deletion_keys, name_readings, parse_query
from custinfo_tui.repository.migrate import upgrade_to_head
from custinfo_tui.services.demo import load_demo_data
from custinfo_tui.services.demo_people import DemoCustomer, generate_customers
from custinfo_tui.services.lookup import lookup
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

DEFAULT_DB = Path(__file__).resolve().parent / "data" / "lookup-1m.db"
KINDS = ("name", "phone", "email", "postcode", "reference")


def _build(db: Path, customers: int) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    print(f"Building {customers:,} demo customers in {db} (once)...", file=sys.stderr)
    started = time.perf_counter()
    engine = build_engine_for(f"sqlite+pysqlite:///{db}")
    upgrade_to_head(engine)
    load_demo_data(uow_factory_for(engine), customers)
    engine.dispose()
    print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _slip(word: str, rng: random.Random) -> str:
    """One typing slip: two neighbouring letters swapped (or a letter dropped)."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    if word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def _queries(customers: int, per_kind: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(kind, text, reference) typed the way handlers type them, from the demo customers."""
    rng = random.Random(seed)
    wanted = sorted(rng.sample(range(customers), per_kind))
    people: list[DemoCustomer] = []
    source = generate_customers(customers)
    position = 0
    for index in wanted:
        person = next(islice(source, index - position, None))
        position = index + 1
        people.append(person)
    queries = []
    for person in people:
        given, family = person.given_name, person.family_name
        ref = person.reference
        queries.append(("name", f"{_slip(given, rng)} {_slip(family, rng)}", ref))
        queries.append(("phone", format_phone_national(person.phone), ref))
        email = person.email.upper() if rng.random() < 0.2 else person.email
        queries.append(("email", email, ref))
        postcode = person.postcode if rng.random() < 0.5 else outward_code(person.postcode)
        queries.append(("postcode", postcode.lower(), ref))
        queries.append(("reference", format_reference(ref), ref))
    rng.shuffle(queries)
    return queries


def _raw_sql(connection: sqlite3.Connection) -> Callable[[str], object]:
    """The SQL a hand-written lookup would run for the same search, without the service."""
    columns = "c.id, c.reference, c.given_name, c.family_name"

    def run(text: str) -> object:
        query = parse_query(text)
        if query.kind in (QueryKind.PHONE, QueryKind.EMAIL):
            return connection.execute(
                f"SELECT {columns} FROM contact_points p JOIN customers c ON c.id = p.customer_id "
                "WHERE p.kind = ? AND p.value = ? LIMIT 20",
                (query.kind.value, query.value),
            ).fetchall()
        if query.kind is QueryKind.POSTCODE:
            op = "=" if query.exact else ">="
            upper = "" if query.exact else "AND a.postcode < ? "
            params: tuple[str, ...] = (
                (query.value,) if query.exact else (query.value, query.value + "\U0010ffff")
            )
            return connection.execute(
                f"SELECT {columns} FROM addresses a JOIN customers c ON c.id = a.customer_id "
                f"WHERE a.postcode {op} ? {upper}LIMIT 20",
                params,
            ).fetchall()
        if query.kind is QueryKind.REFERENCE:
            return connection.execute(
                f"SELECT {columns} FROM customers c WHERE c.reference = ?", (query.value,)
            ).fetchall()
        # A name, its last word the surname: the candidate keys from the index, then the
        # customers with those keys.
        reading = name_readings(query.words)[-1]
        family, given = reading.family, reading.given
        terms = {}
        for kind, word in (("family", family), ("given", given)):
            keys = sorted(deletion_keys(word))
            marks = ",".join("?" * len(keys))
            sql = f"SELECT DISTINCT term FROM name_index_keys WHERE kind = ? AND key IN ({marks})"
            terms[kind] = [row[0] for row in connection.execute(sql, (kind, *keys))]
        families, givens = terms["family"] or [""], terms["given"] or [""]
        return connection.execute(
            f"SELECT {columns} FROM customers c WHERE c.family_key IN "
            f"({','.join('?' * len(families))}) AND c.given_key IN "
            f"({','.join('?' * len(givens))}) LIMIT 40",
            (*families, *givens),
        ).fetchall()

    return run


def demo_agent(uow_factory: UnitOfWorkFactory) -> tuple[Actor, int]:
    """The demo database's agent, as the services see a logged-in operator, and how many
    customers there are."""
    with uow_factory() as uow:
        operator = uow.operators.get_by_username("agent")
        assert operator is not None, "the demo database has no agent operator"
        actor = Actor(
            operator_id=operator.id,
            username=operator.username,
            display_name=operator.display_name,
            role=Role.AGENT,
            console_session=str(uuid.uuid4()),
            session_generation=operator.session_generation,
        )
        return actor, uow.customers.count()


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500, help="in all, spread over 5 kinds")
    args = parser.parse_args(argv)
    if not args.db.exists():
        _build(args.db, args.customers)

    engine = build_engine_for(f"sqlite+pysqlite:///{args.db}")
    uow_factory = uow_factory_for(engine)
    actor, total = demo_agent(uow_factory)
    queries = _queries(total, max(1, args.queries // len(KINDS)))
    raw = _raw_sql(sqlite3.connect(args.db))

    for _, text, _ in queries[:20]:  # warm the page cache and the code paths
        lookup(uow_factory(), actor, text)
        raw(text)
    service_ms: dict[str, list[float]] = {kind: [] for kind in KINDS}
    raw_ms: dict[str, list[float]] = {kind: [] for kind in KINDS}
    found: dict[str, int] = dict.fromkeys(KINDS, 0)
    for kind, text, reference in queries:
        started = time.perf_counter()
        result = lookup(uow_factory(), actor, text)
        service_ms[kind].append((time.perf_counter() - started) * 1000)
        found[kind] += reference in [m.reference for m in result.matches]
        started = time.perf_counter()
        raw(text)
        raw_ms[kind].append((time.perf_counter() - started) * 1000)
    engine.dispose()

    print(f"Lookup over {total:,} customers (SQLite), {len(queries)} queries, times in ms")
    print(f"{'kind':<10} {'n':>4}  {'p50':>6} {'p95':>6} {'p99':>6}  "
          f"{'raw p50':>7} {'raw p95':>7} {'raw p99':>7}  {'p95 ratio':>9}")  # fmt: skip
    for kind in KINDS:
        s50, s95, s99 = _percentiles(service_ms[kind])
        r50, r95, r99 = _percentiles(raw_ms[kind])
        print(
            f"{kind:<10} {len(service_ms[kind]):>4}  {s50:6.2f} {s95:6.2f} {s99:6.2f}  "
            f"{r50:7.2f} {r95:7.2f} {r99:7.2f}  {s95 / r95:8.1f}x"
        )
    print(
        "Found the customer the query was made from, in the first 20: "
        + ", ".join(f"{kind} {found[kind]}/{len(service_ms[kind])}" for kind in KINDS)
        + " (a shared phone, postcode district or common name can push them past 20)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
