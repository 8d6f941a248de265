"""A disclosure the console refused to a third party (`field.disclosure_refused` with the
caller a representative, or someone with no authority on file) in MP-17's debrief, as
MP-08's says it: a step against the point, with a should-have, and the verdict left as it
would be without it, since the caller was told nothing (docs/training.md, "A disclosure
the console refused").

Found by a trainer: the trainee tried to read an attorney the customer's support needs,
outside the attorney's scope; the console refused, and MP-08's debrief said so, but MP-17's
(sharing with third parties only through the proper route) did not.
"""

from __future__ import annotations

from typing import Any

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.scorecard import MarkResult, Verdict
from custinfo_tui.domain.training.scoring import score
from custinfo_tui.domain.training.timeline import run_timeline
from tests.support.event_streams import Stream, scenario

MET, NOT_MET = Verdict.MET, Verdict.NOT_MET
REFUSED = AuditAction.FIELD_DISCLOSURE_REFUSED.value
ATTORNEY = {"is": "representative", "name": "Ann Smith", "representative": "Ann Smith"}
OUTSIDE_SCOPE = (
    "tried to disclose Support needs, outside the representative's scope; the console refused"
)


def _mark(point: str, stream: Stream, **parts: Any) -> MarkResult:
    [result] = score(scenario(point, **parts), stream.transcript()).results
    return result


def _the_attorney_verified_and_told_the_phone() -> Stream:
    """Ann chosen as the caller (F2), verified on her own details, told the phone."""
    stream = Stream().add(AuditAction.INTERACTION_STARTED, channel="phone")
    stream.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name",), in_call=True)
    stream.add(
        AuditAction.CALLER_IDENTIFIED,
        event_outcome="representative",
        caller="representative",
        representative=1,
    )
    for check in ("date_of_birth", "postcode"):
        stream.add(AuditAction.CALLER_CHECK_PASSED, fields=(check,), check=check)
    stream.add(AuditAction.CALLER_VERIFIED, level="standard", passes=2)
    return stream.add(AuditAction.FIELD_DISCLOSED, fields=("phone",), level="standard")


def _refused(stream: Stream, caller: str, key: str, need: str, level: str = "standard") -> Stream:
    return stream.add(
        AuditAction.FIELD_DISCLOSURE_REFUSED,
        fields=(key,),
        event_outcome="refused",
        caller=caller,
        level=level,
        needs={key: need},
    )


def test_support_needs_refused_outside_the_attorneys_scope_is_said_against_mp17() -> None:
    without = _mark("MP-17", _the_attorney_verified_and_told_the_phone(), caller=ATTORNEY)
    assert without.verdict is MET
    stream = _refused(
        _the_attorney_verified_and_told_the_phone(),
        "representative",
        "accessibility_needs",
        "outside their scope",
    )

    result = _mark("MP-17", stream, caller=ATTORNEY)

    assert result.verdict is MET  # the attorney was told nothing more: the console refused
    [tried] = [step for step in result.evidence if step.action == REFUSED]
    assert (tried.note, tried.against) == (OUTSIDE_SCOPE, True)
    assert result.advice == ("Should have: disclosed only what the representative's scope allows.")
    # MP-08 says the same attempt, as it did; the timeline marks it against both points.
    assert OUTSIDE_SCOPE in [s.note for s in _mark("MP-08", stream, caller=ATTORNEY).evidence]
    card = score(scenario("MP-08", "MP-17", caller=ATTORNEY), stream.transcript())
    [line] = [s for s in run_timeline(stream.events, card) if s.action == REFUSED]
    assert [(m.marking_point, m.towards) for m in line.marks] == [
        ("MP-08", False),
        ("MP-17", False),
    ]


def test_only_an_attempt_to_a_third_party_counts_against_mp17() -> None:
    """F5 before Ann was chosen as the caller was refused to "the customer": that is
    MP-08's (verify first); what MP-17 says of it is the who-is-calling rule's."""
    stream = Stream().add(AuditAction.INTERACTION_STARTED, channel="phone")
    _refused(stream, "customer", "phone", "needs Standard", level="none")
    for event in _the_attorney_verified_and_told_the_phone().events[1:]:
        stream.add(
            event.action,
            fields=event.fields,
            event_outcome=event.outcome,
            **event.details,
        )
    _refused(stream, "representative", "accessibility_needs", "outside their scope")

    mp17 = _mark("MP-17", stream, caller=ATTORNEY)
    mp08 = _mark("MP-08", stream, caller=ATTORNEY)

    assert [s.note for s in mp17.evidence if s.action == REFUSED] == [OUTSIDE_SCOPE]
    assert len([s for s in mp08.evidence if s.action == REFUSED]) == 2


def test_a_caller_with_no_authority_refused_stays_met_and_is_told_to_be_told_nothing() -> None:
    spouse = {"is": "no_authority", "name": "Jane Smith"}
    expected = {"verification_level": "none", "changes": []}
    stream = Stream().add(AuditAction.INTERACTION_STARTED, channel="phone")
    stream.add(AuditAction.CALLER_IDENTIFIED, event_outcome="no_authority", caller="no_authority")
    _refused(stream, "no_authority", "email", "no authority", level="none")

    result = _mark("MP-17", stream, caller=spouse, expected=expected)

    assert result.verdict is MET
    assert "tried to disclose E-mail to a caller with no authority; the console refused" in [
        step.note for step in result.evidence if step.against
    ]
    assert result.advice == "Should have: disclosed nothing to a caller with no authority."


def test_a_police_request_not_recorded_names_the_refused_attempt_in_its_should_have() -> None:
    police = {"is": "no_authority", "name": "DC Morgan"}
    expected = {"verification_level": "none", "changes": [], "disclosure_request": True}
    stream = Stream().add(AuditAction.INTERACTION_STARTED, channel="phone")
    stream.add(AuditAction.CALLER_IDENTIFIED, event_outcome="no_authority", caller="no_authority")
    _refused(stream, "no_authority", "address_line1", "no authority", level="none")

    result = _mark("MP-17", stream, caller=police, expected=expected)

    assert result.verdict is NOT_MET  # never recorded with Ctrl+T, as without the attempt
    assert result.advice.startswith("Should have: recorded the request")
    assert result.advice.endswith("; disclosed nothing to a caller with no authority.")
    # Its only step is against it: not met, as a point with no step is.
    assert all(step.against for step in result.evidence)
