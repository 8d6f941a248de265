"""Postcodes: UK ones to the Royal Mail form ("SW1A 1AA"), others tidied; countries as ISO codes."""

from __future__ import annotations

import re

import phonenumbers

from custinfo_tui.domain.text import collapse_spaces
from custinfo_tui.domain.validation import FieldError

_FORMAT_MESSAGE = "That is not a UK postcode format (for example SW1A 1AA)."

# The official format, letter restrictions included, so that a mistyped letter is caught
# here rather than by a failed delivery. Positions: first letter never Q, V or X; second
# letter never I, J or Z; a letter in third place (A9A) from ABCDEFGHJKPSTUW; a letter in
# fourth place (AA9A) from ABEHMNPRVWXY; inward letters never C, I, K, M, O or V.
_FIRST = "[ABCDEFGHIJKLMNOPRSTUWYZ]"
_SECOND = "[ABCDEFGHKLMNOPQRSTUVWXY]"
_THIRD_A9A = "[ABCDEFGHJKPSTUW]"
_FOURTH_AA9A = "[ABEHMNPRVWXY]"
_INWARD_LETTER = "[ABDEFGHJLNPQRSTUWXYZ]"
_OUTWARD = (
    f"(?:{_FIRST}[0-9]{{1,2}}"  # A9, A99
    f"|{_FIRST}{_SECOND}[0-9]{{1,2}}"  # AA9, AA99
    f"|{_FIRST}[0-9]{_THIRD_A9A}"  # A9A
    f"|{_FIRST}{_SECOND}[0-9]{_FOURTH_AA9A})"  # AA9A
)
_INWARD = f"[0-9]{_INWARD_LETTER}{{2}}"
_UK_POSTCODE = re.compile(f"(?P<outward>{_OUTWARD})(?P<inward>{_INWARD})")

# Codes outside the pattern that Royal Mail or the Forces use.
_GIROBANK = "GIR0AA"
_OVERSEAS_TERRITORIES = frozenset(
    {"ASCN", "STHL", "TDCU", "BBND", "BIQQ", "FIQQ", "PCRN", "SIQQ", "TKCA"}
)
_BFPO = re.compile(r"BFPO(?P<number>[0-9]{1,4})")

_OUTWARD_ONLY = re.compile(f"(?:{_OUTWARD}|GIR|BFPO|{'|'.join(_OVERSEAS_TERRITORIES)})")

_FOREIGN_POSTCODE = re.compile(r"[A-Z0-9][A-Z0-9 -]{0,11}")


def _compact(raw: str) -> str:
    """Upper-case with all whitespace removed; ASCII only, so upper() cannot invent letters."""
    text = "".join(raw.split())
    if not text.isascii():
        raise FieldError("A postcode can only contain letters, numbers and spaces.")
    return text.upper()


def normalise_uk_postcode(raw: str) -> str:
    """Return a UK postcode in the standard form ("SW1A 1AA", "BFPO 1234"), or raise FieldError.

    Any case and spacing is accepted. Besides the ordinary format this knows GIR 0AA, BFPO
    numbers and the British Overseas Territories' codes (for example ASCN 1ZZ).
    """
    text = _compact(raw)
    if not text:
        raise FieldError("Enter the postcode.")
    if bfpo := _BFPO.fullmatch(text):
        return f"BFPO {bfpo['number']}"
    if text == _GIROBANK or (text[:-3] in _OVERSEAS_TERRITORIES and text[-3:] == "1ZZ"):
        return f"{text[:-3]} {text[-3:]}"
    if _UK_POSTCODE.fullmatch(text) is None:
        raise FieldError(_letter_not_used(text) or _FORMAT_MESSAGE)
    return f"{text[:-3]} {text[-3:]}"


#: A UK postcode's shape, letters and digits where they go, whatever the letters: one that
#: matches this but not `_UK_POSTCODE` has a letter Royal Mail never uses where it is.
_UK_SHAPE = re.compile(r"(?P<outward>[A-Z][A-Z]?[0-9](?:[0-9]|[A-Z])?)(?P<inward>[0-9][A-Z]{2})")


def _letter_not_used(text: str) -> str | None:
    """For text shaped like a UK postcode, the letter Royal Mail never uses where it
    stands, said: "BS8 4JK" looks valid, and "not a UK postcode format" left the handler
    no wiser (K is never one of the last two letters). None for any other text."""
    shape = _UK_SHAPE.fullmatch(text)
    if shape is None:
        return None
    outward, inward = shape["outward"], shape["inward"]
    two_letters = outward[1].isalpha()
    # (the letter, where it stands as the handler would say it, the letters used there)
    places = [(outward[0], "its first letter", _FIRST)]
    if two_letters:
        places.append((outward[1], "its second letter", _SECOND))
    if outward[-1].isalpha():  # A9A or AA9A
        ending = _FOURTH_AA9A if two_letters else _THIRD_A9A
        places.append((outward[-1], "the letter ending its first half (as in SW1A)", ending))
    places += [(letter, "one of its last two letters", _INWARD_LETTER) for letter in inward[1:]]
    for letter, where, used in places:
        if re.fullmatch(used, letter) is None:
            return (
                f"That is not a UK postcode: {letter} is never {where}. Check that letter "
                "with the caller (for example SW1A 1AA)."
            )
    return None


def outward_code(postcode: str) -> str:
    """The part before the space ("SW1A" of "SW1A 1AA"; "BFPO" of a BFPO number)."""
    return normalise_uk_postcode(postcode).split(" ")[0]


def looks_like_outward_code(raw: str) -> bool:
    """True if the text could be the first half of a UK postcode, so search can treat it so."""
    text = "".join(raw.split())
    return text.isascii() and _OUTWARD_ONLY.fullmatch(text.upper()) is not None


def mask_postcode(postcode: str) -> str:
    """Hide most of a postcode for display before verification ("SW1A 1AA" -> "SW1A 1**").

    Never raises: a postcode that is not a UK one keeps its first two characters and every
    other letter and digit becomes '*'.
    """
    try:
        normal = normalise_uk_postcode(postcode)
    except FieldError:
        return "".join(
            ch if index < 2 or not ch.isalnum() else "*" for index, ch in enumerate(postcode)
        )
    outward, inward = normal.split(" ")
    if outward == "BFPO":
        return "BFPO ****"
    return f"{outward} {inward[0]}**"


def normalise_country_code(raw: str) -> str:
    """Return an ISO 3166-1 alpha-2 code ("GB", "FR"), or raise FieldError. "UK" is taken as GB."""
    text = collapse_spaces(raw)
    if not text:
        raise FieldError("Enter the country code.")
    # Checked before upper(), which turns some non-ASCII letters into ASCII ones ('ﬁ' -> 'FI').
    text = text.upper() if text.isascii() else text
    if text == "UK":
        return "GB"
    # phonenumbers' region list is a maintained list of real places, and we can call them.
    if text not in phonenumbers.SUPPORTED_REGIONS:
        raise FieldError("That is not a known two-letter country code (for example GB or FR).")
    return text


def normalise_foreign_postcode(raw: str) -> str:
    """Return a non-UK postcode tidied (upper-case, single spaces), or raise FieldError.

    Formats differ too much between countries to check more than the characters and length.
    """
    text = collapse_spaces(raw)
    if not text:
        raise FieldError("Enter the postcode.")
    if not text.isascii():
        raise FieldError("A postcode can only contain letters, numbers, spaces and hyphens.")
    text = text.upper()
    if len(text) > 12:
        raise FieldError("A postcode can be at most 12 characters long.")
    if _FOREIGN_POSTCODE.fullmatch(text) is None:
        raise FieldError("A postcode can only contain letters, numbers, spaces and hyphens.")
    return text
