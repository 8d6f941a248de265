"""Loading the fictitious demo data set and one demo operator per role."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.text import fold_for_search
from custinfo_tui.services import audit
from custinfo_tui.services.demo_people import DemoCustomer, generate_customers
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.operators import create_operator
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

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
    operators_added: tuple[str, ...]


def load_demo_data(
    uow_factory: UnitOfWorkFactory,
    customers: int = DEFAULT_DEMO_CUSTOMERS,
    *,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> DemoLoadResult:
    """Create the demo operators that are missing and, on an empty database, the demo customers.

    Customers go in batches of 10,000 rows, each batch its own transaction, so a million
    customers load in about a minute without holding one huge transaction.
    """
    if not 0 <= customers <= MAX_DEMO_CUSTOMERS:
        raise ServiceError(f"Choose between 0 and {MAX_DEMO_CUSTOMERS:,} demo customers.")
    operators_added = _add_missing_operators(uow_factory)
    uow = uow_factory()
    with uow:
        existing = uow.customers.count()
        next_id = uow.customers.max_id() + 1
    if existing:
        return DemoLoadResult(0, existing, operators_added)

    added = 0
    people = generate_customers(customers, seed=seed)
    while batch := list(islice(people, BATCH_SIZE)):
        with uow:
            uow.customers.bulk_insert(*_rows_for(batch, next_id + added))
            added += len(batch)
            if added == customers:
                uow.customers.resync_id_sequences()
                audit.record(uow, None, AuditAction.DEMO_DATA_LOADED, details={"customers": added})
            uow.commit()
        if progress:
            progress(added)
    return DemoLoadResult(added, added, operators_added)


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
                "given_key": fold_for_search(person.given_name),
                "family_key": fold_for_search(person.family_name),
                "date_of_birth": person.date_of_birth,
                "status": "active",
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
                "postcode": person.postcode,
                "country": "GB",
                "is_current": True,
                "valid_from": created,
            }
        )
    return customers, contacts, addresses
