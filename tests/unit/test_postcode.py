"""Postcodes: UK ones to the Royal Mail form, with the official letter rules; others tidied."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.postcode import (
    looks_like_outward_code,
    mask_postcode,
    normalise_country_code,
    normalise_foreign_postcode,
    normalise_uk_postcode,
    outward_code,
)
from custinfo_tui.domain.validation import FieldError

NOT_UK = "That is not a UK postcode format (for example SW1A 1AA)."


def _never(letter: str, where: str) -> str:
    """What a postcode shaped like a UK one, with a letter never used where it stands, is
    refused with: the letter and where, so the handler checks that letter with the caller."""
    return (
        f"That is not a UK postcode: {letter} is never {where}. Check that letter with the "
        "caller (for example SW1A 1AA)."
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SW1A 1AA", "SW1A 1AA"),
        ("sw1a1aa", "SW1A 1AA"),
        ("  sw1a   1aa ", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),  # A9
        ("B33 8TH", "B33 8TH"),  # A99
        ("CR2 6XH", "CR2 6XH"),  # AA9
        ("DN55 1PT", "DN55 1PT"),  # AA99
        ("W1A 0AX", "W1A 0AX"),  # A9A
        ("EC1A 1BB", "EC1A 1BB"),  # AA9A
        ("gir0aa", "GIR 0AA"),
        ("BFPO 1234", "BFPO 1234"),
        ("bfpo1", "BFPO 1"),
        ("ascn 1zz", "ASCN 1ZZ"),
        ("STHL1ZZ", "STHL 1ZZ"),
        ("TDCU 1ZZ", "TDCU 1ZZ"),
        ("BBND 1ZZ", "BBND 1ZZ"),
        ("BIQQ 1ZZ", "BIQQ 1ZZ"),
        ("FIQQ 1ZZ", "FIQQ 1ZZ"),
        ("PCRN 1ZZ", "PCRN 1ZZ"),
        ("SIQQ 1ZZ", "SIQQ 1ZZ"),
        ("TKCA 1ZZ", "TKCA 1ZZ"),
    ],
)
def test_uk_postcodes_in_any_case_and_spacing_take_the_standard_form(
    raw: str, expected: str
) -> None:
    assert normalise_uk_postcode(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the postcode."),
        ("   ", "Enter the postcode."),
        ("SW1A", NOT_UK),
        ("SW1A 1AAA", NOT_UK),
        ("QW1 1AA", _never("Q", "its first letter")),
        ("VA1 1AA", _never("V", "its first letter")),
        ("XA1 1AA", _never("X", "its first letter")),
        ("AI1 1AA", _never("I", "its second letter")),
        ("AJ1 1AA", _never("J", "its second letter")),
        ("AZ1 1AA", _never("Z", "its second letter")),
        # A letter ending A9A is from ABCDEFGHJKPSTUW, one ending AA9A from ABEHMNPRVWXY.
        ("W1I 0AX", _never("I", "the letter ending its first half (as in SW1A)")),
        ("EC1C 1BB", _never("C", "the letter ending its first half (as in SW1A)")),
        # Inward letters are never C, I, K, M, O or V: "BS8 4JK" looks valid to a handler.
        ("SW1A 1CA", _never("C", "one of its last two letters")),
        ("SW1A 1AV", _never("V", "one of its last two letters")),
        ("bs8 4jk", _never("K", "one of its last two letters")),
        ("SW1A 1A\x00A", NOT_UK),
        ("[bold]x", NOT_UK),
        ("BFPO 12345", NOT_UK),
        ("ASCN 2ZZ", NOT_UK),
        ("SW1A\u202e1AA", "A postcode can only contain letters, numbers and spaces."),
        ("ＳＷ1A 1AA", "A postcode can only contain letters, numbers and spaces."),
    ],
)
def test_text_outside_the_uk_format_is_refused(raw: str, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_uk_postcode(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("postcode", "outward"),
    [("sw1a 1aa", "SW1A"), ("M1 1AE", "M1"), ("BFPO 1234", "BFPO"), ("GIR 0AA", "GIR")],
)
def test_outward_code_is_the_part_before_the_space(postcode: str, outward: str) -> None:
    assert outward_code(postcode) == outward


@pytest.mark.parametrize(
    "raw", ["SW1A", "sw1a", "M1", "B33", "EC1A", "GIR", "BFPO", "ASCN", " m1 "]
)
def test_first_halves_of_postcodes_are_recognised_for_search(raw: str) -> None:
    assert looks_like_outward_code(raw)


@pytest.mark.parametrize("raw", ["", "SW1A 1AA", "Smith", "QW1", "12", "ＳＷ1", "M1\x00"])
def test_other_text_is_not_taken_for_an_outward_code(raw: str) -> None:
    assert not looks_like_outward_code(raw)


@pytest.mark.parametrize(
    ("postcode", "masked"),
    [
        ("SW1A 1AA", "SW1A 1**"),
        ("m1 1ae", "M1 1**"),
        ("BFPO 1234", "BFPO ****"),
        ("GIR 0AA", "GIR 0**"),
        ("75008", "75***"),
        ("1010-123", "10**-***"),
        ("", ""),
    ],
)
def test_masked_postcode_shows_only_the_area(postcode: str, masked: str) -> None:
    assert mask_postcode(postcode) == masked


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("GB", "GB"), ("gb", "GB"), (" fr ", "FR"), ("uk", "GB"), ("UK", "GB"), ("ie", "IE")],
)
def test_country_codes_are_upper_case_iso_codes_and_uk_means_gb(raw: str, expected: str) -> None:
    assert normalise_country_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the country code."),
        ("  ", "Enter the country code."),
        ("XX", "That is not a known two-letter country code (for example GB or FR)."),
        ("GBR", "That is not a known two-letter country code (for example GB or FR)."),
        ("ﬁ", "That is not a known two-letter country code (for example GB or FR)."),
        ("G\x00", "That is not a known two-letter country code (for example GB or FR)."),
    ],
)
def test_unknown_country_codes_are_refused(raw: str, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_country_code(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("75008", "75008"), (" d02  x285 ", "D02 X285"), ("1010-123", "1010-123"), ("A", "A")],
)
def test_foreign_postcodes_are_trimmed_and_upper_cased(raw: str, expected: str) -> None:
    assert normalise_foreign_postcode(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the postcode."),
        ("   ", "Enter the postcode."),
        ("1234567890123", "A postcode can be at most 12 characters long."),
        ("[bold]x", "A postcode can only contain letters, numbers, spaces and hyphens."),
        ("75\x0008", "A postcode can only contain letters, numbers, spaces and hyphens."),
        ("75\u202e008", "A postcode can only contain letters, numbers, spaces and hyphens."),
        ("-75008", "A postcode can only contain letters, numbers, spaces and hyphens."),
    ],
)
def test_unacceptable_foreign_postcodes_are_refused(raw: str, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_foreign_postcode(raw)
    assert str(caught.value) == message
