"""Reading a captured value back to the caller (MP-03): the line the handler says aloud.

Each field's registry entry says how it is read back: names and e-mail spelled with the
NATO phonetic alphabet, phone digits in the groups people say them, postcodes and
references character by character, dates as "3 March 1985", the rest as written.

A change reads back the changed fields, and a change to the address the whole address as
it will be (`unchanged_address_lines`): a caller confirms an address as a whole, and a
town read out with the new street is how a wrong one is heard before it is saved.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from custinfo_tui.domain.address_country import COUNTRY_FIELD, listed
from custinfo_tui.domain.dates import format_spoken_date
from custinfo_tui.domain.field_display import display_value
from custinfo_tui.domain.field_spec import FieldGroup, ReadBack
from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.domain.one_name import FAMILY_NAME, ONE_NAME_ONLY
from custinfo_tui.domain.phone import spoken_phone_groups
from custinfo_tui.domain.unseen_text import has_no_glyph

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
    #: A line of the address that the change leaves as it is, read back with the changed
    #: lines so that the caller confirms the whole new address.
    unchanged: bool = False

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
    """Every character of `text` as it is said, separated by commas. A character with no
    glyph (a zero width joiner, a variation selector an import left) is skipped: read out,
    it was an empty item between two commas, a character the caller cannot hear."""
    return ", ".join(spell_character(ch) for ch in text if not has_no_glyph(ch))


def spell_email(address: str) -> str:
    """The part before @ spelled out; the domain said as words ("example dot com")."""
    local, _, domain = address.partition("@")
    said_domain = " dot ".join(domain.split("."))
    return f"{spell(local)}, at, {said_domain}"


def read_back(key: str, stored: str, *, unchanged: bool = False) -> ReadBackLine:
    """The read-back line for a field's stored (normalised) value; `unchanged`: a line of
    the address the change leaves as it is (`unchanged_address_lines`)."""
    spec = FIELDS[key]
    if spec.read_back is ReadBack.SPOKEN_DATE:
        say = format_spoken_date(date.fromisoformat(stored))
        return ReadBackLine(key, spec.label, say, say, unchanged)
    if spec.read_back is ReadBack.DIGIT_GROUPS:
        groups = spoken_phone_groups(stored)
        # Digits and the "+" of an international number, each as a word ("plus four four").
        spoken = ", ".join(" ".join(spell_character(ch) for ch in g) for g in groups)
        return ReadBackLine(key, spec.label, " ".join(groups), spoken, unchanged)
    if spec.read_back is ReadBack.PHONETIC:
        say = spell_email(stored) if key == "email" else spell(stored)
        return ReadBackLine(key, spec.label, stored, say or stored, unchanged)
    if spec.read_back is ReadBack.CHARACTERS:
        # Nothing to spell (only hidden characters): the value itself, which the screen
        # shows as "(hidden characters only)", never an empty line to confirm.
        return ReadBackLine(key, spec.label, stored, spell(stored) or stored, unchanged)
    said = display_value(key, stored)  # as the record shows it: a country by its name
    return ReadBackLine(key, spec.label, said, said, unchanged)


#: The record's fields that make up its address, in the record's order.
ADDRESS_LINES = tuple(key for key in RECORD_FIELDS if FIELDS[key].group is FieldGroup.ADDRESS)


def unchanged_address_lines(
    changes: Mapping[str, str | None], held: Mapping[str, str | None]
) -> tuple[str, ...]:
    """The lines of the address as it will be that a change leaves as they are, in the
    record's order: read back with the changed lines, since a caller confirms an address
    as a whole (MP-03). None when no line of the address changes.

    `changes`: field -> new stored value (None: emptied); `held`: each address line's
    stored value now. An empty line is not read out, nor a line the address as it will be
    does not list: the postcode its country does not take, the country of one in the UK.
    """
    if not any(key in changes for key in ADDRESS_LINES):
        return ()
    country = changes[COUNTRY_FIELD] if COUNTRY_FIELD in changes else held.get(COUNTRY_FIELD)
    return tuple(
        key
        for key in ADDRESS_LINES
        if key not in changes and held.get(key) and listed(key, country)
    )


@dataclass(frozen=True, slots=True)
class UnchangedLine:
    """A line of the address a change leaves as it is, to read back with the changed
    lines: its stored value, or None with why when the caller may not hear it."""

    key: str
    value: str | None
    #: Why it is not read out ("needs High", "outside their scope"), when `value` is None.
    withheld: str | None = None


def in_record_order(lines: list[ReadBackLine]) -> list[ReadBackLine]:
    """The lines in the order the record lists their fields: an address read out line by
    line, the unchanged lines in their places among the changed ones."""
    order = {key: n for n, key in enumerate(RECORD_FIELDS)}
    return sorted(lines, key=lambda line: order.get(line.key, len(order)))


def lines_read_back(fields: Iterable[str], details: Mapping[str, Any]) -> str:
    """A `readback.confirmed` event's lines in words, for the record's timeline and the
    debrief: "Address line 1 (unchanged), Postcode, Town (typed twice: ...) (corrected at
    read-back: ...)". The lines of an address a change left as they were, read back with
    the changed ones, are marked unchanged."""
    kept = set(details.get("unchanged") or ())
    said = ", ".join(f"{_label(k)} (unchanged)" if k in kept else _label(k) for k in fields)
    if twice := details.get("double_entry"):
        said += f" (typed twice: {', '.join(map(_label, twice))})"
    if put_right := details.get("corrected"):
        said += f" (corrected at read-back: {', '.join(map(_label, put_right))})"
    return said


def _label(key: str) -> str:
    return FIELDS[key].label if key in FIELDS else key.replace("_", " ")


def read_back_one_name(key: str, family_name: str) -> ReadBackLine:
    """The line confirming that the customer has one name only, `family_name` (stored form),
    spelled: "One name only: S for Sierra, ...". `key` is the field it confirms: the
    family name at capture, the given name emptied at an edit."""
    return ReadBackLine(key, ONE_NAME_ONLY, family_name, spell(family_name) or family_name)


def read_back_all(stored: Mapping[str, str], *, one_name_only: bool = False) -> list[ReadBackLine]:
    """A line for each value (field key -> stored form), in order; with `one_name_only`,
    the family name's says so."""
    return [
        read_back_one_name(key, value)
        if one_name_only and key == FAMILY_NAME
        else read_back(key, value)
        for key, value in stored.items()
    ]
