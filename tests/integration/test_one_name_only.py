"""A customer with one name only (a mononym), through the services: taken on without an
invented given name, stored as the family name, found by it, checked for duplicates,
read back, changed both ways with a reason, and shown without a stray space
(domain/one_name.py; MP-01, MP-03, MP-05, MP-12, MP-13, MP-16)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from custinfo_tui.domain.capture import (
    CapturePolicy,
    FieldEdit,
    NewCustomer,
    ReadBackConfirmation,
)
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import RepresentativeIn
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason, CustomerRecord
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import Authority, Channel, VerificationPolicy
from custinfo_tui.repository.orm import Customer, NameIndexKey
from custinfo_tui.services.capture import create_customer, find_duplicates
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.lookup import lookup
from custinfo_tui.services.records import edit_customer, open_record
from custinfo_tui.services.representatives import add_representative
from custinfo_tui.services.restriction import restrict_processing
from custinfo_tui.services.subject_access_pack import ONE_NAME_IN_PACK, build_sections
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

CAPTURE = CapturePolicy()
POLICY = VerificationPolicy()
REASON = AccessReason(reason="Customer wrote in", detail="letter")
#: Fictitious: one name only, as many Indonesians have.
SUHARTO = {
    "family_name": "Suharto",
    "date_of_birth": "08/06/1961",
    "phone": "07700 900456",
    "address_line1": "4 Mill Lane",
    "town": "Leeds",
    "postcode": "LS1 4DY",
}


@pytest.fixture
def agent(demo_uow_factory: UnitOfWorkFactory) -> Actor:
    return actor_for(demo_uow_factory, "agent")


def _new(values: dict[str, str], *, one_name_only: bool = True) -> NewCustomer:
    return NewCustomer(
        template="new_customer",
        values=values,
        enquiry_type="New account",
        consent=ConsentAnswers(),
        read_back=ReadBackConfirmation(confirmed=frozenset(values)),
        one_name_only=one_name_only,
    )


def _suharto(uow_factory: UnitOfWorkFactory, agent: Actor) -> CustomerRecord:
    return create_customer(uow_factory(), agent, CAPTURE, Channel.PHONE, _new(SUHARTO))


def _edit(
    uow_factory: UnitOfWorkFactory,
    agent: Actor,
    record: CustomerRecord,
    edits: dict[str, FieldEdit],
    confirmed: set[str],
) -> CustomerRecord:
    return edit_customer(
        uow_factory(),
        agent,
        CAPTURE,
        record.customer_id,
        record.version,
        edits,
        ReadBackConfirmation(confirmed=frozenset(confirmed)),
        policy=POLICY,
    )


def test_one_name_only_is_stored_as_the_family_name_shown_alone_and_found_by_it(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    record = _suharto(demo_uow_factory, agent)

    assert record.value("given_name") is None and record.value("family_name") == "Suharto"
    assert record.name == "Suharto"  # never " Suharto", nor an invented given name
    found = lookup(demo_uow_factory(), agent, "suharto")
    [match] = [m for m in found.matches if m.customer_id == record.customer_id]
    assert match.display_name == "Suharto"
    created = next(h for h in record.history if h.action == AuditAction.CUSTOMER_CREATED)
    assert created.fields == tuple(SUHARTO)  # no given name saved
    with demo_uow_factory() as uow:
        customer = uow.customers.get(record.customer_id)
        assert customer is not None
        assert (customer.given_name, customer.given_key) == ("", "")
        assert not uow.session.scalars(  # type: ignore[attr-defined]
            select(NameIndexKey).where(NameIndexKey.kind == "given", NameIndexKey.key == "")
        ).all()
        events = uow.audit.list_recent(customer_id=record.customer_id, limit=20)
        [event] = [e for e in events if e.action == AuditAction.CUSTOMER_CREATED]
        personal = {s.key: s for s in build_sections(uow, customer)}["fields-personal"]
    assert event.details.get("one_name_only") is True
    assert ("Given name", ONE_NAME_IN_PACK) in personal.rows
    assert ("Family name", "Suharto") in personal.rows


def test_an_empty_given_name_without_one_name_only_is_refused_as_ever(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    without = _new(SUHARTO, one_name_only=False)
    with pytest.raises(FieldError, match=r"^Given name: enter the given name\.$"):
        create_customer(demo_uow_factory(), agent, CAPTURE, Channel.PHONE, without)
    both = _new({**SUHARTO, "given_name": "Budi"})
    with pytest.raises(FieldError, match=r"^Given name: leave it empty for a customer with one"):
        create_customer(demo_uow_factory(), agent, CAPTURE, Channel.PHONE, both)
    with demo_uow_factory() as uow:
        held = uow.session.scalars(  # type: ignore[attr-defined]
            select(Customer).where(Customer.family_name == "Suharto")
        ).all()
    assert held == []


def test_the_duplicate_check_compares_one_name_with_the_family_name(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """Another customer with one name only, born the same day, has "the same name"; one
    with a given name too has "the same family name", whichever of the two is typed."""
    record = _suharto(demo_uow_factory, agent)
    typed = {"family_name": "Suharto", "date_of_birth": "08/06/1961"}

    def reasons(values: dict[str, str], *, one_name_only: bool) -> tuple[str, ...]:
        found = find_duplicates(demo_uow_factory(), agent, values, one_name_only=one_name_only)
        [candidate] = [c for c in found if c.match and c.match.customer_id == record.customer_id]
        assert candidate.strong
        assert candidate.match is not None and candidate.match.display_name == "Suharto"
        return candidate.reasons

    assert reasons(typed, one_name_only=True) == ("same name", "same date of birth")
    assert reasons(typed, one_name_only=False) == ("same family name", "same date of birth")
    # A given name typed is not held against the one name: "Budi" is not a different name.
    budi = {**typed, "given_name": "Budi"}
    assert reasons(budi, one_name_only=False) == ("same family name", "same date of birth")


def test_a_given_name_typed_warns_of_one_name_only_marked_and_never_strong_on_the_name_alone(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """Capturing "Budi Suharto", already on file as "Suharto" (one name only): the duplicate
    check offers them on the name alone, as the lookup finds them, marked as found by their
    one name, a possible duplicate and never a strong one (a name alone never is), listed
    after a two-name namesake whose given name fits; strong once the date of birth agrees
    too. The one name typed alone marks no one; a restricted record is left out as ever."""
    suharto = _suharto(demo_uow_factory, agent)
    namesake = {"given_name": "Budi", "family_name": "Suharto", "date_of_birth": "14/02/1975"}
    new = _new(SUHARTO | namesake | {"phone": "07700 900789"}, one_name_only=False)
    create_customer(demo_uow_factory(), agent, CAPTURE, Channel.PHONE, new)

    def found(values: dict[str, str]) -> list[tuple[str, tuple[str, ...], bool, bool]]:
        return [
            (c.match.display_name, c.reasons, c.strong, c.match.by_one_name)
            for c in find_duplicates(demo_uow_factory(), agent, values)
            if c.match is not None and "Suharto" in c.match.display_name
        ]

    budi = {"given_name": "Budi", "family_name": "Suharto"}
    assert found(budi) == [
        ("Budi Suharto", ("same name",), False, False),
        ("Suharto", ("same family name",), False, True),
    ]
    born = found(budi | {"date_of_birth": "08/06/1961"})
    assert born[0] == ("Suharto", ("same family name", "same date of birth"), True, True)
    assert ("Suharto", ("same family name",), False, False) in found({"family_name": "Suharto"})
    dpo = actor_for(demo_uow_factory, "dpo")
    restrict_processing(demo_uow_factory(), dpo, suharto.reference, "Accuracy contested")
    # Restricted, as the lookup leaves it out: not offered on the name alone; strong, withheld.
    assert found(budi) == [("Budi Suharto", ("same name",), False, False)]
    strong = find_duplicates(demo_uow_factory(), agent, budi | {"date_of_birth": "08/06/1961"})
    withheld = [c.reasons for c in strong if c.match is None]
    assert withheld == [("same family name", "same date of birth")]


def test_one_name_only_is_changed_both_ways_with_a_reason_and_read_back(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    record = _suharto(demo_uow_factory, agent)
    named = FieldEdit(value="Budi", reason="Customer changed their name")
    with pytest.raises(ServiceError, match="Read back"):
        _edit(demo_uow_factory, agent, record, {"given_name": named}, confirmed=set())
    budi = _edit(demo_uow_factory, agent, record, {"given_name": named}, {"given_name"})
    assert budi.name == "Budi Suharto"

    emptied = FieldEdit(value="", reason="Entry error corrected")
    with pytest.raises(FieldError, match=r"^Given name: enter the given name\.$"):
        _edit(demo_uow_factory, agent, budi, {"given_name": emptied}, {"given_name"})
    one_name = emptied.model_copy(update={"one_name_only": True})
    with pytest.raises(ServiceError, match="Read back and confirm with the caller first"):
        _edit(demo_uow_factory, agent, budi, {"given_name": one_name}, set())
    again = _edit(demo_uow_factory, agent, budi, {"given_name": one_name}, {"given_name"})

    assert again.value("given_name") is None and again.name == "Suharto"
    history = [(c.old_value, c.new_value, c.reason) for c in reversed(again.changes)]
    assert history == [
        ("(one name only)", "Budi", "Customer changed their name"),
        ("Budi", "(one name only)", "Entry error corrected"),
    ]
    assert lookup(demo_uow_factory(), agent, "suharto").matches
    with demo_uow_factory() as uow:
        customer = uow.customers.get(record.customer_id)
        assert customer is not None and (customer.given_name, customer.given_key) == ("", "")
    opened = open_record(demo_uow_factory(), agent, record.customer_id, REASON)
    assert opened.name == "Suharto"


def test_one_name_only_is_said_of_the_given_name_alone(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    record = _suharto(demo_uow_factory, agent)
    town = FieldEdit(value="", reason="Entry error corrected", one_name_only=True)
    with pytest.raises(ServiceError, match="One name only is said of the given name"):
        _edit(demo_uow_factory, agent, record, {"town": town}, {"town"})


def test_a_given_name_typed_finds_one_name_only_ranked_below_and_marked_unless_restricted(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """ "Budi Suharto", a given name the record does not hold: the one-name record is found,
    after the two-name ones whose given name fits (a slip in it too), and marked; as the
    start of the name, typed with an initial, or with a town after it too. A restricted
    one is still left out for a handler."""
    suharto = _suharto(demo_uow_factory, agent)
    budi = {"given_name": "Budi", "family_name": "Suharto", "date_of_birth": "14/02/1975"}
    bude = {"given_name": "Bude", "family_name": "Suharto", "date_of_birth": "02/11/1980"}
    for values, phone in ((budi, "07700 900789"), (bude, "07700 900790")):
        new = _new(
            SUHARTO | values | {"phone": phone, "town": "York", "postcode": "YO1 7HH"},
            one_name_only=False,
        )
        create_customer(demo_uow_factory(), agent, CAPTURE, Channel.PHONE, new)

    def found(text: str) -> list[tuple[str, bool]]:
        matches = lookup(demo_uow_factory(), agent, text).matches
        return [(m.display_name, m.by_one_name) for m in matches]

    assert found("budi suharto") == [
        ("Budi Suharto", False),
        ("Bude Suharto", False),
        ("Suharto", True),
    ]
    assert ("Suharto", True) in found("budi suhar")  # search as you type
    assert ("Suharto", True) in found("b suharto")
    assert found("budi suharto leeds") == [("Suharto", True)]
    assert found("suharto")[0] == ("Suharto", False)  # the one name alone: no mark
    dpo = actor_for(demo_uow_factory, "dpo")
    restrict_processing(demo_uow_factory(), dpo, suharto.reference, "Accuracy contested")
    assert ("Suharto", True) not in found("budi suharto")
    assert ("Suharto", True) in [
        (m.display_name, m.by_one_name)
        for m in lookup(demo_uow_factory(), dpo, "budi suharto").matches
    ]


def test_a_representative_with_one_name_only_is_held_as_a_customer_is_and_named_alone(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """Someone acting for a customer may have one name only, as a customer may: their
    names are checked as a customer's, with the same words, and they are named alone."""
    record = _suharto(demo_uow_factory, agent)
    supervisor = actor_for(demo_uow_factory, "supervisor")
    son = RepresentativeIn(
        given_name="",
        family_name="Wibowo",
        relationship="son",
        authority=Authority.POWER_OF_ATTORNEY,
        scope=("read:contact",),
        date_of_birth="14/02/1990",
    )

    def add(new: RepresentativeIn) -> str:
        return add_representative(demo_uow_factory(), supervisor, record.customer_id, new).name

    with pytest.raises(FieldError, match=r"^Given name: enter the given name\.$"):
        add(son)
    with pytest.raises(FieldError, match="Given name: leave it empty for a customer with one"):
        add(son.model_copy(update={"given_name": "Budi", "one_name_only": True}))
    assert add(son.model_copy(update={"one_name_only": True})) == "Wibowo"
    opened = open_record(demo_uow_factory(), supervisor, record.customer_id, REASON)
    assert [r.name for r in opened.representatives] == ["Wibowo"]
    with demo_uow_factory() as uow:
        customer = uow.customers.get(record.customer_id)
        assert customer is not None
        people = {s.key: s for s in build_sections(uow, customer)}["representatives"]
        assert people.rows[0][0] == "Wibowo"  # in the subject access pack too
