"""How a caller's answer is compared with what is stored (ID&V, MP-08).

Comparison is blind: the handler types what the caller says, and only pass or fail comes
back. Both sides are normalised first, so `3/3/85`, `3 March 1985` and `1985-03-03` are the
same date and `12 Acacia Rd` is `12 acacia road`; the two forms are then compared in
constant time. The policy (which checks, how many passes) is `domain.verification`.
"""

from __future__ import annotations

import hmac
import re
from datetime import date

from custinfo_tui.domain.dates import parse_date_of_birth
from custinfo_tui.domain.postcode import normalise_foreign_postcode, normalise_uk_postcode
from custinfo_tui.domain.reference import normalise_reference
from custinfo_tui.domain.text import (
    fold_for_search,
    is_variation_selector,
    strip_control_characters,
)
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import CheckKind

#: Street-type words and their abbreviations, both mapped to one token for comparison.
_ADDRESS_TOKENS = {
    "road": "rd",
    "street": "st",
    "saint": "st",
    "avenue": "ave",
    "av": "ave",
    "lane": "ln",
    "drive": "dr",
    "close": "cl",
    "court": "ct",
    "crescent": "cres",
    "place": "pl",
    "square": "sq",
    "gardens": "gdns",
    "terrace": "tce",
    "terr": "tce",
    "grove": "gr",
    "gro": "gr",
    "park": "pk",
    "mount": "mt",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "apartment": "flat",
    "apt": "flat",
    "number": "",
    "no": "",
}
_NON_WORD = re.compile(r"[^\w]+")
#: Apostrophes are dropped, not made spaces: "St John's" is said and typed "St Johns" too.
_APOSTROPHES = str.maketrans("", "", "'’`")


def address_comparison_key(line: str) -> str:
    """An address line reduced for comparison: `12, Acacia Road` == `12 acacia rd`."""
    folded = fold_for_search(strip_control_characters(line)).translate(_APOSTROPHES)
    tokens = (_ADDRESS_TOKENS.get(t, t) for t in _NON_WORD.sub(" ", folded).split())
    return " ".join(t for t in tokens if t)


def address_line1_forms(line1: str, line2: str | None) -> tuple[str, ...]:
    """The forms the first line of an address on file is accepted in, for `stored_form`:
    line 1 itself and, where the address has a second line (a flat), the two said together
    in either order. A caller at "Flat 2" / "7 Station Road" says "Flat 2, 7 Station Road"
    (or "7 Station Road, Flat 2") as the first line of their address, and failed for it.
    Nothing else is accepted: line 2 alone, or another house number, still fails."""
    if not line2 or not address_comparison_key(line2):
        return (line1,)
    return (line1, f"{line2} {line1}", f"{line1} {line2}")


def normalise_security_answer(raw: str) -> str:
    """The form a security answer is hashed and compared in: case, accents, spacing and
    punctuation do not matter (`O'Brien` == `obrien`).

    A variation selector stays a break between words, as it was before search keys left
    them out: answers are stored only as hashes, which cannot be recomputed, so the form
    they were hashed in must not change."""
    cleaned = strip_control_characters(raw)
    spaced = "".join(" " if is_variation_selector(ch) else ch for ch in cleaned)
    folded = fold_for_search(spaced).translate(_APOSTROPHES)
    key = " ".join(_NON_WORD.sub(" ", folded).replace("_", " ").split())
    if not key:
        raise FieldError("Type the answer the caller gave.")
    return key


def normalise_answer(
    kind: CheckKind, raw: str, *, phone_digits: int = 4, foreign_postcode: bool = False
) -> str:
    """What the caller said, in the form it is compared in; FieldError when it cannot be one.

    A FieldError is the handler's typing problem, not the caller's wrong answer: it is shown
    at the field and does not count as a failed check.
    """
    if not raw.strip():
        raise FieldError("Type what the caller said.")
    if kind is CheckKind.DATE_OF_BIRTH:
        return parse_date_of_birth(raw).isoformat()
    if kind is CheckKind.POSTCODE:
        # A UK postcode on file: a badly formed answer is a typing slip, not a wrong answer.
        return normalise_foreign_postcode(raw) if foreign_postcode else normalise_uk_postcode(raw)
    if kind is CheckKind.ADDRESS_LINE1:
        key = address_comparison_key(raw)
        if not key:
            raise FieldError("Type the first line of the address as the caller said it.")
        return key
    if kind is CheckKind.PHONE_DIGITS:
        digits = "".join(raw.split())
        if not (digits.isascii() and digits.isdigit()) or len(digits) != phone_digits:
            raise FieldError(f"Type exactly the last {phone_digits} digits the caller gave.")
        return digits
    if kind is CheckKind.REFERENCE:
        return normalise_reference(raw)
    return normalise_security_answer(raw)


def stored_form(kind: CheckKind, stored: str | date, *, phone_digits: int = 4) -> str:
    """A stored value in the form `normalise_answer` produces, for a constant-time compare."""
    if isinstance(stored, date):
        return stored.isoformat()
    if kind is CheckKind.ADDRESS_LINE1:
        return address_comparison_key(stored)
    if kind is CheckKind.PHONE_DIGITS:
        return "".join(ch for ch in stored if ch.isdigit())[-phone_digits:]
    if kind is CheckKind.POSTCODE:
        return " ".join(stored.upper().split())
    return stored


def same_answer(expected: str, given: str) -> bool:
    """Constant-time equality of two normalised answers."""
    return hmac.compare_digest(expected.encode(), given.encode())
