"""Who is calling, established before any check (MP-08, MP-17). Found by an explorer on
spouse-without-authority: the trainee never asked who was calling, the wife passed her
husband's date of birth and postcode, and the report marked "Check passed: Date of birth
[MP-08 +, MP-17 +]", and the same for Postcode and "Customer verified: Standard", though
both points ended not met."""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.scorecard import Scorecard, Verdict
from custinfo_tui.domain.training.scoring import score
from custinfo_tui.domain.training.timeline import run_timeline
from tests.support.event_streams import JOHN_ON_FILE, Stream, scenario

MET, NOT_MET = Verdict.MET, Verdict.NOT_MET
SPOUSE = {"is": "no_authority", "name": "Linda Smith"}
NOTHING_TO_TELL = {"verification_level": "none", "changes": [], "wrap_up_outcome": "no_action"}
DAUGHTER = {"is": "representative", "name": "Ann Smith", "representative": "Ann Smith"}
ANN_ON_FILE = {
    "representatives": [
        {
            "name": "Ann Smith",
            "relationship": "Daughter",
            "authority": "named_contact",
            "scope": "Billing questions",
            "actions": ["read:contact"],
            "values": {"date_of_birth": "1990-06-17", "postcode": "SE1 7TX"},
        }
    ]
}


def _card(stream: Stream, caller: dict[str, str], **parts: object) -> Scorecard:
    return score(
        scenario("MP-08", "MP-17", caller=caller, **parts),  # type: ignore[arg-type]
        stream.transcript(values=JOHN_ON_FILE),
    )


def _marks(stream: Stream, card: Scorecard) -> dict[str, list[tuple[str, bool, str]]]:
    """Each verification step's words and its marks: (point, towards, note)."""
    return {
        step.words: [(m.marking_point, m.towards, m.note) for m in step.marks]
        for step in run_timeline(stream.events, card)
        if step.action.startswith("caller.")
    }


def test_checks_passed_by_a_spouse_taken_for_the_customer_count_against_both_points() -> None:
    stream = Stream().verified_call()  # never asked who was calling: checked as John

    card = _card(stream, SPOUSE, expected=NOTHING_TO_TELL)

    mp08, mp17 = card.results
    assert (mp08.verdict, mp17.verdict) == (NOT_MET, NOT_MET)
    marks = _marks(stream, card)
    why = (
        "checked as the customer, but the caller is Linda Smith, not John Smith: someone with "
        "no authority on file"
    )
    assert marks["Check passed: Date of birth"] == [("MP-08", False, why), ("MP-17", False, why)]
    assert marks["Check passed: Postcode"] == [("MP-08", False, why), ("MP-17", False, why)]
    verified = marks["Customer verified: Standard"]
    assert [(point, towards) for point, towards, _ in verified] == [
        ("MP-08", False),
        ("MP-17", False),
    ]
    assert verified[0][2].startswith("verified as the customer, but the caller is Linda Smith")
    for result in card.results:
        assert "asked who was calling and chosen them as the caller (F2) before any check" in (
            result.should_have
        )


def test_a_spouse_checked_as_the_customer_is_not_met_even_with_nothing_disclosed() -> None:
    stream = Stream().add(AuditAction.INTERACTION_STARTED, channel="phone")
    stream.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name",), in_call=True)
    stream.add(AuditAction.CALLER_CHECK_PASSED, fields=("date_of_birth",), check="date_of_birth")
    stream.add(AuditAction.CALLER_IDENTIFIED, event_outcome="no_authority", caller="no_authority")

    card = _card(stream, SPOUSE, expected=NOTHING_TO_TELL)

    assert [r.verdict for r in card.results] == [NOT_MET, NOT_MET]
    marks = _marks(stream, card)
    assert [towards for _, towards, _ in marks["Check passed: Date of birth"]] == [False, False]
    # Saying who she is, after the check, counts towards both.
    identified = next(words for words in marks if words != "Check passed: Date of birth")
    assert [towards for _, towards, _ in marks[identified]] == [True, True]


def test_a_spouse_identified_before_any_check_still_meets_both_points() -> None:
    stream = Stream().add(AuditAction.INTERACTION_STARTED, channel="phone")
    stream.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name",), in_call=True)
    stream.add(AuditAction.CALLER_IDENTIFIED, event_outcome="no_authority", caller="no_authority")

    card = _card(stream, SPOUSE, expected=NOTHING_TO_TELL)

    assert [r.verdict for r in card.results] == [MET, MET]


def test_a_named_contact_checked_as_the_customer_before_being_chosen_counts_against() -> None:
    stream = Stream().add(AuditAction.INTERACTION_STARTED, channel="phone")
    stream.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name",), in_call=True)
    stream.add(
        AuditAction.CALLER_VERIFICATION_FAILED, fields=("date_of_birth",), check="date_of_birth"
    )
    stream.add(AuditAction.CALLER_IDENTIFIED, caller="representative", representative=1)
    stream.add(AuditAction.CALLER_CHECK_PASSED, fields=("date_of_birth",), check="date_of_birth")
    stream.add(AuditAction.CALLER_CHECK_PASSED, fields=("postcode",), check="postcode")
    stream.add(AuditAction.CALLER_VERIFIED, level="standard", passes=2)

    card = _card(stream, DAUGHTER, customer=ANN_ON_FILE)

    mp08, mp17 = card.results
    assert (mp08.verdict, mp17.verdict) == (NOT_MET, NOT_MET)
    against = [e for e in mp08.evidence if e.against]
    assert [e.action for e in against] == ["caller.verification_failed"]
    assert against[0].note == (
        "checked as the customer, but the caller is Ann Smith, not John Smith: their "
        "daughter, acting for them"
    )
    assert all(not e.against for e in mp17.evidence if e.action == "caller.check_passed")


def test_an_impostor_checked_as_the_customer_is_the_verification_working() -> None:
    """An impostor says they are the customer: checking them as the customer is right."""
    stream = Stream().add(AuditAction.INTERACTION_STARTED, channel="phone")
    stream.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name",), in_call=True)
    for _ in range(3):
        stream.add(
            AuditAction.CALLER_VERIFICATION_FAILED,
            fields=("date_of_birth",),
            check="date_of_birth",
        )
    stream.add(AuditAction.VERIFICATION_LOCKED, failures=3, queue_item=1)
    impostor = {"is": "impostor", "name": "Not John"}

    card = _card(stream, impostor, expected={"verification_level": "none", "changes": []})

    assert [r.verdict for r in card.results] == [MET, MET]
    assert not any(e.against for r in card.results for e in r.evidence)
