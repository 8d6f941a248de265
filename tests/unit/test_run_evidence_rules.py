"""A scored run as evidence of practice (MP-21, domain/run_evidence.py), and what both
forms say of any export: what an assessor reads in `custinfo train report` (the score,
each verdict with what it rests on and what should have happened, how the run ended), the
marks explained, the steps for and against each point, and an empty export said in a
sentence. Found by an explorer acting as a trainer and a quality manager."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.evidence import ANONYMISED, live_evidence
from custinfo_tui.domain.evidence_forms import evidence_html, evidence_json
from custinfo_tui.domain.run_evidence import RUN_LEGEND, run_evidence
from custinfo_tui.domain.training.scorecard import (
    MarkResult,
    Scorecard,
    StepMark,
    TimelineStep,
    Verdict,
)

AT = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
#: What the scorer's should-have says of a caller taken for the customer (MP-08).
NAMED = (
    "Should have: asked who was calling and chosen them as the caller (F2) before any "
    "check: Carys Hughes was checked as the customer."
)


def _step(
    number: int, action: AuditAction, words: str, *marks: StepMark, **parts: str
) -> TimelineStep:
    return TimelineStep(
        event_id=number, at=AT, action=action.value, words=words, marks=marks, **parts
    )


def _a_spouse_checked_as_the_customer() -> Scorecard:
    """A check the caller failed counts towards MP-08 (asking it was right), a check asked
    of a caller taken for the customer against it; the call ended at log-out."""
    towards, against = (
        StepMark(marking_point="MP-08", towards=True),
        StepMark(marking_point="MP-08", towards=False),
    )
    timeline = (
        _step(1, AuditAction.INTERACTION_STARTED, "Phone call started"),
        _step(2, AuditAction.CALLER_VERIFICATION_FAILED, "Check failed: Date of birth", towards),
        _step(3, AuditAction.CALLER_CHECK_PASSED, "Check passed: Postcode", against),
        _step(4, AuditAction.INTERACTION_ENDED, "Call of 10:30:00 ended", outcome="logged_out"),
    )
    results = (
        MarkResult(
            marking_point="MP-08",
            title="Verify the caller's identity",
            verdict=Verdict.NOT_MET,
            should_have=NAMED,
        ),
        MarkResult(
            marking_point="MP-05",
            title="Enter data without errors",
            verdict=Verdict.NOT_MET,
            note="Differs from the caller's details: Address line 1: a different value.",
            should_have="entered Address line 1 exactly as the caller gave",
        ),
        MarkResult(marking_point="MP-12", title="Retrieve", verdict=Verdict.MET),
    )
    return Scorecard(scenario_id="s", results=results, timeline=timeline)


def test_a_run_exports_its_score_verdicts_should_haves_and_how_it_ended() -> None:
    document = run_evidence(
        _a_spouse_checked_as_the_customer(), operator="agent", covers="Run 1", generated_at=AT
    )

    assert document.score == "1 of 3 marking points met"
    assert document.ended == "Call of 10:30:00 ended when the trainee logged out."
    assert document.contacts[0].steps[-1].words == (
        "Call of 10:30:00 ended when the trainee logged out"
    )
    points = {point.marking_point: point for point in document.points}
    assert (points["MP-08"].steps_towards, points["MP-08"].steps_against) == (1, 1)
    assert points["MP-08"].should_have == (
        "Should have: asked who was calling and chosen them as the caller (F2) before any "
        "check: the caller was checked as the customer."
    )
    assert points["MP-05"].note == (
        "Differs from the caller's details: Address line 1: a different value."
    )
    assert points["MP-05"].should_have == (
        "Should have: entered Address line 1 exactly as the caller gave"
    )
    assert points["MP-12"].should_have is None and points["MP-12"].verdict == "met"
    page, as_json = evidence_html(document), evidence_json(document)
    for text in (page, as_json):
        assert "Carys" not in text and "Hughes" not in text
    assert "<th>Steps for</th><th>Steps against</th>" in page
    assert "Score: 1 of 3 marking points met" in page
    assert "How it ended: Call of 10:30:00 ended when the trainee logged out." in page
    assert "Address line 1: a different value." in page


def test_the_marks_are_explained_so_a_step_for_a_point_not_met_reads_right() -> None:
    """A "Check failed: Date of birth | MP-08 +" beside "MP-08 not met" read as a
    contradiction: the legend says how both hold, in both forms."""
    document = run_evidence(
        _a_spouse_checked_as_the_customer(), operator="agent", covers="Run 1", generated_at=AT
    )

    assert '"MP-08 +" counts towards MP-08' in RUN_LEGEND
    assert "a check the caller failed was still rightly asked" in RUN_LEGEND
    page = evidence_html(document)
    assert page.index("a check the caller failed") < page.index("Check failed: Date of birth")
    assert json.loads(evidence_json(document))["legend"] == RUN_LEGEND


def test_a_run_cut_short_says_so_and_its_points_never_reached() -> None:
    cut = _step(
        5,
        AuditAction.TRAINING_RUN_CUT_SHORT,
        "Role-play cut short by trainer after its console stopped (1 call left open ended)",
        outcome="ok",
    )
    unreached = MarkResult(
        marking_point="MP-18",
        title="Log every interaction",
        verdict=Verdict.NOT_MET,
        note="Not reached: the run was cut short. ",
        not_reached=True,
    )
    card = Scorecard(scenario_id="s", results=(unreached,), timeline=(cut,))

    document = run_evidence(card, operator="agent", covers="Run 1", generated_at=AT)

    assert document.ended == (
        "Role-play cut short by trainer after its console stopped (1 call left open ended); "
        "the points it never reached are marked not reached."
    )
    (point,) = document.points
    assert point.verdict == "not reached" and point.note == "Not reached: the run was cut short."


def test_json_counts_contacts_and_steps_and_says_what_is_left_out() -> None:
    """Live work has no verdict: it is left out, not given as ""."""
    viewed = _step(1, AuditAction.CUSTOMER_VIEWED, "x")
    live = live_evidence([], operator="agent", covers="Live work", generated_at=AT, reason_kinds=())
    run = run_evidence(
        Scorecard(scenario_id="s", results=(), timeline=(viewed,)),
        operator="agent",
        covers="Run 1",
        generated_at=AT,
    )

    as_live, as_run = json.loads(evidence_json(live)), json.loads(evidence_json(run))

    assert (as_live["contact_count"], as_live["step_count"]) == (0, 0)
    assert (as_run["contact_count"], as_run["step_count"]) == (1, 1)
    assert as_live["anonymisation"] == as_run["anonymisation"] == ANONYMISED
    assert as_live["source"] == "live" and as_run["source"] == "training_run"
    assert "score" not in as_live and "ended" not in as_live and "ended" not in as_run


def test_live_work_points_have_no_verdict_and_an_empty_export_is_one_sentence() -> None:
    started = _event_stream()
    document = live_evidence(
        started, operator="agent", covers="Live work", generated_at=AT, reason_kinds=()
    )
    as_json = json.loads(evidence_json(document))
    assert as_json["points"] and all("verdict" not in p for p in as_json["points"])
    assert "<th>Steps showing it</th>" in evidence_html(document)

    empty = evidence_html(
        live_evidence([], operator="agent", covers="Live work", generated_at=AT, reason_kinds=())
    )
    assert "<table" not in empty and "Marking points" not in empty
    assert "<p>No logged steps in this period.</p>" in empty


def _event_stream() -> list[AuditEvent]:
    """A call started: evidence of MP-18 in real work."""
    return [
        AuditEvent(
            id=1,
            action=AuditAction.INTERACTION_STARTED,
            operator_id=2,
            customer_id=3,
            interaction_id=4,
            occurred_at=AT,
            prev_hash="0" * 64,
            hash="1" * 64,
        )
    ]
