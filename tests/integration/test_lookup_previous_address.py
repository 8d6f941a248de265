"""Finding a customer by the postcode of an address they moved from (MP-12), on SQLite and
PostgreSQL.

A move keeps the old address as a past one (docs/capture.md). Found by a new handler: after
John Smith moved from London SE1 to Whitby, "john smith se1" found no one, and callers who
have just moved often give the old postcode. Now those living there come first, then those
who moved from there, marked.
"""

from __future__ import annotations

import pytest

from custinfo_tui.domain.capture import MOVED
from custinfo_tui.domain.customers import CustomerMatch
from custinfo_tui.domain.operators import Actor
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for
from tests.support.edits import correct

JOHN_SMITH, ZOE_TAYLOR = 1, 2  # 12 Acacia Road, London SE1 2QT; Leeds LS6 3HN
WHITBY = {"address_line1": "14 Harbour Road", "town": "Whitby", "postcode": "YO22 4DE"}


@pytest.fixture
def agent(demo_uow_factory: UnitOfWorkFactory) -> Actor:
    return actor_for(demo_uow_factory, "agent")


def _move(
    uow_factory: UnitOfWorkFactory, actor: Actor, customer_id: int, to: dict[str, str]
) -> None:
    with uow_factory() as uow:
        customer = uow.customers.get(customer_id)
        assert customer is not None
        version = customer.version
    correct(uow_factory, actor, customer_id, version, to, MOVED)


def _found(uow_factory: UnitOfWorkFactory, actor: Actor, query: str) -> list[CustomerMatch]:
    return search_customers(uow_factory(), actor, query)


def _john(matches: list[CustomerMatch]) -> CustomerMatch | None:
    return next((m for m in matches if m.customer_id == JOHN_SMITH), None)


@pytest.mark.parametrize("query", ["john smith se1", "john smith se1 2qt", "smith se1", "se1 2qt"])
def test_a_customer_who_moved_is_found_by_the_old_postcode_marked_so(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor, query: str
) -> None:
    _move(demo_uow_factory, agent, JOHN_SMITH, WHITBY)

    john = _john(_found(demo_uow_factory, agent, query))

    assert john is not None and john.previous_address
    assert john.masked_postcode == "YO22 4**"  # where he lives now, masked as ever


def test_by_the_new_postcode_the_customer_is_not_marked(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    _move(demo_uow_factory, agent, JOHN_SMITH, WHITBY)
    for query in ("john smith yo22", "YO22 4DE"):
        john = _john(_found(demo_uow_factory, agent, query))
        assert john is not None and not john.previous_address, query


def test_those_living_there_now_come_before_those_who_moved_from_there(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    _move(demo_uow_factory, agent, JOHN_SMITH, WHITBY)
    _move(
        demo_uow_factory,
        agent,
        ZOE_TAYLOR,
        {"address_line1": "9 Acacia Road", "postcode": "SE1 2QT"},
    )

    found = _found(demo_uow_factory, agent, "SE1 2QT")

    assert [(m.customer_id, m.previous_address) for m in found] == [
        (ZOE_TAYLOR, False),
        (JOHN_SMITH, True),
    ]


def test_a_move_within_the_area_is_found_as_living_there(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    _move(
        demo_uow_factory,
        agent,
        JOHN_SMITH,
        {"address_line1": "3 Tower Street", "postcode": "SE1 7TX"},
    )

    found = _found(demo_uow_factory, agent, "john smith se1")

    assert [m.customer_id for m in found].count(JOHN_SMITH) == 1
    john = _john(found)
    assert john is not None and not john.previous_address


def test_a_postcode_never_lived_at_still_finds_no_one(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    _move(demo_uow_factory, agent, JOHN_SMITH, WHITBY)
    assert _john(_found(demo_uow_factory, agent, "john smith ls6")) is None
