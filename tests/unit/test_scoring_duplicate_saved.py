"""A caller on file saved as a new customer past the capture form's strong possible-duplicate
warning (says-new-but-on-file played carelessly, as a tester playing trainer did): what the
debrief, the timeline and each point say of it."""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.domain.training.scorecard import MarkResult, Scorecard, Verdict
from custinfo_tui.domain.training.scoring import score
from custinfo_tui.domain.training.timeline import mark_words, run_timeline, step_line
from tests.support.event_streams import JOHN_ON_FILE, Stream, scenario

MET, NOT_MET = Verdict.MET, Verdict.NOT_MET
NEW_EMAIL = "john.s@example.net"
#: John's record as the sandbox holds it, untouched: his old e-mail still on it.
JOHN_AS_HE_WAS = {**JOHN_ON_FILE, "phone": "+447700900456"}
#: The second record, with exactly what he gave: his details and his new e-mail.
SECOND_RECORD = {**JOHN_AS_HE_WAS, "email": NEW_EMAIL}
SECOND, CAPTURE_CALL = 77, 20
CAPTURED = ("given_name", "family_name", "date_of_birth", "phone", "email", "postcode")


def _says_he_is_new(*practises: str) -> Scenario:
    """John is on file and only his e-mail is to change, on his own record."""
    return scenario(
        *practises,
        caller={"true_details": {"email": NEW_EMAIL}},
        expected={"changes": ["email"], "verification_level": "high"},
    )


def _saved_past_the_warning() -> Stream:
    """The cross-check finds his record as he is typed in; saved all the same, with a
    reason why he is someone else, as the capture form logs it."""
    stream = Stream().add(AuditAction.LOGIN_SUCCEEDED, customer=None, call=None)
    stream.add(
        AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="duplicate_check", results=1
    )
    stream.add(AuditAction.INTERACTION_STARTED, customer=SECOND, call=CAPTURE_CALL, channel="phone")
    stream.add(
        AuditAction.CONSENT_RECORDED, customer=SECOND, call=CAPTURE_CALL, service_basis="contract"
    )
    stream.add(
        AuditAction.READ_BACK_CONFIRMED,
        customer=SECOND,
        call=CAPTURE_CALL,
        fields=CAPTURED,
        double_entry=["email", "phone"],
    )
    stream.add(
        AuditAction.CUSTOMER_CREATED,
        customer=SECOND,
        call=CAPTURE_CALL,
        fields=CAPTURED,
        reason="Says he is new",
        template="new_customer",
        enquiry_type="New account",
        possible_duplicates=1,
        notes_characters=0,
    )
    return stream.add(
        AuditAction.INTERACTION_ENDED,
        customer=SECOND,
        call=CAPTURE_CALL,
        event_outcome="customer created",
    )


def _scored(*practises: str) -> tuple[Scorecard, Stream]:
    stream = _saved_past_the_warning()
    transcript = stream.transcript(values=JOHN_AS_HE_WAS, created={SECOND: SECOND_RECORD})
    return score(_says_he_is_new(*practises), transcript), stream


def _result(card: Scorecard, point: str) -> MarkResult:
    return next(result for result in card.results if result.marking_point == point)


def test_the_step_says_the_record_was_saved_despite_a_possible_duplicate_warning() -> None:
    """Found by a tester: the only step was "Record created (New account)", though the
    save's event says a strong match was found and a queue item was raised for it."""
    card, stream = _scored("MP-13")

    [created] = [
        step for step in run_timeline(stream.events, card) if step.action == "customer.created"
    ]

    assert step_line(created) == (
        "Record created (New account), saved despite a possible-duplicate warning with a "
        "reason why it is someone else; a possible-duplicate item raised for a supervisor"
    )
    assert "Says he is new" not in step_line(created)  # the reason typed is never quoted


def test_mp04_and_mp13_name_the_cross_check_that_was_ignored() -> None:
    card, stream = _scored("MP-04", "MP-13")

    mp04, mp13 = _result(card, "MP-04"), _result(card, "MP-13")

    assert mp04.verdict is NOT_MET  # phone and e-mail typed twice: the warning is the fault
    assert mp04.should_have == (
        "Should have: heeded the cross-check: it found the caller's own record as a strong "
        "match, and a new record was saved as someone else all the same."
    )
    assert mp13.verdict is NOT_MET
    assert mp13.should_have == (
        "Should have: found the caller's existing record and updated it instead of creating "
        "a new one: the duplicate check found it as a strong match while the details were "
        "typed, and the new record was saved as someone else all the same."
    )
    [created] = [s for s in run_timeline(stream.events, card) if s.action == "customer.created"]
    assert [mark_words(mark) for mark in created.marks] == ["MP-04 -", "MP-13 -"]


def test_a_new_customer_checked_and_saved_with_no_strong_match_is_said_as_before() -> None:
    stream = Stream()
    stream.add(AuditAction.CUSTOMER_CREATED, customer=SECOND, enquiry_type="New account")

    [step] = run_timeline(stream.events, Scorecard(scenario_id="s", results=()))

    assert step.words == "Record created (New account)"


def test_mp05_agrees_with_its_step_when_the_details_typed_went_onto_a_duplicate() -> None:
    """Found by a tester: MP-05 was "not met: The caller's record: E-mail: not changed
    (still the old value)" while the timeline marked the same save "MP-05 +". The e-mail
    was typed exactly as he gave it; that it went onto a second record is MP-13's."""
    card, stream = _scored("MP-05", "MP-13")

    mp05 = _result(card, "MP-05")

    assert mp05.verdict is MET
    assert mp05.note == (
        "Entered as the caller gave it: E-mail on the record created at 10:00:06, a second "
        "record for a caller already on file, while their own record still holds the old "
        "E-mail. Where the details went is counted by MP-13 (the existing record rather "
        "than a duplicate), not here as an error in entering them."
    )
    [created] = [s for s in run_timeline(stream.events, card) if s.action == "customer.created"]
    assert [mark_words(mark) for mark in created.marks] == ["MP-05 +", "MP-13 -"]


def test_a_slip_typed_on_the_duplicate_is_still_an_error_in_entering_it() -> None:
    stream = _saved_past_the_warning()
    slipped = {**SECOND_RECORD, "email": "john.s@example.ent"}
    transcript = stream.transcript(values=JOHN_AS_HE_WAS, created={SECOND: slipped})

    card = score(_says_he_is_new("MP-05"), transcript)

    [mp05] = card.results
    assert mp05.verdict is NOT_MET
    assert mp05.note == (
        "Differs from the caller's details. The caller's record: E-mail: not changed (still "
        "the old value). The record created at 10:00:06: E-mail: two neighbouring characters "
        "swapped (a transposition)."
    )
    [created] = [s for s in run_timeline(stream.events, card) if s.action == "customer.created"]
    assert [mark_words(mark) for mark in created.marks] == ["MP-05 -"]


def test_a_save_at_fault_twice_for_mp04_is_one_line_saying_both() -> None:
    stream = _saved_past_the_warning()
    read_back = next(e for e in stream.events if e.action is AuditAction.READ_BACK_CONFIRMED)
    stream.events[stream.events.index(read_back)] = read_back.model_copy(
        update={"details": {"double_entry": []}}
    )
    transcript = stream.transcript(values=JOHN_AS_HE_WAS, created={SECOND: SECOND_RECORD})

    [mp04] = score(_says_he_is_new("MP-04"), transcript).results

    [created] = [step for step in mp04.evidence if step.action == "customer.created"]
    assert created.note == (
        "saved without entering it twice: Phone, E-mail; saved as someone else despite the "
        "possible-duplicate warning: the cross-check had found the caller's own record"
    )
