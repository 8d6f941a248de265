"""Which postcode an address takes (MP-05): one in the UK a UK postcode in Royal Mail's form
(`postcode`); one anywhere else the postcode used there, if the place has one
(`foreign_postcode`). The address's country says which (`country`; none given: the UK).

The registry marks each postcode with the addresses it is for (`FieldSpec.address_in`) and
this module derives the rest from it. Both are kept in the address's one postcode column,
which verification compares as the country says too (domain/answers.py). The capture and
edit forms, the services saving them, a move and a merge all decide by these rules.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType

from custinfo_tui.domain.countries import in_the_uk
from custinfo_tui.domain.field_spec import AddressIn
from custinfo_tui.domain.fields import FIELDS, check_field
from custinfo_tui.domain.validation import FieldError

#: The field holding the address's country.
COUNTRY_FIELD = "country"

#: The postcode field asked of an address in the UK, and the one asked of an address
#: elsewhere.
POSTCODE_FIELDS: Mapping[AddressIn, str] = MappingProxyType(
    {spec.address_in: spec.key for spec in FIELDS.values() if spec.address_in is not None}
)

_NOT_FOR = {
    AddressIn.UK: "only for an address in the UK; this one is outside it",
    AddressIn.ABROAD: "only for an address outside the UK; this one is in the UK",
}


def address_in(country: str | None) -> AddressIn:
    """Where an address with this country (its stored code; None or empty: the UK) is."""
    return AddressIn.UK if in_the_uk(country) else AddressIn.ABROAD


def asked(key: str, country: str | None) -> bool:
    """Whether a field is asked of (and held for) an address with this country."""
    wanted = FIELDS[key].address_in
    return wanted is None or wanted is address_in(country)


def listed(key: str, country: str | None) -> bool:
    """Whether the record lists a field for an address with this country: every field but
    the postcode not for it, and the country itself only for an address outside the UK
    (one in the UK says so by its postcode, and its record keeps the rows it always had,
    which fit beside a call's panels at 80x24). Which rows there are says no more than the
    masked UK postcode always has: whether the address is in the UK."""
    if key == COUNTRY_FIELD:
        return not in_the_uk(country)
    return asked(key, country)


def typed_country(raw: str) -> AddressIn | None:
    """Where the address is by the country box's text: the UK while it is empty, None while
    it names no country (half typed)."""
    if not raw.strip():
        return AddressIn.UK
    checked = check_field(COUNTRY_FIELD, raw)
    return None if checked.value is None else address_in(checked.value)


def check_postcodes(
    values: Mapping[str, str | None],
    *,
    required: Collection[str],
    given: Collection[str] | None = None,
) -> None:
    """Refuse (FieldError naming the field) a postcode given that is not for the address's
    country, and the one for it missing when it is `required`.

    `values` are stored forms by field key: the address as it will be (its country among
    them, or none: the UK). `given` are the fields the handler typed (by default every one
    in `values`): a postcode kept from before a change of country is not refused, it goes.
    """
    where = address_in(values.get(COUNTRY_FIELD))
    typed = values if given is None else {key: values.get(key) for key in given}
    for side, key in POSTCODE_FIELDS.items():
        if side is not where and typed.get(key):
            other = FIELDS[POSTCODE_FIELDS[where]].label
            raise FieldError(f"{FIELDS[key].label}: {_NOT_FOR[side]}: use {other}.")
    wanted = FIELDS[POSTCODE_FIELDS[where]]
    if wanted.key in required and not values.get(wanted.key):
        raise FieldError(f"{wanted.label}: enter the postcode.")
