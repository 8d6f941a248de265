"""The field registry is the one source of truth for questions, categories, masks and read-back."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.field_spec import Mask, ReadBack
from custinfo_tui.domain.fields import FIELDS, field, fields_in
from custinfo_tui.domain.verification import CheckKind


def test_every_field_has_a_question_to_ask_the_caller() -> None:
    for spec in FIELDS.values():
        assert spec.question.endswith("?"), spec.key
        assert spec.label


def test_every_field_is_in_exactly_one_data_category() -> None:
    assert {spec.category for spec in FIELDS.values()} == set(DataCategory)
    assert sum(len(fields_in(category)) for category in DataCategory) == len(FIELDS)


def test_only_what_picks_the_right_record_is_unmasked_before_verification() -> None:
    unmasked = {spec.key for spec in FIELDS.values() if spec.mask is Mask.NONE}
    assert unmasked == {"given_name", "family_name", "reference", "enquiry_type"}
    assert field("postcode").mask is Mask.POSTCODE_OUTWARD
    assert field("phone").mask is Mask.LAST_DIGITS
    assert field("date_of_birth").mask is Mask.HIDDEN


def test_read_back_styles_follow_the_spoken_conventions() -> None:
    assert field("family_name").read_back is ReadBack.PHONETIC
    assert field("email").read_back is ReadBack.PHONETIC
    assert field("phone").read_back is ReadBack.DIGIT_GROUPS
    assert field("postcode").read_back is ReadBack.CHARACTERS
    assert field("date_of_birth").read_back is ReadBack.SPOKEN_DATE


def test_accessibility_needs_are_special_category_data() -> None:
    assert field("accessibility_needs").category is DataCategory.SPECIAL_CATEGORY


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("phone", "07700 900123", "+447700900123"),
        ("postcode", "sw1a1aa", "SW1A 1AA"),
        ("given_name", "  zoë ", "Zoë"),
    ],
)
def test_registry_normalisers_produce_the_stored_form(key: str, raw: str, expected: str) -> None:
    normalise = field(key).normalise
    assert normalise is not None
    assert normalise(raw) == expected


def test_unknown_field_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        field("shoe_size")


def test_a_mask_showing_part_of_a_value_names_the_check_that_value_answers() -> None:
    """In a call such a mask is hidden until that check passes (services/record_view.py,
    `mask_shown`): "...123" beside "the last 4 digits of the phone number we hold"."""
    partial = {spec.key for spec in FIELDS.values() if spec.mask not in (Mask.NONE, Mask.HIDDEN)}
    assert partial == {"phone", "postcode"}
    assert all(FIELDS[key].answers is not None for key in partial)
    assert FIELDS["phone"].answers is CheckKind.PHONE_DIGITS
    assert FIELDS["postcode"].answers is CheckKind.POSTCODE
