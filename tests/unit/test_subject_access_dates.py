"""When a subject access request is due (UK GDPR Art. 12(3)): one calendar month after
receipt, the month's last day when it has no such day; extended by one or two months."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.subject_access import (
    add_months,
    days_left,
    describe_days_left,
    due_date,
)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 1, 15), date(2026, 2, 15)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 31), date(2027, 1, 31)),
    ],
)
def test_a_request_is_due_the_same_day_next_month_or_its_last_day(
    received: date, due: date
) -> None:
    assert due_date(received) == due


def test_an_extension_adds_one_or_two_months_counted_from_receipt() -> None:
    assert due_date(date(2026, 1, 31), 1) == date(2026, 3, 31)
    assert due_date(date(2026, 11, 30), 2) == date(2027, 2, 28)
    assert due_date(date(2026, 12, 31), 2) == date(2027, 3, 31)
    with pytest.raises(ValueError):
        due_date(date(2026, 1, 1), 3)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 3))
def test_the_due_date_is_in_the_right_month_and_never_past_the_day(day: date, months: int) -> None:
    due = add_months(day, months)
    assert (due.year * 12 + due.month) - (day.year * 12 + day.month) == months
    assert due.day <= day.day
    assert due.day == day.day or (due + timedelta(days=1)).month != due.month


def test_days_left_are_negative_once_overdue() -> None:
    due = date(2026, 2, 28)
    assert days_left(due, date(2026, 2, 20)) == 8
    assert describe_days_left(days_left(due, date(2026, 2, 28))) == "due today"
    assert describe_days_left(days_left(due, date(2026, 3, 2))) == "2 days overdue"
    assert describe_days_left(1) == "1 day left"
