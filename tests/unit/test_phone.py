"""Phone numbers: to E.164, with a specific reason when refused; shown and read back in groups.

Only numbers reserved for drama appear here: Ofcom's 07700 900xxx, 020 7946 0xxx and
0113/0121/0161 496 0xxx, and ARCEP's 01 99 00 xx xx for France. (The property tests at the
end draw digit strings near phonenumbers' own example patterns, or at random, and only ask
the library and the product about them: nothing is stored, shown or kept in the source.)
"""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import NumberParseException, PhoneNumberType

from custinfo_tui.domain.phone import (
    UK_ONE_DIGIT_SHORT,
    format_phone_international,
    format_phone_national,
    normalise_phone,
    phone_last_digits,
    spoken_phone_groups,
)
from custinfo_tui.domain.validation import FieldError

PREMIUM = "Premium-rate numbers (09…) are not accepted."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+44 (0)20 7946 0958", "+442079460958"),
        ("0044 20 7946 0958", "+442079460958"),
        ("020 7946 0958", "+442079460958"),
        ("020-7946-0958", "+442079460958"),
        ("07700 900123", "+447700900123"),
        ("07700900123", "+447700900123"),
        ("+447700900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("  07700 900 123  ", "+447700900123"),
        ("0113 496 0000", "+441134960000"),
        ("0121 496 0999", "+441214960999"),
        ("0161 496 0123", "+441614960123"),
        ("０７７００ ９００１２３", "+447700900123"),
    ],
)
def test_uk_numbers_in_any_common_layout_become_e164(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


def test_phone_in_international_format_with_trunk_zero_is_accepted() -> None:
    assert normalise_phone("+44 (0)20 7946 0958") == "+442079460958"


def test_e164_number_normalises_to_itself() -> None:
    assert normalise_phone("+447700900123") == "+447700900123"
    assert normalise_phone("+442079460958") == "+442079460958"


@pytest.mark.parametrize("last", ["000", "500", "999"])
def test_every_drama_mobile_number_is_accepted_although_libphonenumber_rejects_it(
    last: str,
) -> None:
    assert normalise_phone(f"07700 900{last}") == f"+447700900{last}"


def test_pasted_invisible_characters_are_ignored_in_phone_numbers() -> None:
    assert normalise_phone("\u202a07700 900123\u202c") == "+447700900123"


def test_national_number_is_read_in_the_given_region() -> None:
    # 01 99 00 xx xx is ARCEP's range reserved for fiction.
    assert normalise_phone("01 99 00 12 34", region="FR") == "+33199001234"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the phone number."),
        ("   ", "Enter the phone number."),
        ("\x00", "Enter the phone number."),
        ("0800 FLOWERS", "A phone number cannot contain letters."),
        ("[bold]07700 900123", "A phone number cannot contain letters."),
        ("07700 900123 ext 2", "A phone number cannot contain letters."),
        (
            "07700#900123",
            "A phone number can only contain digits, spaces, brackets, hyphens and a leading +.",
        ),
        ("07700+900123", "A + can only come at the start of a phone number."),
        ("+44 1234", "That number is too short; check it includes the area code."),
        ("077009001234", "That number is too long."),
        ("+44 20 7946 0958 0000 0000", "That number is too long."),
        ("+999 1234567", "That country code is not recognised."),
        ("07700 90012", UK_ONE_DIGIT_SHORT),
        ("020 7946 095", UK_ONE_DIGIT_SHORT),
        ("+44 7700 90012", UK_ONE_DIGIT_SHORT),
        ("012345678", "That is not a valid number for the UK."),
        ("+31 20 123", "That is not a valid number for country code +31 (NL)."),
        ("0909 879 0123", PREMIUM),
        ("+44 909 879 0123", PREMIUM),
    ],
)
def test_unacceptable_phone_numbers_are_refused_with_the_specific_reason(
    raw: str, message: str
) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_phone(raw)
    assert str(caught.value) == message


def test_premium_rate_number_is_accepted_when_allowed() -> None:
    assert normalise_phone("0909 879 0123", allow_premium=True) == "+449098790123"


def test_refusal_never_repeats_the_typed_number() -> None:
    with pytest.raises(FieldError) as caught:
        normalise_phone("07700 90012")
    assert "90012" not in str(caught.value)


@pytest.mark.parametrize(
    ("e164", "national", "international"),
    [
        ("+447700900123", "07700 900123", "+44 7700 900123"),
        ("+442079460958", "020 7946 0958", "+44 20 7946 0958"),
        ("+441134960000", "0113 496 0000", "+44 113 496 0000"),
        ("+33199001234", "+33 1 99 00 12 34", "+33 1 99 00 12 34"),
    ],
)
def test_stored_numbers_are_shown_as_a_caller_would_say_them(
    e164: str, national: str, international: str
) -> None:
    assert format_phone_national(e164) == national
    assert format_phone_international(e164) == international


@pytest.mark.parametrize(
    ("e164", "groups"),
    [
        ("+447700900123", ["07700", "900", "123"]),
        ("+442079460958", ["020", "7946", "0958"]),
        ("+441614960123", ["0161", "496", "0123"]),
        ("+33199001234", ["+33", "1", "99", "00", "12", "34"]),
    ],
)
def test_read_back_groups_follow_the_national_format(e164: str, groups: list[str]) -> None:
    assert spoken_phone_groups(e164) == groups


def test_formatting_text_that_is_not_a_stored_number_is_a_field_error() -> None:
    with pytest.raises(FieldError):
        format_phone_national("not a number")


@pytest.mark.parametrize(
    ("e164", "n", "expected"),
    [
        ("+447700900123", 3, "123"),
        ("+447700900123", 4, "0123"),
        ("+447700900123", 0, ""),
        ("12", 3, "12"),
        ("", 3, ""),
    ],
)
def test_hint_shows_only_the_last_digits(e164: str, n: int, expected: str) -> None:
    assert phone_last_digits(e164, n) == expected


# --- A number is valid exactly when its type is known (domain/phone.py asks the type once) ---

_REGIONS = ["GB", "JE", "GG", "IM", "IE", "FR", "DE", "NL", "US", "CA", "IN", "AU"]


@st.composite
def _numbers(draw: st.DrawFn, regions: list[str] = _REGIONS) -> tuple[str, str]:
    region = draw(st.sampled_from(regions))
    kind = draw(st.sampled_from(list(PhoneNumberType.values())))
    example = phonenumbers.example_number_for_type(region, kind)
    if example is not None and draw(st.booleans()):
        # A real pattern with its last digits changed: valid and invalid numbers near it.
        digits = phonenumbers.national_significant_number(example)
        keep = draw(st.integers(min_value=0, max_value=len(digits)))
        tail = draw(st.text(alphabet="0123456789", min_size=0, max_size=len(digits) - keep + 2))
        return region, digits[:keep] + tail
    return region, draw(st.text(alphabet="0123456789+", min_size=2, max_size=16))


@given(_numbers())
def test_a_number_is_valid_exactly_when_its_type_is_known(case: tuple[str, str]) -> None:
    region, text = case
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return
    known = phonenumbers.number_type(number) != PhoneNumberType.UNKNOWN
    assert phonenumbers.is_valid_number(number) == known


# --- The plain UK number shortcut (domain/phone.py reads "020 7946 0958" without parsing) ----


@st.composite
def _uk_typed(draw: st.DrawFn) -> str:
    """Digits as a UK caller gives them: near each kind's real pattern, or any 6 to 12
    digits; after a trunk 0, 00, +44 or nothing; in groups split by one or two spaces."""
    if draw(st.booleans()):
        _, body = draw(_numbers(["GB"]))
        body = body.lstrip("+")
    else:
        body = draw(st.text(alphabet="0123456789", min_size=6, max_size=12))
    digits = draw(st.sampled_from(["0", "0", "00", "+44", ""])) + body
    cuts = draw(st.lists(st.integers(min_value=0, max_value=len(digits)), max_size=4))
    spaces = draw(st.sampled_from([" ", " ", "  "]))
    for cut in sorted(cuts, reverse=True):
        digits = digits[:cut] + spaces + digits[cut:]
    return digits


def _outcome(raw: str) -> str:
    try:
        return normalise_phone(raw)
    except FieldError as error:
        return f"refused: {error}"


@settings(max_examples=300)
@given(_uk_typed())
def test_the_plain_uk_number_shortcut_gives_the_librarys_answer(raw: str) -> None:
    """A plain UK number skips the library's parsing: the stored form or the refusal is
    the same as the library's parse gives."""
    import re

    from custinfo_tui.domain import phone

    shortcut = _outcome(raw)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(phone, "_PLAIN_UK", re.compile(r"(?!)"))  # matches nothing
        library = _outcome(raw)
    assert shortcut == library
