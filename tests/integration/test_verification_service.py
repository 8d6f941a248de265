"""Caller verification in a call: levels, blind checks, masking, third parties, who may do what.

Every test runs on SQLite and PostgreSQL (`demo_uow_factory`). Each asserts what the handler
sees (the verification state, the masked record) and what the audit stream keeps, which
must never carry the values checked or disclosed. Lockout is in test_verification_lockout.
"""

from __future__ import annotations

import pytest

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.interactions import (
    CheckStatus,
    RepresentativeIn,
    VerificationState,
)
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import (
    Authority,
    CallerKind,
    Channel,
    CheckKind,
    VerificationPolicy,
)
from custinfo_tui.services import representatives as reps
from custinfo_tui.services import verification
from custinfo_tui.services.errors import CallEnded, NotFound, PermissionDenied, ServiceError
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, actor_for, desk_for

POLICY = VerificationPolicy()

JOHN_SMITH = 1  # DOB 1980-04-12, SE1 2QT, +447700900123, security answer "Biscuit"
ZOE_TAYLOR = 2
SIOBHAN = 3  # no security answer on file
JONATHAN_SMYTHE = 5  # DOB 1949-06-02, BS8 4JL; his daughter Helen holds a power of attorney

#: John Smith's stored values in every spelling a leak could take (compared lower-cased).
JOHN_SECRETS = (
    "1980-04-12", "12/04/1980", "12 april 1980", "19800412", "12041980",
    "se1 2qt", "se12qt", "biscuit", "447700900123", "07700 900123", "7700900123",
    "acacia", "john.smith1@example.com",
)  # fmt: skip
#: Helen Smythe's and Priya Smith's own answers, and Jonathan's, likewise.
THIRD_PARTY_SECRETS = (
    "1978-02-14", "14/02/1978", "bs6 5qt", "bs65qt", "swindon", "447700900456",
    "1982-09-05", "05/09/1982", "447700900789",
    "1949-06-02", "02/06/1949", "bs8 4jl", "bs84jl",
)  # fmt: skip
MASKED_FIELDS = ("date_of_birth", "phone", "email", "address_line1", "town", "postcode")


def _events(uow_factory: UnitOfWorkFactory, interaction_id: int) -> list[AuditEvent]:
    with uow_factory() as uow:
        return uow.audit.for_interaction(interaction_id)


def _customer_events(uow_factory: UnitOfWorkFactory, customer_id: int) -> list[AuditEvent]:
    with uow_factory() as uow:
        return uow.audit.list_recent(customer_id=customer_id, limit=1_000)


def _actions(events: list[AuditEvent]) -> list[AuditAction]:
    return [e.action for e in events]


def _leaks(events: list[AuditEvent], secrets: tuple[str, ...]) -> list[tuple[int, str]]:
    """(event id, secret) for every stored value found in an event's fields, details or reason."""
    found = []
    for event in events:
        text = f"{event.fields!r} {event.details!r} {event.reason!r}".lower()
        found += [(event.id, secret) for secret in secrets if secret in text]
    return found


def _status(state: VerificationState) -> dict[CheckKind, CheckStatus]:
    return {check.kind: check.status for check in state.checks}


def _field(record: CustomerRecord, key: str) -> tuple[str | None, bool]:
    field = next(f for f in record.fields if f.key == key)
    return field.value, field.shown


# --- Levels: from nothing to standard to high --------------------------------------------------


def test_a_new_phone_call_starts_unverified_with_every_check_to_ask(agent: Desk) -> None:
    state = agent.start(JOHN_SMITH)

    assert (state.customer_id, state.channel, state.ended) == (JOHN_SMITH, Channel.PHONE, False)
    assert state.caller.kind is CallerKind.CUSTOMER
    assert state.caller.description == "the customer"
    assert (state.level, state.level_title, state.passes) == ("none", "Not verified", 0)
    assert [c.kind for c in state.checks] == list(POLICY.checks)
    assert set(_status(state).values()) == {CheckStatus.NOT_ASKED}
    assert all(c.failures == 0 for c in state.checks)
    security = next(c for c in state.checks if c.kind is CheckKind.SECURITY_ANSWER)
    assert security.question.endswith("What was the name of your first pet?")
    assert state.allowed == ("read:identity",)
    assert state.allowed_text == "Names and reference only."
    assert state.next_step == "Standard: 2 more checks"
    assert (state.locked, state.failures_left, state.script) == (False, 3, None)
    assert state.needs["read:contact"] == "needs Standard"
    assert state.needs["read:special"] == "needs High"


#: One caller's answers in turn: (check, what the handler typed, level after, reached now).
JOURNEY = (
    (CheckKind.DATE_OF_BIRTH, "12/04/1980", "none", None),
    (CheckKind.POSTCODE, "se12qt", "standard", "standard"),
    (CheckKind.SECURITY_ANSWER, "  BISCUIT ", "high", "high"),
)


def test_passing_checks_climbs_the_levels_and_the_stream_shows_each_step(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id

    for passes, (kind, answer, level, reached) in enumerate(JOURNEY, start=1):
        outcome = agent.check(call, kind, answer)
        assert outcome.passed, kind
        assert (outcome.level_reached, outcome.locked, outcome.say) == (reached, False, None)
        assert (outcome.state.level, outcome.state.passes) == (level, passes)
        assert _status(outcome.state)[kind] is CheckStatus.PASSED
        assert outcome.state.failures_left == 3

    state = agent.state(call)
    assert (state.level, state.level_title, state.next_step) == ("high", "High", None)
    assert "read:special" in state.allowed and "change:identity" in state.allowed
    assert state.needs == {}

    events = _events(demo_uow_factory, call)
    assert _actions(events) == [
        AuditAction.INTERACTION_STARTED,
        AuditAction.CALLER_CHECK_PASSED,
        AuditAction.CALLER_CHECK_PASSED,
        AuditAction.CALLER_VERIFIED,
        AuditAction.CALLER_CHECK_PASSED,
        AuditAction.CALLER_VERIFIED,
    ]
    assert {(e.interaction_id, e.customer_id) for e in events} == {(call, JOHN_SMITH)}
    assert {e.operator_id for e in events} == {agent.actor.operator_id}
    assert {e.console_session for e in events} == {agent.actor.console_session}
    passed = [e for e in events if e.action is AuditAction.CALLER_CHECK_PASSED]
    assert [e.fields for e in passed] == [(kind.value,) for kind, *_ in JOURNEY]
    assert [e.details for e in passed] == [
        {"caller": "customer", "check": kind.value} for kind, *_ in JOURNEY
    ]
    verified = [e.details for e in events if e.action is AuditAction.CALLER_VERIFIED]
    assert verified == [
        {"caller": "customer", "level": "standard", "passes": 2},
        {"caller": "customer", "level": "high", "passes": 3},
    ]
    assert _leaks(_customer_events(demo_uow_factory, JOHN_SMITH), JOHN_SECRETS) == []


@pytest.mark.parametrize(
    ("date_of_birth", "postcode"),
    [
        ("12/04/1980", "se12qt"),
        ("1980-04-12", "SE1 2QT"),
        ("12th April 1980", "  se1   2qt "),
        ("12.4.1980", "SE12QT"),
    ],
)
def test_any_spelling_of_the_right_answers_reaches_standard(
    agent: Desk, date_of_birth: str, postcode: str
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id

    assert agent.check(call, CheckKind.DATE_OF_BIRTH, date_of_birth).passed
    outcome = agent.check(call, CheckKind.POSTCODE, postcode)

    assert (outcome.passed, outcome.level_reached) == (True, "standard")
    assert outcome.state.next_step == "High: 1 more check, including security answer"
    assert {"read:contact", "read:address", "read:date_of_birth", "change:enquiry"} <= set(
        outcome.state.allowed
    )
    assert "change:address" not in outcome.state.allowed
    assert outcome.state.needs["change:address"] == "needs High"


def test_other_checks_on_file_pass_too(agent: Desk, demo_uow_factory: UnitOfWorkFactory) -> None:
    with demo_uow_factory() as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        reference = customer.reference
    call = agent.start(JOHN_SMITH).interaction_id

    assert agent.check(call, CheckKind.ADDRESS_LINE1, "12, acacia rd").passed
    assert agent.check(call, CheckKind.PHONE_DIGITS, "0 1 2 3").passed
    assert agent.check(call, CheckKind.REFERENCE, reference.lower()).state.level == "standard"


@pytest.mark.parametrize(
    ("kind", "typed"),
    [
        (CheckKind.DATE_OF_BIRTH, "31/02/1980"),
        (CheckKind.DATE_OF_BIRTH, "12/04/80"),
        (CheckKind.DATE_OF_BIRTH, "   "),
        (CheckKind.POSTCODE, "SE1"),
        (CheckKind.PHONE_DIGITS, "123"),
        (CheckKind.PHONE_DIGITS, "12a4"),
    ],
)
def test_a_malformed_answer_is_a_typing_slip_not_a_failed_check(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, kind: CheckKind, typed: str
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id

    with pytest.raises(FieldError):
        agent.check(call, kind, typed)

    state = agent.state(call)
    assert _status(state)[kind] is CheckStatus.NOT_ASKED
    assert state.failures_left == 3 and state.passes == 0
    assert _actions(_events(demo_uow_factory, call)) == [AuditAction.INTERACTION_STARTED]


def test_an_answer_sent_again_under_its_name_is_not_checked_twice(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    """The database checked an answer and then did not answer the console, which kept the
    answer to enter again: checked again, a wrong answer counted two of the three
    failures. Sent again under the name it was first sent with, its outcome comes back as
    it stands and nothing is recorded twice."""
    call = agent.start(JOHN_SMITH).interaction_id

    first = agent.check(call, CheckKind.DATE_OF_BIRTH, "01/01/1980", attempt="a1")
    again = agent.check(call, CheckKind.DATE_OF_BIRTH, "01/01/1980", attempt="a1")

    assert not first.passed and not again.passed
    assert again.state.failures_left == first.state.failures_left == 2
    assert again.say == first.say
    passed = agent.check(call, CheckKind.POSTCODE, "SE1 2QT", attempt="a2")
    assert agent.check(call, CheckKind.POSTCODE, "SE1 2QT", attempt="a2") == passed.model_copy(
        update={"level_reached": None}  # reached with the first; the state says it
    )
    # A new answer under a new name is checked as ever.
    assert not agent.check(call, CheckKind.DATE_OF_BIRTH, "02/01/1980", attempt="a3").passed
    assert (
        _actions(_events(demo_uow_factory, call)).count(AuditAction.CALLER_VERIFICATION_FAILED) == 2
    )
    assert _actions(_events(demo_uow_factory, call)).count(AuditAction.CALLER_CHECK_PASSED) == 1


def test_a_passed_check_cannot_be_asked_again_and_a_missing_answer_cannot_be_asked(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    with pytest.raises(ServiceError, match="already been checked"):
        agent.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")

    siobhan = agent.start(SIOBHAN)
    assert _status(siobhan)[CheckKind.SECURITY_ANSWER] is CheckStatus.NOT_ON_FILE
    with pytest.raises(ServiceError, match="no security answer on file"):
        agent.check(siobhan.interaction_id, CheckKind.SECURITY_ANSWER, "anything")
    assert _actions(_events(demo_uow_factory, siobhan.interaction_id)) == [
        AuditAction.INTERACTION_STARTED
    ]


# --- Masking and revealing in a call ------------------------------------------------------------


def test_the_record_is_masked_until_the_caller_is_verified_and_a_field_is_revealed(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id

    record = agent.open(call)

    assert record.interaction_id == call
    assert (record.changes, record.changes_hidden) == ((), True)
    assert _field(record, "given_name") == ("John", True)
    assert _field(record, "family_name") == ("Smith", True)
    assert {key: _field(record, key)[1] for key in MASKED_FIELDS} == dict.fromkeys(
        MASKED_FIELDS, False
    )
    # The phone's last digits and the outward postcode are part of answers checks ask for.
    for key in (
        "phone",
        "postcode",
        "date_of_birth",
        "email",
        "address_line1",
        "address_line2",
        "town",
    ):
        assert record.value(key) is None, key
    viewed = _events(demo_uow_factory, call)[-1]
    assert viewed.action is AuditAction.CUSTOMER_VIEWED
    assert {"given_name", "family_name"} <= set(viewed.fields)
    assert set(viewed.fields).isdisjoint(MASKED_FIELDS)
    assert viewed.details == {"in_call": True, "caller": "customer"}

    with pytest.raises(ServiceError, match="needs Standard"):
        agent.reveal(call, "phone")
    # Refused, and the attempt recorded as such: nothing disclosed (test_refused_disclosures).
    refused = _events(demo_uow_factory, call)[-1]
    assert (refused.action, refused.fields) == (AuditAction.FIELD_DISCLOSURE_REFUSED, ("phone",))

    agent.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    assert agent.open(call).value("phone") is None, "its check not asked, nor the level"
    agent.check(call, CheckKind.POSTCODE, "se12qt")
    assert agent.open(call).value("phone") == "...123", "verified is not yet revealed"

    revealed = agent.reveal(call, "phone", "email")

    assert _field(revealed, "phone") == ("07700 900123", True)
    assert _field(revealed, "email") == ("john.smith1@example.com", True)
    assert _field(revealed, "date_of_birth") == (None, False)
    assert _field(revealed, "postcode") == ("SE1 2**", False)
    disclosed = [
        e for e in _events(demo_uow_factory, call) if e.action is AuditAction.FIELD_DISCLOSED
    ]
    assert len(disclosed) == 1
    assert disclosed[0].fields == ("phone", "email")
    assert disclosed[0].interaction_id == call
    assert disclosed[0].details == {"caller": "customer", "level": "standard"}

    again = agent.reveal(call, "phone")
    assert _field(again, "phone") == ("07700 900123", True)
    assert _actions(_events(demo_uow_factory, call)).count(AuditAction.FIELD_DISCLOSED) == 1
    assert _field(agent.open(call), "email") == ("john.smith1@example.com", True)
    assert _leaks(_customer_events(demo_uow_factory, JOHN_SMITH), JOHN_SECRETS) == []


def test_nothing_more_is_checked_or_revealed_once_the_call_has_ended(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    agent.check(call, CheckKind.POSTCODE, "se12qt")

    agent.end(call)
    agent.end(call)  # ending twice is harmless

    assert agent.state(call).ended
    with pytest.raises(CallEnded):
        agent.reveal(call, "phone")
    with pytest.raises(CallEnded):
        agent.check(call, CheckKind.PHONE_DIGITS, "0123")
    with pytest.raises(CallEnded):
        agent.identify(call, CallerKind.NO_AUTHORITY)
    with pytest.raises(CallEnded):  # an ended call is no reason to open the record
        agent.open(call)
    actions = _actions(_events(demo_uow_factory, call))
    assert actions[-1] is AuditAction.INTERACTION_ENDED
    assert actions.count(AuditAction.INTERACTION_ENDED) == 1


def test_revealing_names_only_record_fields_once_each(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    agent.check(call, CheckKind.POSTCODE, "se12qt")

    with pytest.raises(ServiceError, match="Not a field of the record: customer_words"):
        agent.reveal(call, "phone", "customer_words")
    agent.reveal(call, "phone", "phone")

    disclosed = [
        e.fields for e in _events(demo_uow_factory, call) if e.action is AuditAction.FIELD_DISCLOSED
    ]
    assert disclosed == [("phone",)]


# --- Third parties -------------------------------------------------------------------------------


def test_a_representative_is_verified_on_their_own_answers_within_their_scope(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    helen = agent.representative(JONATHAN_SMYTHE, "Helen")
    assert (helen.relationship, helen.authority) == ("daughter", Authority.POWER_OF_ATTORNEY)
    call = agent.start(JONATHAN_SMYTHE).interaction_id

    state = agent.identify(call, CallerKind.REPRESENTATIVE, helen.id)

    assert state.caller.kind is CallerKind.REPRESENTATIVE
    assert state.caller.description == "Helen Smythe (daughter, power of attorney)"
    assert state.caller.representative == helen
    assert _status(state)[CheckKind.ADDRESS_LINE1] is CheckStatus.NOT_ON_FILE
    security = next(c for c in state.checks if c.kind is CheckKind.SECURITY_ANSWER)
    assert security.question.endswith("In which town were you born?")
    # Jonathan's own answers are not hers.
    assert not agent.check(call, CheckKind.DATE_OF_BIRTH, "02/06/1949").passed
    assert not agent.check(call, CheckKind.POSTCODE, "BS8 4JL").passed
    assert agent.check(call, CheckKind.DATE_OF_BIRTH, "14/02/1978").passed
    outcome = agent.check(call, CheckKind.POSTCODE, "bs6 5qt")

    assert (outcome.passed, outcome.level_reached) == (True, "standard")
    state = outcome.state
    assert state.failures_left == 1
    assert set(state.allowed) == {
        "read:identity", "read:contact", "read:address", "read:date_of_birth",
        "read:enquiry", "change:enquiry",
    }  # fmt: skip
    assert state.needs["read:special"] == "outside their scope"
    assert state.needs["change:identity"] == "outside their scope"
    assert state.needs["change:address"] == "needs High"
    assert state.allowed_text == "Read: everything but support needs. Change: nothing (needs High)."
    revealed = agent.reveal(call, "date_of_birth", "address_line1")
    assert _field(revealed, "date_of_birth") == ("2 June 1949", True)
    assert _field(revealed, "address_line1") == ("21 High Street", True)

    events = _events(demo_uow_factory, call)
    identified = next(e for e in events if e.action is AuditAction.CALLER_IDENTIFIED)
    assert identified.details == {"caller": "representative", "representative": helen.id}
    checked = [
        e
        for e in events
        if e.action in (AuditAction.CALLER_CHECK_PASSED, AuditAction.CALLER_VERIFICATION_FAILED)
    ]
    assert len(checked) == 4
    assert {e.details["representative"] for e in checked} == {helen.id}
    assert _leaks(_customer_events(demo_uow_factory, JONATHAN_SMYTHE), THIRD_PARTY_SECRETS) == []


def test_a_named_contact_hears_only_what_their_scope_covers(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    priya = agent.representative(JOHN_SMITH, "Priya")
    assert (priya.authority, priya.scope) == (Authority.NAMED_CONTACT, ("read:contact",))
    call = agent.start(JOHN_SMITH).interaction_id
    agent.identify(call, CallerKind.REPRESENTATIVE, priya.id)

    assert agent.check(call, CheckKind.DATE_OF_BIRTH, "5/9/1982").passed
    state = agent.check(call, CheckKind.POSTCODE, "SE1 2QT").state

    assert state.level == "standard"
    assert state.allowed == ("read:identity", "read:contact")
    assert _field(agent.reveal(call, "phone"), "phone") == ("07700 900123", True)
    for key in ("address_line1", "date_of_birth"):
        with pytest.raises(ServiceError, match="outside their scope"):
            agent.reveal(call, key)
    record = agent.open(call)
    assert _field(record, "address_line1") == (None, False)
    disclosed = [
        e for e in _events(demo_uow_factory, call) if e.action is AuditAction.FIELD_DISCLOSED
    ]
    assert [(e.fields, e.details) for e in disclosed] == [
        (("phone",), {"caller": "representative", "representative": priya.id, "level": "standard"})
    ]


def test_a_new_caller_starts_again_from_nothing(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    priya = agent.representative(JOHN_SMITH, "Priya")
    call = agent.start(JOHN_SMITH).interaction_id
    agent.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    agent.check(call, CheckKind.POSTCODE, "se12qt")
    assert agent.reveal(call, "phone").value("phone") == "07700 900123"

    state = agent.identify(call, CallerKind.REPRESENTATIVE, priya.id)

    assert (state.level, state.passes) == ("none", 0)
    assert set(_status(state).values()) == {CheckStatus.NOT_ASKED, CheckStatus.NOT_ON_FILE}
    assert state.allowed == ("read:identity",)
    assert agent.open(call).value("phone") is None, "the customer's disclosure was not hers"
    # John's date of birth is not Priya's: a failure, and it counts against John's record.
    outcome = agent.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    assert not outcome.passed
    assert outcome.say == POLICY.scripts.failed_check
    assert outcome.state.failures_left == 2

    back = agent.identify(call, CallerKind.CUSTOMER)
    assert (back.caller.kind, back.level, back.passes) == (CallerKind.CUSTOMER, "none", 0)
    identified = [
        e.details
        for e in _events(demo_uow_factory, call)
        if e.action is AuditAction.CALLER_IDENTIFIED
    ]
    assert identified == [
        {"caller": "representative", "representative": priya.id},
        {"caller": "customer"},
    ]


def test_an_answer_for_a_caller_no_longer_on_the_line_is_checked_for_no_one(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    """The console sends each answer for the caller its panel shows. Helen's date of birth,
    typed as she was chosen, had reached the service before she was recorded as on the
    line, and was compared with her father's: now an answer sent for one caller once
    another is on the line is refused, compared with no one and counted for no one."""
    helen = agent.representative(JONATHAN_SMYTHE, "Helen")
    started = agent.start(JONATHAN_SMYTHE)
    call = started.interaction_id
    assert started.caller_number == 0

    now = agent.identify(call, CallerKind.REPRESENTATIVE, helen.id)
    assert now.caller_number == 1
    with pytest.raises(ServiceError, match="Who is calling changed before this answer"):
        agent.check(call, CheckKind.DATE_OF_BIRTH, "02/06/1949", caller_number=0)
    checks = (AuditAction.CALLER_CHECK_PASSED, AuditAction.CALLER_VERIFICATION_FAILED)
    assert [e for e in _events(demo_uow_factory, call) if e.action in checks] == []

    outcome = agent.check(call, CheckKind.DATE_OF_BIRTH, "14/02/1978", caller_number=1)
    assert outcome.passed and outcome.state.caller_number == 1
    [passed] = [e for e in _events(demo_uow_factory, call) if e.action in checks]
    assert passed.details["caller"] == "representative"
    assert agent.identify(call, CallerKind.CUSTOMER).caller_number == 2


def test_a_caller_with_no_authority_is_told_why_and_cannot_be_checked(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    agent.check(call, CheckKind.POSTCODE, "se12qt")

    state = agent.identify(call, CallerKind.NO_AUTHORITY)

    assert state.caller.kind is CallerKind.NO_AUTHORITY
    assert state.script == POLICY.scripts.no_authority
    assert state.allowed == ("read:identity",)
    assert (state.level, state.next_step) == ("none", None)
    assert state.needs["read:contact"] == "no authority"
    with pytest.raises(ServiceError) as refused:
        agent.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    assert str(refused.value) == POLICY.scripts.no_authority
    with pytest.raises(ServiceError, match="no authority"):
        agent.reveal(call, "phone")
    assert agent.state(call).failures_left == 3
    events = _events(demo_uow_factory, call)
    assert events[-1].action is AuditAction.FIELD_DISCLOSURE_REFUSED  # the reveal refused
    assert events[-2].action is AuditAction.CALLER_IDENTIFIED
    assert (events[-2].outcome, events[-2].details) == ("no_authority", {"caller": "no_authority"})


def test_only_the_customers_own_active_representatives_can_be_the_caller(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    helen = agent.representative(JONATHAN_SMYTHE, "Helen")
    call = agent.start(JOHN_SMITH).interaction_id

    with pytest.raises(NotFound):
        agent.identify(call, CallerKind.REPRESENTATIVE, helen.id)
    with pytest.raises(NotFound):
        agent.identify(call, CallerKind.REPRESENTATIVE, None)
    with pytest.raises(NotFound):
        agent.identify(call, CallerKind.REPRESENTATIVE, 999_999)

    assert agent.state(call).caller.kind is CallerKind.CUSTOMER
    assert AuditAction.CALLER_IDENTIFIED not in _actions(_events(demo_uow_factory, call))
    assert [r.name for r in verification.representatives(demo_uow_factory(), agent.actor, 2)] == []


# --- Who may do what -----------------------------------------------------------------------------


def test_nobody_works_on_another_operators_call(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    other = desk_for(demo_uow_factory, "supervisor")

    with pytest.raises(PermissionDenied):
        other.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    with pytest.raises(PermissionDenied):
        other.state(call)
    with pytest.raises(PermissionDenied):
        other.identify(call, CallerKind.NO_AUTHORITY)
    with pytest.raises(PermissionDenied):
        other.open(call)
    with pytest.raises(PermissionDenied):
        other.reveal(call, "phone")
    with pytest.raises(PermissionDenied):
        other.end(call)

    assert _actions(_events(demo_uow_factory, call)) == [AuditAction.INTERACTION_STARTED]
    assert not agent.state(call).ended


@pytest.mark.parametrize("username", ["dpo", "admin"])
def test_roles_that_take_no_calls_cannot_start_or_use_one(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, username: str
) -> None:
    desk = desk_for(demo_uow_factory, username)
    call = agent.start(JOHN_SMITH).interaction_id

    with pytest.raises(PermissionDenied):
        desk.start(JOHN_SMITH)
    with pytest.raises(PermissionDenied):
        desk.check(call, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    with pytest.raises(PermissionDenied):
        desk.representative(JONATHAN_SMYTHE, "Helen")
    with pytest.raises(PermissionDenied):
        desk.reveal(call, "phone")

    with demo_uow_factory() as uow:
        started = uow.audit.list_recent(action=AuditAction.INTERACTION_STARTED.value)
    assert [e.operator_id for e in started] == [agent.actor.operator_id]


def test_a_trainer_takes_calls_like_an_agent(demo_uow_factory: UnitOfWorkFactory) -> None:
    trainer = desk_for(demo_uow_factory, "trainer")
    call = trainer.start(ZOE_TAYLOR, Channel.CHAT).interaction_id
    assert trainer.state(call).channel is Channel.CHAT


# --- Security answers and representatives on file --------------------------------------------


def test_a_security_answer_is_kept_only_as_an_argon2_hash(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    reps.set_security_answer(
        demo_uow_factory(), agent.actor, SIOBHAN, "  Name of your  school? ", "St. Dominic's"
    )

    with demo_uow_factory() as uow:
        customer = uow.customers.get(SIOBHAN)
        assert customer is not None
        stored_question, stored_hash = customer.security_question, customer.security_answer_hash
        event = uow.audit.list_recent(customer_id=SIOBHAN, limit=1)[0]
    assert stored_question == "Name of your school?"
    assert stored_hash is not None and stored_hash.startswith("$argon2id$")
    assert "dominic" not in stored_hash.lower()
    assert event.action is AuditAction.SECURITY_ANSWER_SET
    assert event.fields == ("security_question", "security_answer")
    assert event.operator_id == agent.actor.operator_id
    assert _leaks([event], ("dominic", "school")) == []

    call = agent.start(SIOBHAN).interaction_id
    # Case, spacing and punctuation do not matter; a dropped apostrophe neither.
    assert agent.check(call, CheckKind.SECURITY_ANSWER, "  st DOMINICS ").passed


@pytest.mark.parametrize(
    ("question", "answer"),
    [("What was your first pet?", "  "), ("", "Rex"), (" \t", "")],
)
def test_a_security_answer_needs_both_question_and_answer(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, question: str, answer: str
) -> None:
    with pytest.raises(FieldError, match="both the security question and its answer"):
        reps.set_security_answer(demo_uow_factory(), agent.actor, SIOBHAN, question, answer)
    with demo_uow_factory() as uow:
        customer = uow.customers.get(SIOBHAN)
        assert customer is not None and customer.security_answer_hash is None
        assert uow.audit.list_recent(customer_id=SIOBHAN) == []


def test_only_roles_that_change_records_set_answers_or_add_representatives(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    dpo = actor_for(demo_uow_factory, "dpo")
    with pytest.raises(PermissionDenied):
        reps.set_security_answer(demo_uow_factory(), dpo, SIOBHAN, "Pet?", "Rex")
    with pytest.raises(PermissionDenied):
        reps.add_representative(demo_uow_factory(), dpo, SIOBHAN, _representative())


def _representative(**changes: object) -> RepresentativeIn:
    fields: dict[str, object] = {
        "given_name": "  ciarán ",
        "family_name": "o'neill",
        "relationship": "son",
        "authority": Authority.APPOINTEE,
        "scope": ("read:contact", " change:contact "),
        "date_of_birth": "3 March 1999",
        "postcode": "bt71nn",
        "phone": "07700 900777",
    }
    return RepresentativeIn.model_validate({**fields, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"scope": ("read:contact", "delete:everything")}, "unknown actions"),
        ({"scope": ()}, "at least one thing"),
        ({"relationship": "  "}, "related"),
        ({"date_of_birth": "", "postcode": "", "phone": ""}, "at least one of their own"),
        ({"security_question": "Town of birth?"}, "both the security question"),
        ({"postcode": "not a postcode"}, "not a UK postcode"),
        ({"date_of_birth": "31/02/1999"}, "does not exist"),
    ],
)
def test_a_representative_with_a_bad_field_is_refused(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(FieldError, match=message):
        reps.add_representative(
            demo_uow_factory(), agent.actor, SIOBHAN, _representative(**changes)
        )
    assert verification.representatives(demo_uow_factory(), agent.actor, SIOBHAN) == []


def test_an_added_representative_can_be_verified_and_the_event_holds_no_values(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    summary = reps.add_representative(
        demo_uow_factory(),
        agent.actor,
        SIOBHAN,
        _representative(security_question="Favourite band?", security_answer="The Undertones"),
    )

    assert summary.name == "Ciarán O'Neill"
    assert summary.description == "Ciarán O'Neill (son, appointee)"
    assert summary.scope == ("read:contact", "change:contact")
    assert verification.representatives(demo_uow_factory(), agent.actor, SIOBHAN) == [summary]
    with demo_uow_factory() as uow:
        event = uow.audit.list_recent(customer_id=SIOBHAN, limit=1)[0]
        stored = uow.interactions.get_representative(summary.id)
        assert stored is not None
        stored_hash = stored.security_answer_hash
        assert (stored.postcode, stored.phone) == ("BT7 1NN", "+447700900777")
    assert event.action is AuditAction.REPRESENTATIVE_ADDED
    assert event.operator_id == agent.actor.operator_id
    assert event.details == {
        "representative": summary.id,
        "authority": "appointee",
        "scope": ["read:contact", "change:contact"],
    }
    secrets = ("ciar", "neill", "1999", "bt7", "bt71nn", "900777", "undertones", "band")
    assert _leaks([event], secrets) == []
    assert stored_hash is not None and stored_hash.startswith("$argon2id$")
    assert "undertones" not in stored_hash.lower()

    call = agent.start(SIOBHAN).interaction_id
    agent.identify(call, CallerKind.REPRESENTATIVE, summary.id)
    assert agent.check(call, CheckKind.PHONE_DIGITS, "0777").passed
    state = agent.check(call, CheckKind.DATE_OF_BIRTH, "03/03/1999").state
    assert state.level == "standard"
    assert state.allowed == ("read:identity", "read:contact")


def test_a_withdrawn_representative_can_no_longer_be_the_caller(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    helen = agent.representative(JONATHAN_SMYTHE, "Helen")
    with pytest.raises(FieldError, match="Say why"):
        reps.withdraw_representative(
            demo_uow_factory(), agent.actor, JONATHAN_SMYTHE, helen.id, " "
        )

    reps.withdraw_representative(
        demo_uow_factory(), agent.actor, JONATHAN_SMYTHE, helen.id, "Power of attorney ended"
    )

    listed = verification.representatives(demo_uow_factory(), agent.actor, JONATHAN_SMYTHE)
    assert [r.name for r in listed] == []
    call = agent.start(JONATHAN_SMYTHE).interaction_id
    with pytest.raises(NotFound):
        agent.identify(call, CallerKind.REPRESENTATIVE, helen.id)
    with pytest.raises(NotFound):  # and cannot be withdrawn twice
        reps.withdraw_representative(
            demo_uow_factory(), agent.actor, JONATHAN_SMYTHE, helen.id, "again, by mistake"
        )
    dpo = actor_for(demo_uow_factory, "dpo")
    with pytest.raises(PermissionDenied):
        reps.withdraw_representative(demo_uow_factory(), dpo, JONATHAN_SMYTHE, helen.id, "x" * 9)
