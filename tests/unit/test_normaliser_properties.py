"""Every field normaliser, on any text: a value or a FieldError, and stable on its own output."""

from __future__ import annotations

from datetime import date

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.dates import MONTH_NAMES
from custinfo_tui.domain.fields import FIELD_NORMALISERS, FIELDS, check_field, normaliser_for
from custinfo_tui.domain.reference import (
    HIGHEST_NUMBER,
    LOWEST_NUMBER,
    format_reference,
    reference_for_number,
)
from custinfo_tui.domain.text import collapse_spaces, fold_for_search, strip_control_characters
from custinfo_tui.domain.validation import FieldError, Normaliser
from tests.support.escape_text import escape_heavy_text

KEYS = sorted(FIELD_NORMALISERS)

# Inputs shaped like each field, so the "accepted" branch is exercised, not only refusals.
_letters = st.characters(categories=["L", "M"])
_name_like = st.lists(st.text(_letters, min_size=1, max_size=12), min_size=1, max_size=4).flatmap(
    lambda parts: st.sampled_from([" ", "-", "'", "’", "–", "`"]).map(lambda sep: sep.join(parts))
)
_postcode_like = st.from_regex(r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}", fullmatch=True)
_phone_like = st.from_regex(r"(\+44 ?|0)(7700 ?900 ?[0-9]{3}|20 ?7946 ?0[0-9]{3})", fullmatch=True)
_any_phone_like = st.from_regex(r"(\+|00)?[0-9 ()-]{4,20}", fullmatch=True)
# Only reserved example domains, so no generated address can belong to anyone.
_email_like = st.from_regex(
    r"[A-Za-z0-9._%+-]{1,20}@([A-Za-z0-9-]{1,12}\.)?example\.(com|org|net)", fullmatch=True
)
_date_like = st.one_of(
    st.dates(min_value=date(1910, 1, 1), max_value=date(2020, 12, 31)).map(
        lambda d: f"{d.day}/{d.month}/{d.year:04d}"
    ),
    st.dates().map(lambda d: f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year:04d}"),
)
_reference_like = st.one_of(
    st.integers(LOWEST_NUMBER, HIGHEST_NUMBER).map(reference_for_number).map(format_reference),
    st.from_regex(r"[1-9][0-9]{3}[ -]?[0-9]{4}[ -]?[A-Za-z]", fullmatch=True),
)
_country_like = st.one_of(
    st.sampled_from(sorted(phonenumbers.SUPPORTED_REGIONS)).map(str.lower),
    st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz "), max_size=3),
)
_address_like = st.text(
    st.characters(categories=["L", "M", "Nd", "Zs"], include_characters="'’‘.,/&()-–—"),
    min_size=1,
    max_size=40,
)
_foreign_postcode_like = st.text(st.sampled_from("ABCXYZ0123456789 -"), min_size=1, max_size=14)

SHAPED_INPUTS: dict[str, st.SearchStrategy[str]] = {
    "given_name": _name_like,
    "family_name": _name_like,
    "phone": st.one_of(_phone_like, _any_phone_like),
    "email": _email_like,
    "postcode": _postcode_like,
    "country": _country_like,
    "foreign_postcode": _foreign_postcode_like,
    "date_of_birth": _date_like,
    "reference": _reference_like,
    "address_line1": _address_like,
    "address_line2": _address_like,
    "town": _address_like,
}


def _accepts_or_refuses_cleanly(normalise: Normaliser, raw: str) -> None:
    try:
        value = normalise(raw)
    except FieldError as error:
        assert str(error), "a refusal must say why"
        return
    assert isinstance(value, str)
    assert normalise(value) == value


def test_every_field_has_shaped_inputs() -> None:
    assert set(SHAPED_INPUTS) == set(FIELD_NORMALISERS)


@pytest.mark.parametrize("key", KEYS)
@given(raw=st.text())
def test_any_text_is_normalised_or_refused_with_a_field_error(key: str, raw: str) -> None:
    _accepts_or_refuses_cleanly(FIELD_NORMALISERS[key], raw)


@pytest.mark.parametrize("key", KEYS)
@given(data=st.data())
def test_field_shaped_text_is_normalised_idempotently(key: str, data: st.DataObject) -> None:
    raw = data.draw(SHAPED_INPUTS[key])
    _accepts_or_refuses_cleanly(FIELD_NORMALISERS[key], raw)


@pytest.mark.parametrize("key", KEYS)
@given(raw=st.text())
def test_check_field_turns_every_refusal_into_a_message(key: str, raw: str) -> None:
    result = check_field(key, raw)
    assert (result.value is None) != (result.message is None)


@given(raw=st.text() | escape_heavy_text)
def test_text_helpers_are_idempotent(raw: str) -> None:
    for helper in (strip_control_characters, collapse_spaces, fold_for_search):
        once = helper(raw)
        assert helper(once) == once


@pytest.mark.parametrize("key", sorted(FIELDS))
@given(raw=st.text())
def test_every_field_free_text_included_is_normalised_once_or_refused(key: str, raw: str) -> None:
    """What the capture and edit forms use for each field: notes and support needs too."""
    _accepts_or_refuses_cleanly(normaliser_for(key), raw)
