"""The breach rules (MP-20): typed times, the clock's words, what the DPO's decisions need,
and who may do what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custinfo_tui.domain.breach_assessment import HIGH_RISK_NEEDS_EXCEPTION, ICO_MUST_BE_TOLD
from custinfo_tui.domain.breach_clocks import ClocksRunning, running_clock
from custinfo_tui.domain.breach_exceptions import (
    EXCEPTION_DETAIL,
    Art34Exception,
    split_exception,
)
from custinfo_tui.domain.breaches import (
    CATEGORY_LABELS,
    AssessmentIn,
    BreachInvalid,
    BreachRisk,
    Told,
    describe_clock,
)
from custinfo_tui.domain.breaches_as_typed import (
    assessment_as_typed,
    breach_as_typed,
    parse_date_time,
)
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.services.capabilities import breach_capabilities

NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
DISCOVERED = NOW - timedelta(hours=80)


def test_a_date_and_time_is_typed_day_first_in_utc() -> None:
    assert parse_date_time(" 20/11/2026  9.05 ") == datetime(2026, 11, 20, 9, 5, tzinfo=UTC)
    for wrong in ("20/11/2026", "20/11/2026 24:00", "31/02/2026 10:00", "yesterday"):
        with pytest.raises(FieldError):
            parse_date_time(wrong)


def test_the_clock_counts_down_then_says_how_late_then_stops() -> None:
    deadline = NOW + timedelta(hours=41, minutes=5, seconds=59)
    assert describe_clock(deadline, NOW, ico_decided=False, closed=False) == (
        "41 h 05 min left",
        False,
    )
    late = NOW - timedelta(hours=3, minutes=10)
    assert describe_clock(late, NOW, ico_decided=False, closed=False) == (
        "overdue by 3 h 10 min",
        True,
    )
    assert describe_clock(late, NOW, ico_decided=True, closed=False)[1] is False
    assert describe_clock(late, NOW, ico_decided=True, closed=True) == ("closed", False)


def test_the_login_names_each_breach_on_the_clock_soonest_first() -> None:
    assert ClocksRunning().notice() == ""
    fresh = running_clock(7, NOW + timedelta(hours=71, minutes=59), NOW)
    assert ClocksRunning(clocks=(fresh,)).notice() == (
        "Breach 7 is not assessed yet (no ICO decision): 71 h 59 min left of its 72 hours. "
        "The DPO desk (F7) has it under Breaches."
    )
    late = running_clock(3, NOW - timedelta(hours=2), NOW)
    said = ClocksRunning(clocks=(late,)).notice()
    assert said.startswith(
        "Breach 3 is not assessed yet (no ICO decision): overdue by 2 h 00 min (its 72 hours "
        "have run out)."
    )
    others = tuple(running_clock(10 + n, NOW + timedelta(hours=10 + n), NOW) for n in range(4))
    said = ClocksRunning(clocks=(fresh, *others, late)).notice()
    assert said == (
        "6 breaches are not assessed yet (no ICO decision), soonest first: breach 3: overdue "
        "by 2 h 00 min; breach 10: 10 h 00 min left; breach 11: 11 h 00 min left; breach 12: "
        "12 h 00 min left; and 2 more. The DPO desk (F7) has them under Breaches."
    )


def test_every_problem_on_the_report_is_named_at_once_and_card_numbers_go() -> None:
    with pytest.raises(BreachInvalid) as invalid:
        breach_as_typed("", "tomorrow", [], "a few", "1234", NOW)
    assert set(invalid.value.problems) == {
        "what_happened",
        "discovered_at",
        "categories",
        "people_affected",
        "customer_references",
    }
    checked = breach_as_typed(
        "Card 4111 1111 1111 1111 read out",
        "20/11/2026 08:00",
        [DataCategory.PERSONAL],
        "1,200",
        "",
        NOW,
    )
    assert checked.what_happened == "Card [card number removed] read out"
    assert checked.people_affected == 1200


def test_fewer_people_than_customers_named_is_a_slip_said_at_the_count() -> None:
    """Found trying the breach form: one person affected, two customers named, accepted."""
    with pytest.raises(BreachInvalid) as invalid:
        breach_as_typed(
            "Letters swapped", "20/11/2026 08:00", [DataCategory.PERSONAL], "1",
            "1001 2345 P, 2280 4160 M", NOW,
        )  # fmt: skip
    assert invalid.value.problems == {
        "people_affected": "At least 2: the report names 2 customers."
    }


def test_nobody_affected_with_one_customer_named_is_said_in_the_singular() -> None:
    """Found by the DPO: "At least 1: the report names 1 customers."."""
    with pytest.raises(BreachInvalid) as invalid:
        breach_as_typed(
            "Letter misposted", "20/11/2026 08:00", [DataCategory.PERSONAL], "0", "1001 2345 P", NOW
        )
    assert invalid.value.problems == {"people_affected": "At least 1: the report names 1 customer."}


def test_a_misread_reference_still_counts_as_a_customer_named_and_each_is_said() -> None:
    """Found by the DPO: two references typed, the second's check letter wrong, and the
    count refused with "the report names 1 customer"; a third misread was never said."""
    with pytest.raises(BreachInvalid) as invalid:
        breach_as_typed(
            "Letters swapped", "20/11/2026 08:00", [DataCategory.PERSONAL], "0",
            "1001 2345 P, 1001 2345 X, 1001 2345 P, 99", NOW,
        )  # fmt: skip
    problems = invalid.value.problems
    assert problems["people_affected"] == "At least 3: the report names 3 customers."
    said = problems["customer_references"]
    assert said.startswith("Reference 2: That reference's check letter does not match")
    assert " Reference 4: " in said and "Reference 3" not in said  # the same one twice


def test_telling_the_ico_after_72_hours_needs_the_reasons_for_the_delay() -> None:
    def assess(reason: str) -> object:
        return assessment_as_typed(
            BreachRisk.RISK, Told.TOLD, "20/11/2026 10:00", reason, None, "", "", DISCOVERED, NOW
        )

    with pytest.raises(BreachInvalid) as invalid:
        assess("")
    assert invalid.value.problems == {
        "ico_reason": "Told after 72 hours: give the reasons for the delay."
    }
    assert assess("Found out the extent only on Friday")


def test_a_time_in_the_future_is_the_one_problem_not_a_late_notice_too() -> None:
    with pytest.raises(BreachInvalid) as invalid:
        assessment_as_typed(
            BreachRisk.RISK, Told.TOLD, "21/11/2026 10:00", "", None, "", "", DISCOVERED, NOW
        )
    assert invalid.value.problems == {"ico_told_at": "That time is in the future."}


def test_not_telling_needs_a_reason_and_telling_needs_a_time_after_discovery() -> None:
    with pytest.raises(BreachInvalid) as invalid:
        assessment_as_typed(
            None, Told.NOT_TOLD, "", "", Told.TOLD, "01/11/2026 09:00", "", DISCOVERED, NOW
        )
    assert set(invalid.value.problems) == {"risk", "ico_reason", "individuals_told_at"}
    undecided = assessment_as_typed(
        BreachRisk.HIGH_RISK, None, "garbage", "kept?", None, "", "", DISCOVERED, NOW
    )
    assert (undecided.ico, undecided.ico_told_at, undecided.ico_reason) == (None, None, "")


def test_only_a_breach_unlikely_to_result_in_a_risk_may_go_unreported_to_the_ico() -> None:
    """Art. 33(1): a risk, or a high risk, is reported to the ICO; no reason excuses it."""

    def assess(risk: BreachRisk, reason: str) -> object:
        return assessment_as_typed(risk, Told.NOT_TOLD, "", reason, None, "", "", DISCOVERED, NOW)

    for risk in (BreachRisk.RISK, BreachRisk.HIGH_RISK):
        for reason in ("Laptop fully encrypted; unlikely risk", ""):
            with pytest.raises(BreachInvalid) as invalid:
                assess(risk, reason)
            assert invalid.value.problems == {"ico": ICO_MUST_BE_TOLD}
    assert assess(BreachRisk.UNLIKELY, "Returned unopened")


def test_a_high_risk_not_told_to_the_individuals_needs_the_art_34_3_exception() -> None:
    """Found by the DPO: any reason was taken ("we did not want to worry them"). Art. 34(3)
    allows three exceptions only: one is chosen, and the reason says how it applies."""

    def assess(
        risk: BreachRisk, reason: str, exception: Art34Exception | None = None
    ) -> AssessmentIn:
        return assessment_as_typed(
            risk, None, "", "", Told.NOT_TOLD, "", reason, DISCOVERED, NOW,
            individuals_exception=exception,
        )  # fmt: skip

    with pytest.raises(BreachInvalid) as invalid:
        assess(BreachRisk.HIGH_RISK, "We did not want to worry them")
    assert invalid.value.problems == {"individuals_exception": HIGH_RISK_NEEDS_EXCEPTION}
    with pytest.raises(BreachInvalid) as invalid:
        assess(BreachRisk.HIGH_RISK, "", Art34Exception.ENCRYPTED)
    assert invalid.value.problems == {"individuals_reason": EXCEPTION_DETAIL}
    kept = assess(
        BreachRisk.HIGH_RISK, "Notice on our website, 5 Dec", Art34Exception.PUBLIC_NOTICE
    )
    assert kept.individuals_reason == (
        "Art. 34(3)(c): telling each person would involve disproportionate effort; a public "
        "communication informed them instead. Notice on our website, 5 Dec"
    )
    # Read back as the form opens: the exception chosen, the detail in its box; saved
    # again, the words are not doubled.
    assert split_exception(kept.individuals_reason) == (
        Art34Exception.PUBLIC_NOTICE,
        "Notice on our website, 5 Dec",
    )
    again = assess(BreachRisk.HIGH_RISK, kept.individuals_reason, Art34Exception.PUBLIC_NOTICE)
    assert again.individuals_reason == kept.individuals_reason
    # A reason recorded before the choice was offered is read back as typed.
    assert split_exception("Encrypted: Art. 34(3)(a)") == (None, "Encrypted: Art. 34(3)(a)")
    # A lesser risk needs no exception, and keeps none.
    lesser = assess(BreachRisk.RISK, "Not a high risk", Art34Exception.ENCRYPTED)
    assert (lesser.individuals_reason, lesser.individuals_exception) == ("Not a high risk", None)
    with pytest.raises(BreachInvalid) as invalid:
        assess(BreachRisk.RISK, "")
    assert invalid.value.problems == {"individuals_reason": "Say why they were not told."}


def test_everyone_reports_only_the_dpo_handles_and_supervisors_hear_of_overdue_clocks() -> None:
    seen = {
        role: breach_capabilities(
            Actor(operator_id=1, username="x", display_name="X", role=role, console_session="s")
        )
        for role in Role
    }
    assert all(capabilities.report for capabilities in seen.values())
    assert [role for role, c in seen.items() if c.handle] == [Role.DPO]
    assert {role for role, c in seen.items() if c.see_overdue} == {Role.DPO, Role.SUPERVISOR}


def test_how_late_the_ico_was_told_is_said_in_hours_and_minutes() -> None:
    from custinfo_tui.domain.breaches import describe_lateness

    assert describe_lateness(timedelta(hours=16)) == "16 h late"
    assert describe_lateness(timedelta(hours=16, minutes=5)) == "16 h 05 min late"
    assert describe_lateness(timedelta(minutes=30)) == "30 min late"
    assert describe_lateness(timedelta(seconds=20)) == "1 min late"


def test_the_forms_transactional_data_is_what_the_registry_and_the_pack_call_it() -> None:
    """Found by the DPO: the form said "orders, payments", the pack "your reference and
    what you did with us"; the registry files only the reference under it."""
    label = CATEGORY_LABELS[DataCategory.TRANSACTIONAL]
    filed = [spec.key for spec in FIELDS.values() if spec.category is DataCategory.TRANSACTIONAL]
    assert filed == ["reference"]
    assert label == "Transactional (reference, what they did with us)"
    assert "orders" not in label and "payments" not in label
