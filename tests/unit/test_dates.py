"""Dates of birth: UK day-first reading, ISO storage, plausible ages only."""

from __future__ import annotations

from datetime import date

import pytest

from custinfo_tui.domain.dates import (
    format_spoken_date,
    normalise_date_of_birth,
    parse_calendar_date,
    parse_date_of_birth,
)
from custinfo_tui.domain.validation import FieldError

TODAY = date(2026, 11, 23)
FOUR_DIGITS = "Give the year in full, with four digits (for example 1985)."
FORMAT = "Enter the date as day, month and year, for example 3/3/1985 or 3 March 1985."
TOO_OLD = "That date gives an age over 120; please check the year."


@pytest.mark.parametrize(
    "raw",
    [
        "3/3/1985",
        "03/03/1985",
        "03-03-1985",
        "03.03.1985",
        "3 3 1985",
        " 3 / 3 / 1985 ",
        "3 March 1985",
        "3 march 1985",
        "3 Mar 1985",
        "3 Mar. 1985",
        "3rd March 1985",
        "3rd of March, 1985",
        "3-Mar-1985",
        "1985-03-03",
        "1985-3-3",
    ],
)
def test_day_first_and_iso_dates_are_read(raw: str) -> None:
    assert parse_date_of_birth(raw, today=TODAY) == date(1985, 3, 3)


def test_date_of_birth_is_stored_as_an_iso_date() -> None:
    assert normalise_date_of_birth("3rd March 1985", today=TODAY) == "1985-03-03"


def test_an_iso_date_of_birth_normalises_to_itself() -> None:
    assert normalise_date_of_birth("1985-03-03", today=TODAY) == "1985-03-03"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("29/02/2024", date(2024, 2, 29)),
        ("1 Sept 1990", date(1990, 9, 1)),
        ("31 December 1999", date(1999, 12, 31)),
        ("23/11/2026", TODAY),
        ("23/11/1906", date(1906, 11, 23)),
    ],
)
def test_edge_dates_that_exist_are_accepted(raw: str, expected: date) -> None:
    assert parse_date_of_birth(raw, today=TODAY) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the date of birth."),
        ("   ", "Enter the date of birth."),
        ("3/3/85", FOUR_DIGITS),
        ("3 March 85", FOUR_DIGITS),
        ("3/3/19850", FOUR_DIGITS),
        ("31/02/1990", "That date does not exist: that month has only 28 days that year."),
        ("29/02/2023", "That date does not exist: that month has only 28 days that year."),
        ("31/04/1990", "That date does not exist: that month has only 30 days."),
        ("3/13/1985", "The month must be between 1 and 12."),
        ("0/3/1985", "The day must be between 1 and 31."),
        ("32 March 1985", "The day must be between 1 and 31."),
        ("3 Marhc 1985", "That month is not recognised; give its name or number."),
        ("March 3 1985", "Give the day before the month, for example 3 March 1985."),
        ("March 3rd, 1985", "Give the day before the month, for example 3 March 1985."),
        ("24/11/2026", "A date of birth cannot be in the future."),
        ("1/1/2030", "A date of birth cannot be in the future."),
        ("22/11/1905", TOO_OLD),
        ("1/1/0001", TOO_OLD),
        ("1/1/0000", TOO_OLD),
        ("yesterday", FORMAT),
        ("[bold]x", FORMAT),
        ("3/3/1985\x00", FORMAT),
        ("3\u202e/3/1985", FORMAT),
        ("٣/٣/١٩٨٥", FORMAT),
    ],
)
def test_unacceptable_dates_of_birth_are_refused_with_a_reason(raw: str, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_date_of_birth(raw, today=TODAY)
    assert str(caught.value) == message


def test_refusal_never_repeats_the_typed_date() -> None:
    with pytest.raises(FieldError) as caught:
        parse_date_of_birth("31/02/1990", today=TODAY)
    assert "1990" not in str(caught.value)
    assert "31" not in str(caught.value)


@pytest.mark.parametrize(
    ("value", "spoken"),
    [(date(1985, 3, 3), "3 March 1985"), (date(2001, 12, 25), "25 December 2001")],
)
def test_dates_are_read_back_in_words(value: date, spoken: str) -> None:
    assert format_spoken_date(value) == spoken


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/11/2026", "That date does not exist: that month has only 30 days."),
        ("29/02/2027", "That date does not exist: that month has only 28 days that year."),
        ("32/1/2027", "The day must be between 1 and 31."),
    ],
)
def test_a_back_office_day_that_does_not_exist_says_which_part_is_wrong(
    raw: str, message: str
) -> None:
    """As the date of birth says it: "That date does not exist." alone, on the audit
    trail's From box or a request's Received, left the operator to work out why."""
    with pytest.raises(FieldError) as caught:
        parse_calendar_date(raw)
    assert str(caught.value) == message
