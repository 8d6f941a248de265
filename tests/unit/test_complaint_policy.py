"""Complaint stages only move forward, and each answer owed has a due date and days left."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from custinfo_tui.domain.complaints import (
    ComplaintPolicy,
    describe_due,
    due_dates,
    is_overdue,
    next_due,
)

POLICY = ComplaintPolicy()
RECEIVED = datetime(2026, 11, 2, 16, 30, tzinfo=UTC)


def test_by_default_a_complaint_is_acknowledged_within_3_days_and_answered_within_8_weeks() -> None:
    dues = due_dates(POLICY, RECEIVED)
    assert dues.acknowledge_by == date(2026, 11, 5)
    assert dues.final_response_by == date(2026, 12, 28)


@pytest.mark.parametrize(
    ("stage", "today", "said"),
    [
        ("received", date(2026, 11, 2), "acknowledgement due in 3 days"),
        ("received", date(2026, 11, 4), "acknowledgement due tomorrow"),
        ("received", date(2026, 11, 5), "acknowledgement due today"),
        ("received", date(2026, 11, 6), "acknowledgement overdue by 1 day"),
        ("acknowledged", date(2026, 11, 6), "final response due in 52 days"),
        ("investigating", date(2026, 12, 30), "final response overdue by 2 days"),
        ("resolved", date(2027, 6, 1), "answered"),
        ("closed", date(2027, 6, 1), "answered"),
    ],
)
def test_the_next_deadline_is_said_in_days_left(stage: str, today: date, said: str) -> None:
    dues = due_dates(POLICY, RECEIVED)
    assert describe_due(POLICY, stage, dues, today) == said
    assert is_overdue(POLICY, stage, dues, today) == ("overdue" in said)


def test_a_complaint_moves_only_forward() -> None:
    assert POLICY.first_stage == "received"
    assert POLICY.next_stages("received") == (
        "acknowledged",
        "investigating",
        "resolved",
        "closed",
    )
    assert POLICY.next_stages("resolved") == ("closed",)
    assert POLICY.next_stages("closed") == ()


@pytest.mark.parametrize(
    "broken",
    [
        {"stages": ("only",)},
        {"stages": ("a", "b", "a")},
        {"acknowledged_stage": "nowhere"},
        {"acknowledged_stage": "resolved", "final_response_stage": "acknowledged"},
        {"acknowledge_within_days": 60, "final_response_within_days": 56},
        {"categories": ()},
    ],
)
def test_a_policy_that_could_not_work_is_refused(broken: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ComplaintPolicy.model_validate(broken)


@given(
    stage=st.sampled_from(POLICY.stages),
    received=st.datetimes(timezones=st.just(UTC)),
    offset=st.integers(-400, 400),
)
def test_a_later_stage_never_owes_an_earlier_answer(
    stage: str, received: datetime, offset: int
) -> None:
    try:
        dues = due_dates(POLICY, received)
        today = received.date() + timedelta(days=offset)
    except OverflowError:
        return
    owed = next_due(POLICY, stage, dues)
    for later in POLICY.next_stages(stage):
        later_owed = next_due(POLICY, later, dues)
        assert later_owed is None or (owed is not None and later_owed[1] >= owed[1])
        assert not is_overdue(POLICY, later, dues, today) or is_overdue(POLICY, stage, dues, today)
