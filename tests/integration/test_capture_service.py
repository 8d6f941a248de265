"""Capturing new customers, the duplicate check, consents, and editing with reasons and
read-back, on SQLite and PostgreSQL (MP-01 to MP-07, MP-10, MP-13, MP-15)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from custinfo_tui.domain.capture import (
    CapturePolicy,
    FieldEdit,
    NewCustomer,
    ReadBackConfirmation,
)
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.consent import (
    ConsentAnswers,
    LawfulBasis,
    MarketingChannel,
    SpecialCategoryCondition,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason, CustomerRecord
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import Channel, CheckKind, VerificationPolicy
from custinfo_tui.repository.orm import Address, AuditEventRow, Consent, Customer, Interaction
from custinfo_tui.services import verification
from custinfo_tui.services.capture import LockedDuplicate, create_customer, find_duplicates
from custinfo_tui.services.consent import change_consents
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.errors import (
    DuplicateSuspected,
    EditConflict,
    PermissionDenied,
    ServiceError,
    SpecialCategoryRefused,
)
from custinfo_tui.services.lookup import lookup
from custinfo_tui.services.records import edit_customer, open_record, record_in_call
from custinfo_tui.services.restriction import RestrictedDuplicate, restrict_processing
from custinfo_tui.services.subject_access_pack import build_sections
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for
from tests.support.edits import read_back_of

CAPTURE = CapturePolicy()
POLICY = VerificationPolicy()
JOHN_SMITH = 1
REASON = AccessReason(reason="Customer wrote in", detail="letter")

NEW = {
    "given_name": "ada",
    "family_name": "lovelace-byron",
    "date_of_birth": "10/12/1985",
    "phone": "07700 900555",
    "email": "Ada.Lovelace@Example.org",
    "address_line1": "3 mill lane",
    "town": "bristol",
    "postcode": "bs1 4dj",
}


@pytest.fixture
def agent(demo_uow_factory: UnitOfWorkFactory) -> Actor:
    return actor_for(demo_uow_factory, "agent")


def _new(
    values: dict[str, str] | None = None,
    *,
    consent: ConsentAnswers | None = None,
    confirmed: set[str] | None = None,
    reason: str | None = None,
) -> NewCustomer:
    values = dict(NEW if values is None else values)
    return NewCustomer(
        template="new_customer",
        values=values,
        enquiry_type="New account",
        consent=consent or ConsentAnswers(marketing=frozenset({MarketingChannel.EMAIL})),
        read_back=ReadBackConfirmation(
            confirmed=frozenset(values if confirmed is None else confirmed),
            double_entered=frozenset({"phone"}),
        ),
        different_person_reason=reason,
    )


def _all(uow_factory: UnitOfWorkFactory, model: type[Any], **where: object) -> list[Any]:
    with uow_factory() as uow:
        query = select(model).filter_by(**where).order_by(model.id)
        rows = list(uow.session.scalars(query))  # type: ignore[attr-defined]
        uow.session.expunge_all()  # type: ignore[attr-defined]
        return rows


def test_a_new_customer_is_stored_normalised_with_consents_and_found_at_once(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    record = create_customer(demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new())

    assert record.value("given_name") == "Ada"
    assert record.value("family_name") == "Lovelace-Byron"
    assert record.value("postcode") == "BS1 4DJ"
    assert record.value("email") == "ada.lovelace@example.org"
    assert record.value("date_of_birth") == "10 December 1985"
    consents = {(c.purpose, c.channel): c for c in record.consents}
    assert consents[("service", None)].basis == LawfulBasis.CONTRACT
    assert consents[("marketing", MarketingChannel.EMAIL)].granted
    assert not consents[("marketing", MarketingChannel.SMS)].granted
    assert all(c.wording_version == CAPTURE.consent_wording_version for c in record.consents)
    assert all(c.recorded_by == "agent" for c in record.consents)

    actions = [h.action for h in reversed(record.history)]
    assert actions == [
        AuditAction.INTERACTION_STARTED,
        AuditAction.CONSENT_RECORDED,
        AuditAction.READ_BACK_CONFIRMED,
        AuditAction.CUSTOMER_CREATED,
        AuditAction.INTERACTION_ENDED,
    ]
    found = lookup(demo_uow_factory(), agent, "ada lovelace-byron")
    assert [m.customer_id for m in found.matches] == [record.customer_id]
    assert lookup(demo_uow_factory(), agent, "lovelace-byron bristol").matches


def test_a_line_corrected_after_the_read_back_is_recorded_as_corrected(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """The caller put the phone number right when it was read back to them: the event
    says which line was corrected (the debrief credits it); a line not saved is not named."""
    new = _new()
    new = new.model_copy(
        update={
            "read_back": new.read_back.model_copy(
                update={"corrected": frozenset({"phone", "notes"})}
            )
        }
    )
    record = create_customer(demo_uow_factory(), agent, CAPTURE, Channel.PHONE, new)

    [event] = _all(demo_uow_factory, AuditEventRow, action=AuditAction.READ_BACK_CONFIRMED.value)
    assert event.customer_id == record.customer_id
    assert event.details["corrected"] == ["phone"]
    assert event.details["double_entry"] == ["phone"]


def test_the_calls_start_consent_and_read_back_carry_when_they_happened(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """Found by a tester: a new customer's call was stamped "Phone call started",
    "Consent recorded" and read back at the save's time, though it had started 45 s
    before. Nothing is stored until the save still, in the same order; each step carries
    when the console says it happened, and the subject access pack reads them so."""
    saving = datetime.now(UTC)
    began, consented = saving - timedelta(seconds=45), saving - timedelta(seconds=40)
    read_back = saving - timedelta(seconds=3)
    new = _new().model_copy(
        update={
            "started_at": began,
            "consent_at": consented,
            "read_back": ReadBackConfirmation(
                confirmed=frozenset(NEW),
                double_entered=frozenset({"phone"}),
                confirmed_at=read_back,
            ),
        }
    )

    record = create_customer(demo_uow_factory(), agent, CAPTURE, Channel.PHONE, new)

    with demo_uow_factory() as uow:
        events = list(reversed(uow.audit.list_recent(customer_id=record.customer_id)))
        at = {event.action: event.occurred_at for event in events}
        assert [event.action for event in events] == [  # the stream's order, as ever
            AuditAction.INTERACTION_STARTED,
            AuditAction.CONSENT_RECORDED,
            AuditAction.READ_BACK_CONFIRMED,
            AuditAction.CUSTOMER_CREATED,
            AuditAction.INTERACTION_ENDED,
        ]
        assert at[AuditAction.INTERACTION_STARTED] == began
        assert at[AuditAction.CONSENT_RECORDED] == consented
        assert at[AuditAction.READ_BACK_CONFIRMED] == read_back
        saved = at[AuditAction.CUSTOMER_CREATED]
        assert saved >= saving and at[AuditAction.INTERACTION_ENDED] == saved
        (call,) = uow.subject_access.interactions_of(record.customer_id)
        assert (call.started_at, call.ended_at, call.wrapped_up_at) == (began, saved, saved)
        assert {c.recorded_at for c in uow.customers.consents_of(record.customer_id)} == {consented}
        customer = uow.customers.get(record.customer_id)
        assert customer is not None
        pack = {section.key: section for section in build_sections(uow, customer)}

    def utc(moment: datetime) -> str:
        return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"

    interactions = pack["interactions"]
    ((started, ended, *_),) = interactions.rows
    assert (started, ended) == (utc(began), utc(saved))
    access = [(when, what) for when, _, what, _ in pack["access"].rows]
    assert access[0] == (utc(began), "Phone call started")
    assert [when for when, _ in access] == sorted(when for when, _ in access)
    # The record's own timeline, newest first by time, still tells them in their order.
    assert [h.action for h in reversed(record.history)] == [e.action for e in events]


def test_a_capture_time_that_cannot_be_is_recorded_as_the_save(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """A start given after the save (a clock put back) is not believed: the call is
    recorded as starting at the save, as before the console said when it began."""
    new = _new().model_copy(update={"started_at": datetime.now(UTC) + timedelta(hours=1)})

    record = create_customer(demo_uow_factory(), agent, CAPTURE, Channel.PHONE, new)

    with demo_uow_factory() as uow:
        events = list(reversed(uow.audit.list_recent(customer_id=record.customer_id)))
        assert len({event.occurred_at for event in events}) == 1  # all at the save
        (call,) = uow.subject_access.interactions_of(record.customer_id)
        assert call.started_at == events[0].occurred_at


def test_nothing_is_saved_without_a_required_field_a_valid_value_or_a_read_back(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    before = len(_all(demo_uow_factory, Customer))
    with pytest.raises(FieldError, match="Date of birth"):
        create_customer(
            demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new(NEW | {"date_of_birth": ""})
        )
    with pytest.raises(FieldError, match="Postcode"):
        create_customer(
            demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new(NEW | {"postcode": "XX"})
        )
    with pytest.raises(ServiceError, match=r"Read back.*E-mail"):
        create_customer(
            demo_uow_factory(),
            agent,
            CAPTURE,
            Channel.PHONE,
            _new(confirmed=set(NEW) - {"email"}),
        )
    assert len(_all(demo_uow_factory, Customer)) == before


def test_the_calls_notes_are_kept_with_it_cleaned_and_not_read_back(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """Found by a tester: the capture form, which is the call's wrap-up, took no notes, so
    a new customer's call was saved without any (MP-18: every call has notes)."""
    notes = "New account;\tcard 4111 1111 1111 1111 read out,  not taken."
    record = create_customer(
        demo_uow_factory(),
        agent,
        CAPTURE,
        Channel.PHONE,
        _new(NEW | {"notes": notes}, confirmed=set(NEW)),  # every line read back but notes
    )

    [call] = _all(demo_uow_factory, Interaction, customer_id=record.customer_id)
    assert call.notes == "New account; card [card number removed] read out, not taken."
    assert (call.outcome, call.enquiry_type) == ("customer created", "New account")
    with demo_uow_factory() as uow:
        [created] = uow.audit.list_recent(action=AuditAction.CUSTOMER_CREATED.value)
    assert created.details["notes_characters"] == len(call.notes)
    assert created.details["notes_asked"] is True
    assert "notes" not in created.fields  # kept with the call, not the customer


def test_support_needs_are_refused_without_an_article_9_condition(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    values = NEW | {"accessibility_needs": "Uses a hearing aid; prefers e-mail"}
    with pytest.raises(SpecialCategoryRefused):
        create_customer(demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new(values))

    consent = ConsentAnswers(special_condition=SpecialCategoryCondition.EXPLICIT_CONSENT)
    record = create_customer(
        demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new(values, consent=consent)
    )
    assert record.value("accessibility_needs") == "Uses a hearing aid; prefers e-mail"
    assert record.consent_answers().special_condition is SpecialCategoryCondition.EXPLICIT_CONSENT


def test_duplicates_are_scored_on_name_and_exact_contact_details_and_masked(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    typed = {"given_name": "Jonh", "family_name": "Smith", "date_of_birth": "12/04/1980"}

    found = find_duplicates(demo_uow_factory(), agent, typed)

    best = found[0]
    assert best.match.customer_id == JOHN_SMITH
    assert best.strong
    assert "same date of birth" in best.reasons
    assert best.match.masked_postcode == "SE1 2**"
    assert "12 April 1980" not in best.model_dump_json()

    by_phone = find_duplicates(demo_uow_factory(), agent, {"phone": "07700 900123"})
    assert JOHN_SMITH in [d.match.customer_id for d in by_phone]
    assert all(not d.strong for d in by_phone)  # a shared number alone is only a hint
    assert find_duplicates(demo_uow_factory(), agent, {"phone": "0770"}) == []


def test_a_restricted_record_is_a_duplicate_the_handler_cannot_see_or_take_again(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    dpo = actor_for(demo_uow_factory, "dpo")
    restrict_processing(demo_uow_factory(), dpo, "1001 2345 P", "Accuracy contested")
    twin = {"given_name": "John", "family_name": "Smith", "date_of_birth": "12/04/1980"}

    [withheld] = [d for d in find_duplicates(demo_uow_factory(), agent, twin) if d.restricted]
    assert withheld.strong and withheld.match is None
    assert "Smith" not in withheld.model_dump_json()
    assert "same date of birth" in withheld.reasons
    # Only a strong match is shown at all: a shared phone number says nothing of whose.
    by_phone = find_duplicates(demo_uow_factory(), agent, {"phone": "07700 900123"})
    assert not any(d.restricted for d in by_phone)
    # The data protection officer sees whose it is.
    [seen] = [d for d in find_duplicates(demo_uow_factory(), dpo, twin) if d.restricted]
    assert seen.match is not None and seen.match.customer_id == JOHN_SMITH

    # Nor taken again as someone new, even with a reason: that is for the DPO to decide.
    johns = len(_all(demo_uow_factory, Customer, given_key="john", family_key="smith"))
    with pytest.raises(RestrictedDuplicate, match="contact the data protection officer"):
        create_customer(
            demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new(NEW | twin, reason="Not him")
        )
    assert len(_all(demo_uow_factory, Customer, given_key="john", family_key="smith")) == johns


def test_a_strong_duplicate_blocks_the_save_until_a_reason_is_given(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    twin = NEW | {
        "given_name": "John",
        "family_name": "Smith",
        "date_of_birth": "12/04/1980",
    }
    with pytest.raises(DuplicateSuspected) as refused:
        create_customer(demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new(twin))
    assert refused.value.candidates[0].match.customer_id == JOHN_SMITH

    record = create_customer(
        demo_uow_factory(),
        agent,
        CAPTURE,
        Channel.PHONE,
        _new(twin, reason="Father and son share the name; son was born the same day? no: twin"),
    )
    created = next(h for h in record.history if h.action == AuditAction.CUSTOMER_CREATED)
    assert created.reason is not None and "twin" in created.reason


def _lock_john_smith(uow_factory: UnitOfWorkFactory, agent: Actor) -> None:
    """Three wrong dates of birth on the phone: John Smith's verification locks."""
    call = verification.start_interaction(uow_factory(), agent, POLICY, JOHN_SMITH, Channel.PHONE)
    for wrong in ("01/01/1980", "02/01/1980", "03/01/1980"):
        verification.check_answer(
            uow_factory(), agent, POLICY, call.interaction_id, CheckKind.DATE_OF_BIRTH, wrong
        )


def test_no_new_record_is_made_for_someone_matching_a_locked_customer(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """Found trying the console: a caller who failed John Smith's checks three times was
    given a new record of their own, with a reason typed for the duplicate, and the lock
    meant nothing. The match shows as locked while typing, the save is refused on any
    channel whatever the reason, and the attempt goes on John Smith's trail for the
    supervisor working the lock, without a value typed."""
    _lock_john_smith(demo_uow_factory, agent)
    twin = NEW | {"given_name": "John", "family_name": "Smith", "date_of_birth": "12/04/1980"}

    [found] = [d for d in find_duplicates(demo_uow_factory(), agent, twin) if d.strong]
    assert found.locked and found.match is not None and found.match.customer_id == JOHN_SMITH
    johns = len(_all(demo_uow_factory, Customer, given_key="john", family_key="smith"))
    for channel in (Channel.PHONE, Channel.FACE_TO_FACE):
        with pytest.raises(LockedDuplicate, match="verification is locked") as refused:
            create_customer(
                demo_uow_factory(), agent, CAPTURE, channel, _new(twin, reason="Not him")
            )
        assert "1001 2345 P" in str(refused.value)

    assert len(_all(demo_uow_factory, Customer, given_key="john", family_key="smith")) == johns
    with demo_uow_factory() as uow:
        refusals = uow.audit.list_recent(action=AuditAction.NEW_RECORD_REFUSED.value)
    assert [(e.customer_id, e.outcome) for e in refusals] == [(JOHN_SMITH, "locked")] * 2
    assert "12/04/1980" not in refusals[0].model_dump_json()
    assert set(refusals[0].details["matched"]) >= {"same date of birth"}
    # Nothing was read back to whoever it is: the refusal comes first.
    unread = _new(twin, confirmed=set(), reason="Not him")
    with pytest.raises(LockedDuplicate):
        create_customer(demo_uow_factory(), agent, CAPTURE, Channel.PHONE, unread)


def _edit(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    version: int,
    edits: dict[str, tuple[str, str]],
    *,
    confirmed: set[str] | None = None,
    corrected: frozenset[str] = frozenset(),
    interaction_id: int | None = None,
    customer_id: int = JOHN_SMITH,
) -> CustomerRecord:
    return edit_customer(
        uow_factory(),
        actor,
        CAPTURE,
        customer_id,
        version,
        {key: FieldEdit(value=value, reason=reason) for key, (value, reason) in edits.items()},
        ReadBackConfirmation(
            confirmed=read_back_of(*edits).confirmed if confirmed is None else frozenset(confirmed),
            corrected=corrected,
        ),
        policy=POLICY,
        interaction_id=interaction_id,
    )


def test_a_move_keeps_the_old_address_and_records_each_reason(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    before = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    moved = "Customer moved"

    after = _edit(
        demo_uow_factory,
        agent,
        before.version,
        {
            "address_line1": ("5 Canal Street", moved),
            "town": ("Manchester", moved),
            "postcode": ("m1 3he", moved),
            "email": ("john.smith1@example.net", "New contact details"),
        },
    )

    assert after.value("postcode") == "M1 3HE"
    assert after.value("town") == "Manchester"
    addresses = _all(demo_uow_factory, Address, customer_id=JOHN_SMITH)
    assert [(a.line1, a.is_current) for a in addresses] == [
        ("12 Acacia Road", False),
        ("5 Canal Street", True),
    ]
    reasons = {c.field: c.reason for c in after.changes[:4]}
    assert reasons["Postcode"] == moved
    assert reasons["E-mail"] == "New contact details"
    assert {c.old_value for c in after.changes[:4]} >= {"SE1 2QT", "London"}
    assert after.history[0].action == AuditAction.CUSTOMER_UPDATED
    assert after.history[1].action == AuditAction.READ_BACK_CONFIRMED
    assert lookup(demo_uow_factory(), agent, "smith manchester").matches


def test_an_edit_needs_a_configured_reason_and_a_read_back(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    version = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON).version
    with pytest.raises(ServiceError, match="choose a reason"):
        _edit(demo_uow_factory, agent, version, {"town": ("York", "because")})
    with pytest.raises(ServiceError, match="Read back"):
        _edit(
            demo_uow_factory,
            agent,
            version,
            {"town": ("York", "Entry error corrected")},
            confirmed=set(),
        )
    with pytest.raises(FieldError, match="Phone"):
        _edit(demo_uow_factory, agent, version, {"phone": ("12", "New contact details")})
    after = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    assert after.value("town") == "London" and after.version == version


def test_an_edit_corrected_at_its_read_back_says_so_on_the_timeline(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    version = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON).version
    after = _edit(
        demo_uow_factory,
        agent,
        version,
        {"town": ("York", "Entry error corrected"), "postcode": ("YO1 7HH", "Customer moved")},
        corrected=frozenset({"postcode"}),
    )
    said = [h.what for h in after.history if h.action == AuditAction.READ_BACK_CONFIRMED]
    assert said == [
        "Read back and confirmed: Address line 1 (unchanged), Postcode, Town "
        "(corrected at read-back: Postcode)"
    ]


def test_the_field_history_shows_values_as_the_record_does(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """The Changes tab read "+447700900123 -> +33142685300" beside a record showing the
    phone as "07700 900123"."""
    version = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON).version
    after = _edit(
        demo_uow_factory, agent, version, {"phone": ("+33 1 42 68 53 00", "New contact details")}
    )
    [change] = [c for c in after.changes if c.field == "Phone"]
    assert (change.old_value, change.new_value) == ("07700 900123", after.value("phone"))
    assert change.new_value is not None and not change.new_value.startswith("+33142")


def test_a_stale_edit_shows_their_values_and_saves_against_the_new_version(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    version = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON).version
    supervisor = actor_for(demo_uow_factory, "supervisor")
    _edit(demo_uow_factory, supervisor, version, {"town": ("Leeds", "Entry error corrected")})

    with pytest.raises(EditConflict) as conflict:
        _edit(demo_uow_factory, agent, version, {"town": ("York", "Entry error corrected")})
    assert conflict.value.theirs == {"town": "Leeds"}

    after = _edit(
        demo_uow_factory,
        agent,
        conflict.value.current_version,
        {"town": ("York", "Entry error corrected")},
    )
    assert after.value("town") == "York"
    assert [c.new_value for c in after.changes[:2]] == ["York", "Leeds"]


def test_two_desks_saving_at_once_never_lose_an_update(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    version = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON).version
    supervisor = actor_for(demo_uow_factory, "supervisor")
    services = ConsoleServices(demo_uow_factory, POLICY, CAPTURE, ComplaintPolicy())
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def save(actor: Actor, town: str) -> None:
        start.wait()
        try:
            services.edit_customer(
                actor,
                JOHN_SMITH,
                version,
                {"town": FieldEdit(value=town, reason="Entry error corrected")},
                read_back_of("town"),
            )
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")

    desks = [
        threading.Thread(target=save, args=(agent, "York")),
        threading.Thread(target=save, args=(supervisor, "Leeds")),
    ]
    for desk in desks:
        desk.start()
    for desk in desks:
        desk.join()

    assert sorted(outcomes) == ["conflict", "saved"]
    after = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    assert after.version == version + 1
    assert len([c for c in after.changes if c.field == "Town"]) == 1


def test_in_a_call_only_what_the_caller_is_verified_for_can_change(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    state = verification.start_interaction(
        demo_uow_factory(), agent, POLICY, JOHN_SMITH, Channel.PHONE
    )
    version = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON).version
    change = {"postcode": ("M1 3HE", "Customer moved")}
    with pytest.raises(ServiceError, match="cannot be changed in this call"):
        _edit(demo_uow_factory, agent, version, change, interaction_id=state.interaction_id)

    for kind, answer in (
        (CheckKind.DATE_OF_BIRTH, "12/04/1980"),
        (CheckKind.POSTCODE, "SE1 2QT"),
        (CheckKind.SECURITY_ANSWER, "Biscuit"),
    ):
        verification.check_answer(
            demo_uow_factory(), agent, POLICY, state.interaction_id, kind, answer
        )
    after = _edit(demo_uow_factory, agent, version, change, interaction_id=state.interaction_id)

    assert after.interaction_id == state.interaction_id
    timeline = record_in_call(
        demo_uow_factory(), agent, POLICY, state.interaction_id, timeline=True
    ).history
    assert timeline is not None
    updated = next(h for h in timeline if h.action == AuditAction.CUSTOMER_UPDATED)
    assert updated.fields == ("postcode",)


def test_consents_change_and_withdraw_from_the_record(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    consent = ConsentAnswers(
        marketing=frozenset({MarketingChannel.EMAIL, MarketingChannel.POST}),
        special_condition=SpecialCategoryCondition.EXPLICIT_CONSENT,
    )
    values = NEW | {"accessibility_needs": "Large print letters"}
    record = create_customer(
        demo_uow_factory(), agent, CAPTURE, Channel.PHONE, _new(values, consent=consent)
    )

    after = change_consents(
        demo_uow_factory(),
        agent,
        CAPTURE,
        record.customer_id,
        ConsentAnswers(marketing=frozenset({MarketingChannel.POST})),
        policy=POLICY,
    )

    answers = after.consent_answers()
    assert answers.marketing == {MarketingChannel.POST}
    assert answers.special_condition is None
    assert after.value("accessibility_needs") is None
    email = [c for c in after.consents if c.channel is MarketingChannel.EMAIL]
    assert any(c.withdrawn_at is not None and c.withdrawn_by == "agent" for c in email)
    assert not any(c.old_value == "Large print letters" for c in after.changes)
    withdrawn = next(h for h in after.history if h.action == AuditAction.CONSENT_WITHDRAWN)
    assert withdrawn is not None
    rows = _all(demo_uow_factory, Consent, customer_id=record.customer_id)
    # In force: the service basis and one answer per marketing channel; no Article 9 row.
    assert len([r for r in rows if r.withdrawn_at is None]) == 5


def test_a_dpo_cannot_capture_or_edit(demo_uow_factory: UnitOfWorkFactory) -> None:
    dpo = actor_for(demo_uow_factory, "dpo")
    with pytest.raises(PermissionDenied):
        create_customer(demo_uow_factory(), dpo, CAPTURE, Channel.PHONE, _new())
    with pytest.raises(PermissionDenied):
        _edit(demo_uow_factory, dpo, 1, {"town": ("York", "Entry error corrected")})


def test_in_a_call_consent_changes_only_for_a_verified_caller(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    state = verification.start_interaction(
        demo_uow_factory(), agent, POLICY, JOHN_SMITH, Channel.PHONE
    )
    stop_post = ConsentAnswers(marketing=frozenset({MarketingChannel.POST}))
    # Giving consent to post (John has none on record) needs High; withdrawing, Standard.
    with pytest.raises(ServiceError, match="Giving consent cannot be recorded in this call"):
        change_consents(
            demo_uow_factory(),
            agent,
            CAPTURE,
            JOHN_SMITH,
            stop_post,
            interaction_id=state.interaction_id,
            policy=POLICY,
        )
    for kind, answer in (
        (CheckKind.DATE_OF_BIRTH, "12/04/1980"),
        (CheckKind.POSTCODE, "SE1 2QT"),
        (CheckKind.SECURITY_ANSWER, "Biscuit"),
    ):
        verification.check_answer(
            demo_uow_factory(), agent, POLICY, state.interaction_id, kind, answer
        )
    after = change_consents(
        demo_uow_factory(),
        agent,
        CAPTURE,
        JOHN_SMITH,
        stop_post,
        interaction_id=state.interaction_id,
        policy=POLICY,
    )
    assert after.consent_answers().marketing == {MarketingChannel.POST}
