"""Pydantic field types built on the normalisers, so models validate exactly as the form does.

A model field typed `PhoneNumber` accepts what `normalise_phone` accepts and holds its result;
a FieldError becomes a pydantic ValidationError carrying the same plain-English message.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from custinfo_tui.domain.dates import normalise_date_of_birth
from custinfo_tui.domain.email import normalise_email
from custinfo_tui.domain.names import normalise_name
from custinfo_tui.domain.phone import normalise_phone
from custinfo_tui.domain.postcode import (
    normalise_country_code,
    normalise_foreign_postcode,
    normalise_uk_postcode,
)
from custinfo_tui.domain.reference import normalise_reference


# Single-argument wrappers: pydantic reads a second positional parameter as `info`, which
# would mistake `region` or `today` for it.
def _phone(raw: str) -> str:
    return normalise_phone(raw)


def _date_of_birth(raw: str) -> str:
    return normalise_date_of_birth(raw)


def _date_as_text(value: object) -> object:
    """Let a `date` (from the database or code) through as its ISO text."""
    return value.isoformat() if isinstance(value, date) else value


PersonName = Annotated[str, AfterValidator(normalise_name)]
PhoneNumber = Annotated[str, AfterValidator(_phone)]
EmailAddress = Annotated[str, AfterValidator(normalise_email)]
UkPostcode = Annotated[str, AfterValidator(normalise_uk_postcode)]
ForeignPostcode = Annotated[str, AfterValidator(normalise_foreign_postcode)]
CountryCode = Annotated[str, AfterValidator(normalise_country_code)]
#: Checked against today's date (no future dates, no age over 120): meant for data being
#: entered, not for reading old records back, where the age limit could have been passed since.
DateOfBirth = Annotated[str, BeforeValidator(_date_as_text), AfterValidator(_date_of_birth)]
CustomerReference = Annotated[str, AfterValidator(normalise_reference)]
