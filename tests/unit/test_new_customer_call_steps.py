"""A new customer's call as the readers of the stream tell it (services/capture_call.py):
its start is stored when the call starts, about no one, and the save (or a record chosen
instead) files the call under the customer (`interaction.filed`). Streams stored before
that filed the start again instead; the debrief, the evidence of practice and the scripted
caller count the start once either way; the scorer does not ask notes of an abandoned
capture's wrap-up, which has no record to keep them on."""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction, starts_filed_again
from custinfo_tui.domain.evidence import live_evidence
from custinfo_tui.domain.training.caller import CallerConversation, LineKind
from custinfo_tui.domain.training.scoring import score
from custinfo_tui.domain.training.timeline import run_timeline
from tests.support.event_streams import CALL, T0, Stream, scenario

NEW = 77
NEW_CUSTOMER = {"record": None, "creates_customer": True, "verification_level": None}


def _captured_now() -> Stream:
    """F6, a phone call: its start about no one; the duplicate check as the form is typed;
    the save, which files the call under the new customer at the time it started."""
    stream = Stream()
    stream.add(AuditAction.INTERACTION_STARTED, customer=None, channel="phone", new_customer=True)
    stream.add(AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="duplicate_check")
    stream.add(AuditAction.INTERACTION_FILED, customer=NEW, channel="phone", new_record=True)
    started = stream.events[0].occurred_at
    stream.events[-1] = stream.events[-1].model_copy(update={"occurred_at": started})
    stream.add(AuditAction.CONSENT_RECORDED, customer=NEW)
    stream.add(
        AuditAction.CUSTOMER_CREATED,
        customer=NEW,
        fields=("given_name", "family_name", "phone"),
        template="new_customer",
        enquiry_type="New account",
        notes_characters=20,
        notes_asked=True,
    )
    return stream.add(AuditAction.INTERACTION_ENDED, customer=NEW, event_outcome="customer created")


def _captured() -> Stream:
    """As a save stored it before `interaction.filed`: the call's start filed again under
    the new customer, at the time it started."""
    stream = Stream()
    stream.add(AuditAction.INTERACTION_STARTED, customer=None, channel="phone", new_customer=True)
    stream.add(AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="duplicate_check")
    stream.add(AuditAction.INTERACTION_STARTED, customer=NEW, channel="phone")
    started = stream.events[0].occurred_at
    stream.events[-1] = stream.events[-1].model_copy(update={"occurred_at": started})
    stream.add(AuditAction.CONSENT_RECORDED, customer=NEW)
    stream.add(
        AuditAction.CUSTOMER_CREATED,
        customer=NEW,
        fields=("given_name", "family_name", "phone"),
        template="new_customer",
        enquiry_type="New account",
        notes_characters=20,
        notes_asked=True,
    )
    return stream.add(AuditAction.INTERACTION_ENDED, customer=NEW, event_outcome="customer created")


def test_only_a_start_of_a_call_already_started_is_its_start_filed_again() -> None:
    stream = _captured()
    stream.add(AuditAction.INTERACTION_STARTED, call=CALL + 1, channel="phone")  # the next call

    assert starts_filed_again(stream.events) == {3}


def test_the_debrief_shows_a_new_customers_call_starting_once_when_it_started() -> None:
    stream = _captured()
    card = score(scenario("MP-18", expected=NEW_CUSTOMER), stream.transcript())

    words = [step.words for step in run_timeline(stream.events, card)]

    assert [w for w in words if "started" in w] == [
        "Phone call started: a new customer, no record yet"
    ]
    assert words[0] == "Phone call started: a new customer, no record yet"


def test_the_evidence_of_practice_shows_the_call_starting_once() -> None:
    events = _captured().events

    document = live_evidence(
        events, operator="agent", covers="today", generated_at=T0, reason_kinds=set()
    )

    (contact,) = document.contacts
    assert contact.in_call and contact.customer == "Customer A"
    assert [step.words for step in contact.steps if "started" in step.words] == [
        "Phone call started: a new customer, no record yet"
    ]


def test_the_caller_volunteers_nothing_more_when_the_calls_start_is_filed_again() -> None:
    talk = CallerConversation(
        scenario("MP-18", caller={"also_says": ["First.", "Second.", "Third."]})
    )

    assert talk.heard(AuditAction.INTERACTION_STARTED).text == "First."  # type: ignore[union-attr]
    assert talk.heard(AuditAction.INTERACTION_STARTED) is None  # filed under the customer
    assert talk.heard(AuditAction.CONSENT_RECORDED).text == "Second."  # type: ignore[union-attr]
    talk.heard(AuditAction.INTERACTION_ENDED)
    assert talk.heard(AuditAction.INTERACTION_STARTED).text == "Third."  # type: ignore[union-attr]
    assert [line.kind for line in talk.lines].count(LineKind.VOLUNTEERED) == 3


def test_an_abandoned_new_customers_wrap_up_is_not_asked_for_notes_it_cannot_keep() -> None:
    """Wrapped up with an enquiry type and an outcome: the console keeps no notes on a call
    about no record, so the trainee is not marked down for leaving them out. A call on a
    record wrapped up without notes still is."""
    abandoned = Stream()
    abandoned.add(
        AuditAction.INTERACTION_STARTED, customer=None, channel="phone", new_customer=True
    )
    abandoned.add(AuditAction.INTERACTION_ENDED, customer=None, event_outcome="ended")
    abandoned.add(
        AuditAction.INTERACTION_WRAPPED_UP,
        customer=None,
        outcome="no_action",
        notes_characters=0,
        enquiry_type="New account",
    )
    expected = {**NEW_CUSTOMER, "creates_customer": False, "wrap_up_outcome": "no_action"}

    card = score(scenario("MP-18", expected=expected), abandoned.transcript())

    [result] = card.results
    assert "notes" not in result.should_have
    assert [step.note for step in result.evidence] == ["no record to keep notes on"]


def test_the_debrief_shows_a_call_filed_under_its_new_record_starting_once() -> None:
    stream = _captured_now()
    card = score(scenario("MP-18", expected=NEW_CUSTOMER), stream.transcript())

    words = [step.words for step in run_timeline(stream.events, card)]

    assert [w for w in words if "started" in w] == [
        "Phone call started: a new customer, no record yet"
    ]
    assert words[0] == "Phone call started: a new customer, no record yet"


def test_the_scorer_marks_a_call_filed_under_its_new_record_as_one_call() -> None:
    """The same marks as the stream stored before, which had the call's start twice."""
    expected = scenario("MP-18", expected=NEW_CUSTOMER)

    now = score(expected, _captured_now().transcript())
    before = score(expected, _captured().transcript())

    assert [r.verdict for r in now.results] == [r.verdict for r in before.results]


def test_the_evidence_of_practice_files_the_new_customers_call_as_one_contact() -> None:
    events = _captured_now().events

    document = live_evidence(
        events, operator="agent", covers="today", generated_at=T0, reason_kinds=set()
    )

    (contact,) = document.contacts
    assert contact.in_call and contact.customer == "Customer A"
    assert [step.words for step in contact.steps if "started" in step.words] == [
        "Phone call started: a new customer, no record yet"
    ]


def test_the_caller_volunteers_nothing_when_the_call_is_filed_under_the_record() -> None:
    talk = CallerConversation(scenario("MP-18", caller={"also_says": ["First.", "Second."]}))

    assert talk.heard(AuditAction.INTERACTION_STARTED).text == "First."  # type: ignore[union-attr]
    assert talk.heard(AuditAction.INTERACTION_FILED) is None
    assert talk.heard(AuditAction.CONSENT_RECORDED).text == "Second."  # type: ignore[union-attr]
