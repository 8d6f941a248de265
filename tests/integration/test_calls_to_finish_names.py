"""The calls to finish name each call's customer as the lookup lists them (MP-18): the
name beside the reference, and no name where the lookup would list no one."""

from __future__ import annotations

from custinfo_tui.services import erasure, wrap_up
from custinfo_tui.services.restriction import restrict_processing
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk

JOHN_SMITH, ZOE_TAYLOR = 1, 2


def _names(agent: Desk) -> list[str | None]:
    calls = wrap_up.calls_to_finish(agent.uow_factory(), agent.actor)
    return [call.customer_name for call in calls]


def test_a_call_left_for_later_names_its_customer(agent: Desk) -> None:
    for customer in (JOHN_SMITH, ZOE_TAYLOR):
        agent.end(agent.start(customer).interaction_id)

    assert _names(agent) == ["John Smith", "Zoë Taylor"]


def test_no_name_for_a_customer_erased_since(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    agent.end(agent.start(ZOE_TAYLOR).interaction_id)
    erasure.erase_customer(demo_uow_factory(), None, ZOE_TAYLOR, "Her written request")

    assert _names(agent) == [None]


def test_no_name_for_a_record_restricted_since(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    agent.end(agent.start(JOHN_SMITH).interaction_id)
    with demo_uow_factory() as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        reference = customer.reference
    restrict_processing(demo_uow_factory(), None, reference, "Accuracy contested")

    assert _names(agent) == [None]
    [call] = wrap_up.calls_to_finish(agent.uow_factory(), agent.actor)
    assert call.customer_reference is not None  # still listed, by reference, to wrap up
