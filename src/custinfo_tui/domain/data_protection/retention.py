"""Retention by data category (MP-15): how long each category is kept, and when a
customer's data in it falls due for anonymisation. Pure rules; the policy file's
`[retention]` table sets the periods (docs/configuration.md, docs/data-protection.md).

A category falls due a number of years after the customer's last contact (their newest
call, visit or message; the record's creation when there is none). Special-category data
also falls due at once when no Article 9 condition is in force for it. The customer's
identity (personal data) goes only when the transactional period has passed too, since a
transaction record must say who it was with for as long as it is kept: then the whole
record is anonymised, as erasure does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.text import counted


class RetentionRule(BaseModel):
    """How long one category is kept."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Whole years after the customer's last contact.
    years_after_last_contact: int = Field(ge=1, le=100)
    #: Special-category data: due at once when no Article 9 condition is in force.
    when_condition_withdrawn: bool = False


class RetentionPolicy(BaseModel):
    """The organisation's retention periods, one rule per data category."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    personal: RetentionRule = RetentionRule(years_after_last_contact=6)
    transactional: RetentionRule = RetentionRule(years_after_last_contact=6)
    enquiry: RetentionRule = RetentionRule(years_after_last_contact=2)
    special_category: RetentionRule = RetentionRule(
        years_after_last_contact=1, when_condition_withdrawn=True
    )

    def rule(self, category: DataCategory) -> RetentionRule:
        return {
            DataCategory.PERSONAL: self.personal,
            DataCategory.TRANSACTIONAL: self.transactional,
            DataCategory.ENQUIRY: self.enquiry,
            DataCategory.SPECIAL_CATEGORY: self.special_category,
        }[category]

    def record_years(self) -> int:
        """Years after the last contact when the whole record is anonymised."""
        return max(
            self.personal.years_after_last_contact, self.transactional.years_after_last_contact
        )

    def period_years(self, category: DataCategory) -> int:
        """Years after the last contact when `category` falls due: for personal data the
        whole record's period, which waits for the transactional one too."""
        if category is DataCategory.PERSONAL:
            return self.record_years()
        return self.rule(category).years_after_last_contact


#: The order reports list categories in: the whole record first, then what goes sooner.
REPORTED_CATEGORIES = (
    DataCategory.PERSONAL,
    DataCategory.ENQUIRY,
    DataCategory.SPECIAL_CATEGORY,
)


def years_later(moment: datetime, years: int) -> datetime:
    """The same moment `years` later; 29 February becomes 28 February in a common year."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def due_at(
    category: DataCategory,
    policy: RetentionPolicy,
    last_contact: datetime,
    *,
    condition_in_force: bool = True,
) -> datetime | None:
    """When the customer's data in `category` falls due; None for the reference
    (transactional), which is kept on the anonymised record as its non-personal key."""
    if category is DataCategory.TRANSACTIONAL:
        return None
    if category is DataCategory.PERSONAL:
        return years_later(last_contact, policy.record_years())
    rule = policy.rule(category)
    if rule.when_condition_withdrawn and not condition_in_force:
        return last_contact
    return years_later(last_contact, rule.years_after_last_contact)


def why_due(category: DataCategory, policy: RetentionPolicy, *, condition_in_force: bool) -> str:
    """The reason a report gives for a category falling due."""
    if category is DataCategory.PERSONAL:
        return (
            f"last contact more than {counted(policy.record_years(), 'year')} ago "
            "(personal and transactional periods both passed)"
        )
    rule = policy.rule(category)
    if rule.when_condition_withdrawn and not condition_in_force:
        return "no Article 9 condition in force"
    return f"last contact more than {counted(rule.years_after_last_contact, 'year')} ago"


class CategoryDue(BaseModel):
    """One category's line of a retention report: how many records and values, and why."""

    model_config = ConfigDict(frozen=True)

    category: DataCategory
    records: int = 0
    values: int = 0
    #: Records left alone because a legal hold blocks them.
    held: int = 0
    reasons: tuple[str, ...] = ()


class RetentionReport(BaseModel):
    """What a retention run did (or, for a dry run, would do), by category."""

    model_config = ConfigDict(frozen=True)

    as_of: datetime
    dry_run: bool
    categories: tuple[CategoryDue, ...]
    #: Third parties' disclosure requests still open on records erased whole, closed as
    #: erasure closes them (none to release any more): their numbers.
    disclosures_closed: tuple[int, ...] = ()

    @property
    def records(self) -> int:
        return sum(line.records for line in self.categories)

    @property
    def values(self) -> int:
        return sum(line.values for line in self.categories)


class DueSoon(BaseModel):
    """Records whose data in a category falls due within the next days (the desk's list)."""

    model_config = ConfigDict(frozen=True)

    category: DataCategory
    records: int
    #: The earliest day one of them falls due.
    first_due: date | None = None
    #: Whole years after last contact when the category falls due (the policy's period;
    #: for personal data, the whole record's): an empty list says what would fill it.
    years: int | None = None


#: What a retention run anonymised on a record, by the category that fell due.
_RETAINED = {
    "personal": "Record anonymised (its personal data erased)",
    "enquiry": "Enquiry data anonymised (the notes and words of contacts)",
    "special_category": "Special category data anonymised",
}


def retention_step(details: Mapping[str, Any]) -> str:
    """ "Enquiry data anonymised (...) by the retention run: last contact more than 2 years
    ago": what went from the record and why, never a value."""
    category = str(details.get("category", ""))
    what = _RETAINED.get(category, f"{category.replace('_', ' ')} data anonymised")
    return f"{what} by the retention run: {details.get('why', 'its retention period ended')}"
