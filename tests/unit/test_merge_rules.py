"""The rules of merging two records (MP-13): when a merge is refused, and which fields the
kept record takes from the other."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.merging import (
    AddressStay,
    FraudHold,
    MergeRow,
    MergeSide,
    MergeWarning,
    comparing_problem,
    fields_from_other,
    looks_like_two_people,
    merge_refusal,
    merge_warnings,
    moved_out_at,
    one_stay,
)

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


ACACIA = ("12 Acacia Road", None, "London", "SE1 2QT", "GB")
MILL_LANE = ("3 Mill Lane", None, "Bristol", "BS1 4DJ", "GB")


def _day(year: int, month: int = 1, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def _stay(lines: tuple[str | None, ...], since: int, until: int | None) -> AddressStay:
    return AddressStay(lines=lines, since=_day(since), until=None if until is None else _day(until))


@pytest.mark.parametrize(
    ("kept", "joining", "one"),
    [
        # Both records hold him at Acacia Road now: one stay, from the earlier start.
        (_stay(ACACIA, 2022, None), _stay(ACACIA, 2020, 2026), _stay(ACACIA, 2020, None)),
        (_stay(ACACIA, 2020, 2024), _stay(ACACIA, 2022, 2026), _stay(ACACIA, 2020, 2026)),
        # One ended the day the other began: still one stay.
        (_stay(ACACIA, 2020, 2022), _stay(ACACIA, 2022, 2024), _stay(ACACIA, 2020, 2024)),
    ],
)
def test_the_same_address_over_times_that_meet_is_one_stay(
    kept: AddressStay, joining: AddressStay, one: AddressStay
) -> None:
    assert one_stay(kept, joining) == one


@pytest.mark.parametrize(
    ("kept", "joining"),
    [
        (_stay(ACACIA, 2022, None), _stay(MILL_LANE, 2022, None)),
        # Moved away from Acacia Road in 2021 and back in 2024: two stays, both kept.
        (_stay(ACACIA, 2024, None), _stay(ACACIA, 2018, 2021)),
        (_stay(ACACIA, 2018, 2021), _stay(ACACIA, 2024, 2026)),
    ],
)
def test_another_address_or_another_time_there_is_another_stay(
    kept: AddressStay, joining: AddressStay
) -> None:
    assert one_stay(kept, joining) is None


def test_the_old_address_ends_when_the_new_one_was_first_recorded() -> None:
    assert moved_out_at(_day(2022), _day(2026, 11), merged_at=_day(2026, 12)) == _day(2026, 11)


@pytest.mark.parametrize(
    "new_since",
    [_day(2021), _day(2022), _day(2027)],  # before the old one, with it, after the merge
    ids=["before", "same", "future"],
)
def test_when_the_records_disagree_the_old_address_ends_at_the_merge(
    new_since: datetime,
) -> None:
    merged_at = _day(2026, 12)
    assert moved_out_at(_day(2022), new_since, merged_at=merged_at) == merged_at


def _people(
    given: tuple[str, str], family: tuple[str, str], born: tuple[str | None, str | None]
) -> tuple[MergeRow, ...]:
    return tuple(
        MergeRow(key=key, label=key, survivor=left, other=right)
        for key, (left, right) in (
            ("given_name", given),
            ("family_name", family),
            ("date_of_birth", born),
        )
    )


@pytest.mark.parametrize(
    ("given", "family", "born", "two"),
    [
        # Every field apart: the tester's two customers.
        (("John", "Jonathan"), ("Smith", "Smythe"), ("12 April 1980", "2 June 1949"), True),
        (("John", "Jon"), ("Smith", "Smith"), ("12 April 1980", "21 April 1980"), True),
        # A duplicate differs in one: a new surname, a nickname, a date of birth mistyped.
        (("Zoë", "Zoë"), ("Taylor", "Okafor"), ("30 August 1995", "30 August 1995"), False),
        (("John", "Jon"), ("Smith", "Smith"), ("12 April 1980", "12 April 1980"), False),
        (("John", "JOHN "), ("Smith", "smith"), ("12 April 1980", "21 April 1980"), False),
        # A date of birth not held says nothing either way.
        (("John", "Jonathan"), ("Smith", "Smythe"), ("12 April 1980", None), False),
    ],
)
def test_two_records_look_like_two_people_when_names_and_birthdays_both_differ(
    given: tuple[str, str],
    family: tuple[str, str],
    born: tuple[str | None, str | None],
    two: bool,
) -> None:
    assert looks_like_two_people(_people(given, family, born)) is two


def test_each_warning_says_what_the_merge_does_with_a_lock() -> None:
    same = _people(("John", "John"), ("Smith", "Smith"), ("12 April 1980", "12 April 1980"))
    assert merge_warnings(same, (), "1001 2345 P") == {}
    holds = (
        FraudHold(side=MergeSide.SURVIVOR, reference="1001 2345 P", channels=("phone", "chat")),
        FraudHold(side=MergeSide.OTHER, reference="4322 6848 G", open_items=1),
    )
    warned = merge_warnings(same, holds, "1001 2345 P")
    assert warned == {
        MergeWarning.KEPT_LOCKED: "Locked for possible fraud: 1001 2345 P (phone or chat "
        "verification). It stays locked after the merge, until a supervisor lifts it.",
        MergeWarning.OTHER_LOCKED: "4322 6848 G has a possible-fraud item open on the queue: "
        "it moves to 1001 2345 P.",
    }


@pytest.mark.parametrize(("typed", "refused"), [("", True), ("dup ", True), ("Same DOB", False)])
def test_opening_another_record_to_compare_needs_a_reason_of_a_few_words(
    typed: str, refused: bool
) -> None:
    assert (comparing_problem(typed) is not None) is refused
