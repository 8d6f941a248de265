"""When each data category falls due (MP-15), and the policy file's [retention] table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.retention import (
    RetentionPolicy,
    RetentionRule,
    due_at,
    why_due,
    years_later,
)
from custinfo_tui.services.policy import PolicyFileError, load_retention

EXAMPLE = Path(__file__).parents[2] / "docs" / "policy.example.toml"
LAST_CONTACT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def test_each_category_falls_due_its_years_after_the_last_contact() -> None:
    policy = RetentionPolicy()
    assert due_at(DataCategory.ENQUIRY, policy, LAST_CONTACT) == LAST_CONTACT.replace(year=2028)
    assert due_at(DataCategory.SPECIAL_CATEGORY, policy, LAST_CONTACT) == LAST_CONTACT.replace(
        year=2027
    )
    assert due_at(DataCategory.PERSONAL, policy, LAST_CONTACT) == LAST_CONTACT.replace(year=2032)
    # The reference is kept on the anonymised record: it never falls due by itself.
    assert due_at(DataCategory.TRANSACTIONAL, policy, LAST_CONTACT) is None


def test_special_category_data_without_a_condition_in_force_is_due_at_once() -> None:
    due = due_at(
        DataCategory.SPECIAL_CATEGORY, RetentionPolicy(), LAST_CONTACT, condition_in_force=False
    )
    assert due == LAST_CONTACT


def test_the_identity_stays_as_long_as_the_transactional_period() -> None:
    policy = RetentionPolicy(transactional=RetentionRule(years_after_last_contact=10))
    assert due_at(DataCategory.PERSONAL, policy, LAST_CONTACT) == LAST_CONTACT.replace(year=2036)


def test_29_february_plus_a_year_is_28_february() -> None:
    leap = datetime(2028, 2, 29, tzinfo=UTC)
    assert years_later(leap, 1) == datetime(2029, 2, 28, tzinfo=UTC)


def test_the_example_policy_file_has_the_default_retention_periods() -> None:
    assert load_retention(EXAMPLE) == RetentionPolicy()
    assert load_retention(None) == RetentionPolicy()


def test_a_period_of_no_years_is_refused_naming_the_key(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("[retention]\nenquiry = { years_after_last_contact = 0 }\n", "utf-8")
    with pytest.raises(PolicyFileError, match=r"\[retention\].*enquiry"):
        load_retention(path)


def test_a_period_of_one_year_reads_in_the_singular() -> None:
    """`custinfo retention run` said "last contact more than 1 years ago"."""
    policy = RetentionPolicy()
    special = why_due(DataCategory.SPECIAL_CATEGORY, policy, condition_in_force=True)
    assert special == "last contact more than 1 year ago"
    assert why_due(DataCategory.ENQUIRY, policy, condition_in_force=True) == (
        "last contact more than 2 years ago"
    )
