"""Reading a captured value back to the caller (MP-03): the line the handler says aloud.

Each field's registry entry says how it is read back: names and e-mail spelled with the
NATO phonetic alphabet, phone digits in the groups people say them, postcodes and
references character by character, dates as "3 March 1985", the rest as written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from custinfo_tui.domain.dates import format_spoken_date
from custinfo_tui.domain.field_spec import ReadBack
from custinfo_tui.domain.fields import FIELDS, display_value
from custinfo_tui.domain.one_name import FAMILY_NAME, ONE_NAME_ONLY
from custinfo_tui.domain.phone import spoken_phone_groups

NATO = {
    "A": "Alfa", "B": "Bravo", "C": "Charlie", "D": "Delta", "E": "Echo", "F": "Foxtrot",
    "G": "Golf", "H": "Hotel", "I": "India", "J": "Juliett", "K": "Kilo", "L": "Lima",
    "M": "Mike", "N": "November", "O": "Oscar", "P": "Papa", "Q": "Quebec", "R": "Romeo",
    "S": "Sierra", "T": "Tango", "U": "Uniform", "V": "Victor", "W": "Whiskey",
    "X": "X-ray", "Y": "Yankee", "Z": "Zulu",
}  # fmt: skip

DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

SYMBOLS = {
    " ": "space",
    "-": "hyphen",
    "'": "apostrophe",
    "’": "apostrophe",
    ".": "dot",
    "@": "at",
    "_": "underscore",
    "+": "plus",
    ",": "comma",
    "/": "slash",
    "&": "and",
}


@dataclass(frozen=True, slots=True)
class ReadBackLine:
    """One line of the read-back screen."""

    key: str
    label: str
    #: The value as stored and shown on the record (a country as shown: by its name).
    value: str
    #: What the handler says, e.g. "S for Sierra, M for Mike, ...".
    say: str

    @property
    def heard(self) -> str:
        """What the caller confirms: the value under its label, so "One name only: Suharto"
        is asked again after "Family name: Suharto" was confirmed."""
        return f"{self.label}: {self.value}"


def spell_character(ch: str) -> str:
    """One character as it is said: "S for Sierra", "seven", "hyphen", "É (E with accent)"."""
    if ch.isascii() and ch.isalpha():
        return f"{ch.upper()} for {NATO[ch.upper()]}"
    if ch.isascii() and ch.isdigit():
        return DIGITS[int(ch)]
    if ch in SYMBOLS:
        return SYMBOLS[ch]
    base = unicodedata.normalize("NFKD", ch)[:1] or ch
    if base.isascii() and base.isalpha():
        name = unicodedata.name(ch, "").lower()
        accent = name.split(" with ", 1)[1] if " with " in name else "accent"
        return f"{ch} ({base.upper()} for {NATO[base.upper()]}, with {accent})"
    return ch  # a character the alphabet has no word for (Han, Arabic ...): read as written


def spell(text: str) -> str:
    """Every character of `text` as it is said, separated by commas."""
    return ", ".join(spell_character(ch) for ch in text)


def spell_email(address: str) -> str:
    """The part before @ spelled out; the domain said as words ("example dot com")."""
    local, _, domain = address.partition("@")
    said_domain = " dot ".join(domain.split("."))
    return f"{spell(local)}, at, {said_domain}"


def read_back(key: str, stored: str) -> ReadBackLine:
    """The read-back line for a field's stored (normalised) value."""
    spec = FIELDS[key]
    if spec.read_back is ReadBack.SPOKEN_DATE:
        say = format_spoken_date(date.fromisoformat(stored))
        return ReadBackLine(key, spec.label, say, say)
    if spec.read_back is ReadBack.DIGIT_GROUPS:
        groups = spoken_phone_groups(stored)
        # Digits and the "+" of an international number, each as a word ("plus four four").
        spoken = ", ".join(" ".join(spell_character(ch) for ch in g) for g in groups)
        return ReadBackLine(key, spec.label, " ".join(groups), spoken)
    if spec.read_back is ReadBack.PHONETIC:
        say = spell_email(stored) if key == "email" else spell(stored)
        return ReadBackLine(key, spec.label, stored, say)
    if spec.read_back is ReadBack.CHARACTERS:
        return ReadBackLine(key, spec.label, stored, spell(stored))
    said = display_value(key, stored)  # as the record shows it: a country by its name
    return ReadBackLine(key, spec.label, said, said)


def read_back_one_name(key: str, family_name: str) -> ReadBackLine:
    """The line confirming that the customer has one name only, `family_name` (stored form),
    spelled: "One name only: S for Sierra, ...". `key` is the field it confirms: the
    family name at capture, the given name emptied at an edit."""
    return ReadBackLine(key, ONE_NAME_ONLY, family_name, spell(family_name))


def read_back_all(stored: Mapping[str, str], *, one_name_only: bool = False) -> list[ReadBackLine]:
    """A line for each value (field key -> stored form), in order; with `one_name_only`,
    the family name's says so."""
    return [
        read_back_one_name(key, value)
        if one_name_only and key == FAMILY_NAME
        else read_back(key, value)
        for key, value in stored.items()
    ]
