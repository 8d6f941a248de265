"""Migration 0034: keys stored with a variation selector are rebuilt without it, on SQLite and
PostgreSQL, and the names and towns themselves are left as typed."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Connection, Engine, insert, select, update

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.search import deletion_keys
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.migrate import alembic_config, upgrade_to_head
from custinfo_tui.repository.orm import Address, Customer, NameIndexKey
from custinfo_tui.services.lookup import search_customers
from tests.support.actors import actor_for

SELECTORS = ("\ufe0f", "\U000e0100", "\u180b")
GIVEN, FAMILY, TOWN = "Jane\ufe0f", "葛\U000e0100城", "Leeds\ufe0f"
CUSTOMER_ID = 3


def _downgrade(engine: Engine, to: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, to)


def _plant_keys_as_they_were(connection: Connection) -> None:
    """A customer and their town stored by the code before 0034: keys kept the selectors."""
    connection.execute(
        update(Customer)
        .where(Customer.id == CUSTOMER_ID)
        .values(given_name=GIVEN, given_key="jane\ufe0f", family_name=FAMILY, family_key=FAMILY)
    )
    connection.execute(
        update(Address)
        .where(Address.customer_id == CUSTOMER_ID)
        .values(town=TOWN, town_key="leeds\ufe0f")
    )
    terms = [("given", "jane\ufe0f"), ("family", FAMILY), ("town", "leeds\ufe0f")]
    rows = [
        {"kind": kind, "key": key, "term": term}
        for kind, term in terms
        for key in deletion_keys(term)
    ]
    connection.execute(insert(NameIndexKey), rows)


def _keys(connection: Connection) -> tuple[object, ...]:
    customer = select(
        Customer.given_name, Customer.given_key, Customer.family_name, Customer.family_key
    ).where(Customer.id == CUSTOMER_ID)
    towns = select(Address.town, Address.town_key).where(Address.customer_id == CUSTOMER_ID)
    town = connection.execute(towns).first()
    assert town is not None, "the demo customer has an address"
    return (*connection.execute(customer).one(), *town)


def _indexed_terms(connection: Connection) -> set[tuple[str, str]]:
    return {tuple(row) for row in connection.execute(select(NameIndexKey.kind, NameIndexKey.term))}


def test_keys_with_a_variation_selector_are_rebuilt_without_it(demo_database_url: str) -> None:
    engine = build_engine(demo_database_url)
    _downgrade(engine, "0033")
    with engine.begin() as connection:
        _plant_keys_as_they_were(connection)

    upgrade_to_head(engine)

    with engine.connect() as connection:
        keys = _keys(connection)
        terms = _indexed_terms(connection)
    assert keys == (GIVEN, "jane", FAMILY, "葛城", TOWN, "leeds")
    assert {("given", "jane"), ("family", "葛城"), ("town", "leeds")} <= terms
    assert not [term for _, term in terms if any(s in term for s in SELECTORS)]
    uow_factory = uow_factory_for(engine)
    agent = actor_for(uow_factory, "agent")
    found = search_customers(uow_factory(), agent, "葛城")
    assert [m.customer_id for m in found] == [CUSTOMER_ID]

    _downgrade(engine, "0033")  # the keys as the code before 0034 builds them
    with engine.connect() as connection:
        assert _keys(connection) == (GIVEN, "jane\ufe0f", FAMILY, FAMILY, TOWN, "leeds\ufe0f")
        assert ("given", "jane\ufe0f") in _indexed_terms(connection)
    upgrade_to_head(engine)
    with engine.connect() as connection:
        assert _keys(connection) == keys
    engine.dispose()
