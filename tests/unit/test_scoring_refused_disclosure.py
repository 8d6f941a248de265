"""A disclosure the console refused in a role-play (`field.disclosure_refused`) in MP-08's
debrief: said, in the trainee's words, as a step against and a should-have; the verdict
left as it would be without it, since the caller was told nothing (docs/training.md).

Found by a trainer: the trainee pressed F5 before any check, the console refused, and the
debrief could not say "tried to disclose the phone number before the caller was verified".
"""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.scorecard import MarkResult, Verdict
from custinfo_tui.domain.training.scoring import score
from custinfo_tui.domain.training.timeline import run_timeline
from tests.support.event_streams import Stream, scenario

MET, NOT_MET, NOT_APPLICABLE = Verdict.MET, Verdict.NOT_MET, Verdict.NOT_APPLICABLE
BEFORE_ANY_CHECK = {"caller": "customer", "level": "none", "needs": {"phone": "needs Standard"}}


def _mp08(stream: Stream, **parts: object) -> MarkResult:
    [result] = score(scenario("MP-08", **parts), stream.transcript()).results  # type: ignore[arg-type]
    return result


def _f5_before_the_checks(stream: Stream) -> Stream:
    """The trainee's F5 before any check: the console refused the phone (and the rest)."""
    stream.add(AuditAction.INTERACTION_STARTED, channel="phone")
    stream.add(AuditAction.CUSTOMER_VIEWED, fields=("given_name",), in_call=True)
    return stream.add(
        AuditAction.FIELD_DISCLOSURE_REFUSED,
        fields=("given_name", "phone"),  # names tell the caller nothing: not named
        event_outcome="refused",
        **BEFORE_ANY_CHECK,
    )


def _verified_and_disclosed(stream: Stream) -> Stream:
    for check in ("date_of_birth", "postcode"):
        stream.add(AuditAction.CALLER_CHECK_PASSED, fields=(check,), check=check)
    stream.add(AuditAction.CALLER_VERIFIED, level="standard", passes=2)
    return stream.add(AuditAction.FIELD_DISCLOSED, fields=("phone",), level="standard")


def test_a_refused_attempt_is_said_against_mp08_which_stays_met() -> None:
    stream = _verified_and_disclosed(_f5_before_the_checks(Stream()))
    without = _mp08(_verified_and_disclosed(Stream().verified_call()))
    assert without.verdict is MET

    result = _mp08(stream)

    assert result.verdict is MET  # nothing was told too early: the console refused
    [tried] = [step for step in result.evidence if step.action == "field.disclosure_refused"]
    assert (
        tried.note == "tried to disclose Phone before the caller was verified; the console refused"
    )
    assert tried.against
    assert result.advice == "Should have: verified the caller before trying to disclose Phone."
    # The timeline marks the attempt against the point, in the supervisor's words.
    card = score(scenario("MP-08"), stream.transcript())
    [line] = [s for s in run_timeline(stream.events, card) if s.action == tried.action]
    assert line.words.startswith("Refused: tried to disclose Given name, Phone to the customer")
    assert [(m.marking_point, m.towards) for m in line.marks] == [("MP-08", False)]


def test_a_point_not_met_for_something_else_names_the_attempt_in_its_should_have() -> None:
    stream = _f5_before_the_checks(Stream())
    stream.add(
        AuditAction.FIELD_DISCLOSURE_REFUSED,
        fields=("accessibility_needs",),
        event_outcome="refused",
        caller="customer",
        level="standard",
        needs={"accessibility_needs": "needs High"},
    )

    result = _mp08(stream)  # the scenario needs Standard: never reached

    assert result.verdict is NOT_MET
    assert result.advice == (
        "Should have: verified the caller to Standard (reached: Not verified); verified the "
        "caller before trying to disclose Phone; verified the caller to High before trying "
        "to disclose Support needs."
    )
    notes = [step.note for step in result.evidence if step.against]
    assert notes[-1] == (
        "tried to disclose Support needs at Standard, which needs High; the console refused"
    )


def test_a_refused_attempt_alone_never_meets_the_point() -> None:
    """With no verification expected and nothing disclosed, MP-08 is not applicable; the
    attempt is said in its note, and does not make it scored."""
    result = _mp08(_f5_before_the_checks(Stream()), expected={"verification_level": None})

    assert result.verdict is NOT_APPLICABLE
    assert "the trainee tried to disclose Phone before the caller was verified" in result.note
    assert "should have verified the caller before trying to disclose Phone" in result.note


def test_an_attempt_for_a_caller_with_no_authority_says_to_disclose_nothing() -> None:
    stream = _f5_before_the_checks(Stream())
    stream.add(AuditAction.CALLER_IDENTIFIED, caller="no_authority", event_outcome="no_authority")
    stream.add(
        AuditAction.FIELD_DISCLOSURE_REFUSED,
        fields=("email",),
        event_outcome="refused",
        caller="no_authority",
        level="none",
        needs={"email": "no authority"},
    )

    result = _mp08(stream, caller={"is": "no_authority", "name": "Carys Hughes"})

    assert "disclosed nothing to a caller with no authority" in result.advice
    assert "tried to disclose E-mail to a caller with no authority; the console refused" in [
        step.note for step in result.evidence
    ]


def test_a_point_met_on_no_step_stays_not_met_with_a_refused_attempt_its_only_step() -> None:
    """An impostor told nothing, with no check asked: no step shows MP-08 (not met, as
    ever); the attempt refused is no step towards it, and is kept against it."""
    impostor = {"is": "impostor"}
    bare = Stream().add(AuditAction.INTERACTION_STARTED, channel="phone")
    assert _mp08(bare, caller=impostor).verdict is NOT_MET

    result = _mp08(_f5_before_the_checks(Stream()), caller=impostor)

    assert result.verdict is NOT_MET
    assert [step.action for step in result.evidence if step.against] == ["field.disclosure_refused"]
