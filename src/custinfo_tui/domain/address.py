"""Address lines and towns in one standard form (MP-05)."""

from __future__ import annotations

import unicodedata

from custinfo_tui.domain.text import (
    BIDI_CONTROLS,
    INVISIBLE_LETTERS,
    capitalise_parts,
    collapse_spaces,
    describe_character,
    describe_hidden,
    is_variation_selector,
    plain_punctuation,
    typed_in_one_case,
)
from custinfo_tui.domain.validation import FieldError

MAX_LINE_LENGTH = 120
MAX_TOWN_LENGTH = 80

_PART_SEPARATORS = " -'/("
# Besides letters, combining marks, digits and spaces: the punctuation real addresses use
# ("Flat 2/3", "St. John's").
_PUNCTUATION = frozenset("'.,/&()-")
_JOINERS = frozenset("\u200c\u200d")


def _is_hidden(ch: str) -> bool:
    """Control, bidi and invisible formatting characters, and letters that draw nothing (the
    Hangul fillers): stored, they would make the line differ from what is seen. (ZWJ and
    ZWNJ, which some scripts are spelt with, are left to the allowed characters' check, as
    before.)"""
    return (
        ch in BIDI_CONTROLS
        or ch in INVISIBLE_LETTERS
        or unicodedata.category(ch) == "Cc"
        or (unicodedata.category(ch) == "Cf" and ch not in _JOINERS)
    )


def _is_allowed(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in ("L", "M") or category in ("Nd", "Zs") or ch in _PUNCTUATION


def _without_lone_selectors(text: str) -> str:
    """`text` without the variation selectors that have no character to choose the form of:
    one at the start, after a space or after another selector. Alone, a selector draws
    nothing, so an address line or a town of only such characters was stored as a value
    the console shows as *(hidden characters only)*. One after a letter is kept: it is
    how that letter is written (an ideograph's form in a Japanese address)."""
    out: list[str] = []
    for ch in text:
        if is_variation_selector(ch) and (
            not out or out[-1].isspace() or is_variation_selector(out[-1])
        ):
            continue
        out.append(ch)
    return "".join(out)


def _normalise(raw: str, what: str, max_length: int) -> str:
    hidden = next((ch for ch in raw if _is_hidden(ch)), None)
    if hidden is not None:
        raise FieldError(f"The {what} contains {describe_hidden(hidden)}; please retype it.")
    # Pasted from an e-mail or a word processor: "12–14", "‘The Old Mill’" stored plain. A
    # variation selector with no letter before it draws nothing: it goes, so a value of
    # only such characters is refused as empty.
    text = plain_punctuation(unicodedata.normalize("NFC", raw))
    text = collapse_spaces(_without_lone_selectors(text))
    if not text:
        raise FieldError(f"Enter the {what}.")
    refused = next((ch for ch in text if not _is_allowed(ch)), None)
    if refused is not None:
        raise FieldError(
            f"The {what} cannot contain {describe_character(refused)}: only letters, "
            "numbers, spaces and . , ' / & ( ) -"
        )
    # Keep the caller's capitals unless everything was typed in one case ("12 ACACIA ROAD").
    if typed_in_one_case(text):
        text = capitalise_parts(text, _PART_SEPARATORS)
    if len(text) > max_length:
        raise FieldError(f"The {what} can be at most {max_length} characters.")
    return text


def normalise_address_line(raw: str) -> str:
    """One line of a street address: trimmed, spaces collapsed, typographic apostrophes and
    dashes made plain, consistent capitals."""
    return _normalise(raw, "address line", MAX_LINE_LENGTH)


def normalise_town(raw: str) -> str:
    """A town or city name."""
    return _normalise(raw, "town", MAX_TOWN_LENGTH)
