"""The field registry of checks, and pydantic models validating with the same normalisers."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ValidationError

from custinfo_tui.domain.fields import FIELD_NORMALISERS, check_field
from custinfo_tui.domain.types import (
    CountryCode,
    CustomerReference,
    DateOfBirth,
    EmailAddress,
    PersonName,
    PhoneNumber,
    UkPostcode,
)


class _Customer(BaseModel):
    given_name: PersonName
    family_name: PersonName
    phone: PhoneNumber
    email: EmailAddress
    postcode: UkPostcode
    country: CountryCode
    date_of_birth: DateOfBirth
    reference: CustomerReference


_GOOD_INPUT = {
    "given_name": "siobhán",
    "family_name": "O’NEILL",
    "phone": "07700 900123",
    "email": "Siobhan@Example.COM",
    "postcode": "sw1a1aa",
    "country": "uk",
    "date_of_birth": "3/3/1985",
    "reference": "1234 5678 z",
}


def test_every_form_field_has_a_check() -> None:
    assert set(FIELD_NORMALISERS) == {
        "given_name",
        "family_name",
        "phone",
        "email",
        "postcode",
        "country",
        "foreign_postcode",
        "date_of_birth",
        "reference",
        "address_line1",
        "address_line2",
        "town",
    }


@pytest.mark.parametrize(
    ("key", "raw", "value"),
    [
        ("given_name", "  zoë ", "Zoë"),
        ("phone", "+44 (0)20 7946 0958", "+442079460958"),
        ("postcode", "sw1a 1aa", "SW1A 1AA"),
        ("foreign_postcode", "d02 x285", "D02 X285"),
        ("reference", "12345678z", "12345678Z"),
    ],
)
def test_an_acceptable_field_gives_its_normalised_value(key: str, raw: str, value: str) -> None:
    result = check_field(key, raw)
    assert result.ok
    assert result.value == value


def test_a_refused_field_gives_a_message_instead_of_raising() -> None:
    result = check_field("family_name", "[bold]x")
    assert not result.ok
    assert result.value is None
    assert result.message == (
        'The name cannot contain "[" (U+005B, left square bracket): only letters, spaces, '
        "hyphens, apostrophes and full stops."
    )


def test_names_see_control_characters_so_they_can_refuse_them() -> None:
    result = check_field("given_name", "Jane\x00")
    assert result.message == "The name contains a control character (U+0000); please retype it."
    # The console's name boxes say what the legacy import says of a cell (bar "retype").
    result = check_field("family_name", "Ha\u200brt")
    assert result.message == (
        "The name contains an invisible formatting character (zero width space); please retype it."
    )


def test_an_unknown_field_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        check_field("favourite_colour", "blue")


def test_a_customer_model_validates_with_the_same_normalisers() -> None:
    customer = _Customer.model_validate(_GOOD_INPUT)
    assert customer.model_dump() == {
        "given_name": "Siobhán",
        "family_name": "O'Neill",
        "phone": "+447700900123",
        "email": "siobhan@example.com",
        "postcode": "SW1A 1AA",
        "country": "GB",
        "date_of_birth": "1985-03-03",
        "reference": "12345678Z",
    }


def test_a_date_object_is_accepted_as_a_date_of_birth() -> None:
    customer = _Customer.model_validate(_GOOD_INPUT | {"date_of_birth": date(1985, 3, 3)})
    assert customer.date_of_birth == "1985-03-03"


def test_a_model_refusal_carries_the_field_message_but_not_the_value() -> None:
    with pytest.raises(ValidationError) as caught:
        _Customer.model_validate(_GOOD_INPUT | {"phone": "0909 879 0123"})
    (error,) = caught.value.errors(include_input=False)
    assert error["loc"] == ("phone",)
    assert "Premium-rate numbers (09…) are not accepted." in error["msg"]


def test_a_model_refuses_non_text_values() -> None:
    with pytest.raises(ValidationError):
        _Customer.model_validate(_GOOD_INPUT | {"phone": 7700900123})
