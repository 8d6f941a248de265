"""Finding customers by name through the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.search import QueryKind
from custinfo_tui.repository.orm import ContactPoint
from custinfo_tui.services.auth import authenticate
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.services.errors import PermissionDenied
from custinfo_tui.services.lookup import lookup, search_customers
from custinfo_tui.services.restriction import restrict_processing
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


def _log_in(uow_factory: UnitOfWorkFactory, role: Role) -> Actor:
    demo = next(op for op in DEMO_OPERATORS if op.role is role)
    outcome = authenticate(uow_factory(), demo.username, demo.password)
    assert outcome.actor is not None
    return outcome.actor


@pytest.fixture
def uow_factory(demo_uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    return demo_uow_factory


@pytest.fixture
def agent(uow_factory: UnitOfWorkFactory) -> Actor:
    return _log_in(uow_factory, Role.AGENT)


def _names(uow_factory: UnitOfWorkFactory, actor: Actor, query: str) -> list[str]:
    return [m.display_name for m in search_customers(uow_factory(), actor, query)]


def test_surname_finds_matching_customers_in_name_order(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    names = _names(uow_factory, agent, "Smith")
    assert "John Smith" in names
    assert all(name.split()[-1].lower().startswith("smith") for name in names)
    assert len(names) <= 20


def test_surname_prefix_ignores_case_and_accents(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    assert "Zoë Taylor" in _names(uow_factory, agent, "zoe taylor")
    assert "Siobhán O'Neill-Ní Bhriain" in _names(uow_factory, agent, "O'NEILL-NI")


def test_given_name_initial_and_surname_narrow_the_results(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    names = _names(uow_factory, agent, "j smith")
    assert "John Smith" in names
    assert all(name.lower().startswith("j") for name in names)


def test_han_characters_are_searchable(uow_factory: UnitOfWorkFactory, agent: Actor) -> None:
    assert "小龍 李" in _names(uow_factory, agent, "李")


@pytest.mark.parametrize("query", ["", "   ", "zzzzqqq", "'; DROP TABLE customers; --", "[bold]x"])
def test_garbage_and_injection_strings_find_nothing_and_break_nothing(
    uow_factory: UnitOfWorkFactory, agent: Actor, query: str
) -> None:
    assert _names(uow_factory, agent, query) == []
    assert "John Smith" in _names(uow_factory, agent, "smith")


def test_results_are_masked_for_picking_the_record(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    match = search_customers(uow_factory(), agent, "john smith")[0]
    assert match.masked_postcode is not None and match.masked_postcode.endswith("**")
    assert match.phone_hint is not None and len(match.phone_hint) == 3
    assert not hasattr(match, "date_of_birth")


def test_search_is_audited_without_the_text_typed(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    count = len(search_customers(uow_factory(), agent, "Smith"))
    with uow_factory() as uow:
        event = uow.audit.list_recent(action=AuditAction.CUSTOMER_SEARCHED.value, limit=1)[0]
    assert event.operator_id == agent.operator_id
    assert event.console_session == agent.console_session
    assert event.details == {"kind": "name", "results": count}
    assert "smith" not in json.dumps(event.model_dump(mode="json")).lower()


def test_admins_have_no_need_to_know_so_cannot_search(uow_factory: UnitOfWorkFactory) -> None:
    admin = _log_in(uow_factory, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        search_customers(uow_factory(), admin, "smith")


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        pytest.param("07700 900123", QueryKind.PHONE, id="phone-national"),
        pytest.param("+44 (0)7700 900123", QueryKind.PHONE, id="phone-international"),
        pytest.param("07700 900 12", QueryKind.PHONE, id="phone-being-typed"),
        pytest.param("John.Smith1@Example.com", QueryKind.EMAIL, id="email"),
        pytest.param("john.smith1@exam", QueryKind.EMAIL, id="email-being-typed"),
        pytest.param("se12qt", QueryKind.POSTCODE, id="postcode"),
        pytest.param("SE1", QueryKind.POSTCODE, id="outward-code"),
        pytest.param("1001 2345 p", QueryKind.REFERENCE, id="reference"),
        pytest.param("smith se1", QueryKind.NAME, id="name-and-area"),
        pytest.param("john smith se1 2qt", QueryKind.NAME, id="name-and-postcode"),
    ],
)
def test_one_box_finds_by_phone_email_postcode_reference_or_name(
    uow_factory: UnitOfWorkFactory, agent: Actor, query: str, kind: QueryKind
) -> None:
    result = lookup(uow_factory(), agent, query)
    assert result.kind is kind
    assert "John Smith" in [m.display_name for m in result.matches]
    assert len(result.matches) <= 20


def test_an_outward_code_does_not_match_a_longer_one(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    result = lookup(uow_factory(), agent, "SE1")
    assert result.matches
    assert all(m.masked_postcode and m.masked_postcode.startswith("SE1 ") for m in result.matches)


def test_a_misheard_reference_gets_did_you_mean(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    wrong_letter = lookup(uow_factory(), agent, "1001 2345 Q")
    assert wrong_letter.matches == ()
    assert wrong_letter.message == (
        "That reference's check letter does not match: a digit or the letter is wrong. "
        "Did you mean 1001 2345 P?"
    )
    assert "1001 2345 P" in wrong_letter.suggestions
    # None on file one slip away: what to do instead, as every form taking a reference says.
    nobodys = lookup(uow_factory(), agent, "9999 2346 P")
    assert nobodys.message == (
        "That reference's check letter does not match: a digit or the letter is wrong. "
        "Check each digit and the letter again."
    )

    no_letter = lookup(uow_factory(), agent, "10012345")
    assert no_letter.suggestions == ("1001 2345 P",)
    # It asked "did you mean this one? Did you mean 1001 2345 P?".
    assert no_letter.message == "A reference ends with a letter. Did you mean 1001 2345 P?"


def test_a_search_by_phone_is_audited_by_kind_only(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    lookup(uow_factory(), agent, "07700 900123")
    with uow_factory() as uow:
        event = uow.audit.list_recent(action=AuditAction.CUSTOMER_SEARCHED.value, limit=1)[0]
    assert event.details["kind"] == "phone"
    assert "900123" not in json.dumps(event.model_dump(mode="json"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("Jonh Smiht", "John Smith", id="a-slip-in-each-word"),
        pytest.param("smiht", "John Smith", id="surname-swapped-letters"),
        pytest.param("Smyth", "John Smith", id="surname-wrong-letter"),
        pytest.param("zoe taylro", "Zoë Taylor", id="accent-left-off-and-a-slip"),
        pytest.param("Zoe", "Zoë Taylor", id="a-given-name-alone"),
        pytest.param("J Smith", "John Smith", id="initial"),
        pytest.param("john smith se1", "John Smith", id="name-and-area"),
        pytest.param("jonathan smyth", "Jonathan Smythe", id="missing-last-letter"),
        pytest.param("Smith, John", "John Smith", id="surname-first-as-on-a-letter"),
        pytest.param("SMITHE, Jonathan", "Jonathan Smythe", id="surname-first-with-a-slip"),
    ],
)
def test_names_are_found_despite_a_slip(
    uow_factory: UnitOfWorkFactory, agent: Actor, query: str, expected: str
) -> None:
    names = _names(uow_factory, agent, query)
    assert expected in names
    assert len(names) <= 20


def test_the_closest_name_comes_first(uow_factory: UnitOfWorkFactory, agent: Actor) -> None:
    assert _names(uow_factory, agent, "jonh smiht")[0] == "John Smith"
    assert _names(uow_factory, agent, "jonathan smythe")[0] == "Jonathan Smythe"


@pytest.mark.parametrize("typed", ["smith john", "Smith John", "smiht jonh", "smith jo"])
def test_a_surname_typed_first_without_a_comma_finds_the_customer_first(
    uow_factory: UnitOfWorkFactory, agent: Actor, typed: str
) -> None:
    """A handler types a name in the order the caller gives it: "smith john" found no one,
    the first word taken only for a given name."""
    assert _names(uow_factory, agent, typed)[0] == "John Smith"


def test_a_name_typed_given_name_first_still_comes_before_the_other_order(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """The other order is only a second reading: "john smith" lists John Smith first, and
    a customer whose name is those words the other way round after him."""
    from tests.support.edits import correct

    [zoe] = search_customers(uow_factory(), agent, "zoe taylor")[:1]
    with uow_factory() as uow:
        customer = uow.customers.get(zoe.customer_id)
        assert customer is not None
        version = customer.version
    correct(
        uow_factory, agent, zoe.customer_id, version, {"given_name": "Smith", "family_name": "John"}
    )

    as_typed = _names(uow_factory, agent, "john smith")
    assert as_typed.index("John Smith") < as_typed.index("Smith John")
    other_way = _names(uow_factory, agent, "smith john")
    assert other_way.index("Smith John") < other_way.index("John Smith")


def test_a_name_in_the_wrong_area_is_not_found(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    assert "John Smith" not in _names(uow_factory, agent, "john smith ls6")


def test_a_corrected_name_is_findable_at_once_under_its_new_spelling(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    from tests.support.edits import correct

    with uow_factory() as uow:
        customer = uow.customers.get(1)
        assert customer is not None
        version = customer.version
    correct(
        uow_factory, agent, 1, version, {"family_name": "Smithson-Quayle"}, "Entry error corrected"
    )
    assert "John Smithson-Quayle" in _names(uow_factory, agent, "jonh smithson-quayl")
    old_spelling = search_customers(uow_factory(), agent, "jonh smiht")
    assert 1 not in [m.customer_id for m in old_spelling]


def test_a_town_after_the_name_narrows_to_customers_living_there(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    in_london = search_customers(uow_factory(), agent, "smith london")
    assert "John Smith" in [m.display_name for m in in_london]
    assert all(m.masked_postcode and not m.masked_postcode.startswith("LS") for m in in_london)
    assert "Zoë Taylor" in _names(uow_factory, agent, "zoe taylor leeds")
    assert "Zoë Taylor" in _names(uow_factory, agent, "taylor leedz")  # a slip in the town
    assert "Zoë Taylor" not in _names(uow_factory, agent, "taylor london")


def test_searches_of_the_same_shape_one_after_another_each_find_their_own_names(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """A name search's statements are built once per shape and kept, with the words sent
    as parameters: the next search of that shape must find its own words' customers, with
    a slip too, never the last search's."""
    for typed, wanted in [
        ("John Smith", "John Smith"),
        ("Zoe Taylor", "Zoë Taylor"),
        ("Jhon Smith", "John Smith"),
        ("Zoe Tayler", "Zoë Taylor"),
    ]:
        names = _names(uow_factory, agent, typed)
        assert names[0] == wanted, (typed, names)
        other = "Taylor" if "Smith" in wanted else "Smith"
        assert not any(name.endswith(other) for name in names), (typed, names)


#: 1001 2345 P in the demo data (another John Smith shares his phone).
JOHN_SMITH = 1


def test_a_restricted_record_typed_whole_is_said_to_be_restricted_not_misspelt(
    uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """Found by the DPO: a handler typing a restricted record's reference was told "No
    customer matches. Check the spelling with the caller." The record stays hidden and
    nameless; the handler is sent to the DPO, and the DPO can see who tried."""
    dpo = _log_in(uow_factory, Role.DPO)
    restrict_processing(uow_factory(), dpo, "1001 2345 P", "Accuracy contested")
    with uow_factory() as uow:  # another record given John's number too
        uow.session.add(
            ContactPoint(
                customer_id=2,
                kind="phone",
                value="+447700900123",
                is_primary=False,
                created_at=datetime.now(UTC),
            )
        )
        uow.commit()
    contact_the_dpo = (
        "is restricted (processing restricted under UK GDPR Article 18): "
        "contact the data protection officer."
    )

    by_reference = lookup(uow_factory(), agent, "1001 2345 p")
    by_phone = lookup(uow_factory(), agent, "07700 900123")
    by_email = lookup(uow_factory(), agent, "John.Smith1@Example.com")
    by_name = lookup(uow_factory(), agent, "john smith")
    being_typed = lookup(uow_factory(), agent, "07700 900 12")

    assert by_reference.matches == ()
    assert by_reference.message == f"1001 2345 P: This record {contact_the_dpo}"
    # The phone is shared: the other is listed, and the restricted one is said.
    assert by_phone.matches
    assert by_phone.message == f"Another record with this phone number {contact_the_dpo}"
    assert by_email.message == f"A record with this e-mail address {contact_the_dpo}"
    for result in (by_reference, by_phone, by_email, by_name, being_typed):
        assert JOHN_SMITH not in [m.customer_id for m in result.matches]
    assert by_name.message is None and being_typed.message is None  # not one person's
    with uow_factory() as uow:
        refused = uow.audit.list_recent(action=AuditAction.RESTRICTED_RECORD_REFUSED.value)
    assert [(e.customer_id, e.outcome, e.details["search"]) for e in reversed(refused)] == [
        (JOHN_SMITH, "refused", "reference"),
        (JOHN_SMITH, "refused", "phone"),
        (JOHN_SMITH, "refused", "email"),
    ]
    assert all(e.operator_id == agent.operator_id for e in refused)

    # The DPO is shown the record, marked restricted, and told nothing else.
    seen = lookup(uow_factory(), dpo, "1001 2345 p")
    assert [(m.customer_id, m.restricted) for m in seen.matches] == [(JOHN_SMITH, True)]
    assert seen.message is None
