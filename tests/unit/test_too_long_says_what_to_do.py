"""A reason or note refused for its length says how long it is and what to do: "The reason
can hold at most 300 characters." alone left a handler to count (found touring what
happens after a call)."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.discrepancies import (
    MAX_DISCREPANCY_REASON,
    DiscrepancyIn,
    check_discrepancy,
    check_rejection,
)
from custinfo_tui.domain.validation import FieldError


def test_a_discrepancy_reason_too_long_says_its_length_and_to_shorten_it() -> None:
    report = DiscrepancyIn(
        field="town", claimed_value="Leeds", why="x" * (MAX_DISCREPANCY_REASON + 23)
    )
    with pytest.raises(FieldError) as refused:
        check_discrepancy(report)
    assert str(refused.value) == (
        "The reason can hold at most 300 characters; this is 323. Shorten it."
    )


def test_a_rejection_reason_too_long_says_so_the_same_way() -> None:
    with pytest.raises(FieldError) as refused:
        check_rejection("y" * 1_200)
    assert str(refused.value).endswith("; this is 1,200. Shorten it.")
