"""What makes an operator password acceptable, after NIST SP 800-63B (MP-11).

Length is what counts: at least 12 characters, up to 256, with no rules about mixing
letters, digits and symbols (they push people to `Password1!`). Instead a new password is
checked against a list of passwords attackers try first, and the ways people stretch one
to pass a length rule (`Password123!`, `aaaaaaaaaaaa`), sequences and keyboard runs
(`123456789012`, `abcdefghijkl`, `qwertyuiopas`: SP 800-63B names both), and against
words the attacker knows: the username and the product's name. Messages never repeat the password.

A temporary password (an operator added, or one whose password an administrator reset)
is for the operator's next login only: it expires `TEMPORARY_PASSWORD_LIFETIME` after it
was issued.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.limits import MAX_PASSWORD_LENGTH

MIN_PASSWORD_LENGTH = 12
PRODUCT_NAME = "custinfo"
#: Shorter usernames ("al") would forbid too many ordinary passwords; they are not checked.
MIN_USERNAME_CHECKED = 3

#: Lower-cased, one a line after a header comment; see the header for its source and licence.
COMMON_PASSWORDS_RESOURCE = "common_passwords.txt"
#: A common password's letters with digits and symbols added or taken away around them
#: ("Password123!", "!summer2024") is refused as the common password is, once what is
#: left is this long: "a" amid digits is no word an attacker starts from.
MIN_COMMON_CORE = 4
#: Digits, symbols and spaces at either end: what is stripped to find a password's core.
_AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")
#: How long a temporary password lets its operator log in (docs/access-control.md,
#: "Temporary passwords"): three days, to be given in person and used.
TEMPORARY_PASSWORD_HOURS = 72
TEMPORARY_PASSWORD_LIFETIME = timedelta(hours=TEMPORARY_PASSWORD_HOURS)

#: Refused for holding the username; `custinfo init` names the one it makes (`admin` by
#: default, never typed there), which its operator had no way to guess.
USERNAME_IN_PASSWORD = "Do not include the username in the password."

COMMON = "That password is on a list of common passwords that attackers try first."
COMMON_STRETCHED = (
    "That password is a common one with digits or symbols added or taken away around it: "
    "attackers try those first."
)
SEQUENCE = (
    "That password is mostly a sequence (1234..., abcd..., or backwards) or a run of keys "
    "along the keyboard (qwerty..., asdf...): attackers try those first. Choose one that "
    "is not."
)
#: The keyboard's rows, letters as typed on a UK or US layout: a step to the key beside,
#: either way, is a run (`qwertyuiop`, `poiuytrewq`, `asdfghjkl`).
KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
#: A run counts from this many characters: "abc" in "abcission"-like words, or "rst" in
#: "first", is an ordinary word's letters, not a sequence typed.
MIN_RUN = 4
#: Refused when runs cover at least this share of the password: a sequence with a little
#: added ("123456789012", "qwertyuiopas") is refused; a passphrase with "1234" in it is not.
MOST_OF_IT = 0.75
REPEATED = (
    "That password is one character, or a few, repeated: attackers try those first. "
    "Choose one that is not."
)


def normalise_password(password: str) -> str:
    """NFKC, as SP 800-63B asks before counting and hashing, so one password has one spelling."""
    return unicodedata.normalize("NFKC", password)


@cache
def common_passwords() -> frozenset[str]:
    """The bundled common-password list, read once on first use."""
    text = (files("custinfo_tui") / "data" / COMMON_PASSWORDS_RESOURCE).read_text(encoding="utf-8")
    _header, _, body = text.partition("\n\n")
    return frozenset(line for line in body.splitlines() if line)


def is_common_password(password: str) -> bool:
    return normalise_password(password).lower() in common_passwords()


def core(password: str) -> str:
    """What is left of a (folded) password without the digits, symbols and spaces at its
    ends: "password" of "password123!" and of "!!password"."""
    return _AROUND.sub("", password)


@cache
def common_cores() -> frozenset[str]:
    """The cores of the common passwords long enough to count (`MIN_COMMON_CORE`)."""
    return frozenset(c for c in map(core, common_passwords()) if len(c) >= MIN_COMMON_CORE)


def repeats_a_piece(password: str) -> bool:
    """Whether `password` is one piece shorter than the minimum length typed again and again
    ("aaaaaaaaaaaa", "abcabcabcabc", "monkey1monkey1"): no stronger than the piece, which
    would be refused on its own as too short."""
    length = len(password)
    return any(
        length % size == 0 and password == password[:size] * (length // size)
        for size in range(1, min(MIN_PASSWORD_LENGTH, length // 2 + 1))
    )


def _beside(first: str, then: str) -> bool:
    """Whether `then` follows `first` in a sequence or a keyboard run, either way: the next
    or previous digit or letter ("9" then "0" is the digit row), or the key beside it."""
    letters_or_digits = first.isascii() and then.isascii() and first.isalnum() and then.isalnum()
    if letters_or_digits and first.isdigit() == then.isdigit() and abs(ord(first) - ord(then)) == 1:
        return True
    return any(
        first in row and then in row and abs(row.index(first) - row.index(then)) == 1
        for row in KEYBOARD_ROWS
    )


def mostly_a_run(password: str) -> bool:
    """Whether most of `password` (folded) is runs of at least `MIN_RUN` characters each
    beside the one before (`_beside`): "123456789012", "abcdefghijkl", "qwertyuiopas",
    "zyxwvutsrqpo". Such a password is among the first an attacker tries, however long."""
    covered, run = 0, 1
    for first, then in pairwise(password):
        if _beside(first, then):
            run += 1
            continue
        covered += run if run >= MIN_RUN else 0
        run = 1
    covered += run if run >= MIN_RUN else 0
    return bool(password) and covered >= MOST_OF_IT * len(password)


def temporary_password_expired(issued_at: datetime, now: datetime) -> bool:
    """Whether a temporary password issued at `issued_at` (stored in UTC) has expired."""
    issued = issued_at if issued_at.tzinfo is not None else issued_at.replace(tzinfo=UTC)
    return now - issued >= TEMPORARY_PASSWORD_LIFETIME


def password_problem(password: str, *, username: str | None = None) -> str | None:
    """Why `password` may not be used as a new password, in plain English, or None if it may."""
    normalised = normalise_password(password)
    length = len(normalised)  # code points, so "é" counts once however it was typed
    if length < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if length > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    folded = normalised.casefold()
    if normalised.lower() in common_passwords():
        return COMMON
    if core(folded) in common_cores():
        return COMMON_STRETCHED
    if repeats_a_piece(folded):
        return REPEATED
    if mostly_a_run(folded):
        return SEQUENCE
    if username:
        name = normalise_password(username).strip().casefold()
        if len(name) >= MIN_USERNAME_CHECKED and name in folded:
            return USERNAME_IN_PASSWORD
    if PRODUCT_NAME in folded:
        return f"Do not include the name {PRODUCT_NAME} in the password."
    return None


class PasswordChangeOutcome(BaseModel):
    """The result of an operator changing their own password: a value the screen shows."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    #: Which box the message belongs next to: the current password or the new one.
    field: Literal["current", "new"] | None = None
    message: str | None = None
