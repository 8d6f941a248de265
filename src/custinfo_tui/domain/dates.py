"""Dates of birth, read the UK way (day first), stored as ISO dates, read back in words."""

from __future__ import annotations

import calendar
import re
from datetime import date

from custinfo_tui.domain.text import collapse_spaces
from custinfo_tui.domain.validation import FieldError

MAX_AGE_YEARS = 120

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS_BY_WORD = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS_BY_WORD |= {word[:3]: number for word, number in list(_MONTHS_BY_WORD.items())}
_MONTHS_BY_WORD["sept"] = 9

_FLAGS = re.ASCII | re.IGNORECASE
_SEP = r"(?:\s*[-/.]\s*|\s)"
_YEAR_FIRST = re.compile(
    rf"(?P<year>\d{{4}}){_SEP}(?P<month>\d{{1,2}}){_SEP}(?P<day>\d{{1,2}})", _FLAGS
)
_DAY_FIRST = re.compile(rf"(?P<day>\d{{1,2}}){_SEP}(?P<month>\d{{1,2}}){_SEP}(?P<year>\d+)", _FLAGS)
_DAY_MONTH_WORD = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?[\s./-]*(?:of\s+)?"
    r"(?P<month>[a-z]+)\.?[\s,./-]*(?P<year>\d+)",
    _FLAGS,
)
_MONTH_WORD_FIRST = re.compile(r"[a-z]+\.?\s*\d{1,2}(?:st|nd|rd|th)?,?\s+\d+", _FLAGS)

_FORMAT_MESSAGE = "Enter the date as day, month and year, for example 3/3/1985 or 3 March 1985."


def _split(text: str) -> tuple[str, int, int]:
    """Find year (as typed), month and day in any accepted layout, or say what is wrong."""
    for pattern in (_YEAR_FIRST, _DAY_FIRST):
        if match := pattern.fullmatch(text):
            return match["year"], int(match["month"]), int(match["day"])
    if match := _DAY_MONTH_WORD.fullmatch(text):
        month = _MONTHS_BY_WORD.get(match["month"].lower())
        if month is None:
            raise FieldError("That month is not recognised; give its name or number.")
        return match["year"], month, int(match["day"])
    if _MONTH_WORD_FIRST.fullmatch(text):
        # "March 3 1985" is the American order; asking keeps 3/4 and 4/3 from being confused.
        raise FieldError("Give the day before the month, for example 3 March 1985.")
    raise FieldError(_FORMAT_MESSAGE)


def _age_on(today: date, born: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def parse_date_of_birth(raw: str, today: date | None = None) -> date:
    """Read a date of birth typed day first ("3/3/1985", "3rd March 1985") or as ISO "1985-03-03".

    Raises FieldError for a two-digit year (ambiguous between centuries), a date that does
    not exist, a date in the future, or an age over 120. Messages never repeat the date.
    """
    today = today or date.today()
    text = collapse_spaces(raw)
    if not text:
        raise FieldError("Enter the date of birth.")
    year_text, month, day = _split(text)
    if len(year_text) != 4:
        raise FieldError("Give the year in full, with four digits (for example 1985).")
    year = int(year_text)
    if not 1 <= month <= 12:
        raise FieldError("The month must be between 1 and 12.")
    if not 1 <= day <= 31:
        raise FieldError("The day must be between 1 and 31.")
    if year < today.year - MAX_AGE_YEARS - 1:
        raise FieldError(f"That date gives an age over {MAX_AGE_YEARS}; please check the year.")
    if day > (days_in_month := calendar.monthrange(year, month)[1]):
        raise FieldError(_no_such_day(month, days_in_month))
    born = date(year, month, day)
    if born > today:
        raise FieldError("A date of birth cannot be in the future.")
    if _age_on(today, born) > MAX_AGE_YEARS:
        raise FieldError(f"That date gives an age over {MAX_AGE_YEARS}; please check the year.")
    return born


def parse_calendar_date(raw: str) -> date:
    """Any day that exists, typed as a date of birth may be ("12/1/2027", "12 January 2027",
    "2027-01-12"): for dates other than birth, such as when a follow-up is due.

    Raises FieldError (never repeating the date) for an empty, malformed or impossible date.
    """
    text = collapse_spaces(raw)
    if not text:
        raise FieldError("Enter the date.")
    try:
        year_text, month, day = _split(text)
    except FieldError as error:
        if str(error) != _FORMAT_MESSAGE:
            raise
        raise FieldError(
            "Enter the date as day, month and year, for example 12/1/2027 or 12 January 2027."
        ) from None
    if len(year_text) != 4:
        raise FieldError("Give the year in full, with four digits (for example 2027).")
    if not 1 <= month <= 12:
        raise FieldError("The month must be between 1 and 12.")
    if not 1 <= day <= 31:
        raise FieldError("The day must be between 1 and 31.")
    if day > (days_in_month := calendar.monthrange(int(year_text), month)[1]):
        raise FieldError(_no_such_day(month, days_in_month))
    return date(int(year_text), month, day)


def _no_such_day(month: int, days_in_month: int) -> str:
    """A day past the month's end, said with how many days it has: "That date does not
    exist." alone, on the back office's date boxes, left the operator to work out which
    part was wrong (31/11/2026, 29/02/2027)."""
    that_year = " that year" if month == 2 else ""
    return f"That date does not exist: that month has only {days_in_month} days{that_year}."


def normalise_date_of_birth(raw: str, today: date | None = None) -> str:
    """Return the date of birth as an ISO date ("1985-03-03"), or raise FieldError."""
    return parse_date_of_birth(raw, today).isoformat()


def format_typed_date(d: date) -> str:
    """The date as a handler types it into a date box: "04/11/2026" (read back by
    `parse_calendar_date`)."""
    return f"{d:%d/%m/%Y}"


def format_spoken_date(d: date) -> str:
    """The date as it is read back to a caller: "3 March 1985"."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"
