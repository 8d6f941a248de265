"""Read-back lines: what the handler says to confirm each captured value (MP-03)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.readback import read_back, read_back_all, spell, spell_character


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
