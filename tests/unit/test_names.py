"""Names: any script, one standard form, nothing hidden, capitals tidied only when all one case."""

from __future__ import annotations

import unicodedata

import pytest

from custinfo_tui.domain.names import (
    MAX_NAME_LENGTH,
    NAME_KEY_SEPARATORS,
    name_key,
    normalise_name,
)
from custinfo_tui.domain.validation import FieldError

HIDDEN = "The name contains {}; please retype it."
DIRECTION = "a character that changes the direction of the text"
ESCAPE = "an escape character (the start of a terminal control sequence)"
ALLOWED = "only letters, spaces, hyphens, apostrophes and full stops."
SYMBOL = "The name cannot contain {}: " + ALLOWED


@pytest.mark.parametrize(
    "name",
    ["Siobhán O'Neill-Ní Bhriain", "Zoë", "李小龍", "McDonald", "van der Berg", "J. R.", "Ōtsuka"],
)
def test_names_in_standard_form_are_kept_as_typed(name: str) -> None:
    assert normalise_name(name) == name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  John   Smith ", "John Smith"),
        ("o'neill", "O'Neill"),
        ("SMITH-JONES", "Smith-Jones"),
        ("siobhán o'neill-ní bhriain", "Siobhán O'Neill-Ní Bhriain"),
        ("ZOË", "Zoë"),
        ("j.r.", "J.R."),
        ("O’Neill", "O'Neill"),
        ("Smith\u2010Jones", "Smith-Jones"),
        ("Anne\u2013Marie", "Anne-Marie"),  # an en dash, as a word processor makes one
        ("ANNE\u2014MARIE", "Anne-Marie"),
        ("O\u2018Neill", "O'Neill"),
        ("o`neill", "O'Neill"),
        ("Zoe\u0308", "Zoë"),
        ("John\tSmith", "John Smith"),
        ("ΑΛΈΞΗΣ", "Αλέξης"),
    ],
)
def test_names_are_tidied_into_the_standard_form(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


def test_decomposed_accents_are_stored_composed() -> None:
    assert normalise_name("Zoe\u0308") == "Zo\u00eb"


def test_zero_width_non_joiner_in_a_persian_name_is_kept() -> None:
    assert normalise_name("می\u200cنا") == "می\u200cنا"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the name."),
        ("   ", "Enter the name."),
        ("\u3000", "Enter the name."),
        ("Jane\x00", HIDDEN.format("a control character (U+0000)")),
        ("Jane\u202eenaJ", HIDDEN.format(f"{DIRECTION} (right-to-left override)")),
        ("\u2066Jane", HIDDEN.format(f"{DIRECTION} (left-to-right isolate)")),
        ("Jane\x1b[0m", HIDDEN.format(ESCAPE)),
        ("[bold]x", SYMBOL.format('"[" (U+005B, left square bracket)')),
        ("<b>Jane</b>", SYMBOL.format('"<" (U+003C, less-than sign)')),
        ("Jane2", SYMBOL.format('"2" (U+0032, digit two)')),
        ("Jane_Doe", SYMBOL.format('"_" (U+005F, low line)')),
        ("Jane 😀", SYMBOL.format('"😀" (U+1F600, grinning face)')),
        ('Jane "JJ" Doe', SYMBOL.format("'\"' (U+0022, quotation mark)")),
        ("--", "The name must contain at least one letter."),
        ("' .", "The name must contain at least one letter."),
        (
            "a" * (MAX_NAME_LENGTH + 1),
            f"The name can be at most {MAX_NAME_LENGTH} characters long.",
        ),
    ],
)
def test_unacceptable_names_are_refused_with_a_reason(raw: str, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_name(raw)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("character", "called"),
    [
        ("\u200b", "zero width space"),
        ("\u2060", "word joiner"),
        ("\ufeff", "zero width no-break space"),
        ("\u00ad", "soft hyphen"),
    ],
)
def test_an_invisible_formatting_character_is_named_as_what_it_is(
    character: str, called: str
) -> None:
    """Found importing a legacy file: a name with a zero-width space was refused as holding
    "hidden control characters (a line break, tab or escape)", none of which it held."""
    with pytest.raises(FieldError) as caught:
        normalise_name(f"Ja{character}ne")

    assert str(caught.value) == HIDDEN.format(f"an invisible formatting character ({called})")


@pytest.mark.parametrize(
    ("raw", "called"),
    [
        ("\u3164", "hangul filler"),
        ("Hangul\u3164", "hangul filler"),
        ("Sm\uffa0ith", "halfwidth hangul filler"),
        ("\u115fSmith", "hangul choseong filler"),
        ("Smith\u1160", "hangul jungseong filler"),
        ("Sok\u17b4", "khmer vowel inherent aq"),
        ("Sm\u034fith", "combining grapheme joiner"),
    ],
)
def test_a_letter_that_draws_nothing_is_refused_by_name(raw: str, called: str) -> None:
    """Found importing a file: given name "Hangul\u3164", family name "\u3164" (the Hangul
    filler, a letter to Unicode that draws nothing) were stored, the surname looking blank
    and the lookup's row misaligned (Rich counts it 0 columns, terminals draw it 2)."""
    with pytest.raises(FieldError) as caught:
        normalise_name(raw)

    assert str(caught.value) == HIDDEN.format(f"an invisible character ({called})")


@pytest.mark.parametrize(
    "name",
    [
        "김민준",  # Hangul syllables
        "\u1100\u1161\u11a8",  # conjoining jamo, composed to 각 as stored
        "李小龍",
        "محمد",
        "Александр",
        "Αλέξης",
        "Nguyễn",
        "क्षत्रिय",
        "葛\U000e0100城",  # an ideographic variation selector picks the form of 葛 in a name
    ],
)
def test_names_in_other_scripts_are_still_accepted(name: str) -> None:
    assert normalise_name(name) == unicodedata.normalize("NFC", name)


def test_a_name_of_exactly_the_maximum_length_is_accepted() -> None:
    assert normalise_name("A" + "b" * (MAX_NAME_LENGTH - 1)) == "A" + "b" * (MAX_NAME_LENGTH - 1)


def test_refusal_never_repeats_the_typed_name() -> None:
    with pytest.raises(FieldError) as caught:
        normalise_name("Secretname9")
    assert "Secretname" not in str(caught.value)


@pytest.mark.parametrize("raw", ["o'neill", "SMITH-JONES", "  John   Smith ", "ǆore", "ß"])
def test_normalising_twice_changes_nothing(raw: str) -> None:
    once = normalise_name(raw)
    assert normalise_name(once) == once


@pytest.mark.parametrize("separator", sorted(NAME_KEY_SEPARATORS))
def test_every_separator_a_search_ignores_is_taken_in_a_name(separator: str) -> None:
    """Found by a tester: "Anne–Marie" (an en dash) was refused as a name, while the lookup
    took the en dash as the hyphen it stands for. What the search leaves out of a name's
    key the name check takes, so a name found by one way of typing it can be stored by it."""
    stored = normalise_name(f"Anne{separator}Marie")

    assert name_key(stored) == name_key(f"Anne{separator}Marie") == "annemarie"
