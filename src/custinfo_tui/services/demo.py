"""Loading the fictitious demo data set and one demo operator per role."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from custinfo_tui.domain.answers import normalise_security_answer
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.names import name_key
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.text import fold_for_search
from custinfo_tui.repository.orm import Representative
from custinfo_tui.services import audit
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS, DemoCustomer, generate_customers
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.operators import create_operator
from custinfo_tui.services.passwords import hash_secret
from custinfo_tui.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

DEFAULT_DEMO_CUSTOMERS = 2_000
MAX_DEMO_CUSTOMERS = 1_000_000
BATCH_SIZE = 10_000


@dataclass(frozen=True)
class DemoOperator:
    username: str
    display_name: str
    role: Role
    password: str


#: Printed by `custinfo demo` and listed in the README. Demo databases only.
DEMO_OPERATORS: tuple[DemoOperator, ...] = (
    DemoOperator("agent", "Alex Agent", Role.AGENT, "agent-demo-2026"),
    DemoOperator("supervisor", "Sam Supervisor", Role.SUPERVISOR, "supervisor-demo-2026"),
    DemoOperator("trainer", "Terry Trainer", Role.TRAINER, "trainer-demo-2026"),
    DemoOperator("dpo", "Dana Protection", Role.DPO, "dpo-demo-2026-pass"),
    DemoOperator("admin", "Ash Admin", Role.ADMIN, "admin-demo-2026"),
)


@dataclass(frozen=True)
class DemoLoadResult:
    customers_added: int
    customers_total: int
    #: The demo operators created now, with their published passwords; the others of
    #: DEMO_OPERATORS were there already and keep whatever password they have.
    operators_added: tuple[str, ...]
    #: Loaded, as asked, into a database that is not a demo database.
    into_real_database: bool = False


class NotADemoDatabase(ServiceError):
    """The demo refused a database it did not build: it would put operators whose
    passwords are published (README) into a database with real operators or customers."""


def why_not_a_demo_database(uow_factory: UnitOfWorkFactory) -> str | None:
    """Why the demo may not load into this database unasked; None when it is empty or the
    demo built it.

    Told from the audit trail: `custinfo init` records its first administrator (created by
    the system, `first` in its details), the demo its operators (created by the system) and
    its customers. Reads only what the first schema had, so it can run before migrating.
    """
    uow = uow_factory()
    with uow:
        operators = uow.operators.count()
        customers = uow.customers.count()
        if not operators and not customers:
            return None
        events = uow.demo_loader.system_events(
            (AuditAction.OPERATOR_CREATED, AuditAction.DEMO_DATA_LOADED)
        )
    if any(
        action == AuditAction.OPERATOR_CREATED and details.get("first")
        for action, details in events
    ):
        return "`custinfo init` created its administrator"
    if any(details.get("into_real_database") for _, details in events):
        return "it held operators or customers of its own when demo data was put into it"
    if not events:
        held = " and ".join(
            what for what, count in (("operators", operators), ("customers", customers)) if count
        )
        return f"it holds {held} that `custinfo demo` did not put there"
    return None


def load_demo_data(
    uow_factory: UnitOfWorkFactory,
    customers: int = DEFAULT_DEMO_CUSTOMERS,
    *,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
    into_real_database: bool = False,
) -> DemoLoadResult:
    """Create the demo operators that are missing and, on a database without customers,
    the demo customers.

    Only into an empty database or one the demo built (`why_not_a_demo_database`), unless
    `into_real_database`: otherwise `NotADemoDatabase`, with nothing written. Customers go
    in batches of 10,000 rows, each batch its own transaction, so a million customers load
    in about a minute without holding one huge transaction.
    """
    if not 0 <= customers <= MAX_DEMO_CUSTOMERS:
        raise ServiceError(f"Choose between 0 and {MAX_DEMO_CUSTOMERS:,} demo customers.")
    refusal = why_not_a_demo_database(uow_factory)
    if refusal and not into_real_database:
        raise NotADemoDatabase(f"This is not a demo database: {refusal}.")
    real = refusal is not None
    operators_added = _add_missing_operators(uow_factory)
    # The trail says who put published passwords into a real database, and when.
    loaded: dict[str, Any] = {}
    if real:
        loaded = {"into_real_database": True, "operators": list(operators_added)}
    uow = uow_factory()
    with uow:
        existing = uow.customers.count()
        next_id = uow.demo_loader.max_customer_id() + 1
    if existing or not customers:
        if real and operators_added:
            with uow:
                details = {"customers": 0, **loaded}
                audit.record(uow, None, AuditAction.DEMO_DATA_LOADED, details=details)
                uow.commit()
        return DemoLoadResult(0, existing, operators_added, real)

    added = 0
    people = generate_customers(customers, seed=seed)
    while batch := list(islice(people, BATCH_SIZE)):
        with uow:
            uow.demo_loader.insert_customers(*_rows_for(batch, next_id + added))
            uow.customers.add_name_terms(_name_terms(batch))
            added += len(batch)
            if added == customers:
                uow.demo_loader.resync_id_sequences()
                if customers >= len(NAMED_CUSTOMERS):
                    _add_demo_verification(uow, next_id)
                details = {"customers": added, **loaded}
                audit.record(uow, None, AuditAction.DEMO_DATA_LOADED, details=details)
            uow.commit()
        if progress:
            progress(added)
    return DemoLoadResult(added, added, operators_added, real)


@dataclass(frozen=True)
class DemoRepresentative:
    customer: int  # position in NAMED_CUSTOMERS
    given_name: str
    family_name: str
    relationship: str
    authority: str
    scope: tuple[str, ...]
    date_of_birth: date
    postcode: str
    phone: str
    security: tuple[str, str] | None


#: Security questions and answers of named customers (position -> (question, answer)).
#: Siobhán O'Neill-Ní Bhriain has none, so the demo shows a check "not on file".
DEMO_SECURITY_ANSWERS: dict[int, tuple[str, str]] = {
    0: ("What was the name of your first pet?", "Biscuit"),
    1: ("Which street did you grow up on?", "Mill Lane"),
    3: ("What is your favourite dish?", "Char siu bao"),
    4: ("What was your first car?", "Morris Minor"),
}

#: "I am calling for my father": Jonathan Smythe's daughter holds a lasting power of
#: attorney; John Smith's partner is a named contact who may hear contact details only.
DEMO_REPRESENTATIVES = (
    DemoRepresentative(
        4, "Helen", "Smythe", "daughter", "power_of_attorney",
        ("read:contact", "read:address", "read:date_of_birth", "read:enquiry",
         "change:contact", "change:address", "change:enquiry"),
        date(1978, 2, 14), "BS6 5QT", "+447700900456",
        ("In which town were you born?", "Swindon"),
    ),
    DemoRepresentative(
        0, "Priya", "Smith", "partner", "named_contact",
        ("read:contact",),
        date(1982, 9, 5), "SE1 2QT", "+447700900789", None,
    ),
)  # fmt: skip


def _add_demo_verification(uow: UnitOfWork, first_id: int) -> None:
    """Security answers and representatives for the named customers, in the load's last batch.

    Hashed like any security answer (argon2id of the normalised answer); each distinct
    answer is hashed once.
    """
    now = datetime.now(UTC)
    for position, (question, answer) in DEMO_SECURITY_ANSWERS.items():
        customer = uow.customers.get(first_id + position)
        assert customer is not None
        customer.security_question = question
        customer.security_answer_hash = hash_secret(normalise_security_answer(answer))
    for rep in DEMO_REPRESENTATIVES:
        rep_question = rep.security[0] if rep.security else None
        rep_answer = rep.security[1] if rep.security else None
        uow.interactions.add_representative(
            Representative(
                customer_id=first_id + rep.customer,
                given_name=rep.given_name,
                family_name=rep.family_name,
                relationship=rep.relationship,
                authority=rep.authority,
                scope=list(rep.scope),
                date_of_birth=rep.date_of_birth,
                postcode=rep.postcode,
                phone=rep.phone,
                security_question=rep_question,
                security_answer_hash=(
                    hash_secret(normalise_security_answer(rep_answer)) if rep_answer else None
                ),
                active=True,
                created_at=now,
            )
        )


def _add_missing_operators(uow_factory: UnitOfWorkFactory) -> tuple[str, ...]:
    added = []
    for demo in DEMO_OPERATORS:
        uow = uow_factory()
        with uow:
            exists = uow.operators.get_by_username(demo.username) is not None
        if not exists:
            create_operator(
                uow,
                None,
                demo.username,
                demo.display_name,
                demo.role,
                demo.password,
                temporary=False,
            )
            added.append(demo.username)
    return tuple(added)


def _name_terms(batch: Iterable[DemoCustomer]) -> set[tuple[str, str]]:
    """The batch's name keys and folded towns, for the typo-tolerant name index."""
    terms = set()
    for person in batch:
        terms.add(("family", name_key(person.family_name)))
        terms.add(("given", name_key(person.given_name)))
        terms.add(("town", fold_for_search(person.town)))
    return terms


def _rows_for(
    batch: Iterable[DemoCustomer], first_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    customers: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    addresses: list[dict[str, Any]] = []
    for offset, person in enumerate(batch):
        customer_id = first_id + offset
        created = person.created_at
        customers.append(
            {
                "id": customer_id,
                "reference": person.reference,
                "given_name": person.given_name,
                "family_name": person.family_name,
                "given_key": name_key(person.given_name),
                "family_key": name_key(person.family_name),
                "date_of_birth": person.date_of_birth,
                "status": CustomerStatus.ACTIVE,
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
        )
        for kind, value in (("phone", person.phone), ("email", person.email)):
            contacts.append(
                {
                    "customer_id": customer_id,
                    "kind": kind,
                    "label": "main",
                    "value": value,
                    "is_primary": True,
                    "created_at": created,
                }
            )
        addresses.append(
            {
                "customer_id": customer_id,
                "line1": person.address_line1,
                "line2": person.address_line2,
                "town": person.town,
                "town_key": fold_for_search(person.town),
                "postcode": person.postcode,
                "country": "GB",
                "is_current": True,
                "valid_from": created,
            }
        )
    return customers, contacts, addresses
