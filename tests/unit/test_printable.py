"""`printable`: stored text made inert before any screen or command shows it; and a value
it would leave drawn as nothing named instead (`blank_as_shown`)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custinfo_tui.domain.text import BIDI_CONTROLS, REPLACEMENT_CHARACTER, printable
from custinfo_tui.domain.unseen_text import HIDDEN_ONLY, SPACES_ONLY, blank_as_shown, holds_unseen

#: What must never reach a terminal from stored text.
_UNPICTURED = "".join(BIDI_CONTROLS) + "\u2028\u2029"


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in _UNPICTURED


# Any character at all, lone surrogates included, and often the dangerous ones.
_any_character = st.one_of(
    st.characters(exclude_categories=[]),
    st.characters(categories=["Cc"]),
    st.sampled_from(sorted(_UNPICTURED)),
)
_safe_character = st.characters(
    exclude_categories=["Cc", "Cs", "Zl", "Zp"], exclude_characters=_UNPICTURED
)


@given(raw=st.text(_any_character))
def test_nothing_that_can_drive_a_terminal_survives(raw: str) -> None:
    assert not any(_unsafe(ch) for ch in printable(raw))


@given(raw=st.text(_any_character))
def test_printable_is_idempotent(raw: str) -> None:
    once = printable(raw)
    assert printable(once) == once


@given(raw=st.text(_any_character))
def test_each_character_is_shown_as_one_so_columns_stay_aligned(raw: str) -> None:
    assert len(printable(raw)) == len(raw)


@given(raw=st.text(_safe_character))
def test_printable_text_comes_back_unchanged(raw: str) -> None:
    assert printable(raw) == raw


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (
            "\x1b]8;;https://example.com/\x1b\\Smith\x1b]8;;\x1b\\",
            "␛]8;;https://example.com/␛\\Smith␛]8;;␛\\",
        ),
        ("\x1b[2JJones", "␛[2JJones"),
        ("Jones\r\nFake line", "Jones␍␊Fake line"),
        ("\x9b31mred\x9d0;title\x07", "\ufffd31mred\ufffd0;title␇"),
        ("Smith\u202eenoJ", f"Smith{REPLACEMENT_CHARACTER}enoJ"),
        ("del\x7f", "del\u2421"),
        ("[bold]Smith", "[bold]Smith"),
        ("Zoë O’Brien-李", "Zoë O’Brien-李"),
        ("می\u200cخواهم", "می\u200cخواهم"),
    ],
)
def test_control_characters_are_shown_visibly(stored: str, shown: str) -> None:
    assert printable(stored) == shown


@pytest.mark.parametrize(
    ("stored", "instead"),
    [
        ("\u200b", HIDDEN_ONLY),  # a zero width space an import left
        ("\ufe0f", HIDDEN_ONLY),  # a variation selector with no character before it
        ("\u200b\u2060\ufeff", HIDDEN_ONLY),
        ("\u3164", HIDDEN_ONLY),  # a Hangul filler: a letter that draws nothing
        ("\u00a0 ", SPACES_ONLY),
        ("", None),  # nothing stored: the screen says so its own way ("-")
        ("\x1b", None),  # shown as its stand-in, ␛
        ("\u202e", None),  # shown as U+FFFD
        ("Zoë", None),
        ("\u2764\ufe0f", None),  # the emoji heart: the selector chooses its form
        ("\u0600", None),  # the Arabic number sign: a format character that draws
    ],
)
def test_a_value_drawn_as_nothing_is_named_instead(stored: str, instead: str | None) -> None:
    assert blank_as_shown(stored) == instead


@pytest.mark.parametrize(
    ("stored", "unseen"),
    [
        ("Lon\u200bdon", True),
        ("Fitz\u00adwilliam", True),  # a soft hyphen
        ("John Smith", False),
        ("می\u200cخواهم", False),  # ZWNJ writes the Persian word as it is spelt
        ("\u845b\U000e0100", False),  # an ideograph's form chosen by its selector
        ("\u200b", False),  # nothing shown at all: `blank_as_shown` names it
    ],
)
def test_a_value_shown_with_hidden_characters_in_it_is_told_apart(
    stored: str, unseen: bool
) -> None:
    assert holds_unseen(stored) is unseen
