"""The demo customers: deterministic, fictitious, varied, and valid by our own validators."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import UTC, date, datetime

import phonenumbers
import pytest

from custinfo_tui.domain.email import normalise_email
from custinfo_tui.domain.names import normalise_name
from custinfo_tui.domain.phone import normalise_phone
from custinfo_tui.domain.postcode import normalise_uk_postcode
from custinfo_tui.domain.reference import normalise_reference, reference_for_number
from custinfo_tui.services.demo import DEFAULT_DEMO_CUSTOMERS
from custinfo_tui.services.demo_people import (
    DEMO_TODAY,
    LANDLINE_NUMBERS,
    MOBILE_NUMBERS,
    NAMED_CUSTOMERS,
    UNGIVEN_MOBILES,
    DemoCustomer,
    generate_customers,
)

SAMPLE = 20_000
#: The demo's customers (`custinfo demo`).
DEMO_CUSTOMERS = DEFAULT_DEMO_CUSTOMERS

# Ofcom's numbers for drama (07700 900xxx, 020 7946 0xxx, 0113 496 0xxx ...), written out
# here independently of the generator.
DRAMA_MOBILES = re.compile(r"\+447700900\d{3}")
DRAMA_LANDLINES = re.compile(r"\+44(?:207946|1(?:1[3-8]|[2-6]1)496|292018)0\d{3}|\+442896496\d{3}")
# The dialling code each town's landlines should have.
TOWN_DIALLING_CODES = {
    "London": "+4420",
    "Leeds": "+44113",
    "Sheffield": "+44114",
    "Leicester": "+44116",
    "Bristol": "+44117",
    "Reading": "+44118",
    "Birmingham": "+44121",
    "Edinburgh": "+44131",
    "Glasgow": "+44141",
    "Liverpool": "+44151",
    "Manchester": "+44161",
    "Cardiff": "+4429",
    "Belfast": "+4428",
}
EMAIL = re.compile(r"[a-z-]+\.[a-z-]+[0-9]+@example\.(?:com|org|net)")


@pytest.fixture(scope="module")
def sample() -> list[DemoCustomer]:
    return list(generate_customers(SAMPLE))


def _age_on(today: date, born: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def test_the_same_count_and_seed_give_identical_customers() -> None:
    assert list(generate_customers(300, seed=5)) == list(generate_customers(300, seed=5))


def test_a_smaller_set_is_the_start_of_a_larger_one(sample: list[DemoCustomer]) -> None:
    assert list(generate_customers(2_000)) == sample[:2_000]
    assert list(generate_customers(10, seed=7)) == list(generate_customers(400, seed=7))[:10]


def test_another_seed_changes_everyone_but_the_named_customers(
    sample: list[DemoCustomer],
) -> None:
    other = list(generate_customers(100, seed=7))
    assert other[:5] == sample[:5]
    assert sum(a != b for a, b in zip(other[5:], sample[5:100], strict=True)) > 90


def test_the_documented_named_customers_come_first(sample: list[DemoCustomer]) -> None:
    assert tuple(sample[:5]) == NAMED_CUSTOMERS
    assert [(c.given_name, c.family_name) for c in sample[:5]] == [
        ("John", "Smith"),
        ("Zoë", "Taylor"),
        ("Siobhán", "O'Neill-Ní Bhriain"),
        ("小龍", "李"),
        ("Jonathan", "Smythe"),
    ]
    assert sample[3].email == "xiaolong.li4@example.com"


def test_references_are_unique_valid_and_not_sequential(sample: list[DemoCustomer]) -> None:
    references = [c.reference for c in sample]
    assert len(set(references)) == SAMPLE
    assert references[0] == reference_for_number(10_012_345)
    assert references[1] == reference_for_number(10_012_345 + 48_271)
    assert all(normalise_reference(ref) == ref for ref in references)


def test_emails_are_unique_lower_case_and_at_example_domains_only(
    sample: list[DemoCustomer],
) -> None:
    emails = [c.email for c in sample]
    assert len(set(emails)) == SAMPLE
    assert all(EMAIL.fullmatch(email) for email in emails)
    assert {email.rsplit("@", 1)[1] for email in emails} == {
        "example.com",
        "example.org",
        "example.net",
    }
    for email in emails[:1_000]:
        assert normalise_email(email) == email


def test_every_number_in_the_pools_is_an_ofcom_drama_number() -> None:
    assert len(MOBILE_NUMBERS) == 1_000
    assert all(DRAMA_MOBILES.fullmatch(number) for number in MOBILE_NUMBERS)
    assert all(DRAMA_LANDLINES.fullmatch(number) for number in LANDLINE_NUMBERS)


def test_every_landline_is_valid_for_gb_by_libphonenumber() -> None:
    for number in LANDLINE_NUMBERS:
        parsed = phonenumbers.parse(number, None)
        assert phonenumbers.is_valid_number_for_region(parsed, "GB"), number
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == number


def test_drama_mobiles_are_refused_by_libphonenumber_but_accepted_by_our_validator() -> None:
    # libphonenumber treats 07700 900xxx as never allocated; custinfo_tui.domain.phone
    # accepts the block for demo and training data, so the mobiles are still valid for us.
    for number in MOBILE_NUMBERS:
        assert not phonenumbers.is_valid_number(phonenumbers.parse(number, None))
        assert normalise_phone(number) == number


def test_phones_come_from_the_pools_mostly_mobiles_with_the_towns_own_landlines(
    sample: list[DemoCustomer],
) -> None:
    assert {c.phone for c in sample} <= set(MOBILE_NUMBERS) | set(LANDLINE_NUMBERS)
    demo = sample[:DEMO_CUSTOMERS]
    mobiles = [c for c in demo if c.phone in set(MOBILE_NUMBERS)]
    landlines = [c for c in demo if c.phone not in set(MOBILE_NUMBERS)]
    assert len(mobiles) >= 0.4 * DEMO_CUSTOMERS  # 900 drama mobiles: the rest left to no one
    with_code = [c for c in landlines if c.town in TOWN_DIALLING_CODES]
    assert all(c.phone.startswith(TOWN_DIALLING_CODES[c.town]) for c in with_code)


def test_every_demo_customer_has_a_phone_number_of_their_own(sample: list[DemoCustomer]) -> None:
    """Found by a first-day handler: John Smith's 07700 900123 was two other demo
    customers' too, so a search for it found three, and every new customer given it three
    possible duplicates. Distinct while the drama numbers last (14,000)."""
    first = sample[: len(MOBILE_NUMBERS) + len(LANDLINE_NUMBERS) - len(UNGIVEN_MOBILES)]
    assert len({c.phone for c in first}) == len(first)
    assert [c.phone for c in first].count("+447700900123") == 1
    assert not {c.phone for c in first} & set(UNGIVEN_MOBILES)


def test_every_postcode_is_a_uk_postcode_in_the_standard_form(
    sample: list[DemoCustomer],
) -> None:
    assert all(normalise_uk_postcode(c.postcode) == c.postcode for c in sample)
    london = {c.postcode.split()[0] for c in sample if c.town == "London"}
    assert {"SW1A", "SE1", "N1", "E2"} <= london


def test_addresses_are_a_house_number_and_street_with_the_odd_flat(
    sample: list[DemoCustomer],
) -> None:
    assert all(re.fullmatch(r"[1-9][0-9]* [A-Z][A-Za-z' ]+", c.address_line1) for c in sample)
    flats = [c.address_line2 for c in sample if c.address_line2 is not None]
    assert all(re.fullmatch(r"Flat [1-9][0-9]*", flat) for flat in flats)
    assert 0.05 * SAMPLE < len(flats) < 0.25 * SAMPLE
    assert all(c.town for c in sample)


def test_names_are_non_empty_and_already_in_the_standard_form(
    sample: list[DemoCustomer],
) -> None:
    names = {c.given_name for c in sample} | {c.family_name for c in sample}
    assert all(name and normalise_name(name) == name for name in names)
    assert all(unicodedata.is_normalized("NFC", name) for name in names)


def test_the_names_are_a_broad_mix_with_accents_apostrophes_hyphens_and_han(
    sample: list[DemoCustomer],
) -> None:
    families = {c.family_name for c in sample}
    givens = {c.given_name for c in sample}
    assert any("'" in name for name in families)
    assert any("-" in name for name in families)
    assert {"Siobhán", "Zoë", "Chloé", "José"} <= givens
    assert {"Patel", "Khan", "Okafor", "Nowak", "Ní Bhriain"} <= families
    assert any("\u4e00" <= name[0] <= "\u9fff" for name in families)
    assert len(givens) > 300 and len(families) > 250


def test_common_surnames_are_more_frequent_as_in_life(sample: list[DemoCustomer]) -> None:
    counts = Counter(c.family_name for c in sample)
    top = [name for name, _ in counts.most_common(12)]
    assert top[0] == "Smith"
    assert {"Jones", "Taylor", "Williams", "Patel", "Khan"} <= set(top)
    assert counts["Smith"] > 5 * counts["Smythe"] > 0


def test_everyone_is_18_to_95_on_demo_today(sample: list[DemoCustomer]) -> None:
    ages = [_age_on(DEMO_TODAY, c.date_of_birth) for c in sample]
    assert min(ages) == 18
    assert max(ages) == 95


def test_customers_joined_as_adults_within_the_five_years_before_demo_today(
    sample: list[DemoCustomer],
) -> None:
    start = datetime(2021, 11, 1, tzinfo=UTC)
    end = datetime(2026, 11, 1, tzinfo=UTC)
    for c in sample:
        assert c.created_at.utcoffset() is not None
        assert c.created_at.utcoffset() == UTC.utcoffset(None)
        assert start <= c.created_at < end
        assert _age_on(c.created_at.date(), c.date_of_birth) >= 18


def test_a_count_outside_the_reference_range_is_refused_at_once() -> None:
    with pytest.raises(ValueError):
        generate_customers(-1)
    assert list(generate_customers(0)) == []
