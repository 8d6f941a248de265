"""The breach rules the DPO found missing (MP-20): a high risk with the people untold is
said until decided (Art. 34), the assessment keeps the facts of Art. 33(3) and the ICO's
reference, the record gives it all (Art. 33(5)), and the individuals' reason asks for an Art.
34(3) exception only at a high risk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custinfo_tui.domain.breach_assessment import individuals_reason_hint
from custinfo_tui.domain.breach_clocks import IndividualsToTell, to_tell
from custinfo_tui.domain.breach_record import BreachRecord, assessment_step
from custinfo_tui.domain.breaches import (
    INDIVIDUALS_DUE,
    TELL_THE_INDIVIDUALS,
    BreachInvalid,
    BreachRisk,
    BreachView,
    Told,
    describe_clock,
)
from custinfo_tui.domain.breaches_as_typed import assessment_as_typed
from custinfo_tui.domain.categories import DataCategory

NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
DISCOVERED = NOW - timedelta(hours=30)


def _view(**changes: object) -> BreachView:
    """A high-risk laptop breach told to the ICO, the people not decided."""
    view = BreachView(
        id=4,
        reported_at=DISCOVERED + timedelta(hours=1),
        reported_by="agent",
        discovered_at=DISCOVERED,
        deadline=DISCOVERED + timedelta(hours=72),
        what_happened="Laptop with a customer export left on a train",
        categories=(DataCategory.PERSONAL, DataCategory.SPECIAL_CATEGORY),
        people_affected=200,
        customer_references=(),
        risk=BreachRisk.HIGH_RISK,
        records_affected=1200,
        likely_consequences="Support needs could be read by whoever has it",
        measures="Remote wipe sent; passwords changed",
        ico=Told.TOLD,
        ico_told_at=DISCOVERED + timedelta(hours=20),
        ico_reference="IC-123456-A1B2",
        ico_reason="",
        individuals=None,
        individuals_told_at=None,
        individuals_reason="",
        assessed_by="dpo",
        assessed_at=DISCOVERED + timedelta(hours=20),
        closed_at=None,
        summary=None,
        clock=TELL_THE_INDIVIDUALS,
        overdue=False,
    )
    return view.model_copy(update=changes)


def test_a_high_risk_told_to_the_ico_with_the_people_undecided_is_still_said() -> None:
    """Found by the DPO: the clock read "stopped: ICO decision..." and nothing more."""
    deadline = NOW + timedelta(hours=42)
    assert describe_clock(deadline, NOW, ico_decided=True, closed=False, individuals_due=True) == (
        "tell the individuals (Art. 34)",
        False,
    )
    # While the ICO clock runs, it is the clock that shows; the detail says the rest.
    running = describe_clock(deadline, NOW, ico_decided=False, closed=False, individuals_due=True)
    assert running == ("42 h 00 min left", False)
    view = _view()
    assert view.individuals_due
    assert view.told_line("Individuals") == f"Individuals: not decided. {INDIVIDUALS_DUE}"
    for decided in (
        _view(individuals=Told.NOT_TOLD, individuals_reason="Encrypted: Art. 34(3)(a)"),
        _view(risk=BreachRisk.RISK),
        _view(closed_at=NOW, summary="Done"),
    ):
        assert not decided.individuals_due


def test_the_dpo_is_told_at_login_of_each_high_risk_with_the_people_untold() -> None:
    assert IndividualsToTell().notice() == ""
    one = to_tell(4, DISCOVERED, NOW)
    assert IndividualsToTell(breaches=(one,)).notice() == (
        "Breach 4 is a high risk and the people affected are not told yet (discovered "
        "30 h 00 min ago). Tell them without undue delay (Art. 34), or record the Art. 34(3) "
        "exception that applies. The DPO desk (F7) has it under Breaches."
    )
    older = to_tell(2, NOW - timedelta(hours=100), NOW)
    more = tuple(to_tell(10 + n, NOW - timedelta(hours=n), NOW) for n in range(4))
    said = IndividualsToTell(breaches=(one, *more, older)).notice()
    assert said.startswith(
        "6 high-risk breaches have the people affected not told yet, longest first: breach 2: "
        "discovered 100 h 00 min ago; breach 4: discovered 30 h 00 min ago; breach 13: "
    )
    assert "; and 2 more. Tell them without undue delay (Art. 34)" in said


def test_the_individuals_reason_asks_for_an_art_34_3_exception_only_at_a_high_risk() -> None:
    """Found by the DPO: a breach assessed as only "a risk" still asked for one."""
    assert "exception" in individuals_reason_hint(BreachRisk.HIGH_RISK)
    for lesser in (BreachRisk.RISK, BreachRisk.UNLIKELY, None):
        assert "34(3)" not in individuals_reason_hint(lesser).replace("no exception", "")
    not_told = assessment_as_typed(
        BreachRisk.RISK, Told.TOLD, "20/11/2026 09:00", "", Told.NOT_TOLD, "", "Not a high risk",
        DISCOVERED, NOW,
    )  # fmt: skip
    assert not_told.individuals_reason == "Not a high risk"


def test_the_assessment_keeps_the_facts_of_art_33_3_and_the_icos_reference() -> None:
    checked = assessment_as_typed(
        BreachRisk.HIGH_RISK, Told.TOLD, "20/11/2026 09:00", "", None, "", "", DISCOVERED, NOW,
        records=" 1,200 ", consequences="  Support needs  read ", measures="Remote wipe",
        ico_reference=" IC-123456-A1B2 ",
    )  # fmt: skip
    assert checked.records_affected == 1200
    assert checked.likely_consequences == "Support needs read"
    assert checked.measures == "Remote wipe"
    assert checked.ico_reference == "IC-123456-A1B2"
    # The reference belongs to a report to the ICO: none is kept without one.
    unreported = assessment_as_typed(
        BreachRisk.UNLIKELY, Told.NOT_TOLD, "", "Returned unopened", None, "", "", DISCOVERED,
        NOW, ico_reference="IC-1",
    )  # fmt: skip
    assert unreported.ico_reference == ""
    with pytest.raises(BreachInvalid) as invalid:
        assessment_as_typed(
            BreachRisk.RISK, Told.TOLD, "20/11/2026 09:00", "", None, "", "", DISCOVERED, NOW,
            records="a lot", consequences="x" * 2001, ico_reference="IC-" + "9" * 40,
        )  # fmt: skip
    assert invalid.value.problems == {
        "records_affected": "Give roughly how many records, as a number.",
        "likely_consequences": "The likely consequences: at most 2000 characters.",
        "ico_reference": "The ICO's reference: at most 40 characters.",
    }


def test_a_breach_closes_only_with_its_consequences_and_measures_recorded() -> None:
    decided = _view(individuals=Told.NOT_TOLD, individuals_reason="Encrypted: Art. 34(3)(a)")
    assert decided.missing_to_close() is None
    for missing in ({"likely_consequences": ""}, {"measures": ""}):
        said = decided.model_copy(update=missing).missing_to_close()
        assert said is not None and "likely consequences and the measures" in said


def test_the_record_gives_the_facts_each_decision_and_who_assessed_it_when() -> None:
    steps = (
        assessment_step(DISCOVERED + timedelta(hours=2), "dpo", {"risk": "high_risk"}),
        assessment_step(
            DISCOVERED + timedelta(hours=20),
            "dpo2",
            {"risk": "high_risk", "ico": "told", "ico_told_late": False, "individuals": None},
        ),
    )
    text = BreachRecord(breach=_view(), assessments=steps).as_text()
    lines = text.splitlines()
    assert lines[0] == "Breach 4: open, tell the individuals (Art. 34)"
    for line in (
        "  Discovered            19/11/2026 04:30",
        "  Reported              19/11/2026 05:30 by agent, 1 h after discovery",
        "  Assessed              20/11/2026 00:30 by dpo (last saved; each saving below)",
        "  Nature                Laptop with a customer export left on a train",
        "  People, roughly       200",
        "  Records, roughly      1,200",
        "  Likely consequences   Support needs could be read by whoever has it",
        "  Measures              Remote wipe sent; passwords changed",
        "  Risk                  A high risk to individuals",
        "  The ICO               told 20/11/2026 00:30, within the 72 hours",
        "  ICO's reference       IC-123456-A1B2",
        f"  Individuals           not decided. {INDIVIDUALS_DUE}",
        "  19/11/2026 06:30      by dpo: risk: a high risk to individuals; the ICO: not "
        "decided; individuals: not decided",
        "  20/11/2026 00:30      by dpo2: risk: a high risk to individuals; the ICO: told; "
        "individuals: not decided",
        "  Summary               not closed yet",
    ):
        assert line in lines, line
