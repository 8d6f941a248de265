"""A customer whose address is outside the UK, taken, found, verified, moved, exported and
erased; and the call's notes taken on the capture form (MP-01, MP-05, MP-13, MP-16, MP-18).

Found by a tester: a new customer living in Paris could not be saved without typing a false
UK postcode, and a new customer's call was saved with no notes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.merging import MergeSide, comparing_reason
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import Channel, CheckKind
from custinfo_tui.repository.orm import Address, Base, Interaction
from custinfo_tui.services import erasure, merging
from custinfo_tui.services.capture import create_customer, find_duplicates
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.records import open_record
from custinfo_tui.services.subject_access_export import subject_access_pack
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, desk_for
from tests.support.edits import correct

CAPTURE = CapturePolicy()
JOHN_SMITH = 1
REASON = AccessReason(reason="Customer wrote in", detail="letter")
MOVED = "Customer moved"

PARIS = {
    "given_name": "Amélie",
    "family_name": "Fontaine",
    "date_of_birth": "14/07/1990",
    "phone": "07700 900318",
    "address_line1": "Apartment 4B, 12 Rue de l'Église",
    "town": "Paris",
    "country": "France",
    "foreign_postcode": "75001",
    "notes": "Opening an account from Paris; card 4111 1111 1111 1111 not taken.",
}


def _take(agent: Desk, values: dict[str, str], *, reason: str | None = None) -> Any:
    """Captured as the console does: every detail but the notes read back and confirmed."""
    return create_customer(
        agent.uow_factory(),
        agent.actor,
        CAPTURE,
        Channel.PHONE,
        NewCustomer(
            template="new_customer",
            values=values,
            enquiry_type="New account",
            consent=ConsentAnswers(),
            read_back=ReadBackConfirmation(confirmed=frozenset(values) - {"notes"}),
            different_person_reason=reason,
        ),
    )


def _rows(uow_factory: UnitOfWorkFactory, model: type[Any], **where: object) -> list[Any]:
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        rows = list(session.scalars(select(model).filter_by(**where).order_by(model.id)))
        session.expunge_all()
        return rows


def test_an_address_in_paris_is_saved_with_its_country_and_the_postcode_used_there(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    record = _take(agent, PARIS)

    assert record.value("country") == "France"
    assert record.value("foreign_postcode") == "75001"
    assert record.value("postcode") is None
    [address] = _rows(demo_uow_factory, Address, customer_id=record.customer_id)
    assert (address.line1, address.town, address.postcode, address.country) == (
        "Apartment 4B, 12 Rue de l'Église",
        "Paris",
        "75001",
        "FR",
    )
    # The notes are the call's, kept with it like wrap-up notes: cleaned of the card number.
    [call] = _rows(demo_uow_factory, Interaction, customer_id=record.customer_id)
    assert call.notes == "Opening an account from Paris; card [card number removed] not taken."
    assert call.wrapped_up_at is not None
    events = {h.action: h for h in record.history}
    read_back = events[AuditAction.READ_BACK_CONFIRMED]
    assert {"country", "foreign_postcode"} <= set(read_back.fields)
    assert "notes" not in read_back.fields  # the handler's own words are not read back


def test_the_uk_postcode_is_asked_only_of_an_address_in_the_uk(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    in_the_uk = {k: v for k, v in PARIS.items() if k not in ("country", "foreign_postcode")}
    with pytest.raises(FieldError, match=r"^Postcode: enter the postcode\.$"):
        _take(agent, in_the_uk)
    with pytest.raises(FieldError, match=r"^Postcode: only for an address in the UK"):
        _take(agent, PARIS | {"postcode": "SW1A 1AA"})
    with pytest.raises(FieldError, match=r"^Postcode \(outside the UK\): only for an address"):
        _take(agent, PARIS | {"country": "UK"})
    with pytest.raises(FieldError, match=r"^Country: That is not a country we know"):
        _take(agent, PARIS | {"country": "Frnace"})
    assert _rows(demo_uow_factory, Address, town="Paris") == []
    # A place without postcodes: the country alone.
    record = _take(agent, {k: v for k, v in PARIS.items() if k != "foreign_postcode"})
    assert record.value("country") == "France" and record.value("foreign_postcode") is None


def test_a_caller_from_paris_is_found_as_a_duplicate_and_verified_on_that_postcode(
    agent: Desk,
) -> None:
    first = _take(agent, PARIS)
    again = PARIS | {"given_name": "Amelie", "phone": "07700 900319"}

    [candidate] = find_duplicates(agent.uow_factory(), agent.actor, again)
    assert candidate.match is not None and candidate.match.customer_id == first.customer_id
    assert "same postcode" in candidate.reasons

    call = agent.start(first.customer_id).interaction_id
    assert not agent.check(call, CheckKind.POSTCODE, "75002").passed
    assert agent.check(call, CheckKind.POSTCODE, " 75001 ").passed


def test_a_customer_moving_abroad_keeps_the_uk_postcode_in_the_history(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    version = open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, REASON).version

    after = correct(
        agent.uow_factory,
        agent.actor,
        JOHN_SMITH,
        version,
        {
            "address_line1": "8 Calle Mayor",
            "town": "Madrid",
            "country": "es",
            "foreign_postcode": "28013",
        },
        reason=MOVED,
    )

    assert (after.value("country"), after.value("foreign_postcode")) == ("Spain", "28013")
    assert after.value("postcode") is None
    addresses = _rows(demo_uow_factory, Address, customer_id=JOHN_SMITH)
    assert [(a.postcode, a.country, a.is_current) for a in addresses] == [
        ("SE1 2QT", "GB", False),
        ("28013", "ES", True),
    ]
    changes = {c.field: c for c in after.changes}
    assert (changes["Postcode"].old_value, changes["Postcode"].new_value) == ("SE1 2QT", None)
    assert changes["Postcode"].reason == MOVED
    assert (changes["Country"].old_value, changes["Country"].new_value) == (
        "United Kingdom",
        "Spain",
    )

    # Back to the UK: a UK address needs its postcode, and one from elsewhere is refused.
    back = {"address_line1": "3 Mill Lane", "town": "Bristol", "country": "United Kingdom"}
    with pytest.raises(ServiceError, match=r"A new address needs: Postcode\."):
        correct(agent.uow_factory, agent.actor, JOHN_SMITH, after.version, back, reason=MOVED)
    with pytest.raises(FieldError, match=r"^Postcode \(outside the UK\): only for an address"):
        correct(
            agent.uow_factory,
            agent.actor,
            JOHN_SMITH,
            after.version,
            back | {"foreign_postcode": "BS1 4DJ"},
            reason=MOVED,
        )
    home = correct(
        agent.uow_factory,
        agent.actor,
        JOHN_SMITH,
        after.version,
        back | {"postcode": "bs1 4dj"},
        reason=MOVED,
    )
    assert (home.value("postcode"), home.value("country")) == ("BS1 4DJ", "United Kingdom")
    assert home.value("foreign_postcode") is None


def test_a_postcode_from_abroad_is_refused_on_an_address_in_the_uk(agent: Desk) -> None:
    version = open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, REASON).version
    with pytest.raises(FieldError, match=r"^Postcode \(outside the UK\): only for an address"):
        correct(agent.uow_factory, agent.actor, JOHN_SMITH, version, {"foreign_postcode": "1010"})
    record = open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, REASON)
    assert record.value("postcode") == "SE1 2QT" and record.version == version


def test_the_subject_access_pack_lists_the_address_abroad(agent: Desk) -> None:
    record = _take(agent, PARIS)
    dpo = desk_for(agent.uow_factory, "dpo")

    pack = subject_access_pack(dpo.uow_factory(), dpo.actor, record.customer_id)

    personal = dict(pack.section("fields-personal").rows)
    assert personal["Country"] == "France"
    assert personal["Postcode (outside the UK)"] == "75001"
    assert personal["Postcode"] == ""  # none held
    [address] = pack.section("addresses").rows
    assert address[2:5] == ("Paris", "75001", "France")  # by name, as the record shows it


def test_erasing_a_customer_abroad_leaves_no_trace_of_the_address(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    record = _take(agent, PARIS)
    dpo = desk_for(demo_uow_factory, "dpo")

    erasure.erase_customer(dpo.uow_factory(), dpo.actor, record.customer_id, "Art. 17 request")

    traces = ("église", "75001", "opening an account from paris")
    found = []
    with demo_uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).mappings():
                for column, value in row.items():
                    if column.endswith("hash") or column == "heads":
                        continue  # one-way digests, whose hex may spell digits by chance
                    text = str(value).casefold()
                    found += [f"{table.name}.{column}" for t in traces if t in text]
    assert found == []
    [address] = _rows(demo_uow_factory, Address, customer_id=record.customer_id)
    assert (address.postcode, address.country) == ("", "")


def test_a_merge_takes_an_address_abroad_whole_or_not_at_all(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    twin = _take(
        agent,
        PARIS | {"given_name": "John", "family_name": "Smith", "date_of_birth": "12/04/1980"},
        reason="Caller says he has no other account",
    ).customer_id
    supervisor = desk_for(demo_uow_factory, "supervisor")
    preview = merging.preview_merge(
        supervisor.uow_factory(),
        supervisor.actor,
        JOHN_SMITH,
        twin,
        comparing_reason("Same name and birthday, one in Paris"),
    )
    rows = {row.key: (row.survivor, row.other) for row in preview.rows}
    assert rows["country"] == ("United Kingdom", "France")
    assert rows["postcode"] == ("SE1 2QT", None)
    assert rows["foreign_postcode"] == (None, "75001")

    def merge(*keys: str) -> Any:
        choices = dict.fromkeys(keys, MergeSide.OTHER)
        return merging.merge_records(
            supervisor.uow_factory(), supervisor.actor, JOHN_SMITH, twin, choices, "Same man"
        )

    mixed = r"Keep Postcode, Country, Postcode \(outside the UK\) from the same record"
    with pytest.raises(ServiceError, match=mixed):
        merge("address_line1", "town", "country")
    merge("address_line1", "town", "postcode", "country", "foreign_postcode")

    record = open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, REASON)
    assert (record.value("country"), record.value("foreign_postcode")) == ("France", "75001")
    assert record.value("postcode") is None
