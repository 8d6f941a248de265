"""`custinfo demo` data through the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.reference import reference_for_number
from custinfo_tui.domain.roles import Role
from custinfo_tui.repository.errors import ConcurrentUpdate, ConstraintViolation
from custinfo_tui.repository.orm import Customer
from custinfo_tui.services.auth import authenticate
from custinfo_tui.services.demo import DEMO_OPERATORS, NotADemoDatabase, load_demo_data
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.operators import add_operator, create_first_admin, list_operators
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

#: The first administrator's password, as `custinfo init` would be given it.
ADMIN_PASSWORD = "a-long-desk-passphrase"


def test_demo_loads_customers_and_one_operator_per_role(uow_factory: UnitOfWorkFactory) -> None:
    result = load_demo_data(uow_factory, 250)

    assert result.customers_added == 250
    assert {op.role for op in list_operators(uow_factory())} == set(Role)
    assert set(result.operators_added) == {op.username for op in DEMO_OPERATORS}
    with uow_factory() as uow:
        assert uow.customers.count() == 250


def test_running_demo_again_leaves_existing_data_alone(uow_factory: UnitOfWorkFactory) -> None:
    load_demo_data(uow_factory, 50)
    again = load_demo_data(uow_factory, 50)
    assert again.customers_added == 0 and again.customers_total == 50
    assert again.operators_added == ()


def _usernames(uow_factory: UnitOfWorkFactory) -> set[str]:
    return {operator.username for operator in list_operators(uow_factory())}


def _customer_count(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return uow.customers.count()


def test_demo_refuses_a_database_init_set_up_and_writes_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Found setting up PostgreSQL: `custinfo demo` on the URL `custinfo init` had set up
    put four operators with published passwords and 2,000 customers into it, unasked."""
    create_first_admin(uow_factory(), "admin", ADMIN_PASSWORD)

    with pytest.raises(NotADemoDatabase, match="`custinfo init` created its administrator"):
        load_demo_data(uow_factory, 20)

    assert _usernames(uow_factory) == {"admin"}
    assert _customer_count(uow_factory) == 0


def test_demo_refuses_a_database_holding_customers_it_did_not_load(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with uow_factory() as uow:
        uow.customers.add(_customer(reference_for_number(12_345_678), "Zebedee", "Quaxley"))
        uow.commit()

    with pytest.raises(NotADemoDatabase, match="it holds customers that `custinfo demo`"):
        load_demo_data(uow_factory, 20)

    assert _usernames(uow_factory) == set()
    assert _customer_count(uow_factory) == 1


def test_into_a_real_database_only_missing_operators_are_added_and_the_trail_says_so(
    uow_factory: UnitOfWorkFactory,
) -> None:
    create_first_admin(uow_factory(), "admin", ADMIN_PASSWORD)

    result = load_demo_data(uow_factory, 20, into_real_database=True)

    assert result.into_real_database
    assert result.operators_added == ("agent", "supervisor", "trainer", "dpo")
    assert result.customers_added == 20
    assert authenticate(uow_factory(), "admin", ADMIN_PASSWORD).ok  # init's, unchanged
    with uow_factory() as uow:
        [loaded] = uow.audit.list_recent(action=AuditAction.DEMO_DATA_LOADED)
    assert loaded.details == {
        "customers": 20,
        "into_real_database": True,
        "operators": ["agent", "supervisor", "trainer", "dpo"],
    }
    # Still not a demo database: the next run without the flag is refused again.
    with pytest.raises(NotADemoDatabase):
        load_demo_data(uow_factory, 20)


def test_a_demo_database_stays_one_after_its_admin_adds_an_operator(
    uow_factory: UnitOfWorkFactory,
) -> None:
    load_demo_data(uow_factory, 20)
    admin = actor_for(uow_factory, "admin")
    add_operator(uow_factory(), admin, "jbloggs", "Jo Bloggs", Role.AGENT)

    again = load_demo_data(uow_factory, 20)

    assert not again.into_real_database
    assert again.operators_added == () and again.customers_total == 20


def test_demo_customer_count_is_bounded(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(ServiceError, match="1,000,000"):
        load_demo_data(uow_factory, 1_000_001)


def test_ids_keep_working_after_the_bulk_load(uow_factory: UnitOfWorkFactory) -> None:
    """Bulk-loaded rows carry explicit ids; the next ordinary insert must not collide."""
    load_demo_data(uow_factory, 20)
    with uow_factory() as uow:
        added = uow.customers.add(_customer(reference_for_number(99_999_998), "Test", "Person"))
        assert added.id == 21


def test_a_stale_update_is_refused_not_silently_applied(uow_factory: UnitOfWorkFactory) -> None:
    """Optimistic locking: the basis of 'no lost updates' between desks."""
    load_demo_data(uow_factory, 5)
    first, second = uow_factory(), uow_factory()
    with pytest.raises(ConcurrentUpdate), first, second:
        mine = first.customers.get(1)
        theirs = second.customers.get(1)
        assert mine is not None and theirs is not None
        theirs.given_name = "Changed"
        second.commit()
        mine.given_name = "Also changed"
        first.commit()


def test_database_errors_never_quote_customer_values(uow_factory: UnitOfWorkFactory) -> None:
    """A refused insert surfaces as a value-free ConstraintViolation on both databases.

    PostgreSQL's own message would say `Key (reference)=(...) already exists`.
    """
    load_demo_data(uow_factory, 2)
    with uow_factory() as uow:
        first = uow.customers.get(1)
        assert first is not None
        reference, created = first.reference, first.created_at
    with pytest.raises(ConstraintViolation) as failure, uow_factory() as uow:
        uow.customers.add(
            Customer(
                reference=reference,
                given_name="Zebedee",
                family_name="Quaxley",
                given_key="zebedee",
                family_key="quaxley",
                status="active",
                created_at=created,
                updated_at=created,
            )
        )
    assert failure.value.__suppress_context__
    text = str(failure.value)
    assert "Zebedee" not in text and "Quaxley" not in text and reference not in text


def _customer(reference: str, given_name: str, family_name: str) -> Customer:
    created = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    return Customer(
        reference=reference,
        given_name=given_name,
        family_name=family_name,
        given_key=given_name.lower(),
        family_key=family_name.lower(),
        status="active",
        created_at=created,
        updated_at=created,
    )
