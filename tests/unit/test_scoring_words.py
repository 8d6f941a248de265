"""What a trainer reads is in words: searches counted as the timeline counts them (MP-12),
consents, checks and conditions by name, every should-have in the same form, and a step's
outcome said, never an identifier ("Call ended (logged_out)", "marketing:email")."""

from __future__ import annotations

import re

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.domain.training.scorecard import Verdict
from custinfo_tui.domain.training.scoring import score
from custinfo_tui.domain.training.timeline import run_timeline, step_line
from custinfo_tui.domain.training.transcript import RunTranscript
from tests.support.event_streams import Stream, scenario
from tests.unit.test_scoring_back_office import WHITBY, _back_office
from tests.unit.test_scoring_every_record import (
    FIRST,
    NEW_CUSTOMER,
    PRIYA,
    PRIYA_STORED,
    _captured,
    _captured_twice,
    _new_customer,
    _texts,
)

MET, NOT_MET, NOT_APPLICABLE = Verdict.MET, Verdict.NOT_MET, Verdict.NOT_APPLICABLE


def test_the_searches_fired_while_one_query_is_typed_are_one_search() -> None:
    stream = Stream()
    for found in (9, 4, 2):
        stream.add(
            AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="name", results=found
        )
    stream.verified_call(after=2)

    result = score(scenario("MP-12"), stream.transcript()).results[0]

    assert result.evidence[0].note == (
        "the right record opened 6 s after the first words, after one search, 3 as typed"
    )


def test_two_searches_apart_are_two() -> None:
    stream = Stream()
    stream.add(AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="name", results=0)
    stream.add(AuditAction.SCREEN_LOCKED, customer=None, call=None)
    stream.add(AuditAction.CUSTOMER_SEARCHED, customer=None, call=None, kind="phone", results=1)
    stream.verified_call(after=1)

    result = score(scenario("MP-12"), stream.transcript()).results[0]

    assert result.evidence[0].note.endswith(", after 2 searches")


#: An identifier in what a trainer reads: `logged_out`, `marketing:email`, `special_category`.
IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+:[a-z]+\b")


def test_a_call_ended_at_log_out_says_so_in_words() -> None:
    stream = Stream().verified_call()
    stream.add(AuditAction.INTERACTION_ENDED, event_outcome="logged_out")
    stream.add(AuditAction.CALLER_VERIFICATION_FAILED, event_outcome="failed", fields=("postcode",))
    stream.add(AuditAction.CALLER_IDENTIFIED, event_outcome="no_authority", caller="no_authority")
    card = score(scenario("MP-08"), stream.transcript())

    lines = [step_line(step) for step in run_timeline(stream.events, card)]

    assert lines[-3:] == [
        "Call of 10:00:20 ended when the trainee logged out",  # which call: its start
        "Check failed: Postcode",
        "Caller is someone with no authority",
    ]


def test_the_consents_and_the_article_9_condition_are_said_in_words() -> None:
    stream = Stream().verified_call("high")
    stream.add(AuditAction.CONSENT_RECORDED, service_basis="contract", marketing=[])
    stream.add(AuditAction.CONSENT_RECORDED, special_condition="explicit_consent")
    expected = {"consent_changes": ["marketing:email", "special_category"], "changes": []}

    mp06 = score(scenario("MP-06", expected=expected), stream.transcript()).results[0]

    assert mp06.verdict is NOT_MET
    assert mp06.should_have == (
        "Should have: recorded the caller's consent to marketing by e-mail."
    )
    assert mp06.evidence[-1].note == ("consent given: the special-category condition (Article 9)")
    stream.add(AuditAction.READ_BACK_CONFIRMED, fields=("accessibility_needs",))
    stream.add(AuditAction.CUSTOMER_UPDATED, fields=("accessibility_needs",), reason="Asked")
    mp07 = score(
        scenario("MP-07", expected={"changes": ["accessibility_needs"]}), stream.transcript()
    ).results[0]
    assert mp07.evidence[0].note == "Article 9 condition: Explicit consent (Art. 9(2)(a))"


def test_support_needs_are_the_handlers_own_words_not_typed_digit_by_digit() -> None:
    needs = "Partially sighted: large print for all letters."
    caller = {"customer": None, "true_details": {**PRIYA, "accessibility_needs": needs}}
    priya = scenario("MP-05", caller=caller, expected=NEW_CUSTOMER)
    stream = Stream()
    _captured(stream, FIRST, (*PRIYA, "accessibility_needs"))
    in_other_words = {**PRIYA_STORED, "accessibility_needs": "Poor sight; large print"}

    assert score(priya, stream.transcript(created={FIRST: in_other_words})).met
    result = score(priya, stream.transcript(created={FIRST: PRIYA_STORED})).results[0]
    assert result.verdict is NOT_MET
    assert result.should_have == "Should have: asked for and recorded Support needs."


def test_what_should_have_happened_is_said_as_the_others_are() -> None:
    stream = Stream().add(AuditAction.CUSTOMER_VIEWED, call=None, reason="Letter")
    stream.add(AuditAction.CALLER_CHECK_PASSED, fields=("date_of_birth",), check="date_of_birth")

    result = score(scenario("MP-02"), stream.transcript()).results[0]

    assert result.should_have.startswith("Should have: asked for and taken down Town, Postcode")
    assert result.evidence[0].note == "asked the check Date of birth: passed"


def test_no_marking_points_words_quote_an_identifier() -> None:
    """Every rule on careless runs: what the trainer reads is in words."""
    stream, created = _captured_twice()
    spouse = {"is": "no_authority", "name": "Linda Price"}
    consents = {"consent_changes": ["marketing:sms", "special_category"]}
    runs: list[tuple[Scenario, RunTranscript]] = [
        (_new_customer(*_ALL), stream.transcript(created=created)),
        (scenario(*_ALL, expected=consents), _back_office().transcript(values=WHITBY)),
        (scenario(*_ALL, caller=spouse), _back_office().transcript(values=WHITBY)),
    ]
    for scored, transcript in runs:
        for result in score(scored, transcript).results:
            assert not IDENTIFIER.search(_texts(result)), (result.marking_point, _texts(result))


_ALL = tuple(f"MP-{n:02d}" for n in range(1, 22))


def test_a_points_evidence_is_listed_oldest_first_as_the_timeline_lists_it() -> None:
    """Found by a tester: MP-08 listed "Customer verified: High" (05:08:51) before the
    disclosure made at Standard six seconds earlier, every verification step first and
    each disclosure after, so the report read as if time ran backwards."""
    stream = Stream().verified_call("standard")
    stream.add(AuditAction.FIELD_DISCLOSED, fields=("phone",), caller="customer")
    stream.add(
        AuditAction.CALLER_CHECK_PASSED, fields=("security_answer",), check="security_answer"
    )
    stream.add(AuditAction.CALLER_VERIFIED, level="high", passes=3)

    card = score(scenario("MP-08", expected={"verification_level": "high"}), stream.transcript())

    [mp08] = card.results
    assert mp08.verdict is MET
    marked = [step for step in run_timeline(stream.events, card) if step.marks]
    assert [step.event_id for step in mp08.evidence] == [step.event_id for step in marked]
    assert [step_line(step) for step in marked][-3:] == [
        "Disclosed to the customer: Phone",
        "Check passed: Security answer",
        "Customer verified: High",
    ]
