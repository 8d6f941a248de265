"""Read-back lines: what the handler says to confirm each captured value (MP-03)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.readback import (
    lines_read_back,
    read_back,
    read_back_all,
    spell,
    spell_character,
    unchanged_address_lines,
)


@pytest.mark.parametrize(
    ("key", "stored", "value", "say"),
    [
        pytest.param(
            "family_name",
            "Smith",
            "Smith",
            "S for Sierra, M for Mike, I for India, T for Tango, H for Hotel",
            id="name-phonetic",
        ),
        pytest.param(
            "family_name",
            "O'Neill-Ní",
            "O'Neill-Ní",
            "O for Oscar, apostrophe, N for November, E for Echo, I for India, L for Lima, "
            "L for Lima, hyphen, N for November, í (I for India, with acute)",
            id="apostrophe-hyphen-accent",
        ),
        pytest.param(
            "email",
            "jo.e1@example.com",
            "jo.e1@example.com",
            "J for Juliett, O for Oscar, dot, E for Echo, one, at, example dot com",
            id="email",
        ),
        pytest.param(
            "phone",
            "+447700900123",
            "07700 900 123",
            "zero seven seven zero zero, nine zero zero, one two three",
            id="mobile-in-groups",
        ),
        pytest.param(
            "phone",
            "+33199001234",
            "+33 1 99 00 12 34",
            "plus three three, one, nine nine, zero zero, one two, three four",
            id="international-plus-said-as-a-word",
        ),
        pytest.param(
            "postcode",
            "SE1 2QT",
            "SE1 2QT",
            "S for Sierra, E for Echo, one, space, two, Q for Quebec, T for Tango",
            id="postcode-by-character",
        ),
        pytest.param("date_of_birth", "1985-03-03", "3 March 1985", "3 March 1985", id="date"),
        pytest.param("town", "Leeds", "Leeds", "Leeds", id="plain"),
    ],
)
def test_each_field_is_read_back_as_the_registry_says(
    key: str, stored: str, value: str, say: str
) -> None:
    line = read_back(key, stored)
    assert (line.value, line.say) == (value, say)


def test_a_character_the_alphabet_has_no_word_for_is_read_as_written() -> None:
    assert spell("李") == "李"
    assert spell_character("7") == "seven"


@given(st.text(max_size=40))
def test_spelling_never_fails_on_any_text(text: str) -> None:
    assert isinstance(spell(text), str)


#: An address in the UK as held, in stored form.
HELD = {
    "address_line1": "12 Acacia Road",
    "address_line2": None,
    "town": "London",
    "postcode": "SE1 2QT",
    "country": None,
    "foreign_postcode": None,
}


@pytest.mark.parametrize(
    ("changes", "read_with_them"),
    [
        pytest.param({"phone": "+447700900999"}, (), id="not-the-address"),
        pytest.param(
            {"address_line1": "14 Harbour Road", "postcode": "YO22 4DE"},
            ("town",),
            id="new-street-and-postcode",
        ),
        pytest.param({"postcode": "SE1 7TX"}, ("address_line1", "town"), id="postcode-corrected"),
        pytest.param(
            {"address_line2": "Flat 3"}, ("address_line1", "town", "postcode"), id="line-added"
        ),
        pytest.param(
            {"country": "FR", "foreign_postcode": "75001", "postcode": None, "town": "Paris"},
            ("address_line1",),
            id="moved-abroad",
        ),
    ],
)
def test_a_change_to_the_address_reads_back_the_rest_of_it(
    changes: dict[str, str | None], read_with_them: tuple[str, ...]
) -> None:
    """The lines kept, in the record's order: never an empty line, a UK postcode behind
    a move abroad, or the country of an address in the UK."""
    assert unchanged_address_lines(changes, HELD) == read_with_them


def test_an_address_abroad_reads_its_country_back_with_a_new_street() -> None:
    abroad = {**HELD, "postcode": None, "country": "FR", "foreign_postcode": "75001"}
    assert unchanged_address_lines({"address_line1": "3 Rue Cler"}, abroad) == (
        "town",
        "country",
        "foreign_postcode",
    )


def test_the_lines_read_back_unchanged_are_said_so_in_words() -> None:
    said = lines_read_back(
        ("address_line1", "postcode", "town"),
        {"unchanged": ["town"], "corrected": ["postcode"]},
    )
    assert said == "Address line 1, Postcode, Town (unchanged) (corrected at read-back: Postcode)"


def test_one_name_only_is_read_back_as_such_and_heard_apart_from_the_family_name() -> None:
    """A customer with one name only hears "One name only", their name spelled; a caller's
    "yes" to "Family name: Suharto" is not a "yes" to it (the read-back asks again)."""
    [line] = read_back_all({"family_name": "Suharto"}, one_name_only=True)

    assert (line.key, line.label, line.value) == ("family_name", "One name only", "Suharto")
    assert line.say.startswith("S for Sierra, U for Uniform, H for Hotel")
    assert line.heard == "One name only: Suharto"
    assert line.heard != read_back("family_name", "Suharto").heard
    [family] = read_back_all({"family_name": "Suharto"})
    assert family.label == "Family name"


@pytest.mark.parametrize(
    ("stored", "say"),
    [
        pytest.param("SE1\u200b 2QT", "S for Sierra, E for Echo, one, space, two", id="zwsp"),
        pytest.param("S\u200dE1 2QT", "S for Sierra, E for Echo, one, space, two", id="zwj"),
        pytest.param("SE1\ufe0f 2QT", "S for Sierra, E for Echo, one, space, two", id="vs"),
    ],
)
def test_a_character_with_no_glyph_is_not_spelled(stored: str, say: str) -> None:
    """Found in a review: a zero width joiner an import left in a postcode was read out as
    an empty item between two commas, a character the caller cannot hear."""
    assert read_back("postcode", stored).say == f"{say}, Q for Quebec, T for Tango"


def test_a_value_of_hidden_characters_only_says_the_value_not_nothing() -> None:
    # The screen shows it as "(hidden characters only)" (`stored_value_text`).
    assert read_back("postcode", "\u200b\u200d").say == "\u200b\u200d"
    assert read_back("given_name", "\u200d").say == "\u200d"
