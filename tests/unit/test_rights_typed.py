"""The right a DPO types in the log-request form's last box: a name or its start, and when
it names none or several, what to type instead."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.data_protection.rights import DataRight, right_problem, right_typed


@pytest.mark.parametrize(
    ("typed", "right"),
    [("access", DataRight.ACCESS), ("ERAS", DataRight.ERASURE), (" rest ", DataRight.RESTRICTION)],
)
def test_a_name_or_the_start_of_one_names_that_right(typed: str, right: DataRight) -> None:
    assert right_typed(typed) is right
    assert right_problem(typed) is None


def test_a_start_two_rights_share_names_both() -> None:
    """Found by an explorer: "re" was refused as if it named no right at all."""
    assert right_typed("re") is None
    assert right_problem(" re") == (
        '"re" could be rectification or restriction: type more of the one meant.'
    )


def test_a_name_no_right_has_lists_every_right() -> None:
    assert right_problem("fish") == (
        "Type the right the request exercises: one of access, erasure, rectification, "
        "restriction, objection, portability."
    )
