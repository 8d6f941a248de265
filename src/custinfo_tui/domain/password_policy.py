"""What makes an operator password acceptable, after NIST SP 800-63B (MP-11).

Length is what counts: at least 12 characters, up to 256, with no rules about mixing
letters, digits and symbols (they push people to `Password1!`). Instead a new password is
checked against a list of passwords attackers try first and against words the attacker
knows: the username and the product's name. Messages never repeat the password.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.limits import MAX_PASSWORD_LENGTH

MIN_PASSWORD_LENGTH = 12
PRODUCT_NAME = "custinfo"
#: Shorter usernames ("al") would forbid too many ordinary passwords; they are not checked.
MIN_USERNAME_CHECKED = 3

#: Lower-cased, one a line after a header comment; see the header for its source and licence.
COMMON_PASSWORDS_RESOURCE = "common_passwords.txt"


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
        return "That password is on a list of common passwords that attackers try first."
    if username:
        name = normalise_password(username).strip().casefold()
        if len(name) >= MIN_USERNAME_CHECKED and name in folded:
            return "Do not include the username in the password."
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
