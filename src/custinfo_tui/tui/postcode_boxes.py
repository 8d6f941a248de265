"""The postcode boxes of the capture and edit forms follow the country box: the one for
where the address is stays open, the other closes, so `Tab` passes it; what it holds is
kept, but neither checked nor saved. Which postcode an address takes is the domain's rule
(domain/address_country.py); the service checks it again at the save.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from custinfo_tui.domain.address_country import COUNTRY_FIELD, POSTCODE_FIELDS, typed_country
from custinfo_tui.domain.field_spec import AddressIn
from custinfo_tui.domain.fields import FIELDS, check_field
from custinfo_tui.domain.records import FieldValue
from custinfo_tui.domain.validation import FieldError, Normaliser
from custinfo_tui.tui.widgets.field_input import FieldInput

#: What a closed postcode box says, by the addresses it is for (whole in the capture form's
#: box, 40 wide beside the duplicates).
CLOSED = {
    AddressIn.UK: "Only for an address in the UK",
    AddressIn.ABROAD: "Only for an address outside the UK",
}

#: The country box while empty, on the capture form.
EMPTY_COUNTRY = "Left empty: the United Kingdom"


def address_in_form(
    fields: Mapping[str, FieldInput], *, when_empty: AddressIn = AddressIn.UK
) -> AddressIn | None:
    """Where the address is by the form's country box: the UK without the box (a template
    not asking it); `when_empty` while it is empty (on the edit form, where the address
    held is: its country may be hidden in a call); None while it names no country yet."""
    country = fields.get(COUNTRY_FIELD)
    if country is None:
        return AddressIn.UK
    if not country.raw.strip():
        return when_empty
    return typed_country(country.raw)


def address_held(fields: Iterable[FieldValue]) -> AddressIn:
    """Where the address a record holds is, by the postcode it lists: the edit form's country
    box may be empty, the country hidden in a call, but which rows the record lists is not."""
    listed = {field.key for field in fields if field.listed}
    abroad = POSTCODE_FIELDS[AddressIn.ABROAD] in listed
    return AddressIn.ABROAD if abroad else AddressIn.UK


def follow_country(fields: Mapping[str, FieldInput], where: AddressIn | None) -> None:
    """Open the postcode box for an address `where` is and close the other; both open
    while where it is is not known."""
    for side, key in POSTCODE_FIELDS.items():
        field = fields.get(key)
        if field is not None:
            field.close(CLOSED[side] if where is not None and side is not where else None)


def used(key: str, where: AddressIn | None) -> bool:
    """Whether a box counts for an address `where` is (every box but the other postcode)."""
    side = FIELDS[key].address_in
    return side is None or where is None or side is where


def postcode_needed(
    fields: Mapping[str, FieldInput], before: Mapping[str, str | None]
) -> FieldInput | None:
    """On the edit form: the empty postcode box that a change of country makes necessary
    (an address moved into the UK needs its UK postcode), or None."""
    country = fields.get(COUNTRY_FIELD)
    if country is None or not country.raw.strip():
        return None  # the country unchanged
    where = typed_country(country.raw)
    if where is None:
        return None
    if check_field(COUNTRY_FIELD, country.raw).value == before.get(COUNTRY_FIELD):
        return None
    key = POSTCODE_FIELDS[where]
    field = fields.get(key)
    if field is None or FIELDS[key].clearable or field.raw.strip():
        return None
    return field


#: Said with a UK postcode refused, on a form that also asks the country.
ABROAD_HINT = "Outside the UK? Give the country below."


def with_abroad_hint(key: str, normalise: Normaliser) -> Normaliser:
    """The UK postcode's check on a form with a country box: a refusal also says where an
    address elsewhere goes (a caller in Paris gives "75001"); other fields' checks as they
    are."""
    if key != POSTCODE_FIELDS[AddressIn.UK]:
        return normalise

    def hinted(raw: str) -> str:
        try:
            return normalise(raw)
        except FieldError as error:
            raise FieldError(f"{error} {ABROAD_HINT}") from None

    return hinted
