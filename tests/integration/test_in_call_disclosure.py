"""Every service callable in a call returns only what the caller on the line may hear (MP-08).

A caller may hear a field once it has been disclosed to them (`field.disclosed` on the
audit stream) and while their level, and a representative's scope, allow reading it. Each
test walks a call through the services and searches everything each one returns (the
pydantic dump, an error's contents) for every stored value of the customer, in every
spelling a leak could take. Field history's old values are never for a call. Runs on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from pydantic import BaseModel

from custinfo_tui.domain.capture import CapturePolicy, FieldEdit, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.consent import ConsentAnswers, MarketingChannel, SpecialCategoryCondition
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.interactions import RepresentativeIn
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason, CustomerRecord
from custinfo_tui.domain.verification import (
    Access,
    Authority,
    CallerKind,
    Channel,
    CheckKind,
    VerificationPolicy,
    action_for,
)
from custinfo_tui.services import representatives, verification
from custinfo_tui.services.capture import create_customer
from custinfo_tui.services.consent import change_consents
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.errors import EditConflict, ServiceError
from custinfo_tui.services.records import (
    edit_customer,
    open_record,
    open_record_in_call,
    reveal_fields,
)
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.services.verification_state import current_caller_events
from tests.support.actors import actor_for
from tests.support.edits import read_back_of

POLICY = VerificationPolicy()
CAPTURE = CapturePolicy()
REASON = AccessReason(reason="Customer wrote in", detail="letter")

#: A fictitious customer with every field filled, each value found nowhere else.
VALUES = {
    "given_name": "Ottoline",
    "family_name": "Quillfeather",
    "date_of_birth": "14/07/1971",
    "phone": "07700 900871",
    "email": "ottoline.q@example.net",
    "address_line1": "17 Marigold Crescent",
    "address_line2": "Heronsgate House",
    "town": "Tobermory",
    "postcode": "PA75 6NR",
    "accessibility_needs": "Braille statements and a hearing loop",
}
#: Each field's stored value in every spelling a leak could take (compared lower-cased).
SPELLINGS = {
    "date_of_birth": ("1971-07-14", "14/07/1971", "14 july 1971"),
    "phone": ("447700900871", "07700 900871", "7700900871"),
    "email": ("ottoline.q@example.net",),
    "address_line1": ("marigold",),
    "address_line2": ("heronsgate",),
    "town": ("tobermory",),
    "postcode": ("pa75 6nr", "pa756nr"),
    "accessibility_needs": ("braille", "hearing loop"),
}
#: The representative's own answers: what they are checked against, never disclosed.
REPRESENTATIVE_ANSWERS = ("1969-03-03", "03/03/1969", "ka27 8qq", "ka278qq", "thistle")
SECURITY_ANSWER = "Larkspur"

NEVER = "never in a call"


@dataclass
class Call:
    """One call about the fictitious customer, and what each stored value looks like."""

    uow_factory: UnitOfWorkFactory
    actor: Actor
    customer_id: int
    interaction_id: int = 0
    #: Field key -> spellings of its current value; NEVER -> values no call may return
    #: (old values in field history, the representative's own answers).
    stored: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(SPELLINGS) | {NEVER: REPRESENTATIVE_ANSWERS}
    )

    def replaced(self, key: str, *spellings: str) -> None:
        """A field's value changed: the old one lives on only in field history."""
        self.stored[NEVER] += self.stored[key]
        self.stored[key] = spellings

    def check(self, kind: CheckKind, answer: str) -> Any:
        return verification.check_answer(
            self.uow_factory(), self.actor, POLICY, self.interaction_id, kind, answer
        )

    def edit(self, version: int, key: str, value: str, reason: str) -> CustomerRecord:
        return edit_customer(
            self.uow_factory(),
            self.actor,
            CAPTURE,
            self.customer_id,
            version,
            {key: FieldEdit(value=value, reason=reason)},
            ReadBackConfirmation(confirmed=frozenset({key})),
            policy=POLICY,
            interaction_id=self.interaction_id,
        )

    def change_consents(self, answers: ConsentAnswers) -> CustomerRecord:
        return change_consents(
            self.uow_factory(),
            self.actor,
            CAPTURE,
            self.customer_id,
            answers,
            interaction_id=self.interaction_id,
            policy=POLICY,
        )

    def heard(self, result: object) -> set[str]:
        """The fields (or NEVER) whose stored values appear anywhere in `result`."""
        text = "\n".join(_strings(result)).lower()
        return {key for key, spellings in self.stored.items() if any(s in text for s in spellings)}

    def may_hear(self) -> set[str]:
        """Fields disclosed to the caller now on the line that their verification allows."""
        state = verification.verification_state(
            self.uow_factory(), self.actor, POLICY, self.interaction_id
        )
        with self.uow_factory() as uow:
            events = current_caller_events(uow, self.interaction_id)
        disclosed = {
            key for e in events if e.action is AuditAction.FIELD_DISCLOSED for key in e.fields
        }
        return {
            key
            for key in disclosed
            if FIELDS[key].group is FieldGroup.IDENTITY
            or state.allows(action_for(Access.READ, FIELDS[key].group))
        }

    def told(self, result: object) -> set[str]:
        """The fields whose values `result` holds, having checked the caller may hear them
        all: disclosed to them, and still allowed."""
        heard, allowed = self.heard(result), self.may_hear()
        assert heard <= allowed, f"returned the values of {sorted(heard - allowed)}"
        return heard


def _strings(value: object) -> Iterator[str]:
    """Every string in a returned value: models dumped, containers walked, errors opened."""
    if isinstance(value, BaseModel):
        yield from _strings(value.model_dump(mode="json"))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, EditConflict):
        yield str(value)
        yield from _strings(value.theirs)
    elif value is not None:
        yield str(value)


@pytest.fixture
def agent(demo_uow_factory: UnitOfWorkFactory) -> Actor:
    return actor_for(demo_uow_factory, "agent")


@pytest.fixture
def customer_id(demo_uow_factory: UnitOfWorkFactory, agent: Actor) -> int:
    """The fictitious customer, captured with an Article 9 condition and a security answer."""
    record = create_customer(
        demo_uow_factory(),
        agent,
        CAPTURE,
        Channel.PHONE,
        NewCustomer(
            template="new_customer",
            values=VALUES,
            enquiry_type="New account",
            consent=ConsentAnswers(
                marketing=frozenset({MarketingChannel.EMAIL, MarketingChannel.POST}),
                special_condition=SpecialCategoryCondition.EXPLICIT_CONSENT,
            ),
            read_back=ReadBackConfirmation(confirmed=frozenset(VALUES)),
            different_person_reason=None,
        ),
    )
    representatives.set_security_answer(
        demo_uow_factory(), agent, record.customer_id, "Name of your first school?", "Larkspur"
    )
    return record.customer_id


def _add_representative(call: Call, *scope: str) -> int:
    summary = representatives.add_representative(
        call.uow_factory(),
        call.actor,
        call.customer_id,
        RepresentativeIn(
            given_name="Ewan",
            family_name="Quillfeather",
            relationship="son",
            authority=Authority.POWER_OF_ATTORNEY,
            scope=scope,
            date_of_birth="03/03/1969",
            postcode="KA27 8QQ",
            security_question="Favourite flower?",
            security_answer="Thistle",
        ),
    )
    return summary.id


def _version(call: Call) -> int:
    return open_record(call.uow_factory(), call.actor, call.customer_id, REASON).version


def _disclosures(call: Call) -> list[tuple[tuple[str, ...], Any]]:
    with call.uow_factory() as uow:
        events = uow.audit.for_interaction(call.interaction_id)
    return [
        (e.fields, e.details.get("context"))
        for e in events
        if e.action is AuditAction.FIELD_DISCLOSED
    ]


def test_every_in_call_service_returns_only_what_the_customer_was_told_at_each_level(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor, customer_id: int
) -> None:
    call = Call(demo_uow_factory, agent, customer_id)
    console = ConsoleServices(demo_uow_factory, POLICY, CAPTURE, ComplaintPolicy())
    record, state = console.start_call(agent, customer_id, Channel.PHONE)
    call.interaction_id = state.interaction_id
    assert call.told(record) == call.told(state) == set()
    assert call.told(console.representatives(agent, customer_id)) == set()
    assert call.told(call.check(CheckKind.DATE_OF_BIRTH, "14 July 1971")) == set()
    assert call.told(call.check(CheckKind.POSTCODE, "pa756nr")) == set()  # Standard
    assert call.told(console.verification_state(agent, call.interaction_id)) == set()
    # Verified to hear contact details, address and date of birth; none revealed yet.
    opened = open_record_in_call(demo_uow_factory(), agent, POLICY, call.interaction_id)
    assert call.told(opened) == set()

    revealed = reveal_fields(demo_uow_factory(), agent, POLICY, call.interaction_id, ["phone"])
    assert call.told(revealed) == {"phone"}

    high = call.check(CheckKind.SECURITY_ANSWER, SECURITY_ANSWER)
    assert high.level_reached == "high"
    assert call.told(high) == set()
    consented = call.change_consents(
        ConsentAnswers(
            marketing=frozenset({MarketingChannel.POST}),
            special_condition=SpecialCategoryCondition.EXPLICIT_CONSENT,
        )
    )
    assert call.told(consented) == {"phone"}
    edited = call.edit(
        consented.version, "email", "o.quillfeather@example.org", "New contact details"
    )
    call.replaced("email", "o.quillfeather@example.org")
    # The new e-mail was read back to the caller: disclosed to them, and shown so.
    assert call.told(edited) == {"phone", "email"}
    reopened = open_record_in_call(demo_uow_factory(), agent, POLICY, call.interaction_id)
    assert call.told(reopened) == {"phone", "email"}
    for in_call in (consented, edited, reopened):
        assert in_call.changes == () and in_call.changes_hidden

    identified, _ = console.identify_caller(agent, call.interaction_id, CallerKind.CUSTOMER)
    assert call.told(identified) == set()  # a caller identified again starts from nothing


def test_a_consent_change_at_high_level_returns_the_record_masked_without_field_history(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor, customer_id: int
) -> None:
    call = Call(demo_uow_factory, agent, customer_id)
    call.interaction_id = verification.start_interaction(
        demo_uow_factory(), agent, POLICY, customer_id, Channel.PHONE
    ).interaction_id
    for kind, answer in (
        (CheckKind.DATE_OF_BIRTH, "14/07/1971"),
        (CheckKind.POSTCODE, "PA75 6NR"),
        (CheckKind.SECURITY_ANSWER, SECURITY_ANSWER),
    ):
        call.check(kind, answer)

    record = call.change_consents(
        ConsentAnswers(
            marketing=frozenset({MarketingChannel.EMAIL}),
            special_condition=SpecialCategoryCondition.EXPLICIT_CONSENT,
        )
    )

    assert call.heard(record) == set()
    hidden = {f.key: f.value for f in record.fields if not f.shown}
    assert hidden == {
        "date_of_birth": None,
        "phone": "...871",
        "email": None,
        "address_line1": None,
        "address_line2": None,
        "town": None,
        "postcode": "PA75 6**",
        "country": None,
        "accessibility_needs": None,
    }
    assert record.changes == () and record.changes_hidden
    assert record.interaction_id == call.interaction_id
    assert _disclosures(call) == []  # nothing was told, so nothing is recorded as told


def test_a_representative_hears_only_their_scope_from_every_in_call_service(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor, customer_id: int
) -> None:
    call = Call(demo_uow_factory, agent, customer_id)
    son = _add_representative(call, "read:contact", "change:contact")
    console = ConsoleServices(demo_uow_factory, POLICY, CAPTURE, ComplaintPolicy())
    record, state = console.start_call(agent, customer_id, Channel.PHONE)
    call.interaction_id = state.interaction_id
    assert call.told(record) == call.told(state) == set()
    as_son = console.identify_caller(agent, call.interaction_id, CallerKind.REPRESENTATIVE, son)
    assert call.told(as_son) == set()
    assert call.told(call.check(CheckKind.DATE_OF_BIRTH, "3/3/1969")) == set()
    assert call.told(call.check(CheckKind.POSTCODE, "KA27 8QQ")) == set()
    assert call.told(call.check(CheckKind.SECURITY_ANSWER, "thistle")) == set()  # High
    with pytest.raises(ServiceError, match="outside their scope"):
        reveal_fields(demo_uow_factory(), agent, POLICY, call.interaction_id, ["postcode"])
    revealed = reveal_fields(
        demo_uow_factory(), agent, POLICY, call.interaction_id, ["phone", "email"]
    )
    assert call.told(revealed) == {"phone", "email"}

    consented = call.change_consents(
        ConsentAnswers(special_condition=SpecialCategoryCondition.EXPLICIT_CONSENT)
    )
    assert call.told(consented) == {"phone", "email"}
    edited = call.edit(consented.version, "email", "ottoline@example.org", "New contact details")
    call.replaced("email", "ottoline@example.org")
    assert call.told(edited) == {"phone", "email"}
    reopened = open_record_in_call(demo_uow_factory(), agent, POLICY, call.interaction_id)
    assert call.told(reopened) == {"phone", "email"}

    nobody = console.identify_caller(agent, call.interaction_id, CallerKind.NO_AUTHORITY)
    assert call.told(nobody) == set()


def test_an_edit_conflict_in_a_call_shows_and_audits_only_what_the_caller_may_hear(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor, customer_id: int
) -> None:
    call = Call(demo_uow_factory, agent, customer_id)
    son = _add_representative(call, "read:contact", "change:contact", "change:address")
    version = _version(call)
    call.interaction_id = verification.start_interaction(
        demo_uow_factory(), agent, POLICY, customer_id, Channel.PHONE
    ).interaction_id
    verification.identify_caller(
        demo_uow_factory(), agent, POLICY, call.interaction_id, CallerKind.REPRESENTATIVE, son
    )
    for kind, answer in (
        (CheckKind.DATE_OF_BIRTH, "03/03/1969"),
        (CheckKind.POSTCODE, "KA27 8QQ"),
        (CheckKind.SECURITY_ANSWER, "Thistle"),
    ):
        call.check(kind, answer)
    # Another desk corrects the phone and the town while the son is on the line.
    supervisor = actor_for(demo_uow_factory, "supervisor")
    edit_customer(
        demo_uow_factory(),
        supervisor,
        CAPTURE,
        customer_id,
        version,
        {
            "phone": FieldEdit(value="07700 900872", reason="Entry error corrected"),
            "town": FieldEdit(value="Dervaig", reason="Entry error corrected"),
        },
        read_back_of("phone", "town"),
        policy=POLICY,
    )
    call.replaced("phone", "447700900872", "07700 900872")
    call.replaced("town", "dervaig")

    with pytest.raises(EditConflict) as conflict:
        edit_customer(
            demo_uow_factory(),
            agent,
            CAPTURE,
            customer_id,
            version,
            {
                "phone": FieldEdit(value="07700 900873", reason="New contact details"),
                "town": FieldEdit(value="Salen", reason="Customer moved"),
            },
            ReadBackConfirmation(confirmed=frozenset({"phone", "town"})),
            policy=POLICY,
            interaction_id=call.interaction_id,
        )

    # Their phone may be heard (read:contact) and is audited as told; their town may not.
    assert conflict.value.theirs == {"phone": "07700 900872", "town": None}
    assert call.told(conflict.value) == {"phone"}
    assert _disclosures(call) == [(("phone",), "edit_conflict")]


def test_an_empty_field_looks_like_a_hidden_one_until_the_caller_may_read_it(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor, customer_id: int
) -> None:
    """Found trying the console: support needs read "(hidden) · needs High" for a customer
    with some and "-" for one without, so before any check the handler could tell who
    has health or disability data on file (special category, Art. 9)."""
    console = ConsoleServices(demo_uow_factory, POLICY, CAPTURE, ComplaintPolicy())
    john_smith = 1  # the demo's John Smith: no support needs, a security answer

    def needs(record: CustomerRecord) -> tuple[bool, str | None]:
        [field] = [f for f in record.fields if f.key == "accessibility_needs"]
        return field.shown, field.value

    with_needs, _ = console.start_call(agent, customer_id, Channel.PHONE)
    without, state = console.start_call(agent, john_smith, Channel.PHONE)
    assert needs(with_needs) == needs(without) == (False, None)

    def check(kind: CheckKind, answer: str) -> Any:
        return verification.check_answer(
            demo_uow_factory(), agent, POLICY, state.interaction_id, kind, answer
        )

    check(CheckKind.DATE_OF_BIRTH, "12/04/1980")
    check(CheckKind.POSTCODE, "SE1 2QT")  # Standard: support needs still need High
    opened = open_record_in_call(demo_uow_factory(), agent, POLICY, state.interaction_id)
    assert needs(opened) == (False, None)
    check(CheckKind.SECURITY_ANSWER, "Biscuit")  # High: nothing held, and that may be said
    opened = open_record_in_call(demo_uow_factory(), agent, POLICY, state.interaction_id)
    assert needs(opened) == (True, None)
