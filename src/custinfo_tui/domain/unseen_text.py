"""Stored text a terminal draws as nothing, wholly or in part (docs/architecture.md,
"The screens"): a value that would show as no value at all is shown as
`HIDDEN_ONLY` or `SPACES_ONLY` (`blank_as_shown`), a value shown whole that holds characters
no screen draws is said to (`holds_unseen`), and read-back spells no character that has no
glyph (`has_no_glyph`).
"""

from __future__ import annotations

import unicodedata

from custinfo_tui.domain.text import INVISIBLE_LETTERS, is_variation_selector, printable

#: Shown in place of a stored value that a screen would draw as nothing at all (a zero
#: width space an import left, a lone variation selector): the handler must never read "no
#: value" where one is stored (`blank_as_shown`).
HIDDEN_ONLY = "(hidden characters only)"
SPACES_ONLY = "(spaces only)"
#: After a value shown whole that also holds characters a screen does not draw
#: (`holds_unseen`): "Lon\u200bdon" shows as "London", which is not what is stored.
HIDDEN_NOT_SHOWN = "(hidden characters not shown)"

#: Format characters that do draw: the prepended concatenation marks (Arabic number signs,
#: the end of ayah, Syriac's abbreviation mark, Kaithi's number signs).
_DRAWN_FORMAT = frozenset(
    "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
)
#: Zero width joiner and non-joiner (see INVISIBLE_FORMATTING for why they are kept).
_JOINERS = frozenset("\u200c\u200d")


def _shapes_its_neighbour(ch: str) -> bool:
    """True for an invisible character that chooses how the characters beside it are
    drawn: ZWJ and ZWNJ, a variation selector (U+FE0F makes "❤" the red emoji), an emoji
    flag's tag characters. A value holding one shows what it means; nothing is missing."""
    code = ord(ch)
    return (
        ch in _JOINERS
        or is_variation_selector(ch)
        or code == 0x180E  # Mongolian's vowel separator
        or 0xE0020 <= code <= 0xE007F
    )


def _draws_nothing(ch: str) -> bool:
    """True for a character of `printable`'s result that a terminal draws as nothing: a
    space, a format character (those `printable` leaves: U+200B, U+2060, U+FEFF ...), an
    invisible letter, or one that only shapes its neighbour."""
    category = unicodedata.category(ch)
    return (
        ch.isspace()
        or (category == "Cf" and ch not in _DRAWN_FORMAT)
        or ch in INVISIBLE_LETTERS
        or _shapes_its_neighbour(ch)
    )


def has_no_glyph(ch: str) -> bool:
    """True for a character a terminal draws as nothing that is not a space: a zero width
    space or joiner, a variation selector, a Hangul filler. Spelling a value aloud skips
    them: there is nothing there for the caller to hear (`domain.readback.spell`)."""
    return not ch.isspace() and _draws_nothing(ch)


def blank_as_shown(text: str) -> str | None:
    """What a screen shows instead of stored `text` that it would draw as nothing at all:
    `HIDDEN_ONLY` ("\\u200b", "\\ufe0f"), or `SPACES_ONLY` ("   ", a no-break space); None
    for text that shows something, and for "" (nothing is stored: the screen says so its
    own way). `printable` applies first: a control character is already a visible
    stand-in there, so a value of ESC alone shows as "␛", not as this."""
    shown = printable(text)
    if not shown or not all(_draws_nothing(ch) for ch in shown):
        return None
    return SPACES_ONLY if shown.isspace() else HIDDEN_ONLY


def holds_unseen(text: str) -> bool:
    """True when `text` shows something but also holds characters no screen draws, other
    than spaces and those that shape a neighbour: "Lon\\u200bdon" is shown as "London".
    For a line that shows a value whole, to say that more is stored than is seen."""
    if blank_as_shown(text) is not None:
        return False
    return any(
        _draws_nothing(ch) and not ch.isspace() and not _shapes_its_neighbour(ch)
        for ch in printable(text)
    )
