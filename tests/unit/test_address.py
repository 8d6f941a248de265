"""Address lines and towns in one standard form."""

from __future__ import annotations

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
        ("[bold]12 Road", "can only contain"),
        ("12 Road; DROP TABLE", "can only contain"),
    ],
)
def test_bad_address_lines_are_refused_with_a_reason(raw: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        normalise_address_line(raw)


def test_town_is_capitalised_when_typed_in_one_case() -> None:
    assert normalise_town("newcastle upon tyne") == "Newcastle Upon Tyne"
    assert normalise_town("Stratford-upon-Avon") == "Stratford-upon-Avon"
