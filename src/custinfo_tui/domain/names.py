"""Given names and family names: one standard form, in any script, without hidden characters."""

from __future__ import annotations

import unicodedata

from custinfo_tui.domain.text import (
    BIDI_CONTROLS,
    INVISIBLE_LETTERS,
    TYPOGRAPHIC_APOSTROPHES,
    TYPOGRAPHIC_HYPHENS,
    capitalise_parts,
    collapse_spaces,
    describe_character,
    describe_hidden,
    fold_for_search,
    plain_punctuation,
    typed_in_one_case,
)
from custinfo_tui.domain.validation import FieldError

MAX_NAME_LENGTH = 100

_PUNCTUATION_ALLOWED = frozenset("'-. ")
_ALLOWED_IN_WORDS = "letters, spaces, hyphens, apostrophes and full stops"
# A new part of a name starts after these, so "o'neill-smith" becomes "O'Neill-Smith".
_PART_SEPARATORS = "' .-"

#: Left out of a name's search key: spaces, apostrophes (straight, the typographic ones a name
#: is stored without, and the modifier letter), hyphens and dashes, full stops. The same
#: apostrophes and dashes as `normalise_name` makes plain, so "Anne–Marie" typed in a search
#: finds the Anne-Marie stored.
NAME_KEY_SEPARATORS = " '-.\u02bc" + TYPOGRAPHIC_APOSTROPHES + TYPOGRAPHIC_HYPHENS
_WITHOUT_SEPARATORS = str.maketrans("", "", NAME_KEY_SEPARATORS)

# ZWJ and ZWNJ are part of correct spelling in Persian and the Indic scripts.
_JOINERS = frozenset("\u200c\u200d")
#: Tab and line breaks come from pasting into the console's name box (a name copied from an
#: e-mail or a spreadsheet cell brings them along); they are treated as spaces rather than
#: refused. A legacy import refuses them in a name cell instead (domain/legacy_import.py):
#: there they mean a broken row, not a paste.
PASTED_WHITESPACE = frozenset("\t\n\r")


def hidden_characters(ch: str) -> str:
    """Why a name holding the control, bidi or invisible formatting character `ch` is
    refused, naming what it is ("The name contains an invisible formatting character (zero
    width space); please retype it."): the console's name boxes and the legacy import say
    the same."""
    return f"The name contains {describe_hidden(ch)}; please retype it."


def _is_hidden(ch: str) -> bool:
    """Control and format characters, and letters that draw nothing (the Hangul fillers), that
    would make the stored name differ from what is seen."""
    if ch in _JOINERS or ch in PASTED_WHITESPACE:
        return False
    return (
        ch in BIDI_CONTROLS or ch in INVISIBLE_LETTERS or unicodedata.category(ch) in ("Cc", "Cf")
    )


def _is_allowed(ch: str) -> bool:
    category = unicodedata.category(ch)
    return (
        category[0] in ("L", "M")
        or ch in _PUNCTUATION_ALLOWED
        or ch in _JOINERS
        or category == "Zs"
    )


def normalise_name(raw: str) -> str:
    """Return a given name or family name in the standard form, or raise FieldError.

    Any script is accepted. Letters and combining marks, spaces, hyphens, apostrophes and full
    stops are allowed; typographic apostrophes and dashes are stored plain ("Anne–Marie
    O’Neill" -> "Anne-Marie O'Neill"), spacing is tidied. Capitalisation is kept as typed
    unless the whole name is in capitals or in lower case, when each part is capitalised
    (SMITH-JONES -> Smith-Jones). A refusal names the first character that is not allowed.
    """
    hidden = next((ch for ch in raw if _is_hidden(ch)), None)
    if hidden is not None:
        raise FieldError(hidden_characters(hidden))
    text = collapse_spaces(plain_punctuation(unicodedata.normalize("NFC", raw)))
    if not text:
        raise FieldError("Enter the name.")
    refused = next((ch for ch in text if not _is_allowed(ch)), None)
    if refused is not None:
        raise FieldError(
            f"The name cannot contain {describe_character(refused)}: only {_ALLOWED_IN_WORDS}."
        )
    if not any(unicodedata.category(ch)[0] == "L" for ch in text):
        raise FieldError("The name must contain at least one letter.")
    if typed_in_one_case(text):
        text = capitalise_parts(text, _PART_SEPARATORS)
    if len(text) > MAX_NAME_LENGTH:
        raise FieldError(f"The name can be at most {MAX_NAME_LENGTH} characters long.")
    return text


def name_key(name: str) -> str:
    """The form a name is stored and searched under: folded, with no spaces, apostrophes,
    hyphens or full stops ("O'Neill-Ní Bhriain" -> "oneillnibhriain").

    Callers type a surname with particles or a prefix however they hear it: "van der Berg",
    "Van der berg" and "vanderberg", "Mc Donald" and "McDonald", "Ó Briain" and "O'Briain",
    "O’Neill" and "ONeill" are each one key, so an equality or prefix match on the key finds
    the customer whichever way either side was typed.
    """
    # Composed again: a separator left out may bring together what NFC joins (Hangul jamo).
    return unicodedata.normalize("NFC", fold_for_search(name).translate(_WITHOUT_SEPARATORS))
