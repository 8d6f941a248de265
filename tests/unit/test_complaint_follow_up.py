"""The follow-up date of the stage dialog (domain.complaint_follow_up): read by the raise
form's rules and messages; kept when left as it is, cleared when emptied; and said on the
timeline as what happened to it."""

from __future__ import annotations

from datetime import date

import pytest

from custinfo_tui.domain.complaint_follow_up import (
    KEEP_FOLLOW_UP,
    FollowUpChange,
    follow_up_change,
    follow_up_from_box,
    stage_changed_words,
)
from custinfo_tui.domain.complaints import ComplaintInvalid, ComplaintPolicy, complaint_as_typed
from custinfo_tui.domain.validation import FieldError

TODAY = date(2026, 12, 1)
AGREED = date(2026, 12, 4)


def _raise_form_says(typed: str) -> str:
    texts = {"customer_said": "Kept waiting", "apology": "The wait", "solution": "Call back"}
    with pytest.raises(ComplaintInvalid) as refused:
        complaint_as_typed("Service", texts, typed, ComplaintPolicy(), TODAY)
    return refused.value.problems["follow_up_on"]


def test_the_box_left_as_it_is_keeps_the_date_however_it_is_written() -> None:
    assert follow_up_from_box("04/12/2026", AGREED, TODAY) is KEEP_FOLLOW_UP
    assert follow_up_from_box("4 December 2026", AGREED, TODAY) is KEEP_FOLLOW_UP
    assert follow_up_from_box("", None, TODAY) is KEEP_FOLLOW_UP
    # A day agreed that has gone by is kept too: it is not a new date in the past.
    assert follow_up_from_box("04/12/2026", AGREED, date(2026, 12, 9)) is KEEP_FOLLOW_UP


def test_the_box_emptied_clears_the_date_and_a_new_one_replaces_it() -> None:
    assert follow_up_from_box("  ", AGREED, TODAY) is None
    assert follow_up_from_box("11/12/2026", AGREED, TODAY) == date(2026, 12, 11)
    assert follow_up_from_box("01/12/2026", None, TODAY) == TODAY


@pytest.mark.parametrize("typed", ["31/02/2027", "12/2027", "30/11/2026"])
def test_a_date_refused_is_refused_as_the_raise_form_refuses_it(typed: str) -> None:
    with pytest.raises(FieldError) as refused:
        follow_up_from_box(typed, AGREED, TODAY)
    assert str(refused.value) == _raise_form_says(typed)
    assert typed not in str(refused.value)


def test_what_a_move_did_to_the_date() -> None:
    assert follow_up_change(None, AGREED, TODAY) is FollowUpChange.SET
    assert follow_up_change(AGREED, TODAY, TODAY) is FollowUpChange.CHANGED
    assert follow_up_change(AGREED, None, TODAY) is FollowUpChange.CLEARED
    assert follow_up_change(AGREED, KEEP_FOLLOW_UP, TODAY) is FollowUpChange.KEPT
    assert follow_up_change(None, None, TODAY) is FollowUpChange.KEPT


def test_the_timeline_says_what_happened_to_the_date_never_the_date() -> None:
    moved = {"to_stage": "acknowledged", "category": "Service"}
    assert stage_changed_words(moved) == "Complaint acknowledged: Service"
    assert stage_changed_words({**moved, "follow_up_date": "kept"}) == (
        "Complaint acknowledged: Service"
    )
    assert stage_changed_words({**moved, "follow_up_date": "changed"}) == (
        "Complaint acknowledged: Service; follow-up date changed"
    )
