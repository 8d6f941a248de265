"""A breach report and its assessment as the desk's forms typed them: dates and times
read from text, a count of people read from digits, references split at commas, then
checked by the rules of `domain.breaches`, with every problem named by its box at once
(`BreachInvalid`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from custinfo_tui.domain.breach_assessment import check_assessment
from custinfo_tui.domain.breach_exceptions import Art34Exception
from custinfo_tui.domain.breaches import (
    AssessmentIn,
    BreachIn,
    BreachInvalid,
    BreachRisk,
    Told,
    check_breach,
)
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.dates import parse_calendar_date
from custinfo_tui.domain.validation import FieldError

_TIME = re.compile(r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})")


def parse_date_time(raw: str) -> datetime:
    """A UTC date and time typed as "20/11/2026 09:15" (the date as any calendar date may
    be typed, then hours and minutes); FieldError, never repeating the text, otherwise."""
    text = " ".join(raw.split())
    date_part, _, time_part = text.rpartition(" ")
    match = _TIME.fullmatch(time_part)
    if not date_part or match is None:
        raise FieldError("Enter the date and time, for example 20/11/2026 09:15.")
    day = parse_calendar_date(date_part)
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        raise FieldError("The time must be between 00:00 and 23:59.")
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _typed_time(raw: str, key: str, problems: dict[str, str]) -> datetime | None:
    try:
        return parse_date_time(raw)
    except FieldError as error:
        problems[key] = str(error)
        return None


def _typed_count(raw: str, what: str, key: str, problems: dict[str, str]) -> int | None:
    """A rough count typed in digits ("1,200" too); None when the box is empty."""
    digits = raw.strip().replace(",", "")
    if not digits:
        return None
    if digits.isdecimal():
        return int(digits)
    problems[key] = f"Give roughly how many {what}, as a number."
    return None


def breach_as_typed(
    what_happened: str,
    discovered: str,
    categories: list[DataCategory],
    people: str,
    references: str,
    now: datetime,
) -> BreachIn:
    """A report from the form's boxes, checked by `check_breach`: every problem at once."""
    problems: dict[str, str] = {}
    discovered_at = _typed_time(discovered, "discovered_at", problems) or now
    people_affected = _typed_count(people, "people", "people_affected", problems)
    given = BreachIn(
        what_happened=what_happened,
        discovered_at=discovered_at,
        categories=tuple(categories),
        people_affected=people_affected,
        customer_references=tuple(r for r in re.split(r"[,;]", references) if r.strip()),
    )
    try:
        checked = check_breach(given, now)
    except BreachInvalid as invalid:
        raise BreachInvalid({**invalid.problems, **problems}) from None
    if problems:
        raise BreachInvalid(problems)
    return checked


def assessment_as_typed(
    risk: BreachRisk | None,
    ico: Told | None,
    ico_when: str,
    ico_reason: str,
    individuals: Told | None,
    individuals_when: str,
    individuals_reason: str,
    discovered_at: datetime,
    now: datetime,
    *,
    records: str = "",
    consequences: str = "",
    measures: str = "",
    ico_reference: str = "",
    individuals_exception: Art34Exception | None = None,
) -> AssessmentIn:
    """An assessment from the form's boxes, checked by `check_assessment`."""
    problems: dict[str, str] = {}
    records_affected = _typed_count(records, "records", "records_affected", problems)
    if risk is None:
        problems["risk"] = "Choose the risk to individuals."
    ico_at = _typed_time(ico_when, "ico_told_at", problems) if ico is Told.TOLD else None
    individuals_at = (
        _typed_time(individuals_when, "individuals_told_at", problems)
        if individuals is Told.TOLD
        else None
    )
    given = AssessmentIn(
        # No risk chosen is said at its box; the decisions are checked as if it were the
        # one that allows them all, so nothing else is refused for want of it.
        risk=risk or BreachRisk.UNLIKELY,
        records_affected=records_affected,
        likely_consequences=consequences,
        measures=measures,
        ico=ico,
        ico_told_at=ico_at,
        ico_reference=ico_reference,
        ico_reason=ico_reason,
        individuals=individuals,
        individuals_told_at=individuals_at,
        individuals_reason=individuals_reason,
        individuals_exception=individuals_exception,
    )
    try:
        checked = check_assessment(given, discovered_at, now)
    except BreachInvalid as invalid:
        raise BreachInvalid({**invalid.problems, **problems}) from None
    if problems:
        raise BreachInvalid(problems)
    return checked
