"""The demo data set: deterministic, fictitious, and valid by our own validators."""

from __future__ import annotations

from itertools import islice

import pytest

from custinfo_tui.domain.dates import parse_date_of_birth
from custinfo_tui.domain.email import normalise_email
from custinfo_tui.domain.names import normalise_name
from custinfo_tui.domain.phone import normalise_phone
from custinfo_tui.domain.postcode import normalise_uk_postcode
from custinfo_tui.domain.reference import normalise_reference
from custinfo_tui.services.demo_people import (
    DEMO_TODAY,
    LANDLINE_NUMBERS,
    MOBILE_NUMBERS,
    DemoCustomer,
    generate_customers,
)

SAMPLE = 20_000


@pytest.fixture(scope="module")
def sample() -> list[DemoCustomer]:
    return list(generate_customers(SAMPLE))


def test_same_seed_gives_the_same_customers_and_smaller_sets_are_prefixes(
    sample: list[DemoCustomer],
) -> None:
    assert list(generate_customers(500)) == sample[:500]
    assert list(generate_customers(10, seed=7)) != sample[:10]


def test_the_documented_named_customers_come_first(sample: list[DemoCustomer]) -> None:
    assert [(c.given_name, c.family_name) for c in sample[:5]] == [
        ("John", "Smith"),
        ("Zoë", "Taylor"),
        ("Siobhán", "O'Neill-Ní Bhriain"),
        ("小龍", "李"),
        ("Jonathan", "Smythe"),
    ]


def test_references_and_emails_are_unique(sample: list[DemoCustomer]) -> None:
    assert len({c.reference for c in sample}) == SAMPLE
    assert len({c.email for c in sample}) == SAMPLE


def test_every_phone_is_an_ofcom_drama_number_our_validator_accepts() -> None:
    for number in [*MOBILE_NUMBERS, *LANDLINE_NUMBERS]:
        assert normalise_phone(number) == number
    drama_prefixes = ("+447700900", "+442079460", "+44", "+442920180", "+442896496")
    assert all(n.startswith(drama_prefixes) for n in LANDLINE_NUMBERS)


def test_every_field_passes_our_own_validators_unchanged(sample: list[DemoCustomer]) -> None:
    for customer in islice(sample, 0, SAMPLE, 7):
        assert normalise_name(customer.given_name) == customer.given_name
        assert normalise_name(customer.family_name) == customer.family_name
        assert normalise_email(customer.email) == customer.email
        assert normalise_uk_postcode(customer.postcode) == customer.postcode
        assert normalise_reference(customer.reference) == customer.reference
        assert parse_date_of_birth(customer.date_of_birth.isoformat(), DEMO_TODAY)


def test_emails_use_only_reserved_example_domains(sample: list[DemoCustomer]) -> None:
    domains = {c.email.rsplit("@", 1)[1] for c in sample}
    assert domains == {"example.com", "example.org", "example.net"}


def test_common_surnames_are_common(sample: list[DemoCustomer]) -> None:
    smiths = sum(c.family_name == "Smith" for c in sample)
    smythes = sum(c.family_name == "Smythe" for c in sample)
    assert smiths > 2 * smythes > 0


def test_adults_only(sample: list[DemoCustomer]) -> None:
    ages = {(DEMO_TODAY - c.date_of_birth).days // 365 for c in sample}
    assert min(ages) >= 18 and max(ages) <= 96
