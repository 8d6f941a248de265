"""Crash safety (issue 17, part 4): desks killed with SIGKILL mid-save and mid-merge, and
what the restarted console finds. docs/crash-safety.md says what is guaranteed."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.capture import (
    DEFAULT_CHANGE_REASONS,
    FieldEdit,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.verification import Channel
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.errors import DatabaseUnavailable
from custinfo_tui.repository.migrate import upgrade_to_head
from custinfo_tui.services.demo import load_demo_data
from custinfo_tui.services.errors import EditConflict, ServiceError
from custinfo_tui.services.outages import DatabaseNotAnswering
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.tui.service_calls import attempt
from tests.support.actors import actor_for
from tests.support.crash import (
    REASON,
    Retrying,
    Work,
    console_services,
    crash_seed,
    desk_killed_after,
    last_interaction,
    problems_after_restart,
)
from tests.support.edits import read_back_of
from tests.support.postgres import PostgresServer, PostgresUnavailable, private_postgres

#: A demo customer the desks call about.
CUSTOMER = 1
#: Kills per database, and the longest a desk works before it is killed (seconds): a
#: kill and its checks cost a few hundredths of a second. `audit verify` walks the whole
#: trail after every kill, so the kills are spread over several fresh databases.
#: CUSTINFO_CRASH_SCALE=10 kills ten times as often, for a longer soak by hand.
SCALE = int(os.environ.get("CUSTINFO_CRASH_SCALE", "1"))
KILLS = {"sqlite": 50 * SCALE, "sqlcipher": 30 * SCALE, "postgresql": 30 * SCALE}
LONGEST_WORK = {"sqlite": 0.06, "sqlcipher": 0.06, "postgresql": 0.12}
#: (backend, batch): each a fresh copy of the demo database.
DATABASES = [
    ("sqlite", 0),
    ("sqlite", 1),
    pytest.param(("sqlcipher", 0), marks=pytest.mark.sqlcipher),
    pytest.param(("postgresql", 0), marks=pytest.mark.postgres),
]
_FIXTURE_PREFIX = {"sqlite": "sqlite", "sqlcipher": "sqlcipher", "postgresql": "postgres"}


@pytest.fixture(params=DATABASES, ids=lambda database: f"{database[0]}-{database[1]}")
def crash_database(request: pytest.FixtureRequest) -> Iterator[tuple[Engine, int]]:
    """An engine on a fresh copy of the demo database, and the batch's number."""
    backend, batch = request.param
    engine = build_engine(str(request.getfixturevalue(f"{_FIXTURE_PREFIX[backend]}_demo_url")))
    yield engine, batch
    engine.dispose()


def crash_backend(engine: Engine) -> str:
    return "sqlcipher" if "sqlcipher" in engine.url.drivername else engine.dialect.name


def _work(
    uow_factory: UnitOfWorkFactory, agent: Actor, supervisor: Actor, seed: str, prefix: int
) -> Work:
    """A desk's work; `prefix` keeps its customers' tokens apart from every other desk's."""
    return Work(
        services=console_services(uow_factory),
        agent=agent,
        supervisor=supervisor,
        rng=random.Random(seed),
        editable=list(range(1, 41)),
        prefix=prefix,
        report=lambda message: None,
    )


def test_a_desk_killed_mid_save_leaves_no_partial_record_and_loses_no_confirmed_save(
    crash_database: tuple[Engine, int],
) -> None:
    demo_engine, batch = crash_database
    seed = crash_seed()
    uow_factory = uow_factory_for(demo_engine)
    agent = actor_for(uow_factory, "agent")
    supervisor = actor_for(uow_factory, "supervisor")
    # The first work runs here, untouched: every statement is compiled once, in the parent.
    warm = _work(uow_factory, agent, supervisor, f"{seed}:{batch}:warm", 0)
    warm.merge()
    warm.edit()
    warm.call()
    first_interaction = last_interaction(demo_engine)
    rng = random.Random(f"{seed}:{batch}")
    confirmed: list[dict[str, Any]] = []
    mid_save = 0
    backend = crash_backend(demo_engine)
    kills, longest = KILLS[backend], LONGEST_WORK[backend]
    started = time.perf_counter()
    for kill in range(kills):
        work = _work(uow_factory, agent, supervisor, f"{seed}:{batch}:{kill}", kill + 1)

        def run(report: Any, work: Work = work) -> None:
            work.report = report
            # A forked desk's first save is slow (every page it touches is copied): kill
            # it in the saves after that one, which run at a console's own pace.
            work.capture()
            work.forever()

        delay = rng.uniform(0.0, longest)
        killed = desk_killed_after(demo_engine, run, delay, after_confirmed=1)
        assert not killed.errors, f"kill {kill} (CUSTINFO_CRASH_SEED={seed}): {killed.errors}"
        confirmed += killed.confirmed
        mid_save += killed.mid_save
        problems = problems_after_restart(demo_engine, uow_factory, confirmed, first_interaction)
        assert not problems, f"after kill {kill} (CUSTINFO_CRASH_SEED={seed}): {problems}"
    elapsed = time.perf_counter() - started
    print(f"{kills} kills ({mid_save} mid-save), {len(confirmed)} saves in {elapsed:.1f} s")
    # The kills must land inside saves, or the test proves nothing.
    assert mid_save >= kills // 2, f"{mid_save} kills mid-save (CUSTINFO_CRASH_SEED={seed})"
    assert len(confirmed) >= kills // 2, f"too few saves (CUSTINFO_CRASH_SEED={seed})"


def test_a_sqlite_commit_returns_only_once_it_is_on_disk(sqlite_url: str) -> None:
    """Killing the console loses nothing committed in either mode; `synchronous=FULL` keeps
    a confirmed save through a power cut too, where NORMAL would lose the saves since
    the last checkpoint (docs/crash-safety.md)."""
    engine = build_engine(sqlite_url)
    with engine.connect() as connection:
        synchronous = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    engine.dispose()
    assert (synchronous, journal) == (2, "wal")  # 2 is FULL


def test_a_save_tried_again_after_its_commit_was_lost_is_no_conflict(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    """The server committed the save but died before answering: the console was told it
    failed, and the handler saves again from the same version. The record already holds
    their values, so they are told so, not shown a conflict with themselves."""
    agent = actor_for(demo_uow_factory, "agent")
    services = console_services(demo_uow_factory)
    version = services.open_record(agent, CUSTOMER, REASON).version
    edit = {"town": FieldEdit(value="York", reason=DEFAULT_CHANGE_REASONS[0])}
    read_back = read_back_of(*edit)
    services.edit_customer(agent, CUSTOMER, version, edit, read_back)  # "failed"

    with pytest.raises(ServiceError, match="already held") as refused:
        services.edit_customer(agent, CUSTOMER, version, edit, read_back)
    assert not isinstance(refused.value, EditConflict)
    after = services.open_record(agent, CUSTOMER, REASON)
    assert after.version == version + 1
    assert [change.new_value for change in after.changes].count("York") == 1  # saved once


def test_a_call_open_when_its_console_was_killed_waits_as_a_call_to_finish(
    demo_database_url: str,
) -> None:
    """Killed mid-call, the console never ended the interaction: at the operator's next
    login it is among their calls to finish as never ended, the supervisors' count shows
    it, and wrapping it up ends it then."""
    engine = build_engine(demo_database_url)
    demo_uow_factory = uow_factory_for(engine)
    agent = actor_for(demo_uow_factory, "agent")
    supervisor = actor_for(demo_uow_factory, "supervisor")
    services = console_services(demo_uow_factory)

    def in_a_call(report: Any) -> None:
        _record, state = services.start_call(agent, CUSTOMER, Channel.PHONE)
        services.add_note(agent, state.interaction_id, "Asked about the last bill")
        report({"confirmed": "call", "interaction": state.interaction_id})
        time.sleep(60)  # the handler is talking; the console dies here

    [call] = desk_killed_after(engine, in_a_call, 0.0, after_confirmed=1).confirmed
    before = {o.operator: o.count for o in services.open_wrap_ups(supervisor)}

    agent = actor_for(demo_uow_factory, "agent")  # logged in again: a new console session
    to_finish = {c.interaction_id: c for c in services.calls_to_finish(agent)}
    left = to_finish[call["interaction"]]
    assert left.still_open
    assert left.notes == "Asked about the last bill"
    assert before["agent"] >= 1
    services.wrap_up(
        agent,
        left.interaction_id,
        WrapUpIn(enquiry_type="Billing question", outcome="resolved", notes="Bill explained"),
    )
    assert left.interaction_id not in {c.interaction_id for c in services.calls_to_finish(agent)}
    with demo_uow_factory() as uow:
        actions = [
            event.action
            for event in uow.audit.list_recent(limit=5)
            if event.interaction_id == left.interaction_id
        ]
    engine.dispose()
    assert actions[:2] == [AuditAction.INTERACTION_WRAPPED_UP, AuditAction.INTERACTION_ENDED]


def test_a_new_customers_call_killed_on_the_form_waits_as_a_call_to_finish(
    demo_database_url: str,
) -> None:
    """Found by an administrator: a console killed on the capture form (or the read-back)
    left nothing of the call. Its call was stored when it started, about no one: it is
    among the operator's calls to finish as never ended, in the supervisors' count, and
    wrapping it up ends it then; nothing about the person was stored."""
    engine = build_engine(demo_database_url)
    demo_uow_factory = uow_factory_for(engine)
    agent = actor_for(demo_uow_factory, "agent")
    supervisor = actor_for(demo_uow_factory, "supervisor")
    services = console_services(demo_uow_factory)
    with demo_uow_factory() as uow:
        customers = len(uow.audit.list_recent(action=AuditAction.CUSTOMER_CREATED.value))

    def on_the_form(report: Any) -> None:
        call = services.start_new_customer_call(agent, Channel.PHONE)
        services.find_duplicates(agent, {"given_name": "Grace", "family_name": "Hopper"})
        report({"confirmed": "new-call", "interaction": call.interaction_id})
        time.sleep(60)  # the details are being typed; the console dies here

    [call] = desk_killed_after(engine, on_the_form, 0.0, after_confirmed=1).confirmed
    before = {o.operator: (o.count, o.not_ended) for o in services.open_wrap_ups(supervisor)}

    agent = actor_for(demo_uow_factory, "agent")  # logged in again: a new console session
    to_finish = {c.interaction_id: c for c in services.calls_to_finish(agent)}
    left = to_finish[call["interaction"]]
    assert left.still_open and left.customer_reference is None
    assert left.customer_cell == "new customer, not saved"
    assert before["agent"] >= (1, 1)
    services.wrap_up(
        agent, left.interaction_id, WrapUpIn(enquiry_type="New account", outcome="no_action")
    )
    assert left.interaction_id not in {c.interaction_id for c in services.calls_to_finish(agent)}
    with demo_uow_factory() as uow:
        actions = [event.action for event in uow.audit.for_interaction(left.interaction_id)]
        created = len(uow.audit.list_recent(action=AuditAction.CUSTOMER_CREATED.value))
    engine.dispose()
    assert actions == [
        AuditAction.INTERACTION_STARTED,
        AuditAction.INTERACTION_ENDED,
        AuditAction.INTERACTION_WRAPPED_UP,
    ]
    assert created == customers


def test_a_database_that_does_not_answer_is_told_to_the_handler_not_reported_as_a_crash() -> None:
    """Nothing listens on port 1: every call fails to connect, as during a server restart.
    The screen's `attempt` shows the service's own message, with no error reference."""
    engine = build_engine("postgresql+psycopg://custinfo@127.0.0.1:1/custinfo")
    services = console_services(uow_factory_for(engine))
    agent = Actor(
        operator_id=1,
        username="agent",
        display_name="Agent",
        role=Role.AGENT,
        console_session="00000000-0000-0000-0000-000000000001",
    )
    with pytest.raises(DatabaseUnavailable):  # a StorageError, for callers that retry
        services.open_record(agent, CUSTOMER, REASON)
    shown = attempt("open the record", services.open_record, agent, CUSTOMER, REASON)
    engine.dispose()
    assert shown.error is not None and shown.error.startswith("The database did not answer.")
    assert "error reference" not in shown.error
    assert isinstance(shown.refusal, DatabaseNotAnswering)


@pytest.mark.postgres
def test_desks_saving_through_a_postgresql_crash_and_restart_lose_nothing_and_carry_on() -> None:
    """The server is stopped as a crash would (`-m immediate`) while three desks save, and
    started again. A save it interrupts fails as a StorageError whose message the console
    shows (`DatabaseNotAnswering`), and trying it again succeeds; no confirmed save is
    lost and no record is left half written."""
    seed = crash_seed()
    try:
        server_context = private_postgres()
        server = server_context.__enter__()
    except PostgresUnavailable as reason:
        pytest.skip(f"PostgreSQL not available: {reason}")
    try:
        _desks_through_restarts(server, seed)
    finally:
        server_context.__exit__(None, None, None)


def _desks_through_restarts(server: PostgresServer, seed: int) -> None:
    admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text('CREATE DATABASE "crash"'))
    admin.dispose()
    engine = build_engine(make_url(server.url).set(database="crash").render_as_string(False))
    try:
        upgrade_to_head(engine)
        uow_factory = uow_factory_for(engine)
        load_demo_data(uow_factory, 40)
        first_interaction = last_interaction(engine)
        agent = actor_for(uow_factory, "agent")
        supervisor = actor_for(uow_factory, "supervisor")
        services = Retrying(console_services(uow_factory))
        confirmed: list[dict[str, Any]] = []
        errors: list[str] = []
        stop = threading.Event()

        def desk(number: int) -> None:
            work = Work(
                services=services,
                agent=agent,
                supervisor=supervisor,
                rng=random.Random(f"{seed}:{number}"),
                editable=list(range(number * 10 + 1, number * 10 + 11)),
                prefix=number + 1,
                report=lambda message: (
                    confirmed.append(message) if "confirmed" in message else None
                ),
            )
            operations = work.operations()
            try:
                while not stop.is_set():
                    work.rng.choice(operations)()
            except Exception as error:  # told to the test, which fails on it
                errors.append(f"desk {number}: {type(error).__name__}: {error}")

        desks = [threading.Thread(target=desk, args=(n,)) for n in range(3)]
        for thread in desks:
            thread.start()
        try:
            for _restart in range(3):
                _wait_for_saves(confirmed, errors, 6)
                server.stop_immediately()
                time.sleep(0.2)
                server.start()
                # The console's next action works at the first try: the pool's dead
                # connections are found by pool_pre_ping and replaced.
                assert console_services(uow_factory).open_record(agent, CUSTOMER, REASON)
            _wait_for_saves(confirmed, errors, 6)  # the desks carry on after the last
        finally:
            stop.set()
            for thread in desks:
                thread.join()
        context = f"(CUSTINFO_CRASH_SEED={seed})"
        assert not errors, f"{errors} {context}"
        assert services.interrupted, f"no save was interrupted by the restarts {context}"
        assert all("The database did not answer." in what for what in services.interrupted)
        problems = problems_after_restart(engine, uow_factory, confirmed, first_interaction)
        assert not problems, f"{problems} {context}"
        print(
            f"{len(confirmed)} saves, {len(services.interrupted)} interrupted tries, "
            f"{len(services.landed)} interrupted after their commit"
        )
    finally:
        engine.dispose()


def _wait_for_saves(confirmed: list[dict[str, Any]], errors: list[str], count: int) -> None:
    """Until the desks have confirmed `count` more saves (or one failed)."""
    target = len(confirmed) + count
    deadline = time.monotonic() + 60
    while len(confirmed) < target and not errors and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(confirmed) >= target or errors, "the desks stopped saving"


@pytest.mark.postgres
def test_a_desk_frozen_inside_a_transaction_does_not_hold_the_others_for_ever(
    postgres_url: str,
) -> None:
    """Found with two desks: while one session held the audit chain head's lock and went
    quiet (a desk suspended mid-save), every other desk's audited work waited on it with no
    end. PostgreSQL now ends such a session after a set time; the others then go on."""
    frozen = build_engine(postgres_url, idle_in_transaction_seconds=0.5)
    other = build_engine(postgres_url)
    try:
        with frozen.connect() as stuck, other.connect() as desk:
            stuck.execute(text("SELECT id FROM audit_chain_head FOR UPDATE"))
            time.sleep(1.5)  # the frozen desk sends nothing more
            # The lock went with the ended session: this would otherwise wait for ever.
            desk.execute(text("SET lock_timeout = '5s'"))
            desk.execute(text("SELECT id FROM audit_chain_head FOR UPDATE"))
            desk.rollback()
            with pytest.raises(Exception, match=r"idle-in-transaction timeout|terminat|closed"):
                stuck.execute(text("SELECT 1"))
    finally:
        frozen.dispose()
        other.dispose()
