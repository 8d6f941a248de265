"""Many desks at once: N console processes doing calls through the console's services.

    .venv/bin/python -m benchmarks.desks [--desks 1,8,32,64] [--customers 100000]
        [--seconds 20] [--backend postgresql,sqlite] [--url URL] [--db PATH] [--pace S]
        [--warm-up CALLS]

Each desk is its own process with its own connections and `ConsoleServices`, the facade
the Textual app is handed, and works through calls the way a handler does: the caller's
surname typed letter by letter (a search at 3 letters, at 5, the whole name, then given
and family name), their reference (the record to open), the call started (the record
opens, masked), two verification checks (date of birth, postcode), each followed by the
record read again as the console redraws it after a check (`record_in_call`, its timeline
not read: the handler is on the details), a reveal of the phone number, a save of a new
e-mail address (read back), and the call ended. Every desk keeps
to its own customers, as real desks take different callers. By default a desk works
without pause, so the mixes measure what the machine can do at most; `--pace S` makes each
desk wait a random time before every action (S seconds on average, exponentially
distributed), as a handler listens to the caller between keys, so the times show what a
handler waits for at that pace (the throughput is then the pace's, not a capacity).

The desks are forked from one console that has first taken `--warm-up` calls alone
(40 by default; callers none of the desks take), so each desk starts as a console that has
been at work a while rather than one just started: statements built and compiled once per
console are ready (`warmed_engine`). That console's own times are printed first.

Each mix runs audited (the product as it is) and with the audit writes left out, for
`--seconds` each, in halves and in the order audited, unaudited, unaudited, audited, so
that the machine's speed drifting during a run weighs on both alike. Without the audit
writes, inside the desk processes only, `uow.audit.append` is replaced by a no-op that
returns the event it was given (and the reads of an interaction's events see that desk's
unwritten events, so verification still works). The product has no such switch.

PostgreSQL: a throwaway server (tests/support/postgres.py) unless `--url` names a
database (seeded with the demo data when empty). SQLite: one file, at most 8 desks.
Prints throughput (actions per second, all desks together), p50/p95 per action kind,
errors per kind, the ratio audited/unaudited, the calls run again because the database
asked (services/retry.py) and, on PostgreSQL, how many desks were waiting on a lock.
Targets (issue 17): at 32 desks the audited mix reaches at least 0.9 of the unaudited
throughput; a search's p95 under 25 ms on PostgreSQL, judged where it is what a handler
waits for (at a handler's pace, or one desk flat out; flat out at more desks the desks
queue for the cores they share with the server, and that figure is printed, not judged);
no desk ever gets an error.
Figures, never assertions.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.capture import CapturePolicy, FieldEdit, ReadBackConfirmation
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.events import AuditAction, AuditEvent, AuditEventIn, CallStep
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.text import counted
from custinfo_tui.domain.verification import Channel, CheckKind, VerificationPolicy
from custinfo_tui.repository.migrate import upgrade_to_head
from custinfo_tui.services import retry
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.demo import load_demo_data
from custinfo_tui.services.demo_people import DemoCustomer, generate_customers

KINDS = ("search", "open", "check", "reload", "reveal", "save", "end")
DEFAULT_DESKS = (1, 8, 32, 64)
SQLITE_MAX_DESKS = 8
#: Customers the desks call about, drawn at random from the whole demo set.
CALLERS = 4_000
#: Calls a desk finishes in each half of a mix below which the ratio is a rough figure.
FIRM_CALLS_PER_HALF = 8
#: Calls one console takes before the desks are forked from it (`warmed_engine`).
WARM_UP_CALLS = 40
#: What a save writes: one configured reason, the changed line confirmed by read-back.
EDIT_REASON = "Entry error corrected"
#: The default policy, except that a caller at Standard may change their contact details:
#: the demo customers have no security answer to reach High with, and an organisation may
#: configure this (docs/verification.md). The save runs the same code either way.
POLICY = VerificationPolicy(actions=VerificationPolicy().actions | {"change:contact": "standard"})


@dataclass(frozen=True)
class Caller:
    """What a desk needs to take a call from one demo customer: what the caller says."""

    reference: str
    given_name: str
    family_name: str
    date_of_birth: str
    postcode: str

    @classmethod
    def of(cls, person: DemoCustomer) -> Caller:
        return cls(
            reference=format_reference(person.reference),
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth.strftime("%d/%m/%Y"),
            postcode=person.postcode,
        )


@dataclass
class DeskResult:
    """One desk's timings (ms, successful actions only) and errors, by action kind."""

    times: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: Counter[str] = field(default_factory=Counter)
    messages: dict[str, str] = field(default_factory=dict)
    calls: int = 0
    #: Times a call ran again because the database asked (services/retry.py).
    retries: int = 0


@dataclass
class MixResult:
    desks: int
    audited: bool
    seconds: float
    times: dict[str, list[float]]
    errors: Counter[str]
    calls: int
    messages: dict[str, str] = field(default_factory=dict)
    #: PostgreSQL: desks waiting on a lock, sampled every 0.2 s (LockWatch).
    lock_waits: list[int] = field(default_factory=list)
    retries: int = 0

    @property
    def actions(self) -> int:
        return sum(len(samples) for samples in self.times.values())

    @property
    def throughput(self) -> float:
        return self.actions / self.seconds

    def __add__(self, other: MixResult) -> MixResult:
        """Two runs of the same mix as one."""
        return MixResult(
            self.desks,
            self.audited,
            self.seconds + other.seconds,
            {kind: [*self.times[kind], *other.times[kind]] for kind in KINDS},
            self.errors + other.errors,
            self.calls + other.calls,
            self.messages | other.messages,
            self.lock_waits + other.lock_waits,
            self.retries + other.retries,
        )

    def percentiles(self, kind: str) -> tuple[float, float] | None:
        samples = self.times[kind]
        if len(samples) < 2:
            return (samples[0], samples[0]) if samples else None
        cuts = statistics.quantiles(samples, n=100, method="inclusive")
        return cuts[49], cuts[94]


# --- The desk process -------------------------------------------------------------------


def _leave_out_audit_writes() -> None:
    """In this process only: appending an audit event writes nothing (`unaudited_methods`)."""
    from custinfo_tui.repository.audit import AuditRepository

    for name, method in unaudited_methods().items():
        setattr(AuditRepository, name, method)


def unaudited_methods() -> dict[str, Callable[..., Any]]:
    """`AuditRepository` methods, by name, with which appending an event writes nothing.

    The event is kept in memory instead, and the reads of a call's steps (`call_steps`,
    which verification derives its state from) and the per-customer counts see it beside
    what the database returns, so the call goes on exactly as audited, without the writes.
    """
    from custinfo_tui.repository.audit import AuditRepository

    # Indexed as they are read, so a long mix's reads take no longer than a short one's.
    by_interaction: defaultdict[int | None, list[AuditEvent]] = defaultdict(list)
    times_of: defaultdict[tuple[int | None, AuditAction], list[datetime]] = defaultdict(list)
    ids = itertools.count(-1, -1)
    read_steps = AuditRepository.call_steps
    count = AuditRepository.count

    def append(self: AuditRepository, event: AuditEventIn, *, at: datetime | None = None) -> Any:
        kept = AuditEvent.model_construct(
            **dict(event), id=next(ids), occurred_at=at or datetime.now(UTC)
        )
        by_interaction[kept.interaction_id].append(kept)
        times_of[kept.customer_id, AuditAction(kept.action)].append(kept.occurred_at)
        return kept

    def call_steps(
        self: AuditRepository, interaction_id: int, actions: Sequence[AuditAction]
    ) -> list[CallStep]:
        kept = [
            CallStep(AuditAction(e.action), tuple(e.fields), e.details)
            for e in by_interaction.get(interaction_id, [])
            if e.action in actions
        ]
        return [*read_steps(self, interaction_id, actions), *kept]

    def count_with_unwritten(
        self: AuditRepository, *, customer_id: int, action: str, since: datetime
    ) -> int:
        kept = sum(1 for at in times_of.get((customer_id, AuditAction(action)), []) if at >= since)
        return count(self, customer_id=customer_id, action=action, since=since) + kept

    return {
        "append": append,
        "call_steps": call_steps,
        "count": count_with_unwritten,
    }


def _agent(engine: Engine) -> Actor:
    """The demo agent as a logged-in console session of its own (no password hashing: the
    benchmark measures calls, not logins)."""
    with uow_factory_for(engine)() as uow:
        operator = uow.operators.get_by_username("agent")
        assert operator is not None, "the database has no demo agent"
        return Actor(
            operator_id=operator.id,
            username=operator.username,
            display_name=operator.display_name,
            role=Role.AGENT,
            console_session=str(uuid.uuid4()),
            session_generation=operator.session_generation,
        )


def _console(engine: Engine) -> ConsoleServices:
    return ConsoleServices(uow_factory_for(engine), POLICY, CapturePolicy(), ComplaintPolicy())


def warmed_engine(url: str, callers: list[Caller]) -> tuple[Engine, DeskResult]:
    """An engine after one console has taken a call from each of `callers`, one after
    another, and that console's times: a console's first calls.

    The desks are forked from this process and go on with this engine, so each starts as a
    console that has been at work a while: a name search's statement is built once per
    shape and compiled once per engine (repository/lookup_rows.py, search_backend.py),
    which costs about 10 ms the first time. A console runs all day; desks started fresh
    for a mix of a minute or two would time mostly those first times.
    """
    engine = build_engine_for(url)
    desk = Desk(_console(engine), _agent(engine), number=-1)  # none of the desks' numbers
    for caller in callers:
        desk.take_call(caller)
    return engine, desk.result


class Desk:
    """One handler's console: times each service call and counts what fails, by kind."""

    def __init__(
        self, console: ConsoleServices, actor: Actor, number: int, pace: float = 0.0
    ) -> None:
        self.console = console
        self.actor = actor
        self.number = number
        self.pace = pace
        self.result = DeskResult()
        self._think = random.Random(number)

    def timed(self, kind: str, service: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`service(*args, **kwargs)`, its time kept under `kind`; an error is counted under
        `kind` and its type, and raised on. At a pace, the desk first waits its think time
        (not counted)."""
        if self.pace:
            time.sleep(self._think.expovariate(1 / self.pace))
        started = time.perf_counter()
        try:
            value = service(*args, **kwargs)
        except Exception as error:
            key = f"{kind}: {type(error).__name__}"
            self.result.errors[key] += 1
            # The handler-facing message (value-free by design), the first time only.
            self.result.messages.setdefault(key, str(error)[:120])
            raise
        self.result.times[kind].append((time.perf_counter() - started) * 1000)
        return value

    def take_call(self, caller: Caller) -> None:
        """One call from search to end; an error ends the call (counted, never raised)."""
        console, actor = self.console, self.actor
        family = caller.family_name.lower()
        typed = [family[:3], family[:5], family, f"{caller.given_name} {caller.family_name}"]
        call: int | None = None
        try:
            for text in [*dict.fromkeys(typed), caller.reference]:
                found = self.timed("search", console.search_customers, actor, text)
            customer_id = found.matches[0].customer_id  # the reference: one match
            record, state = self.timed(
                "open", console.start_call, actor, customer_id, Channel.PHONE
            )
            call = state.interaction_id
            for kind, answer in (
                (CheckKind.DATE_OF_BIRTH, caller.date_of_birth),
                (CheckKind.POSTCODE, caller.postcode),
            ):
                self.timed("check", console.check_answer, actor, call, kind, answer)
                # The console redraws the record after each check (tui/screens/call_checks.py).
                self.timed("reload", console.record_in_call, actor, call)
            self.timed("reveal", console.reveal_fields, actor, call, ["phone"])
            email = f"caller.{uuid.uuid4().hex[:12]}@example.com"  # never the value held
            edit = {"email": FieldEdit(value=email, reason=EDIT_REASON)}
            confirmed = ReadBackConfirmation(confirmed=frozenset(edit))
            self.timed("save", console.edit_customer, actor, customer_id, record.version, edit,
                       confirmed, interaction_id=call)  # fmt: skip
        except Exception:  # counted by `timed`; the desk goes on to its next caller
            pass
        finally:
            if call is not None:
                with suppress(Exception):
                    self.timed("end", console.end_call, actor, call)
            self.result.calls += 1


def _desk_process(
    number: int,
    engine: Engine,
    callers: list[Caller],
    audited: bool,
    seconds: float,
    pace: float,
    start: Any,
    results: Any,
) -> None:
    if not audited:
        _leave_out_audit_writes()
    result = DeskResult()
    wait = retry.wait

    def counted_wait(seconds: float) -> None:
        result.retries += 1
        wait(seconds)

    retry.wait = counted_wait
    try:
        # The parent's pooled connections stay the parent's; the desk opens its own
        # (SQLAlchemy's way to use an engine in a forked process).
        engine.dispose(close=False)
        console = _console(engine)
        desk = Desk(console, _agent(engine), number, pace)
        desk.result = result
        console.search_customers(desk.actor, callers[0].reference)  # connect
    except Exception as error:  # a desk that cannot start stops the mix, saying why
        result.errors[f"start: {type(error).__name__}"] += 1
        result.messages[f"start: {type(error).__name__}"] = str(error)[:120]
        results.put(result)
        start.abort()
        return
    start.wait()
    deadline = time.perf_counter() + seconds
    for caller in _round_robin(callers):
        if time.perf_counter() >= deadline:
            break
        desk.take_call(caller)
    engine.dispose()
    results.put(desk.result)


def _round_robin(callers: list[Caller]) -> Iterator[Caller]:
    while True:
        yield from callers


# --- Running a mix ----------------------------------------------------------------------


def run_mix(
    engine: Engine,
    desks: int,
    callers: list[Caller],
    audited: bool,
    seconds: float,
    pace: float = 0.0,
) -> MixResult:
    """`desks` processes forked from this one, going on with `engine`, at once for `seconds`
    after they are all connected, each waiting `pace` seconds on average before an action
    (0: no wait)."""
    context = multiprocessing.get_context("fork")
    start = context.Barrier(desks + 1)
    results = context.Queue()
    processes = [
        context.Process(
            target=_desk_process,
            args=(n, engine, callers[n::desks], audited, seconds, pace, start, results),
            daemon=True,
        )
        for n in range(desks)
    ]
    for process in processes:
        process.start()
    try:
        start.wait(timeout=300)
    except threading.BrokenBarrierError:
        failed: DeskResult = results.get(timeout=60)
        raise SystemExit(f"a desk could not start: {failed.messages}") from None
    began = time.perf_counter()
    url = engine.url.render_as_string(hide_password=False)
    with LockWatch(url) as watch:  # started after the forks: no thread is forked
        gathered = [results.get(timeout=seconds + 600) for _ in processes]
    elapsed = time.perf_counter() - began
    for process in processes:
        process.join()
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    errors: Counter[str] = Counter()
    messages: dict[str, str] = {}
    for desk in gathered:
        for kind in KINDS:
            times[kind].extend(desk.times[kind])
        errors.update(desk.errors)
        messages |= desk.messages
    # The desks stop at the first call they begin after `seconds`: count the time they took.
    calls = sum(d.calls for d in gathered)
    retries = sum(d.retries for d in gathered)
    return MixResult(
        desks, audited, max(seconds, elapsed), times, errors, calls, messages, watch.samples,
        retries,
    )  # fmt: skip


def run_pair(
    engine: Engine, desks: int, callers: list[Caller], seconds: float, pace: float = 0.0
) -> tuple[MixResult, MixResult]:
    """The mix audited and unaudited, `seconds` each, in halves: audited, unaudited,
    unaudited, audited. This machine's speed drifts within a minute (docs/performance.md),
    and a drift that steady slows or speeds both alike."""
    half = seconds / 2
    first = run_mix(engine, desks, callers, True, half, pace)
    bare = run_mix(engine, desks, callers, False, half, pace)
    bare += run_mix(engine, desks, callers, False, half, pace)
    return first + run_mix(engine, desks, callers, True, half, pace), bare


class LockWatch:
    """PostgreSQL: how many desks wait on a lock, sampled every 0.2 s while a mix runs.

    Each desk keeps to its own customers, so the waits are on rows every desk writes: the
    audit trail's (with the single chain head, its row). Nothing is sampled on SQLite.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> LockWatch:
        if self.url.startswith("postgresql"):
            self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _watch(self) -> None:
        engine = build_engine_for(self.url)
        waiting = (
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        try:
            # Autocommit: pg_stat_activity is read once per transaction.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                while not self._stop.wait(0.2):
                    self.samples.append(int(connection.exec_driver_sql(waiting).scalar() or 0))
        finally:
            engine.dispose()


# --- Databases ----------------------------------------------------------------------------


def _seed(url: str, customers: int) -> int:
    """Migrate and, on an empty database, load the demo customers; how many there are."""
    engine = build_engine_for(url)
    try:
        upgrade_to_head(engine)
        started = time.perf_counter()
        result = load_demo_data(uow_factory_for(engine), customers)
        if result.customers_added:
            took = time.perf_counter() - started
            print(f"  seeded {result.customers_added:,} customers in {took:.0f} s", file=sys.stderr)
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
        return result.customers_total
    finally:
        engine.dispose()


@contextmanager
def _postgres(url: str | None) -> Iterator[str]:
    """The database the desks use: `url` as given, or a fresh one on a throwaway server."""
    if url:
        yield url
        return
    from sqlalchemy import create_engine
    from tests.support.postgres import temporary_postgres

    with temporary_postgres() as admin_url:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql("CREATE DATABASE custinfo_desks")
        admin.dispose()
        yield admin_url.rsplit("/", 1)[0] + "/custinfo_desks"


@contextmanager
def _sqlite(path: Path | None) -> Iterator[str]:
    if path is not None:
        yield f"sqlite+pysqlite:///{path}"
        return
    with tempfile.TemporaryDirectory(prefix="custinfo-desks-") as folder:
        yield f"sqlite+pysqlite:///{Path(folder) / 'desks.db'}"


def _callers(total: int, wanted: int, seed: int = 17) -> list[Caller]:
    """`wanted` demo customers drawn at random from the `total` loaded, in random order."""
    rng = random.Random(seed)
    chosen = set(rng.sample(range(total), min(wanted, total)))
    people = islice(generate_customers(total), total)
    callers = [Caller.of(person) for index, person in enumerate(people) if index in chosen]
    rng.shuffle(callers)
    return callers


def _machine(url: str) -> str:
    """The cores the desks and the database share, and how busy they already were."""
    engine = build_engine_for(url)
    try:
        with engine.connect() as connection:
            server = (
                connection.exec_driver_sql("SHOW server_version").scalar()
                if engine.dialect.name == "postgresql"
                else connection.exec_driver_sql("SELECT sqlite_version()").scalar()
            )
    finally:
        engine.dispose()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return (
        f"{os.cpu_count()} cores shared by the desks and the database (load average before: "
        f"{load}); {engine.dialect.name} {server}, Python {sys.version.split()[0]}"
    )


# --- Report -------------------------------------------------------------------------------


def _print_pair(backend: str, audited: MixResult, bare: MixResult) -> None:
    ratio = audited.throughput / bare.throughput if bare.throughput else float("nan")
    print(
        f"\n{backend}, {counted(audited.desks, 'desk')}: "
        f"{audited.throughput:,.1f} actions/s audited, "
        f"{bare.throughput:,.1f} without audit writes: ratio {ratio:.2f} "
        f"({audited.calls:,} and {bare.calls:,} calls)"
    )
    print(f"  {'action':<7} {'n':>7} {'p50':>7} {'p95':>7}   {'n':>7} {'p50':>7} {'p95':>7}")
    for kind in KINDS:
        cells = []
        for mix in (audited, bare):
            cuts = mix.percentiles(kind)
            n = len(mix.times[kind])
            cells.append(
                f"{n:>7} {cuts[0]:7.1f} {cuts[1]:7.1f}" if cuts else f"{n:>7} {'-':>7} {'-':>7}"
            )
        print(f"  {kind:<7} {cells[0]}   {cells[1]}")
    for mix in (audited, bare):
        label = "audited" if mix.audited else "unaudited"
        if mix.lock_waits:
            mean = statistics.fmean(mix.lock_waits)
            print(
                f"  desks waiting on a lock ({label}): {mean:.1f} on average, "
                f"{max(mix.lock_waits)} at most, of {mix.desks}"
            )
    print(
        f"  calls run again because the database asked: {audited.retries} audited, "
        f"{bare.retries} unaudited"
    )
    for mix in (audited, bare):
        label = "audited" if mix.audited else "unaudited"
        if mix.errors:
            print(f"  errors ({label}):")
            for key, n in sorted(mix.errors.items()):
                print(f"    {key} x{n}: {mix.messages.get(key, '')}")
        else:
            print(f"  errors ({label}): none")


def _print_warm_up(first: DeskResult) -> None:
    """A console's first calls, alone on the machine: what the desks are spared."""
    if not first.calls:
        print("\nNo warm-up: every desk starts as a fresh console.")
        return
    cells = []
    for kind in KINDS:
        if samples := first.times[kind]:
            cells.append(f"{kind} {statistics.median(samples):.1f}/{max(samples):.1f}")
    print(
        f"\nWarm-up: one console took {first.calls} calls alone before the desks were forked "
        f"from it (p50/max ms: {', '.join(cells)}); errors: {sum(first.errors.values())}"
    )


def _print_targets(
    backend: str, pairs: dict[int, tuple[MixResult, MixResult]], pace: float = 0.0
) -> None:
    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    at = f" (desks at a pace of {pace:g} s an action)" if pace else ""
    print(f"\nTargets, {backend}{at}:")
    if 32 in pairs and pace:
        print(
            "  32 desks, audited/unaudited throughput >= 0.9: not judged at a pace (the "
            "throughput is what the desks asked for; run without --pace)"
        )
    elif 32 in pairs:
        audited, bare = pairs[32]
        ratio = audited.throughput / bare.throughput
        print(
            f"  32 desks, audited/unaudited throughput >= 0.9: {verdict(ratio >= 0.9)} "
            f"({ratio:.2f})"
        )
        per_half = min(audited.calls, bare.calls) / 32 / 2
        if per_half < FIRM_CALLS_PER_HALF:
            # Where each half's last calls fall moves a short mix's figure by about a tenth
            # (docs/performance.md, "Longer mixes say what the short ones scatter around").
            print(
                f"    (about {per_half:.0f} calls a desk in each half of a mix: the ratio "
                f"moves by about 0.1 from run to run; --seconds 60 gives a firmer figure)"
            )
    if backend == "PostgreSQL":
        _print_search_target(pairs, pace, verdict)
    errors = sum(sum(mix.errors.values()) for pair in pairs.values() for mix in pair)
    print(f"  no desk ever gets an error: {verdict(errors == 0)} ({errors} errors)")


def _print_search_target(
    pairs: dict[int, tuple[MixResult, MixResult]], pace: float, verdict: Callable[[bool], str]
) -> None:
    """A search's p95, audited, judged where it is what a handler waits for: at a handler's
    pace (every desk count), or flat out at one desk. Flat out at more desks, every desk
    process and the server share this machine's cores, so the figure is mostly the queue for
    a core (docs/performance.md, "Search p95 at many desks"): printed, not judged."""

    def p95(desks: int) -> float:
        return (pairs[desks][0].percentiles("search") or (0.0, 0.0))[1]

    judged = sorted(pairs) if pace else [desks for desks in pairs if desks == 1]
    if judged:
        worst = max(p95(desks) for desks in judged)
        where = "at a handler's pace, every desk count" if pace else "one desk, flat out"
        print(f"  search p95 < 25 ms ({where}): {verdict(worst < 25)} ({worst:.1f} ms)")
    if queued := [desks for desks in sorted(pairs) if desks not in judged]:
        figures = ", ".join(f"{desks} desks {p95(desks):.1f} ms" for desks in queued)
        print(
            f"  search p95 flat out ({figures}): not judged, the desks share the machine's "
            f"{os.cpu_count()} cores with the server (run --pace 2 for a handler's wait)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", default=",".join(map(str, DEFAULT_DESKS)))
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="per mix, after connecting")
    parser.add_argument("--backend", default="postgresql,sqlite")
    parser.add_argument("--url", help="a PostgreSQL database to use instead of a throwaway one")
    parser.add_argument("--db", type=Path, help="the SQLite file (default: a temporary one)")
    parser.add_argument(
        "--pace",
        type=float,
        default=0.0,
        help="a desk's mean wait before each action, in seconds (default 0: no wait)",
    )
    parser.add_argument(
        "--warm-up",
        type=int,
        default=WARM_UP_CALLS,
        help=f"calls one console takes before the desks are forked (default {WARM_UP_CALLS})",
    )
    args = parser.parse_args(argv)
    desk_counts = [int(n) for n in args.desks.split(",")]
    backends = args.backend.split(",")

    for backend in backends:
        if backend == "postgresql":
            name, database = "PostgreSQL", _postgres(args.url)
            counts = desk_counts
        elif backend == "sqlite":
            name, database = "SQLite", _sqlite(args.db)
            counts = [n for n in desk_counts if n <= SQLITE_MAX_DESKS]
        else:
            parser.error(f"unknown backend {backend!r}: postgresql or sqlite")
        if not counts:
            continue
        with database as url:
            total = _seed(url, args.customers)
            # The warm-up's callers are none of the desks'.
            callers = _callers(total, args.warm_up + CALLERS)
            warm_up, callers = callers[: args.warm_up], callers[args.warm_up :]
            pace = (
                f", a desk waits {args.pace:g} s on average before each action" if args.pace else ""
            )
            print(f"\n== {name}: {total:,} customers, {args.seconds:.0f} s per mix{pace} ==")
            print(_machine(url), flush=True)
            engine, first_calls = warmed_engine(url, warm_up)
            _print_warm_up(first_calls)
            pairs: dict[int, tuple[MixResult, MixResult]] = {}
            for desks in counts:
                audited, bare = run_pair(engine, desks, callers, args.seconds, args.pace)
                pairs[desks] = (audited, bare)
                _print_pair(name, audited, bare)
                sys.stdout.flush()
            engine.dispose()
            _print_targets(name, pairs, args.pace)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
