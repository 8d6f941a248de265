"""Killing a desk mid-save, and checking what a restarted console finds (issue 17, part 4).

A *desk* is a forked child of the test process: it inherits the imported code, the engine
(whose connections it replaces, `Engine.dispose(close=False)`) and the actors, so starting
one costs a fork, not an interpreter. It drives the same `ConsoleServices` facade the
console uses -- captures read back and confirmed, edits with a reason, merges -- and
writes one JSON line on a pipe *before* each save (`begin`) and one after the service
returned (`confirmed`), before going on. The parent kills it with SIGKILL at a random
moment, reads what it confirmed, and checks the database as a restarted console would
find it (`problems_after_restart`).

Everything random comes from one seed; every failure message carries it, and
CUSTINFO_CRASH_SEED replays it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, func, select, text

from custinfo_tui.domain.capture import (
    DEFAULT_CHANGE_REASONS,
    CapturePolicy,
    FieldEdit,
    NewCustomer,
    ReadBackConfirmation,
)
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.merging import MergeSide, MergeWarning
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.verification import Channel, VerificationPolicy
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.repository.errors import DatabaseUnavailable
from custinfo_tui.repository.orm import (
    Address,
    AuditEventRow,
    ContactPoint,
    Customer,
    FieldChange,
    Interaction,
)
from custinfo_tui.services.audit import verify_chain
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.errors import CustomerSavedAlready, ServiceError
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.edits import read_back_of

#: Every customer a desk captures has this family name; the given name is its token.
CRASH_FAMILY = "Crashtest"
REASON = AccessReason(reason="Customer wrote in", detail="crash test")
CHANGE_REASON = DEFAULT_CHANGE_REASONS[0]
MERGE_REASON = "Same person: captured twice"
WRAP_UP = WrapUpIn(enquiry_type="Billing question", outcome="resolved", notes="Bill explained")


def crash_seed() -> int:
    """CUSTINFO_CRASH_SEED when set (to replay a failure), else a fresh one."""
    given = os.environ.get("CUSTINFO_CRASH_SEED")
    return int(given) if given else random.SystemRandom().randrange(2**32)


def console_services(uow_factory: UnitOfWorkFactory) -> ConsoleServices:
    """The facade the console is handed, with the default policies."""
    return ConsoleServices(uow_factory, VerificationPolicy(), CapturePolicy(), ComplaintPolicy())


# --- the desk's work -----------------------------------------------------------------------


def _letters(number: int) -> str:
    """A name-like token for a number: 0 -> "Aa", 1 -> "Ab", ... (names take letters only)."""
    digits = ""
    while True:
        number, digit = divmod(number, 26)
        digits = chr(ord("a") + digit) + digits
        if number == 0:
            break
    return "A" + digits.rjust(2, "a")


@dataclass
class Work:
    """What one desk does, in an order drawn from its seed; `report` tells the parent."""

    services: ConsoleServices | Retrying
    agent: Actor
    supervisor: Actor
    rng: random.Random
    #: Customers the desk may edit (the demo records: never merged by it).
    editable: list[int]
    #: A number unique to this desk and round, so tokens never collide across rounds.
    prefix: int
    report: Callable[[dict[str, Any]], None]
    counter: int = 0

    def token(self) -> str:
        self.counter += 1
        return _letters(self.prefix * 1000 + self.counter)

    def operations(self) -> list[Callable[[], object]]:
        """What a desk does, as often as each is listed."""
        return [self.capture, self.edit, self.edit, self.merge, self.call]

    def forever(self) -> None:
        operations = self.operations()
        while True:
            self.rng.choice(operations)()

    def capture(self) -> int:
        token = self.token()
        values = {
            "given_name": token,
            "family_name": CRASH_FAMILY,
            "date_of_birth": f"{self.rng.randint(1, 28):02d}/0{self.rng.randint(1, 9)}/1970",
            "phone": f"07700 900{self.rng.randrange(1000):03d}",
            "email": f"{token.lower()}@example.com",
            "address_line1": f"{self.rng.randint(1, 99)} Crash Street",
            "town": "London",
            "postcode": "SE1 2QT",
        }
        # As the console does: the call is stored when it starts, before any detail.
        self.report({"begin": "new-call"})
        call = self.services.start_new_customer_call(self.agent, Channel.PHONE)
        self.report({"confirmed": "new-call", "interaction": call.interaction_id})
        new = NewCustomer(
            template="new_customer",
            values=values,
            enquiry_type="New account",
            consent=ConsentAnswers(),
            read_back=ReadBackConfirmation(confirmed=frozenset(values)),
            # Phones repeat: a strong match is expected now and then, and raises a queue item.
            different_person_reason="Crash test: a different person",
            interaction_id=call.interaction_id,
        )
        self.report({"begin": "capture"})
        try:
            customer_id = self.services.create_customer(self.agent, Channel.PHONE, new).customer_id
        except CustomerSavedAlready as saved:  # tried again after its commit's answer was lost
            customer_id = saved.customer_id
        self.report({"confirmed": "capture", "customer": customer_id, "token": token})
        return customer_id

    def edit(self) -> None:
        customer_id = self.rng.choice(self.editable)
        version = self.services.open_record(self.agent, customer_id, REASON).version
        key = self.rng.choice(["address_line1", "email"])
        token = self.token()
        value = f"{self.counter} {token} Road" if key == "address_line1" else f"{token}@example.com"
        self.report({"begin": "edit"})
        self.services.edit_customer(
            self.agent,
            customer_id,
            version,
            {key: FieldEdit(value=value, reason=CHANGE_REASON)},
            read_back_of(key),
        )
        stored = value.lower() if key == "email" else value
        self.report({"confirmed": "edit", "customer": customer_id, "field": key, "value": stored})

    def call(self) -> None:
        """A call about a customer: started, a note added, wrapped up (three saves)."""
        customer_id = self.rng.choice(self.editable)
        self.report({"begin": "call"})
        _record, state = self.services.start_call(self.agent, customer_id, Channel.PHONE)
        call = state.interaction_id
        self.report({"confirmed": "call", "interaction": call})
        self.report({"begin": "note"})
        self.services.add_note(self.agent, call, "Asked about the last bill")
        self.report({"confirmed": "note", "interaction": call})
        self.report({"begin": "wrap-up"})
        self.services.wrap_up(self.agent, call, WRAP_UP)
        self.report({"confirmed": "wrap-up", "interaction": call})

    def merge(self) -> None:
        survivor, other = self.capture(), self.capture()
        choices = {"email": MergeSide.OTHER} if self.rng.random() < 0.5 else {}
        self.report({"begin": "merge"})
        # Two captures of random names and birthdays: two people, confirmed as such.
        confirmed = (MergeWarning.TWO_PEOPLE,)
        self.services.merge_records(
            self.supervisor, survivor, other, choices, MERGE_REASON, confirmed=confirmed
        )
        self.report({"confirmed": "merge", "survivor": survivor, "other": other})


# --- forking and killing -------------------------------------------------------------------


@dataclass
class Round:
    """What a killed desk told its parent."""

    confirmed: list[dict[str, Any]] = field(default_factory=list)
    #: The desk was inside a save (after `begin`, before `confirmed`) when it was killed.
    mid_save: bool = False
    #: The desk never got as far as its first save.
    idle: bool = True
    #: Exceptions the desk's work raised (it stops at the first).
    errors: list[str] = field(default_factory=list)


def desk_killed_after(
    engine: Engine,
    work: Callable[[Callable[[dict[str, Any]], None]], None],
    delay: float,
    *,
    after_confirmed: int = 0,
) -> Round:
    """Fork a desk running `work(report)` on `engine`, kill it (SIGKILL) `delay` seconds
    after it is ready (and has confirmed `after_confirmed` saves), and return what it
    reported. The parent's connections are closed first: a connection must never be used
    on both sides of a fork."""
    engine.dispose()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the desk
        try:
            os.close(read_end)
            engine.dispose(close=False)

            def report(message: dict[str, Any]) -> None:
                os.write(write_end, (json.dumps(message) + "\n").encode())

            report({"ready": True})
            work(report)
        except Exception as error:  # a desk's own failure, told to the parent
            report({"error": f"{type(error).__name__}: {error}"})
        finally:
            os._exit(0)
    os.close(write_end)
    messages: list[dict[str, Any]] = []
    with os.fdopen(read_end, "rb") as pipe:
        try:
            while True:
                line = pipe.readline()
                if not line:
                    break
                messages.append(json.loads(line))
                confirmed = sum("confirmed" in m for m in messages)
                if messages[0].get("ready") and confirmed >= after_confirmed:
                    break
            time.sleep(delay)
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        messages += [json.loads(line) for line in pipe.read().splitlines() if line]
    said = [m for m in messages if "ready" not in m]
    errors = [m["error"] for m in said if "error" in m]
    return Round(
        errors=errors,
        confirmed=[m for m in said if "confirmed" in m],
        mid_save=bool(said) and "begin" in said[-1],
        idle=not said,
    )


# --- what a restarted console must find ----------------------------------------------------


def problems_after_restart(
    engine: Engine,
    uow_factory: UnitOfWorkFactory,
    confirmed: list[dict[str, Any]],
    first_interaction: int,
) -> list[str]:
    """Everything wrong with the database after a desk died: [] when all holds.

    - the file is sound (SQLite's integrity check) and `audit verify` passes;
    - every save the desk confirmed is stored (no lost confirmed save);
    - no partial record: each captured customer whole (interaction, contact points,
      address, its event), each record's field history matching its audited changes,
      each merge whole (status, link, moved rows and both events) or not there at all;
      each call since `first_interaction` started, ended and wrapped up with its events.
    """
    problems: list[str] = []
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            result = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
        if result != "ok":
            problems.append(f"integrity_check: {result}")
    report = verify_chain(uow_factory())
    if not report.ok:
        problems.append(f"audit verify: {report.explanation}")
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        problems += _lost_saves(session, confirmed)
        problems += _partial_captures(session)
        problems += _partial_edits(session)
        problems += _partial_merges(session)
        problems += _partial_calls(session, first_interaction)
    return problems


def _lost_saves(session: Any, confirmed: list[dict[str, Any]]) -> Iterator[str]:
    for save in confirmed:
        if save["confirmed"] == "capture":
            customer = session.get(Customer, save["customer"])
            if customer is None or customer.given_name != save["token"]:
                yield f"confirmed capture lost: {save}"
        elif save["confirmed"] == "edit":
            stored = session.scalar(
                select(func.count(FieldChange.id)).where(
                    FieldChange.customer_id == save["customer"],
                    FieldChange.field == save["field"],
                    FieldChange.new_value == save["value"],
                )
            )
            if not stored:
                yield f"confirmed edit lost: {save}"
        elif save["confirmed"] in ("call", "new-call", "wrap-up"):
            interaction = session.get(Interaction, save["interaction"])
            if interaction is None or (
                save["confirmed"] == "wrap-up" and interaction.wrapped_up_at is None
            ):
                yield f"confirmed {save['confirmed']} lost: {save}"
        elif save["confirmed"] == "note":
            noted = session.scalar(
                select(func.count(AuditEventRow.id)).where(
                    AuditEventRow.action == AuditAction.NOTE_ADDED.value,
                    AuditEventRow.interaction_id == save["interaction"],
                )
            )
            if not noted:
                yield f"confirmed note lost: {save}"
        else:
            other = session.get(Customer, save["other"])
            if other is None or other.merged_into_id != save["survivor"]:
                yield f"confirmed merge lost: {save}"


def _count_by_customer(session: Any, statement: Any) -> Counter[int]:
    return Counter({row[0]: int(row[1]) for row in session.execute(statement)})


def _partial_captures(session: Any) -> Iterator[str]:
    """Each captured customer whole: one `customer.created` event naming its wrapped-up
    interaction, its phone and e-mail, its current address; and no capture's interaction
    without its event. (A merge moves the other record's interaction, contact points and
    addresses to the survivor, so a merged record holds none of them.)"""
    captured = {
        row[0]: row[1] == CustomerStatus.MERGED
        for row in session.execute(
            select(Customer.id, Customer.status).where(Customer.family_name == CRASH_FAMILY)
        )
    }
    ids = list(captured)
    created: dict[int, list[int | None]] = {customer_id: [] for customer_id in ids}
    for customer_id, interaction_id in session.execute(
        select(AuditEventRow.customer_id, AuditEventRow.interaction_id)
        .where(AuditEventRow.action == AuditAction.CUSTOMER_CREATED.value)
        .where(AuditEventRow.customer_id.in_(ids))
    ):
        created[customer_id].append(interaction_id)
    calls = set(
        session.scalars(
            select(Interaction.id)
            .where(Interaction.customer_id.in_(ids), Interaction.outcome == "customer created")
            .where(Interaction.wrapped_up_at.is_not(None))
        )
    )
    contacts = _count_by_customer(
        session,
        select(ContactPoint.customer_id, func.count())
        .where(ContactPoint.customer_id.in_(ids))
        .group_by(ContactPoint.customer_id),
    )
    addresses = _count_by_customer(
        session,
        select(Address.customer_id, func.count())
        .where(Address.customer_id.in_(ids), Address.is_current.is_(True))
        .group_by(Address.customer_id),
    )
    for customer_id, merged in captured.items():
        whole = (
            len(created[customer_id]) == 1
            and created[customer_id][0] in calls
            and (contacts[customer_id] == 0 if merged else contacts[customer_id] >= 2)
            and addresses[customer_id] == (0 if merged else 1)
        )
        if not whole:
            yield (
                f"partial capture: customer {customer_id} has created events for calls "
                f"{created[customer_id]}, {contacts[customer_id]} contact points, "
                f"{addresses[customer_id]} current addresses"
            )
    audited = {i for interactions in created.values() for i in interactions}
    for interaction_id in sorted(calls - audited):
        yield f"partial capture: interaction {interaction_id} has no customer.created event"


def _partial_edits(session: Any) -> Iterator[str]:
    """Each record's field history holds exactly one row per field its `customer.updated`
    and `customer.merged` events name: a change and its audit event commit together."""
    changes = _count_by_customer(
        session,
        select(FieldChange.customer_id, func.count()).group_by(FieldChange.customer_id),
    )
    audited: Counter[int] = Counter()
    events = session.execute(
        select(AuditEventRow.customer_id, AuditEventRow.fields).where(
            AuditEventRow.action.in_(
                [AuditAction.CUSTOMER_UPDATED.value, AuditAction.CUSTOMER_MERGED.value]
            )
        )
    )
    for customer_id, fields in events:
        audited[customer_id] += len(fields or [])
    for customer_id in set(changes) | set(audited):
        if changes[customer_id] != audited[customer_id]:
            yield (
                f"partial edit: customer {customer_id} has {changes[customer_id]} field "
                f"changes for {audited[customer_id]} audited"
            )


def _partial_calls(session: Any, first_interaction: int) -> Iterator[str]:
    """Each interaction since `first_interaction` has its one `interaction.started` event
    (a capture's when the call started, about no one), is filed under a customer exactly
    when a capture saved one (`interaction.filed`, at the save), is ended exactly when it
    has an `interaction.ended` event, and wrapped up exactly when it has an
    `interaction.wrapped_up` event (a capture is its own wrap-up, without one). One left
    open or not wrapped up is what the operator's calls to finish list: a capture's call
    killed before the save among them, about no one."""
    events: dict[str, Counter[int]] = {}
    for action in ("STARTED", "FILED", "ENDED", "WRAPPED_UP"):
        events[action] = Counter(
            {
                row[0]: int(row[1])
                for row in session.execute(
                    select(AuditEventRow.interaction_id, func.count())
                    .where(AuditEventRow.action == AuditAction[f"INTERACTION_{action}"].value)
                    .where(AuditEventRow.interaction_id > first_interaction)
                    .group_by(AuditEventRow.interaction_id)
                )
            }
        )
    calls = session.execute(
        select(
            Interaction.id, Interaction.ended_at, Interaction.wrapped_up_at, Interaction.outcome
        ).where(Interaction.id > first_interaction)
    )
    for call, ended_at, wrapped_up_at, outcome in calls:
        captured = outcome == "customer created"
        whole = (
            events["STARTED"][call] == 1
            and events["FILED"][call] == captured
            and events["ENDED"][call] == (ended_at is not None)
            and events["WRAPPED_UP"][call] == (wrapped_up_at is not None and not captured)
        )
        if not whole:
            counts = {action: events[action][call] for action in events}
            yield f"partial call: interaction {call} ended {ended_at is not None}, {counts}"


def _partial_merges(session: Any) -> Iterator[str]:
    merged_into = _count_by_customer(
        session,
        select(AuditEventRow.customer_id, func.count())
        .where(AuditEventRow.action == AuditAction.CUSTOMER_MERGED_INTO.value)
        .group_by(AuditEventRow.customer_id),
    )
    survivors = Counter(
        int(details["merged_id"])
        for details in session.scalars(
            select(AuditEventRow.details).where(
                AuditEventRow.action == AuditAction.CUSTOMER_MERGED.value
            )
        )
    )
    merged = list(
        session.execute(
            select(Customer.id, Customer.merged_into_id).where(
                Customer.status == CustomerStatus.MERGED
            )
        )
    )
    for customer_id, into in merged:
        if into is None or merged_into[customer_id] != 1 or survivors[customer_id] != 1:
            yield f"partial merge: customer {customer_id} merged without its link or events"
    merged_ids = {row[0] for row in merged}
    for customer_id in (set(merged_into) | set(survivors)) - merged_ids:
        yield f"partial merge: customer {customer_id} has merge events but is not merged"


def last_interaction(engine: Engine) -> int:
    """The newest interaction's id (0 for none): the checks look at those after it."""
    with engine.connect() as connection:
        newest = connection.execute(text("SELECT max(id) FROM interactions")).scalar()
    return int(newest or 0)


# --- a database server restarted under desks -----------------------------------------------


@dataclass
class Retrying:
    """The console's services as a handler uses them when the database goes away: a save
    that fails with `DatabaseNotAnswering` (a `StorageError` the screens show as a
    message) is tried again until it goes through.

    A retried edit or merge may find its first try had committed before the server died
    (the error came after the commit): the service then refuses it as a conflict or as
    already merged, and that counts as done; the checks afterwards look for it.
    """

    services: ConsoleServices
    interrupted: list[str] = field(default_factory=list)
    #: Retries refused because the interrupted try had committed.
    landed: list[str] = field(default_factory=list)
    patience: float = 60.0

    def __getattr__(self, name: str) -> Any:
        call = getattr(self.services, name)

        def retrying(*args: Any, **kwargs: Any) -> Any:
            deadline = time.monotonic() + self.patience
            tried = False
            while True:
                try:
                    return call(*args, **kwargs)
                except DatabaseUnavailable as error:
                    # The handler's message, which the screens show (not a crash report).
                    if not isinstance(error, ServiceError) or time.monotonic() > deadline:
                        raise
                    self.interrupted.append(f"{name}: {error}")
                    tried = True
                    time.sleep(0.05)
                except ServiceError:
                    if not tried or name not in ("edit_customer", "merge_records", "wrap_up"):
                        raise
                    self.landed.append(name)
                    return None

        return retrying
