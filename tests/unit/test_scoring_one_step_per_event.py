"""A point's evidence names each event once. Found by an explorer on
planted-wrong-date-of-birth: the wrong date of birth reported with Ctrl+D was listed twice
under MP-14, in `train report` and the debrief ("Discrepancy reported: Date of birth ..."
then again as "Discrepancy item raised for a supervisor"): the report is both the planted
error reported and the discrepancy item the scenario expects raised."""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.scorecard import EvidenceStep, Verdict
from custinfo_tui.domain.training.scoring import in_time_order, score
from tests.support.event_streams import T0, good_change_of_address, scenario

PLANTED = {"planted_errors": [{"field": "date_of_birth", "on_file": "1963-12-04"}]}


def test_a_reported_planted_error_that_raises_the_expected_item_is_one_step_of_mp14() -> None:
    stream = good_change_of_address()
    stream.add(AuditAction.DISCREPANCY_REPORTED, fields=("date_of_birth",), report_id=1)
    report = stream.events[-1]

    card = score(
        scenario("MP-14", customer=PLANTED, expected={"raises": ["discrepancy"]}),
        stream.transcript(),
    )

    [mp14] = card.results
    assert mp14.verdict is Verdict.MET
    assert [step.event_id for step in mp14.evidence] == [report.id]
    assert mp14.evidence[0].note == (
        "the wrong date of birth reported; a discrepancy item raised for a supervisor"
    )


def test_an_event_found_twice_is_one_step_against_the_point_if_either_finding_is() -> None:
    towards = EvidenceStep(event_id=7, at=T0, action="caller.verified", note="verified")
    against = towards.model_copy(update={"note": "too early", "against": True})
    other = EvidenceStep(event_id=8, at=T0, action="field.disclosed")

    assert in_time_order([towards, other, against, towards]) == (
        towards.model_copy(update={"note": "verified; too early", "against": True}),
        other,
    )
