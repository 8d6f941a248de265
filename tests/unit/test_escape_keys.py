"""What Textual reads from a terminal's ESC and one key, once the console has asked for
Escape then a key to be read apart (tui/escape_keys.py)."""

from __future__ import annotations

import pytest
from textual import events
from textual._xterm_parser import XTermParser

from custinfo_tui.tui.escape_keys import (
    EscapeThenParser,
    escape_then,
    read_escape_then_keys_apart,
)


def _read(sent: str, parser: XTermParser | None = None) -> list[events.Key]:
    """The keys the console's parser (Textual's, or `parser`) reads from `sent`, once the
    escape delay has passed."""
    parser = parser or EscapeThenParser()
    read = list(parser.feed(sent))
    if parser._timeout_time is not None:  # waiting to see whether a sequence goes on
        parser._timeout_time = 0  # it has waited long enough (the driver ticks it)
        read += parser.tick()
    return [key for key in read if isinstance(key, events.Key)]


@pytest.mark.parametrize("digit", list("0123456789"))
def test_escape_then_a_digit_is_read_as_escape_then_the_digit(digit: str) -> None:
    read_escape_then_keys_apart()

    [key] = _read("\x1b" + digit)
    typed = escape_then(key)

    assert typed is not None
    assert [(k.key, k.character) for k in typed] == [("escape", "\x1b"), (digit, digit)]


def test_a_pound_sign_typed_as_itself_is_still_a_pound_sign() -> None:
    """A British keyboard's Shift+3 sends the character: it is not Escape then 3."""
    read_escape_then_keys_apart()
    read_escape_then_keys_apart()  # done twice: nothing more changes

    [key] = _read("£")

    assert (key.key, key.character) == ("pound_sign", "£")
    assert escape_then(key) is None


def _escape_then(sent: str) -> list[tuple[str, str | None]]:
    """The keys the console reads from what the terminal `sent`: an Alt key read as Escape
    then the key, as the app does."""
    read: list[events.Key] = []
    for key in _read(sent):
        read.extend(escape_then(key) or (key,))
    return [(key.key, key.character) for key in read]


@pytest.mark.parametrize("letter", list("bf"))
def test_escape_then_b_or_f_is_escape_then_the_letter_not_a_word_move(letter: str) -> None:
    """Textual read ESC b and ESC f (iTerm's Option+Left and Option+Right) as Ctrl+Left and
    Ctrl+Right, which move a text box's cursor a word."""
    read_escape_then_keys_apart()

    assert _escape_then("\x1b" + letter) == [("escape", "\x1b"), (letter, letter)]


def test_escape_then_backspace_is_escape_then_backspace_not_a_word_deleted() -> None:
    """Textual read ESC then DEL (Alt+Backspace) as Ctrl+W, which deletes a word."""
    read_escape_then_keys_apart()

    assert [key for key, _ in _escape_then("\x1b\x7f")] == ["escape", "backspace"]


@pytest.mark.parametrize(
    ("alt", "then"),
    [
        ("alt+b", ("b", "b")),
        ("alt+backspace", ("backspace", "\x08")),
        ("alt+delete", ("delete", "\x7f")),
    ],
)
def test_an_alt_key_reported_apart_is_escape_then_the_key(alt: str, then: tuple[str, str]) -> None:
    """A terminal speaking the kitty keyboard protocol sends a real Alt key as one key,
    with no character: Alt+Backspace and Alt+Delete delete a word in Textual's boxes."""
    typed = escape_then(events.Key(alt, None))

    assert typed is not None
    assert [(k.key, k.character) for k in typed] == [("escape", "\x1b"), then]


def test_alt_with_ctrl_is_left_alone() -> None:
    assert escape_then(events.Key("alt+ctrl+b", None)) is None


#: Punctuation a phone, an e-mail or a name may start with, and some beyond ASCII.
PUNCTUATION = [*"+(-=.'@\"#*/_~!$%&)<>?[]{}|:;,^`", "£", "€", " "]


@pytest.mark.parametrize("character", PUNCTUATION)
def test_escape_then_punctuation_is_escape_then_that_character(character: str) -> None:
    """Textual reads ESC then a character that is not a letter or digit as the character
    alone, the Escape lost: Escape then "+33..." typed at once added to the search."""
    read_escape_then_keys_apart()

    assert _escape_then("\x1b" + character) == [("escape", "\x1b"), _as_typed(character)]


def test_escape_then_a_phone_starting_plus_is_escape_then_the_whole_phone() -> None:
    read_escape_then_keys_apart()

    read = _escape_then("\x1b+33123456789")

    assert read[0] == ("escape", "\x1b")
    assert "".join(character or "" for _, character in read[1:]) == "+33123456789"


def test_textuals_own_parser_loses_the_escape_before_a_plus() -> None:
    """Why the console reads with `EscapeThenParser`: should Textual read it as Alt and "+"
    itself one day, the subclass can go."""
    assert [(key.key, key.character) for key in _read("\x1b+", XTermParser())] == [("plus", "+")]


def _as_typed(character: str) -> tuple[str, str]:
    """The key a character typed on its own is read as."""
    [key] = _read(character)
    assert key.character == character
    return key.key, character
