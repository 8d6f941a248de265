"""`custinfo demo` data through the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.reference import reference_for_number
from custinfo_tui.domain.roles import Role
from custinfo_tui.repository.errors import ConcurrentUpdate, ConstraintViolation
from custinfo_tui.repository.orm import Customer
from custinfo_tui.services.demo import DEMO_OPERATORS, load_demo_data
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.operators import list_operators
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


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


def test_demo_customer_count_is_bounded(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(ServiceError, match="1,000,000"):
        load_demo_data(uow_factory, 1_000_001)


def test_ids_keep_working_after_the_bulk_load(uow_factory: UnitOfWorkFactory) -> None:
    """Bulk-loaded rows carry explicit ids; the next ordinary insert must not collide."""
    load_demo_data(uow_factory, 20)
    with uow_factory() as uow:
        template = uow.customers.get(1)
        assert template is not None
        added = uow.customers.add(
            Customer(
                reference=reference_for_number(99_999_998),
                given_name="Test",
                family_name="Person",
                given_key="test",
                family_key="person",
                status="active",
                created_at=template.created_at,
                updated_at=template.created_at,
            )
        )
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
