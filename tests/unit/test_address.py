"""Address lines and towns in one standard form."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from custinfo_tui.domain.address import normalise_address_line, normalise_town
from custinfo_tui.domain.validation import FieldError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12 acacia road", "12 Acacia Road"),
        ("12 ACACIA ROAD", "12 Acacia Road"),
        ("  Flat 2/3,   St. John's Court ", "Flat 2/3, St. John's Court"),
        ("14 McDonald Way", "14 McDonald Way"),
        ("7 o'neill close", "7 O'Neill Close"),
        ("1 Rue de l’Église", "1 Rue de l'Église"),
        # Pasted from an e-mail or a word processor: dashes and curly quotes stored plain.
        ("12\u201314 Acacia Road", "12-14 Acacia Road"),
        ("12\u201414 acacia road", "12-14 Acacia Road"),
        ("12\u2010B Mill Lane", "12-B Mill Lane"),
        ("\u2018The Old Mill\u2019, 12 Acacia Road", "'The Old Mill', 12 Acacia Road"),
        ("\u2018THE OLD MILL\u2019", "'The Old Mill'"),
    ],
)
def test_address_lines_are_put_in_one_standard_form(raw: str, expected: str) -> None:
    assert normalise_address_line(raw) == expected
    assert normalise_address_line(expected) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the address line."),
        ("   ", "Enter the address line."),
        ("x" * 121, "at most 120 characters"),
        ("12 Road\x00", r"contains a control character \(U\+0000\); please retype it\."),
        ("12 \u202eRoad", "a character that changes the direction of the text"),
        ("12\u200b Road", r"an invisible formatting character \(zero width space\)"),
        ("12 \u3164 Road", r"contains an invisible character \(hangul filler\); please"),
        ("12 Road\uffa0", r"contains an invisible character \(halfwidth hangul filler\)"),
    ],
)
def test_bad_address_lines_are_refused_with_a_reason(raw: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        normalise_address_line(raw)


ALLOWED = "only letters, numbers, spaces and . , ' / & ( ) -"


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("12 Road \u20ac", '"€" (U+20AC, euro sign)'),
        ("[bold]12 Road", '"[" (U+005B, left square bracket)'),
        ("12 Road; DROP TABLE", '";" (U+003B, semicolon)'),
        ("\u201cThe Old Mill\u201d", '"“" (U+201C, left double quotation mark)'),
        ('"The Old Mill"', "'\"' (U+0022, quotation mark)"),
        ("12\u221214 Acacia Road", '"−" (U+2212, minus sign)'),
        ("12 Ro\u200dad", "U+200D (zero width joiner)"),
    ],
)
def test_a_refused_character_is_named_so_the_handler_knows_what_to_change(
    raw: str, named: str
) -> None:
    """Found by a tester: "12 Road €" was refused with "The address line can only contain
    letters, numbers, spaces and . , ' / & ( ) -", which left the handler to find which
    character was wrong."""
    with pytest.raises(FieldError) as caught:
        normalise_address_line(raw)

    assert str(caught.value) == f"The address line cannot contain {named}: {ALLOWED}"


def test_a_town_names_the_character_it_cannot_hold_too() -> None:
    with pytest.raises(FieldError) as caught:
        normalise_town("Leeds!")

    assert str(caught.value) == f'The town cannot contain "!" (U+0021, exclamation mark): {ALLOWED}'


def test_town_is_capitalised_when_typed_in_one_case() -> None:
    assert normalise_town("newcastle upon tyne") == "Newcastle Upon Tyne"
    assert normalise_town("Stratford-upon-Avon") == "Stratford-upon-Avon"


@pytest.mark.parametrize(
    ("normalise", "message"),
    [(normalise_address_line, "Enter the address line."), (normalise_town, "Enter the town.")],
)
@pytest.mark.parametrize("raw", ["\ufe0f", "\ufe00\ufe0f", " \U000e0100 ", "\U000e01ef"])
def test_a_value_of_lone_variation_selectors_is_refused_as_empty(
    normalise: Callable[[str], str], message: str, raw: str
) -> None:
    """Found in a review: a variation selector pasted alone into a town was stored, a town
    the console could only show as "(hidden characters only)". With no letter before it,
    it chooses the form of nothing: it goes, and nothing is left to store."""
    with pytest.raises(FieldError, match=re.escape(message)):
        normalise(raw)


def test_a_variation_selector_after_a_letter_is_kept_one_with_none_goes() -> None:
    # U+E0100 chooses the form of the ideograph before it (a Japanese address's town).
    assert normalise_town("\u845b\U000e0100\u98fe") == "\u845b\U000e0100\u98fe"
    assert normalise_address_line("\ufe0f12 \ufe0fAcacia Road") == "12 Acacia Road"
