"""What the scenario names is scored as named: the change reason (MP-10) and the enquiry
type (MP-18) it expects (a tester playing trainer found a house move saved as "Entry error
corrected" and a call wrapped up under another enquiry type both met)."""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.scenario import ScenarioNames
from custinfo_tui.domain.training.scorecard import Verdict
from custinfo_tui.domain.training.scoring import score
from tests.support.event_streams import Stream, good_change_of_address, scenario
from tests.unit.test_scoring_every_record import FIRST, NEW_CUSTOMER, PRIYA, PRIYA_STORED, _captured

MET, NOT_MET, NOT_APPLICABLE = Verdict.MET, Verdict.NOT_MET, Verdict.NOT_APPLICABLE


def test_a_change_saved_with_another_reason_than_the_scenario_names_is_not_met() -> None:
    """Found by a tester: "Entry error corrected" for a house move met MP-10."""
    stream = Stream().verified_call()
    stream.add(AuditAction.READ_BACK_CONFIRMED, fields=("postcode", "town"))
    error = "Entry error corrected"
    stream.add(
        AuditAction.CUSTOMER_UPDATED,
        fields=("town", "postcode"),
        reason=error,
        reasons={"town": error, "postcode": error},
        cleared=[],
    )
    moved = {"change_reason": "Customer moved"}

    result = score(scenario("MP-10", expected=moved), stream.transcript()).results[0]

    assert result.verdict is NOT_MET
    assert result.should_have == (
        'Should have: saved Town, Postcode with the reason "Customer moved" (given: "Entry '
        'error corrected"), so the field history says what happened.'
    )
    assert score(scenario("MP-10", expected=moved), good_change_of_address().transcript()).met
    assert score(scenario("MP-10"), stream.transcript()).met  # no reason named: any


def test_a_change_reason_the_policy_does_not_offer_is_refused_at_load() -> None:
    names = ScenarioNames.of()
    try:
        scenario("MP-10", expected={"change_reason": "customer moved"}, names=names)
    except ValueError as error:
        assert "did you mean 'Customer moved'?" in str(error)
    else:
        raise AssertionError("a change reason not configured was accepted")


def test_a_call_recorded_under_another_enquiry_type_is_not_met() -> None:
    """Found by a tester: planted-wrong-date-of-birth expects "Other", wrapped up as a
    "Billing question", and MP-18 was met."""
    other = {"enquiry_type": "Other"}
    billing = Stream().verified_call().wrapped_up(enquiry="Billing question")

    result = score(scenario("MP-18", expected=other), billing.transcript()).results[0]

    assert result.verdict is NOT_MET
    assert result.should_have == (
        "Should have: recorded the call as Other (it was recorded as Billing question)."
    )
    right = Stream().verified_call().wrapped_up(enquiry="Other")
    assert score(scenario("MP-18", expected=other), right.transcript()).met


def test_a_capture_under_another_enquiry_type_is_not_met() -> None:
    stream = Stream()
    _captured(stream, FIRST, tuple(PRIYA))
    expected = {**NEW_CUSTOMER, "enquiry_type": "Change of details"}
    priya = scenario("MP-18", caller={"customer": None, "true_details": PRIYA}, expected=expected)

    result = score(priya, stream.transcript(created={FIRST: PRIYA_STORED})).results[0]

    assert result.verdict is NOT_MET
    assert "recorded the call as Change of details (it was recorded as New account)" in (
        result.should_have
    )
