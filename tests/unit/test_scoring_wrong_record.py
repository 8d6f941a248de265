"""Another customer taken for the caller: the wrong one of two John Smiths opened in a call
and checked (change-of-address played by a tester). MP-12 is not met, whatever the time;
MP-08 counts only the caller's own verification (domain/training/marks_access.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.evidence_forms import evidence_html
from custinfo_tui.domain.run_evidence import run_evidence
from custinfo_tui.domain.training.scorecard import MarkResult, Scorecard, Verdict
from custinfo_tui.domain.training.scoring import score
from custinfo_tui.domain.training.timeline import mark_words, run_timeline
from tests.support.event_streams import JOHN_ON_FILE, Stream, scenario

MET, NOT_MET = Verdict.MET, Verdict.NOT_MET
AT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
WHITBY = {**JOHN_ON_FILE, "phone": "+447700900456", "town": "Whitby", "postcode": "YO22 4DE"}
#: The other John Smith, in Croydon: on file, but not the caller.
OTHER_JOHN, OTHER_CALL = 2, 11
HIGH = {"verification_level": "high"}


def _the_other_john_first(*, check: AuditAction = AuditAction.CALLER_VERIFICATION_FAILED) -> Stream:
    """Two John Smiths found; the one in Croydon opened in a call and his date of birth
    asked; that call ended and wrapped up; then the right John found, verified to High, his
    new address read back and saved, and the call wrapped up."""
    stream = Stream().add(AuditAction.LOGIN_SUCCEEDED, customer=None, call=None)
    stream.add(AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="name", results=2)
    other = {"customer": OTHER_JOHN, "call": OTHER_CALL}
    stream.add(AuditAction.INTERACTION_STARTED, channel="phone", **other)
    stream.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name",), in_call=True, **other)
    stream.add(check, fields=("date_of_birth",), check="date_of_birth", **other)
    stream.add(AuditAction.INTERACTION_ENDED, event_outcome="ended", **other)
    stream.add(
        AuditAction.INTERACTION_WRAPPED_UP,
        outcome="no_action",
        notes_characters=20,
        enquiry_type="Change of details",
        **other,
    )
    stream.add(AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="name", results=1)
    stream.verified_call("standard", after=2)
    stream.add(
        AuditAction.CALLER_CHECK_PASSED, fields=("security_answer",), check="security_answer"
    )
    stream.add(AuditAction.CALLER_VERIFIED, level="high", passes=3)
    return stream.address_saved().wrapped_up()


def _scored(stream: Stream, *points: str) -> Scorecard:
    return score(scenario(*points, expected=HIGH), stream.transcript(values=WHITBY))


def _result(card: Scorecard, point: str) -> MarkResult:
    return next(result for result in card.results if result.marking_point == point)


def _marks(stream: Stream, card: Scorecard) -> list[tuple[str, list[str]]]:
    return [
        (step.words, [mark_words(mark) for mark in step.marks])
        for step in run_timeline(stream.events, card)
    ]


def test_checking_the_caller_against_another_customers_record_first_is_not_met() -> None:
    """Found by a tester: "MP-12 met: the right record opened 28 s after the first words,
    after 2 searches", though the trainee had first opened the other John Smith and asked
    his date of birth against it."""
    stream = _the_other_john_first()
    card = _scored(stream, "MP-08", "MP-12")

    mp12 = _result(card, "MP-12")

    assert mp12.verdict is NOT_MET
    assert [(step.note, step.against) for step in mp12.evidence] == [
        ("another customer's record opened", True),
        ("asked against another customer's record", True),
        (
            "the right record opened 11 s after the first words, after 2 searches; another "
            "customer's record was taken for the caller first",
            False,
        ),
    ]
    assert mp12.should_have == (
        "Should have: made sure a record was the caller's before checking them against it: "
        "with more than one match, told them apart by what the caller gives (their postcode, "
        "the last digits of their phone) and opened theirs."
    )


def test_a_check_against_another_customers_record_is_not_evidence_of_verifying_the_caller() -> None:
    """Found by a tester: "Check failed: Date of birth" against the other John Smith was
    listed and marked "MP-08 +", as if it were part of verifying the caller."""
    stream = _the_other_john_first()
    card = _scored(stream, "MP-08", "MP-12")

    mp08 = _result(card, "MP-08")

    assert mp08.verdict is MET  # the caller himself was verified properly, before anything
    assert "caller.verification_failed" not in [step.action for step in mp08.evidence]
    assert mp08.note == (
        "Not counted: the check asked against another customer's record (Date of birth at "
        "10:00:05): the caller is not that customer. Taking them for the caller is counted "
        "by MP-12."
    )
    marks = dict(_marks(stream, card))
    assert marks["Check failed: Date of birth"] == ["MP-12 -"]


def test_a_caller_verified_against_another_customers_record_is_not_verified() -> None:
    """A check passed and a level reached on the other John's record are someone else's:
    they neither meet the level the caller had to reach nor allow a disclosure there."""
    stream = Stream()
    other = {"customer": OTHER_JOHN, "call": OTHER_CALL}
    stream.add(AuditAction.INTERACTION_STARTED, channel="phone", **other)
    stream.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name",), in_call=True, **other)
    stream.add(AuditAction.CALLER_CHECK_PASSED, fields=("postcode",), check="postcode", **other)
    stream.add(
        AuditAction.CALLER_CHECK_PASSED, fields=("date_of_birth",), check="date_of_birth", **other
    )
    stream.add(AuditAction.CALLER_VERIFIED, level="standard", passes=2, **other)
    stream.add(AuditAction.FIELD_DISCLOSED, fields=("phone",), caller="customer", **other)

    card = score(scenario("MP-08", "MP-12"), stream.transcript(values=JOHN_ON_FILE))

    mp08, mp12 = _result(card, "MP-08"), _result(card, "MP-12")

    assert mp08.verdict is NOT_MET
    assert mp08.should_have == (
        "Should have: checked the caller against their own record only: they were verified "
        "against another customer's; disclosed nothing from another customer's record; "
        "verified the caller to Standard (reached: Not verified)."
    )
    assert [step.note for step in mp08.evidence if step.against] == [
        "verified against another customer's record: taken for someone else",
        "disclosed Phone from another customer's record",
    ]
    assert [step.note for step in mp12.evidence] == [
        "another customer's record opened",
        "asked against another customer's record",
        "asked against another customer's record",
        "on another customer's record",
    ]


def test_opening_another_record_and_moving_on_unchecked_is_part_of_finding_the_right_one() -> None:
    stream = Stream()
    stream.add(AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="name", results=2)
    stream.add(AuditAction.INTERACTION_STARTED, customer=OTHER_JOHN, call=OTHER_CALL)
    stream.add(AuditAction.CUSTOMER_VIEWED, customer=OTHER_JOHN, call=OTHER_CALL, in_call=True)
    stream.add(AuditAction.INTERACTION_ENDED, customer=OTHER_JOHN, call=OTHER_CALL)
    stream.verified_call(after=2)

    mp12 = _result(_scored(stream, "MP-12"), "MP-12")

    assert mp12.verdict is MET
    assert [step.note for step in mp12.evidence] == [
        "the right record opened 7 s after the first words, after one search"
    ]


def test_mp02_counts_only_the_checks_asked_about_the_caller_themselves() -> None:
    stream = _the_other_john_first()

    mp02 = _result(_scored(stream, "MP-02"), "MP-02")

    assert mp02.verdict is MET
    assert [step.note for step in mp02.evidence if step.action.startswith("caller.")] == [
        "asked the check Date of birth: passed",
        "asked the check Postcode: passed",
        "asked the check Security answer: passed",
    ]


def _the_other_john_wrapped_up_the_right_one_not() -> Stream:
    """The other John's call rightly wrapped up as Other / No action; the right John
    verified and his address saved, his call ended and never wrapped up."""
    stream = Stream().add(AuditAction.LOGIN_SUCCEEDED, customer=None, call=None)
    other = {"customer": OTHER_JOHN, "call": OTHER_CALL}
    stream.add(AuditAction.INTERACTION_STARTED, channel="phone", **other)
    stream.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name",), in_call=True, **other)
    stream.add(AuditAction.INTERACTION_ENDED, event_outcome="ended", **other)
    stream.add(
        AuditAction.INTERACTION_WRAPPED_UP,
        outcome="no_action",
        notes_characters=20,
        enquiry_type="Other",
        **other,
    )
    stream.verified_call("standard", after=2).address_saved()
    return stream.add(AuditAction.INTERACTION_ENDED, event_outcome="ended")


def test_the_wrap_up_judged_is_the_customers_call_not_another_records() -> None:
    """Found by an explorer: MP-18 said "chosen the outcome resolved at wrap-up; recorded
    the call as Change of details (it was recorded as Other)", judging the wrong John's
    call, rightly wrapped up, and marked that wrap-up "MP-18 -"; the right John's call was
    never wrapped up, which is the failure to name."""
    stream = _the_other_john_wrapped_up_the_right_one_not()
    expected = {"enquiry_type": "Change of details"}
    card = score(scenario("MP-18", expected=expected), stream.transcript(values=WHITBY))

    mp18 = _result(card, "MP-18")

    assert mp18.verdict is NOT_MET
    assert mp18.should_have == "Should have: wrapped up the call on the customer's record."
    assert (
        mp18.note == "2 calls, 1 wrapped up; the call on the customer's record was not wrapped up."
    )
    marks = dict(_marks(stream, card))
    assert marks["Wrapped up: Other, no action"] == ["MP-18 +"]
    assert marks["Call ended"] == ["MP-18 -"]


def test_the_runs_export_has_a_contact_for_each_call_and_for_work_outside_a_call() -> None:
    """Found by an explorer: the run's export put the whole run under "Contact 1: call with
    Customer A", two calls with two John Smiths and back-office work after them alike."""
    stream = _the_other_john_wrapped_up_the_right_one_not()
    stream.add(AuditAction.CUSTOMER_VIEWED, call=None, reason="Customer wrote in (letter)")
    stream.add(AuditAction.CUSTOMER_UPDATED, fields=("phone",), call=None)
    stream.add(AuditAction.LOGGED_OUT, customer=None, call=None)
    card = _scored(stream, "MP-08", "MP-18")
    kept = card.model_copy(update={"timeline": run_timeline(stream.events, card)})

    document = run_evidence(kept, operator="agent", covers="Run 1", generated_at=AT)

    contacts = [(c.number, c.in_call, c.customer) for c in document.contacts]
    assert contacts == [(1, True, "Customer A"), (2, True, "Customer B"), (3, False, "Customer B")]
    first, _, outside = document.contacts
    assert first.steps[0].words == "Logged in"  # with the call it led to
    assert outside.steps[-1].words == "Logged out"
    page = evidence_html(document)
    assert "Contact 2: call with Customer B" in page
    assert "Contact 3: work outside a call with Customer B" in page


def test_a_run_kept_before_its_steps_knew_their_call_is_one_contact_as_before() -> None:
    stream = _the_other_john_wrapped_up_the_right_one_not()
    card = _scored(stream, "MP-18")
    unplaced = tuple(
        step.model_copy(update={"customer_id": None, "interaction_id": None})
        for step in run_timeline(stream.events, card)
    )
    kept = card.model_copy(update={"timeline": unplaced})

    document = run_evidence(kept, operator="agent", covers="Run 1", generated_at=AT)

    assert [(c.in_call, c.customer) for c in document.contacts] == [(True, "Customer A")]
