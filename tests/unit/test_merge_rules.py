"""The rules of merging two records (MP-13): when a merge is refused, and which fields the
kept record takes from the other."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.merging import MergeRow, MergeSide, fields_from_other, merge_refusal

ACTIVE, MERGED = CustomerStatus.ACTIVE, CustomerStatus.MERGED


def test_two_active_records_out_of_any_call_may_be_merged() -> None:
    assert merge_refusal(1, 2, ACTIVE, ACTIVE, open_calls=0) is None


@pytest.mark.parametrize(
    ("survivor", "other", "statuses", "calls", "says"),
    [
        (1, 1, (ACTIVE, ACTIVE), 0, "into itself"),
        (1, 2, (MERGED, ACTIVE), 0, "already been merged"),
        (1, 2, (ACTIVE, MERGED), 0, "already been merged"),
        (1, 2, (ACTIVE, "erased"), 0, "erased record"),
        (1, 2, (ACTIVE, ACTIVE), 1, "in a call"),
    ],
)
def test_a_merge_is_refused_with_the_reason_in_words(
    survivor: int, other: int, statuses: tuple[str, str], calls: int, says: str
) -> None:
    refusal = merge_refusal(survivor, other, *statuses, open_calls=calls)
    assert refusal is not None and says in refusal


def test_only_fields_chosen_from_the_right_that_differ_are_taken() -> None:
    rows = (
        MergeRow(key="given_name", label="Given name", survivor="John", other="Jonathan"),
        MergeRow(key="phone", label="Phone", survivor="07700 900123", other="07700 900555"),
        MergeRow(key="town", label="Town", survivor="London", other="London"),
        MergeRow(key="email", label="E-mail", survivor=None, other="j@example.com"),
    )
    choices = {
        "given_name": MergeSide.SURVIVOR,
        "phone": MergeSide.OTHER,
        "town": MergeSide.OTHER,
        "email": MergeSide.OTHER,
    }
    assert fields_from_other(rows, choices) == ("phone", "email")
    assert fields_from_other(rows, {}) == ()
