"""How a field's stored value is shown, by its registry entry's `Display` (domain/fields.py):
on the record and in its history (`display_value`, `as_displayed`: a phone as dialled here,
a date spoken, a reference spaced, a country by its name) and while the handler types it
(`preview`: a phone in its international form, for checking the country code).
"""

from __future__ import annotations

from datetime import date

from custinfo_tui.domain.countries import country_name
from custinfo_tui.domain.dates import format_spoken_date
from custinfo_tui.domain.field_spec import Display
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.phone import format_phone_international, format_phone_national
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.validation import FieldError


def display_value(key: str, stored: str) -> str:
    """A stored value the way the record shows it: a phone as dialled here ("07700 900123"),
    a date spoken ("3 March 1985"), the rest as stored."""
    style = FIELDS[key].display
    if style is Display.PHONE:
        return format_phone_national(stored)
    if style is Display.SPOKEN_DATE:
        return format_spoken_date(date.fromisoformat(stored))
    if style is Display.REFERENCE:
        return format_reference(stored)
    if style is Display.COUNTRY:
        return country_name(stored)
    return stored


def as_displayed(key: str, value: str | None) -> str | None:
    """`display_value` wherever a value may be anything: a field's old value in its
    history, a value another desk saved. A key not in the registry, an erased (empty) value
    or one that cannot be read so (from an old import) comes back as stored."""
    if not value or key not in FIELDS:
        return value
    try:
        return display_value(key, value)
    except (FieldError, ValueError):
        return value


def preview(key: str, stored: str) -> str:
    """A stored value the way the handler checks it while typing: a phone in international
    spaced form ("+44 7700 900123"), a date spoken ("3 March 1985"), the rest as stored."""
    if FIELDS[key].display is Display.PHONE:
        return format_phone_international(stored)
    return display_value(key, stored)
