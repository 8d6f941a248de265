"""A customer's reference read back from the database, for tests that type it or look for
it: as stored (what the services take and the audit trail keeps) or as the desk shows it."""

from __future__ import annotations

from custinfo_tui.domain.reference import format_reference
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


def stored_reference(uow_factory: UnitOfWorkFactory, customer_id: int) -> str:
    """The customer's reference as the database holds it."""
    with uow_factory() as uow:
        customer = uow.customers.get(customer_id)
        assert customer is not None
        return customer.reference


def shown_reference(uow_factory: UnitOfWorkFactory, customer_id: int) -> str:
    """The customer's reference as the desk shows it and an operator types it."""
    return format_reference(stored_reference(uow_factory, customer_id))
