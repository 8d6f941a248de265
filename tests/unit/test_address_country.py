"""Countries typed as a code or a name, and which postcode an address takes by its country
(MP-05; domain/countries.py, domain/address_country.py)."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.address_country import (
    POSTCODE_FIELDS,
    address_in,
    asked,
    check_postcodes,
    typed_country,
)
from custinfo_tui.domain.countries import country_name, country_names, normalise_country
from custinfo_tui.domain.field_display import as_displayed
from custinfo_tui.domain.field_spec import AddressIn
from custinfo_tui.domain.legacy_import import IMPORTABLE_FIELDS, ImportMapping
from custinfo_tui.domain.readback import read_back
from custinfo_tui.domain.validation import FieldError


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("FR", "FR"),
        ("fr", "FR"),
        ("France", "FR"),
        ("  france ", "FR"),
        ("UK", "GB"),
        ("England", "GB"),
        ("U.K.", "GB"),
        ("united kingdom", "GB"),
        ("Côte d’Ivoire", "CI"),
        ("cote d'ivoire", "CI"),
        ("The Netherlands", "NL"),
        ("Bosnia & Herzegovina", "BA"),
        ("USA", "US"),
    ],
)
def test_a_country_is_typed_as_a_code_or_a_name_and_kept_as_its_code(raw: str, code: str) -> None:
    assert normalise_country(raw) == code


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the country."),
        ("XX", "That is not a country we know: give its name or two-letter code"),
        ("Frnace", "That is not a country we know"),
        ("GBR", "That is not a country we know"),
        ("[b]France[/b]", "That is not a country we know"),
    ],
)
def test_a_country_not_known_is_refused_with_what_to_type(raw: str, message: str) -> None:
    with pytest.raises(FieldError, match=message.replace(".", r"\.")):
        normalise_country(raw)


def test_the_bundled_names_are_phonenumbers_own_for_every_place_it_knows() -> None:
    """The names are kept in a file (phonenumbers' geocoder costs about 100 MB to load):
    checked here against the geocoder, so an upgrade that renames or adds a place shows."""
    from phonenumbers.geocoder import _region_display_name

    names = country_names()
    assert set(names) == phonenumbers.SUPPORTED_REGIONS
    for code, name in names.items():
        theirs = _region_display_name(code, "en")
        assert not theirs or name.casefold() == theirs.casefold(), code


def test_every_country_shown_by_name_reads_back_as_its_own_code() -> None:
    """The edit form starts from the name the record shows: it must come back unchanged."""
    for code in phonenumbers.SUPPORTED_REGIONS:
        assert normalise_country(country_name(code)) == code, code


def test_a_country_is_shown_and_read_back_by_its_name() -> None:
    assert as_displayed("country", "FR") == "France"
    assert country_name("IM") == "Isle of Man"
    line = read_back("country", "DE")
    assert (line.value, line.say) == ("Germany", "Germany")


@given(st.text(max_size=8))
def test_a_country_box_half_typed_names_no_address_yet(raw: str) -> None:
    where = typed_country(raw)
    if not raw.strip():
        assert where is AddressIn.UK
    elif where is not None:
        assert where is address_in(normalise_country(raw))


def test_each_postcode_is_asked_of_the_addresses_it_is_for() -> None:
    assert POSTCODE_FIELDS == {AddressIn.UK: "postcode", AddressIn.ABROAD: "foreign_postcode"}
    assert asked("postcode", None) and asked("postcode", "GB")
    assert not asked("postcode", "FR") and asked("foreign_postcode", "FR")
    assert asked("town", "FR") and asked("town", "GB")


def test_the_postcode_for_the_country_is_required_and_the_other_refused() -> None:
    required = ("postcode",)
    check_postcodes({"postcode": "SW1A 1AA"}, required=required)
    check_postcodes({"country": "FR", "foreign_postcode": "75001"}, required=required)
    check_postcodes({"country": "FR"}, required=required)  # a place without postcodes
    with pytest.raises(FieldError, match=r"^Postcode: enter the postcode\.$"):
        check_postcodes({"country": "GB"}, required=required)
    with pytest.raises(FieldError, match=r"^Postcode: only for an address in the UK; this"):
        check_postcodes({"country": "FR", "postcode": "SW1A 1AA"}, required=required)
    with pytest.raises(FieldError, match=r"^Postcode \(outside the UK\): only for an address"):
        check_postcodes({"postcode": "SW1A 1AA", "foreign_postcode": "75001"}, required=())
    # A postcode kept from before a change of country is not refused: it goes with it.
    check_postcodes(
        {"country": "FR", "postcode": "SW1A 1AA"}, required=required, given=("country",)
    )


def test_a_legacy_file_cannot_fill_a_country_or_a_postcode_from_abroad() -> None:
    assert "country" not in IMPORTABLE_FIELDS and "foreign_postcode" not in IMPORTABLE_FIELDS
    with pytest.raises(ValueError, match="country: not a field a legacy file may fill"):
        ImportMapping(columns={"given_name": "A", "family_name": "B", "country": "C"})
