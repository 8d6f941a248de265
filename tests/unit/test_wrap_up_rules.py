"""The wrap-up's rules (MP-18): configured lists, a follow-up date where needed, free text
cleaned of card numbers, and every problem named at its field."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.wrap_up import (
    CLOSED_BY_SUPERVISOR,
    DEFAULT_OUTCOMES,
    Outcome,
    WrapUp,
    WrapUpIn,
    WrapUpInvalid,
    check_wrap_up,
)

TODAY = date(2026, 12, 1)
TYPES = CapturePolicy().enquiry_types


def _check(**typed: str) -> WrapUp:
    given = {"enquiry_type": "Billing question", "outcome": "resolved", **typed}
    return check_wrap_up(WrapUpIn.model_validate(given), TYPES, DEFAULT_OUTCOMES, TODAY)


def test_the_default_outcomes_are_the_six_a_contact_centre_uses() -> None:
    assert [o.label for o in CapturePolicy().outcomes] == [
        "Resolved",
        "Follow-up needed",
        "Transferred",
        "Complaint raised",
        "No action",
        "Caller not verified (or locked out)",
    ]
    assert [o.key for o in DEFAULT_OUTCOMES if o.needs_follow_up_date] == ["follow_up"]


def test_a_follow_up_date_is_read_day_first_and_must_be_ahead_within_a_year() -> None:
    assert _check(outcome="follow_up", follow_up_on="12/1/2027").follow_up_on == date(2027, 1, 12)
    for typed, message in (
        ("", "Follow-up needed: give the date it is due."),
        (
            "30/11/2026",
            "Follow-up date: that date has passed; give one from today to a year ahead.",
        ),
        (
            "3/12/2027",
            "Follow-up date: more than a year ahead; give one from today to a year ahead.",
        ),
        (
            "31/02/2027",
            "Follow-up date: that date does not exist: that month has only 28 days that year.",
        ),
        (
            "soon",
            "Follow-up date: enter the date as day, month and year, for example 12/1/2027 "
            "or 12 January 2027.",
        ),
    ):
        with pytest.raises(WrapUpInvalid) as refused:
            _check(outcome="follow_up", follow_up_on=typed)
        assert refused.value.problems == {"follow_up_on": message}


def test_a_date_typed_for_an_outcome_without_follow_up_is_ignored() -> None:
    assert _check(follow_up_on="12/1/2027").follow_up_on is None


def test_empty_notes_and_words_are_kept_as_nothing() -> None:
    checked = _check(notes="   ", customer_words="\t")
    assert checked.notes is None and checked.customer_words is None


WORDS = st.text(st.characters(categories=["L", "Zs"]), max_size=40)


@given(WORDS, WORDS)
def test_no_card_number_survives_in_notes_or_words(before: str, after: str) -> None:
    checked = _check(
        notes=f"{before} 4111 1111 1111 1111 {after}",
        customer_words=f"{before} 4111-1111-1111-1111.{after}",
    )
    for text in (checked.notes, checked.customer_words):
        assert text is not None and "[card number removed]" in text
        assert "4111" not in text


def test_outcomes_must_have_distinct_plain_keys() -> None:
    with pytest.raises(ValidationError):
        Outcome(key="follow up!", label="Follow up")
    twice = (Outcome(key="done", label="Done"), Outcome(key="done", label="Finished"))
    with pytest.raises(ValidationError, match="same key"):
        CapturePolicy(outcomes=twice)
    with pytest.raises(ValidationError, match="at least one wrap-up outcome"):
        CapturePolicy(outcomes=())


def test_the_supervisors_outcome_is_never_offered_nor_configurable() -> None:
    """`closed_by_supervisor` always means a supervisor closed the call: no handler picks
    it at wrap-up, and a policy file that names it is refused at start-up."""
    assert CLOSED_BY_SUPERVISOR not in [o.key for o in CapturePolicy().outcomes]
    with pytest.raises(WrapUpInvalid, match="Choose the outcome from the list"):
        _check(outcome=CLOSED_BY_SUPERVISOR)
    own = (Outcome(key="resolved", label="Resolved"), Outcome(key=CLOSED_BY_SUPERVISOR, label="X"))
    with pytest.raises(ValidationError, match="closed_by_supervisor is the console's own"):
        CapturePolicy(outcomes=own)
