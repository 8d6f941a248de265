"""Address lines and towns in one standard form (MP-05)."""

from __future__ import annotations

import re
import unicodedata

from custinfo_tui.domain.text import (
    capitalise_parts,
    collapse_spaces,
    contains_bidi_control,
    typed_in_one_case,
)
from custinfo_tui.domain.validation import FieldError

MAX_LINE_LENGTH = 120
MAX_TOWN_LENGTH = 80

# Letters, marks, digits, spaces and the punctuation real addresses use ("Flat 2/3", "St. John's").
_PART_SEPARATORS = " -'/("
_ALLOWED = re.compile(r"^[\w\s'’.,/&()\-]+$")


def _normalise(raw: str, what: str, max_length: int) -> str:
    if any(unicodedata.category(c) == "Cc" for c in raw) or contains_bidi_control(raw):
        raise FieldError(f"The {what} contains hidden control characters; please retype it.")
    text = collapse_spaces(unicodedata.normalize("NFC", raw)).replace("’", "'")
    if not text:
        raise FieldError(f"Enter the {what}.")
    if len(text) > max_length:
        raise FieldError(f"The {what} can be at most {max_length} characters.")
    if not _ALLOWED.match(text) or "_" in text:
        raise FieldError(
            f"The {what} can only contain letters, numbers, spaces and . , ' / & ( ) -"
        )
    # Keep the caller's capitals unless everything was typed in one case ("12 ACACIA ROAD").
    return capitalise_parts(text, _PART_SEPARATORS) if typed_in_one_case(text) else text


def normalise_address_line(raw: str) -> str:
    """One line of a street address: trimmed, spaces collapsed, consistent capitals."""
    return _normalise(raw, "address line", MAX_LINE_LENGTH)


def normalise_town(raw: str) -> str:
    """A town or city name."""
    return _normalise(raw, "town", MAX_TOWN_LENGTH)
