"""The caller's record opened or changed as back-office work ("No customer in touch")
while the caller is on the line: a way round verification, which the scorer counts against
(a tester playing trainer found MP-08 saying nothing counted towards it, MP-03 taking the
check against the source for a read-back, and the timeline saying only "Record opened")."""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.scorecard import MarkResult, Scorecard, Verdict
from custinfo_tui.domain.training.scoring import score
from custinfo_tui.domain.training.timeline import run_timeline
from tests.support.event_streams import JOHN_ON_FILE, Stream, scenario

MET, NOT_MET, NOT_APPLICABLE = Verdict.MET, Verdict.NOT_MET, Verdict.NOT_APPLICABLE
WHITBY = {**JOHN_ON_FILE, "phone": "+447700900456", "town": "Whitby", "postcode": "YO22 4DE"}


def _results(card: Scorecard) -> dict[str, MarkResult]:
    return {result.marking_point: result for result in card.results}


def _back_office(stream: Stream | None = None) -> Stream:
    """The tester's run: "No customer in touch", "Customer wrote in", the new address typed,
    each line checked (not read to anyone) and saved: no call, no verification."""
    stream = stream or Stream()
    stream.add(
        AuditAction.CUSTOMER_VIEWED,
        call=None,
        fields=("given_name", "phone", "postcode"),
        reason="Customer wrote in (letter or e-mail): rang about his move",
    )
    stream.add(AuditAction.READ_BACK_CONFIRMED, call=None, fields=("postcode", "town"))
    return stream.add(
        AuditAction.CUSTOMER_UPDATED,
        call=None,
        fields=("town", "postcode"),
        reason="Customer moved",
        reasons={"town": "Customer moved", "postcode": "Customer moved"},
        cleared=[],
    )


def test_back_office_work_on_the_callers_record_mid_call_breaks_verification() -> None:
    card = score(scenario("MP-08", "MP-03", "MP-09"), _back_office().transcript(values=WHITBY))

    mp08, mp03, mp09 = (_results(card)[p] for p in ("MP-08", "MP-03", "MP-09"))
    assert mp08.verdict is NOT_MET
    assert "No step of this run shows this point" not in mp08.note
    assert [e.action for e in mp08.evidence[-2:]] == ["customer.viewed", "customer.updated"]
    assert "every detail shown unmasked, with no verification" in mp08.evidence[-2].note
    assert "opened the caller's record in the call" in mp08.should_have
    assert mp03.verdict is NOT_MET
    assert "not read back to the caller" in mp03.evidence[0].note
    assert "read Town, Postcode back to the caller in the call" in mp03.should_have
    assert mp09.verdict is NOT_MET


def test_back_office_work_counts_against_a_scenario_with_no_level_to_reach() -> None:
    """With nothing to verify to (a spouse with no authority), MP-08 said nothing the
    trainee did counted towards it."""
    spouse = {"is": "no_authority", "name": "Linda Price"}

    card = score(
        scenario("MP-08", "MP-17", caller=spouse, expected={"verification_level": "none"}),
        _back_office().transcript(values=WHITBY),
    )

    assert [r.verdict for r in card.results] == [NOT_MET, NOT_MET]
    assert "back-office work" in _results(card)["MP-17"].should_have


def test_back_office_work_is_the_way_to_answer_a_letter() -> None:
    card = score(
        scenario(
            "MP-08", "MP-03", "MP-09", expected={"verification_level": None}, channel="letter"
        ),
        _back_office().transcript(values=WHITBY),
    )

    assert [r.verdict for r in card.results] == [NOT_APPLICABLE, MET, MET]


def test_the_timeline_gives_the_reason_and_says_the_lines_were_not_read_to_a_caller() -> None:
    stream = _back_office()
    card = score(scenario("MP-08"), stream.transcript(values=WHITBY))

    opened, checked, changed = run_timeline(stream.events, card)

    assert opened.words == (
        "Record opened as back-office work (no call): Customer wrote in (letter or e-mail)"
    )
    assert "rang about" not in opened.words  # typed detail stays out
    assert [(m.marking_point, m.towards) for m in opened.marks] == [("MP-08", False)]
    assert checked.words == (
        "Checked against the source as back-office work (not read to a caller): Postcode, Town"
    )
    assert changed.words == "Changed as back-office work (no call): Town, Postcode"
