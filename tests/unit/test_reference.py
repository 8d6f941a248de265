"""Customer references: eight digits and a mod-23 check letter that catches slips read aloud."""

from __future__ import annotations

import random

import pytest

from custinfo_tui.domain.reference import (
    CHECK_LETTERS,
    HIGHEST_NUMBER,
    LOWEST_NUMBER,
    MAX_SUGGESTIONS,
    format_reference,
    normalise_reference,
    random_reference,
    reference_for_number,
    suggest_references,
)
from custinfo_tui.domain.validation import FieldError

FORMAT = "A customer reference is 8 digits then a letter, for example 1234 5678 Z."
MISMATCH = (
    "That reference's check letter does not match: a digit or the letter is wrong. "
    "Check each digit and the letter again."
)


def test_check_letter_is_the_number_modulo_23() -> None:
    assert reference_for_number(12345678) == "12345678Z"
    assert reference_for_number(10_000_000) == f"10000000{CHECK_LETTERS[10_000_000 % 23]}"


def test_check_letters_are_23_different_letters_without_i_o_or_u() -> None:
    assert len(set(CHECK_LETTERS)) == 23
    assert not set("IOU") & set(CHECK_LETTERS)


@pytest.mark.parametrize("n", [LOWEST_NUMBER - 1, HIGHEST_NUMBER + 1, 0, -5])
def test_numbers_outside_eight_digits_have_no_reference(n: int) -> None:
    with pytest.raises(ValueError):
        reference_for_number(n)


@pytest.mark.parametrize(
    "raw", ["12345678Z", "12345678z", "1234 5678 Z", "1234-5678-z", " 1234 5678Z\n"]
)
def test_references_with_spaces_hyphens_or_lower_case_are_accepted(raw: str) -> None:
    assert normalise_reference(raw) == "12345678Z"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the customer reference."),
        ("  - ", "Enter the customer reference."),
        ("1234567Z", FORMAT),
        ("123456789Z", FORMAT),
        ("02345678Z", FORMAT),
        ("12345678", FORMAT),
        ("1234567ZZ", FORMAT),
        ("[bold]x", FORMAT),
        ("12345678Z\x00", FORMAT),
        ("12345678\u202eZ", FORMAT),
        ("１２３４５６７８Z", FORMAT),
        ("12345678A", MISMATCH),
        ("12345678I", MISMATCH),
    ],
)
def test_malformed_or_mistyped_references_are_refused(raw: str, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_reference(raw)
    assert str(caught.value) == message


def test_every_single_digit_error_changes_the_check_letter() -> None:
    reference = reference_for_number(12345678)
    for position in range(8):
        for digit in "0123456789":
            if digit == reference[position] or (position == 0 and digit == "0"):
                continue
            mistyped = reference[:position] + digit + reference[position + 1 :]
            with pytest.raises(FieldError):
                normalise_reference(mistyped)


@pytest.mark.parametrize("n", [12345678, 90817263, 55512340])
def test_every_adjacent_transposition_changes_the_check_letter(n: int) -> None:
    reference = reference_for_number(n)
    for i in range(7):
        if reference[i] == reference[i + 1] or (i == 0 and reference[1] == "0"):
            continue
        swapped = reference[:i] + reference[i + 1] + reference[i] + reference[i + 2 :]
        with pytest.raises(FieldError):
            normalise_reference(swapped)


@pytest.mark.parametrize(
    ("ref", "shown"),
    [
        ("12345678Z", "1234 5678 Z"),
        ("12345678z", "1234 5678 Z"),
        ("1234 5678 Z", "1234 5678 Z"),
        ("legacy-7", "legacy-7"),
        ("", ""),
    ],
)
def test_references_are_shown_in_groups_and_odd_text_is_left_alone(ref: str, shown: str) -> None:
    assert format_reference(ref) == shown


def test_seeded_random_references_repeat_and_are_valid() -> None:
    first = [random_reference(random.Random(7)) for _ in range(3)]
    assert len(set(first)) == 1
    assert normalise_reference(first[0]) == first[0]


def test_unseeded_random_references_are_valid() -> None:
    for _ in range(50):
        reference = random_reference()
        assert normalise_reference(reference) == reference


def test_a_wrong_check_letter_is_corrected_in_the_suggestions() -> None:
    assert suggest_references("1234 5678 A")[0] == "12345678Z"


def test_digits_without_a_letter_get_the_letter_suggested() -> None:
    assert suggest_references("12345678") == ["12345678Z"]


def test_swapped_digits_are_suggested_back_in_order() -> None:
    assert "12345678Z" in suggest_references("21345678Z")


def test_a_single_wrong_digit_is_suggested_back() -> None:
    assert "12345678Z" in suggest_references("12345978Z")


@pytest.mark.parametrize("raw", ["21345678Z", "12345978Z", "99999999A", "10000000A"])
def test_every_suggestion_is_a_valid_reference_one_slip_away(raw: str) -> None:
    suggestions = suggest_references(raw)
    assert 0 < len(suggestions) <= MAX_SUGGESTIONS
    assert len(set(suggestions)) == len(suggestions)
    for suggestion in suggestions:
        assert normalise_reference(suggestion) == suggestion
        differing = sum(a != b for a, b in zip(suggestion, raw, strict=True))
        assert differing <= 2


@pytest.mark.parametrize("raw", ["12345678Z", "", "hello", "1234", "[bold]x", "\x00"])
def test_valid_or_unrecognisable_text_gets_no_suggestions(raw: str) -> None:
    assert suggest_references(raw) == []


def test_references_drawn_in_bulk_are_valid_and_spread_over_the_whole_range() -> None:
    from custinfo_tui.domain.reference import random_references

    drawn = random_references(5_000)

    assert len(drawn) == 5_000
    assert all(normalise_reference(reference) == reference for reference in drawn)
    assert len(set(drawn)) > 4_990  # 90 million numbers: a repeat is rare, never the rule
    leading = {reference[0] for reference in drawn}
    assert leading == set("123456789")


def test_references_drawn_in_a_stretch_stay_in_it_and_are_as_sparse_as_over_the_range() -> None:
    from custinfo_tui.domain.reference import (
        HIGHEST_NUMBER,
        LOWEST_NUMBER,
        STRETCH_PER_REFERENCE,
        random_references,
        reference_stretch,
    )

    stretch = reference_stretch(1_000)
    drawn = random_references(1_000, stretch)

    assert len(stretch) == 1_000 * STRETCH_PER_REFERENCE
    assert stretch.start >= LOWEST_NUMBER and stretch[-1] <= HIGHEST_NUMBER
    assert all(normalise_reference(reference) == reference for reference in drawn)
    assert all(int(reference[:8]) in stretch for reference in drawn)
    assert len(set(drawn)) > 980  # a repeat is rare: the stretch is 90 times as long
    # A draw as big as the range itself uses the whole range.
    assert reference_stretch(10**9) == range(LOWEST_NUMBER, HIGHEST_NUMBER + 1)
