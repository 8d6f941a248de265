"""One cell of a legacy file's row checked (domain/legacy_import.py): its stored form, why
it is refused, or nothing when it is empty.

Each cell goes through the very normaliser the console's capture uses (`fields.check_field`),
so it is refused with the console's own words, said of a cell in a file ("correct the
cell") rather than of a box a handler types in. Before that, what only a file has: bytes
its encoding cannot read, a tab or line break in a name cell (a broken row in a file, a
paste in the console), a date written in one of the mapping's formats. A reason never
repeats the cell's value.

Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from custinfo_tui.domain.fields import FIELDS, check_field
from custinfo_tui.domain.names import PASTED_WHITESPACE, hidden_characters
from custinfo_tui.domain.validation import FieldResult

_NAME_FIELDS = frozenset(("given_name", "family_name"))


class Refusal(NamedTuple):
    """Why a row was not imported: the field (or WHOLE_ROW) and the reason, never the value."""

    field: str
    reason: str


#: Bytes the encoding could not read arrive as lone surrogates (errors="surrogateescape").
_UNDECODED = re.compile("[\udc80-\udcff]")


def _undecodable(raw: str) -> bool:
    return _UNDECODED.search(raw) is not None


def _not_text(raw: str, encoding: str) -> str:
    """Why a cell holding bytes its encoding cannot read is refused: which bytes, and where
    in the cell the first is (never the cell's text). Windows-1252 is suggested only to a
    mapping that does not say it already: a file read as cp1252 whose bytes cp1252 leaves
    undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) is in another encoding, or damaged, and
    suggesting cp1252 again would send the administrator round in a circle."""
    found = list(_UNDECODED.finditer(raw))
    codes = sorted({ord(match.group()) - 0xDC00 for match in found})
    which = ", ".join(f"0x{code:02X}" for code in codes[:5])
    if len(codes) > 5:
        which += f" and {len(codes) - 5} more"
    said = (
        f"holds bytes that are not {encoding} text ({which}; the first is character "
        f"{found[0].start() + 1} of the cell)"
    )
    if encoding == "cp1252":
        return (
            f"{said}: the file is not valid in the mapping's encoding; check which encoding "
            "the legacy system wrote it in, or whether this cell is damaged"
        )
    return f'{said}; a file from Windows is often `encoding = "cp1252"` in the mapping'


def check_cell(key: str, raw: str, encoding: str, formats: tuple[str, ...]) -> str | Refusal | None:
    """One cell checked: its stored form, why it is refused, or None when it is empty."""
    if not raw.strip():
        return None
    if _undecodable(raw):
        return Refusal(key, _not_text(raw, encoding))
    if key == "date_of_birth":
        return _date_of_birth(raw, formats)
    if key in _NAME_FIELDS and not PASTED_WHITESPACE.isdisjoint(raw):
        # The console's name check takes these as spaces, from a paste. In a cell of a
        # legacy file a tab or line break is a broken row ("Line\nBreak" from a quote or
        # a field run into the next), not a name: refused as other hidden characters are.
        whitespace = next(ch for ch in raw if ch in PASTED_WHITESPACE)
        return Refusal(key, _in_a_file(hidden_characters(whitespace)) or "")
    return _checked(key, check_field(key, raw))


#: Fields whose values repeat across a customer base (a few thousand given names, family
#: names and towns; dates of birth; the numbers of switchboards, care homes and shared
#: lines; the streets of a town), and how many of each are remembered: each is checked once
#: per distinct value in each process. The checks are pure functions, so a remembered answer
#: is the answer. E-mail addresses and postcodes are nearly all different: checked each time.
_REMEMBERED = {
    "given_name": 20_000,
    "family_name": 20_000,
    "date_of_birth": 50_000,
    "phone": 50_000,
    "address_line1": 50_000,
    "address_line2": 20_000,
    "town": 20_000,
}
#: Each field's check: remembered for those above, `check_cell` itself for the others.
CELL_CHECKS = {key: lru_cache(maxsize=size)(check_cell) for key, size in _REMEMBERED.items()}


def _checked(key: str, result: FieldResult) -> str | Refusal:
    if result.message is not None or result.value is None:
        return Refusal(key, _in_a_file(result.message) or f"{FIELDS[key].label} is empty")
    return result.value


def _in_a_file(message: str | None) -> str | None:
    """A field's message as said of a cell in a file, not of a box a handler types in: a
    hidden character in a cell is corrected in the file, not "retyped"."""
    if message is None:
        return None
    return message.replace("; please retype it.", ": correct the cell.")


def _date_of_birth(raw: str, formats: tuple[str, ...]) -> str | Refusal:
    """Read by the mapping's formats, then the console's date-of-birth check (no future
    date, no age over 120...)."""
    iso = _calendar_date(raw, formats)
    return (
        iso
        if isinstance(iso, Refusal)
        else _checked("date_of_birth", check_field("date_of_birth", iso))
    )


def _calendar_date(raw: str, formats: Sequence[str]) -> str | Refusal:
    """The date in ISO form for the console's date-of-birth check, read by the first format
    that fits; a refusal listing the formats when none does."""
    text = raw.strip()
    shaped = False  # laid out as a format asks, but no such day (31/02/1980)
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError as error:
            shaped = shaped or "out of range" in str(error)
    if shaped:
        return Refusal("date_of_birth", "That date does not exist.")
    return Refusal("date_of_birth", f"not a date in the mapping's formats ({', '.join(formats)})")
