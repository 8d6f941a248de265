"""Surnames of several words found as the caller says them, on SQLite and PostgreSQL.

Particles (van der, de la, di, von, le), Mac and Mc, the Irish and Scottish forms (Ó, Ní,
Nic, Mhic), hyphenated and double-barrelled surnames and curly apostrophes are found typed
with or without their spaces, hyphens and apostrophes, alone or after a given name or an
initial, with a slip per name forgiven. The customers are added once per backend, through
the capture service, to a copy of the demo database.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.migrate import alembic_config, upgrade_to_head
from custinfo_tui.repository.orm import Customer, NameIndexKey
from custinfo_tui.services.capture import create_customer, find_duplicates
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.conftest import BACKENDS, _postgres_copy, sqlite_backend_url
from tests.support.actors import actor_for

#: Fictitious customers with surnames of several words, and enough MacDonalds (more than a
#: page of results) that a McDonald could be pushed off the list.
SURNAMED = [
    ("Pieter", "van der Berg"),
    ("Lucía", "de la Cruz"),
    ("Aoife", "Ní Bhriain"),
    ("Seán", "Ó Briain"),
    ("Ciara", "Nic Cárthaigh"),
    ("Eilidh", "Mhic Aoidh"),
    ("Giulia", "di Stefano"),
    ("Anna", "von Berg"),
    ("Marie", "le Roux"),
    ("Imogen", "Fairfax-Holt"),
    ("Oliver", "Ashby Keane"),
    ("Niamh", "O\u2019Donnell"),  # typed with a curly apostrophe
    ("Angus", "McDonald"),
    ("Fiona", "Mc Donald"),
]
MACDONALDS = [
    ("Hamish", "MacDonald"), ("Iain", "MacDonald"), ("Morag", "MacDonald"),
    ("Isla", "MacDonald"), ("Callum", "MacDonald"), ("Fraser", "MacDonald"),
    ("Ewan", "MacDonald"), ("Mhairi", "MacDonald"), ("Catriona", "MacDonald"),
    ("Kirsty", "MacDonald"), ("Alasdair", "MacDonald"), ("Murdo", "MacDonald"),
    ("Lachlan", "MacDonald"), ("Euan", "MacDonald"), ("Duncan", "MacDonald"),
    ("Gregor", "MacDonald"), ("Ailsa", "MacDonald"), ("Shona", "MacDonald"),
    ("Rhona", "MacDonald"), ("Morven", "MacDonald"), ("Struan", "MacDonald"),
    ("Ruaridh", "MacDonald"),
]  # fmt: skip


def _new_customer(number: int, given: str, family: str) -> NewCustomer:
    values = {
        "given_name": given,
        "family_name": family,
        "date_of_birth": f"{1 + number % 28:02d}/{1 + number % 12:02d}/{1950 + number}",
        "phone": f"07700 900{600 + number:03d}",
        "address_line1": f"{number + 1} Mill Lane",
        "town": "Inverness",
        "postcode": "IV2 3AB",
    }
    return NewCustomer(
        template="new_customer",
        values=values,
        enquiry_type="New account",
        consent=ConsentAnswers(),
        read_back=ReadBackConfirmation(
            confirmed=frozenset(values), double_entered=frozenset({"phone"})
        ),
        # A demo customer may share the drama number: these are other people.
        different_person_reason="A different person with the same phone",
    )


@pytest.fixture(scope="module", params=BACKENDS)
def surnamed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[UnitOfWorkFactory]:
    """The demo database plus the customers above, built once per backend."""
    if request.param in ("sqlite", "sqlcipher"):
        path = tmp_path_factory.mktemp("surnames") / "custinfo.db"
        template: Path = request.getfixturevalue(f"{request.param}_demo_template")
        shutil.copyfile(template, path)
        copies: Iterator[str] = iter([sqlite_backend_url(request.param, path)])
    else:
        copies = _postgres_copy(
            request.getfixturevalue("postgres_admin_url"),
            request.getfixturevalue("postgres_demo_template"),
        )
    engine = build_engine(next(copies))
    uow_factory = uow_factory_for(engine)
    agent = actor_for(uow_factory, "agent")
    for number, (given, family) in enumerate(SURNAMED + MACDONALDS):
        new = _new_customer(number, given, family)
        create_customer(uow_factory(), agent, CapturePolicy(), Channel.PHONE, new)
    yield uow_factory
    engine.dispose()
    next(copies, None)  # drops the PostgreSQL copy


@pytest.fixture
def agent(surnamed: UnitOfWorkFactory) -> Actor:
    return actor_for(surnamed, "agent")


def _found(uow_factory: UnitOfWorkFactory, agent: Actor, typed: str) -> list[str]:
    return [m.display_name for m in search_customers(uow_factory(), agent, typed)]


FOUND_FIRST = [
    # Particles, typed with or without their spaces, alone or after a given name or initial.
    ("van der berg", "Pieter van der Berg"),
    ("Van Der Berg", "Pieter van der Berg"),
    ("vanderberg", "Pieter van der Berg"),
    ("van derberg", "Pieter van der Berg"),
    ("pieter van der berg", "Pieter van der Berg"),
    ("pieter vanderberg", "Pieter van der Berg"),
    ("p van der berg", "Pieter van der Berg"),
    ("peiter van der berg", "Pieter van der Berg"),  # a slip in the given name
    ("pieter van der breg", "Pieter van der Berg"),  # one in the surname
    ("peiter vandrberg", "Pieter van der Berg"),  # and one in each
    ("de la cruz", "Lucía de la Cruz"),
    ("delacruz", "Lucía de la Cruz"),
    ("lucia de la cruz", "Lucía de la Cruz"),
    ("l de la cruz", "Lucía de la Cruz"),
    ("de la curz", "Lucía de la Cruz"),
    ("di stefano", "Giulia di Stefano"),
    ("giulia distefano", "Giulia di Stefano"),
    ("von berg", "Anna von Berg"),
    ("anna vonberg", "Anna von Berg"),
    ("le roux", "Marie le Roux"),
    ("marie leroux", "Marie le Roux"),
    # Irish and Scottish forms.
    ("ni bhriain", "Aoife Ní Bhriain"),
    ("aoife ní bhriain", "Aoife Ní Bhriain"),
    ("aoife nibhriain", "Aoife Ní Bhriain"),
    ("a ni bhriain", "Aoife Ní Bhriain"),
    ("ó briain", "Seán Ó Briain"),
    ("o briain", "Seán Ó Briain"),
    ("o'briain", "Seán Ó Briain"),
    ("sean obriain", "Seán Ó Briain"),
    ("nic carthaigh", "Ciara Nic Cárthaigh"),
    ("ciara niccarthaigh", "Ciara Nic Cárthaigh"),
    ("mhic aoidh", "Eilidh Mhic Aoidh"),
    ("eilidh mhicaoidh", "Eilidh Mhic Aoidh"),
    # Hyphenated and double-barrelled.
    ("fairfax-holt", "Imogen Fairfax-Holt"),
    ("fairfax holt", "Imogen Fairfax-Holt"),
    ("imogen fairfaxholt", "Imogen Fairfax-Holt"),
    ("ashby keane", "Oliver Ashby Keane"),
    ("ashby-keane", "Oliver Ashby Keane"),
    ("o ashbykeane", "Oliver Ashby Keane"),
    # Apostrophes, straight or curly, or none.
    ("o'donnell", "Niamh O'Donnell"),
    ("o\u2019donnell", "Niamh O'Donnell"),
    ("odonnell", "Niamh O'Donnell"),
    ("niamh o donnell", "Niamh O'Donnell"),
    ("niamh o\u2018donnel", "Niamh O'Donnell"),
    # Mac and Mc with or without the space.
    ("angus mc donald", "Angus McDonald"),
    ("fiona mcdonald", "Fiona Mc Donald"),
    ("hamish mac donald", "Hamish MacDonald"),
    # The README's demo customers by their full names.
    ("John Smith", "John Smith"),
    ("Zoë Taylor", "Zoë Taylor"),
    ("zoe taylor", "Zoë Taylor"),
    ("Siobhán O'Neill-Ní Bhriain", "Siobhán O'Neill-Ní Bhriain"),
    ("siobhan o'neill-ni bhriain", "Siobhán O'Neill-Ní Bhriain"),
    ("siobhan o\u2019neill ni bhriain", "Siobhán O'Neill-Ní Bhriain"),
    ("siobhan oneillnibhriain", "Siobhán O'Neill-Ní Bhriain"),
    ("s o'neill-ni bhriain", "Siobhán O'Neill-Ní Bhriain"),
    ("o'neill-ni bhriain", "Siobhán O'Neill-Ní Bhriain"),
    ("sioban o'neil-ni bhriain", "Siobhán O'Neill-Ní Bhriain"),
    ("小龍 李", "小龍 李"),
    ("Jonathan Smythe", "Jonathan Smythe"),
]


@pytest.mark.parametrize(("typed", "expected"), FOUND_FIRST)
def test_a_surname_of_several_words_is_found_however_it_is_typed(
    surnamed: UnitOfWorkFactory, agent: Actor, typed: str, expected: str
) -> None:
    found = _found(surnamed, agent, typed)
    assert found and found[0] == expected, found


FOUND = [
    # Still found where a common name has many namesakes ahead of it.
    ("smith", "John Smith"),
    ("j smith", "John Smith"),
    ("jonh smiht", "John Smith"),
    ("smith se1", "John Smith"),
    ("taylor leeds", "Zoë Taylor"),
    ("o'neill", "Siobhán O'Neill-Ní Bhriain"),
    ("mc donald", "Angus McDonald"),
    ("mc donald", "Fiona Mc Donald"),
    ("macdonald", "Ailsa MacDonald"),
]


@pytest.mark.parametrize(("typed", "expected"), FOUND)
def test_names_are_found_among_their_namesakes(
    surnamed: UnitOfWorkFactory, agent: Actor, typed: str, expected: str
) -> None:
    assert expected in _found(surnamed, agent, typed)


@pytest.mark.parametrize("typed", ["mcdonald", "mc donald", "McDonald"])
def test_mcdonald_ranks_mcdonald_and_mc_donald_above_the_macdonalds(
    surnamed: UnitOfWorkFactory, agent: Actor, typed: str
) -> None:
    found = _found(surnamed, agent, typed)
    assert set(found[:2]) == {"Angus McDonald", "Fiona Mc Donald"}
    assert all(name.endswith("MacDonald") for name in found[2:])
    assert len(found) == 20


def test_an_initial_still_narrows_a_surname_of_several_words(
    surnamed: UnitOfWorkFactory, agent: Actor
) -> None:
    for typed, expected in (("h mcdonald", "Hamish MacDonald"), ("j smith", "John Smith")):
        found = _found(surnamed, agent, typed)
        assert expected in found
        assert all(name.startswith(expected[0]) for name in found), found


@pytest.mark.parametrize(
    ("given", "family", "expected"),
    [
        ("Pieter", "Vanderberg", "Pieter van der Berg"),
        ("Lucia", "De La Cruz", "Lucía de la Cruz"),
        ("Siobhan", "O Neill Ni Bhriain", "Siobhán O'Neill-Ní Bhriain"),
        ("Angus", "Mc Donald", "Angus McDonald"),
    ],
)
def test_the_duplicate_check_sees_the_same_surname_typed_another_way(
    surnamed: UnitOfWorkFactory, agent: Actor, given: str, family: str, expected: str
) -> None:
    found = find_duplicates(surnamed(), agent, {"given_name": given, "family_name": family})
    assert found, "no possible duplicate"
    assert found[0].match.display_name == expected
    assert "same name" in found[0].reasons


def test_the_migration_rebuilds_the_name_keys_of_customers_already_stored(
    demo_database_url: str,
) -> None:
    engine = build_engine(demo_database_url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")  # keys as they were: folded, separators kept
    siobhan = select(Customer.given_key, Customer.family_key).where(Customer.id == 3)
    terms = select(NameIndexKey.term).where(NameIndexKey.kind.in_(["given", "family"]))
    with engine.connect() as connection:
        assert connection.execute(siobhan).one() == ("siobhan", "o'neill-ni bhriain")
        assert "o'neill-ni bhriain" in set(connection.execute(terms).scalars())

    upgrade_to_head(engine)

    with engine.connect() as connection:
        assert connection.execute(siobhan).one() == ("siobhan", "oneillnibhriain")
        stored = set(connection.execute(terms).scalars())
    assert "oneillnibhriain" in stored
    assert not any(set(term) & set(" '-.") for term in stored)
    uow_factory = uow_factory_for(engine)
    agent = actor_for(uow_factory, "agent")
    found = _found(uow_factory, agent, "siobhan o'neill-ni bhriain")
    engine.dispose()
    assert found[0] == "Siobhán O'Neill-Ní Bhriain"
