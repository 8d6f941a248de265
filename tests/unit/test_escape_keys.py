"""What Textual reads from a terminal's ESC and one character, once the console has asked
for Escape then a digit to be read apart (tui/escape_keys.py)."""

from __future__ import annotations

import pytest
from textual import events
from textual._xterm_parser import XTermParser

from custinfo_tui.tui.escape_keys import escape_then, read_escape_then_digits_apart


def _read(sent: str) -> list[events.Key]:
    """The keys Textual's parser reads from `sent`, once the escape delay has passed."""
    parser = XTermParser()
    read = list(parser.feed(sent))
    if parser._timeout_time is not None:  # waiting to see whether a sequence goes on
        parser._timeout_time = 0  # it has waited long enough (the driver ticks it)
        read += parser.tick()
    return [key for key in read if isinstance(key, events.Key)]


@pytest.mark.parametrize("digit", list("0123456789"))
def test_escape_then_a_digit_is_read_as_escape_then_the_digit(digit: str) -> None:
    read_escape_then_digits_apart()

    [key] = _read("\x1b" + digit)
    typed = escape_then(key)

    assert typed is not None
    assert [(k.key, k.character) for k in typed] == [("escape", "\x1b"), (digit, digit)]


def test_a_pound_sign_typed_as_itself_is_still_a_pound_sign() -> None:
    """A British keyboard's Shift+3 sends the character: it is not Escape then 3."""
    read_escape_then_digits_apart()
    read_escape_then_digits_apart()  # done twice: nothing more changes

    [key] = _read("£")

    assert (key.key, key.character) == ("pound_sign", "£")
    assert escape_then(key) is None
