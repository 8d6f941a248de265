"""Importing customers from a legacy system's CSV file: the mapping and the check of one row.

The mapping (a TOML file, docs/import.md) says which CSV column feeds which field of the
registry (`domain.fields`), how dates are written, the file's encoding and delimiter. Each
row is checked field by field with the very normalisers the console's capture uses
(`fields.check_field`): names, date of birth, phone (phonenumbers), e-mail
(email-validator), postcode and address lines, so a value the console would refuse is
refused here too, with the console's own words (one cell: domain/legacy_import_cells.py).
Control characters and escape sequences are refused by those normalisers, and a tab or line
break in a name cell here too (the console's name box takes them from a paste as spaces; in a
legacy file they mean a broken row); the render-time guard (`printable`) stays the second
line.

Pure: no I/O. The service reads the file, sends rows here in a process pool and stores what
comes back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Literal, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from custinfo_tui.domain.address_country import COUNTRY_FIELD
from custinfo_tui.domain.capture import ALWAYS_REQUIRED
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.field_spec import AddressIn, FieldGroup
from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.domain.legacy_import_cells import CELL_CHECKS, Refusal, check_cell
from custinfo_tui.domain.names import name_key
from custinfo_tui.domain.one_name import FAMILY_NAME, GIVEN_NAME
from custinfo_tui.domain.text import counted, fold_for_search

#: Record fields a legacy file may fill. Support needs are special-category data, held only
#: with a recorded Article 9 condition, which a legacy file cannot show: they are not imported.
#: An imported address is a UK one, its postcode checked as one: the country and a postcode
#: from elsewhere are not imported (a customer abroad gives theirs on their next call).
IMPORTABLE_FIELDS = tuple(
    key
    for key in RECORD_FIELDS
    if FIELDS[key].category is not DataCategory.SPECIAL_CATEGORY
    and key != COUNTRY_FIELD
    and FIELDS[key].address_in in (None, AddressIn.UK)
)

#: The two names: both required, but for a customer with one name only (`one_name_rows`).
NAMES = (GIVEN_NAME, FAMILY_NAME)

#: An address is stored only whole enough to write to: its first line, town and postcode.
ADDRESS_NEEDS = ("address_line1", "town", "postcode")
_ADDRESS_FIELDS = tuple(k for k in IMPORTABLE_FIELDS if FIELDS[k].group is FieldGroup.ADDRESS)

#: Encodings a legacy export is found in: UTF-8, UTF-8 with a byte-order mark (Excel's
#: "CSV UTF-8"), and Windows-1252 (Excel's plain "CSV" on Western European Windows).
Encoding = Literal["utf-8", "utf-8-sig", "cp1252"]

#: The field name a refusal about the row as a whole carries in the rejects file.
WHOLE_ROW = "(row)"
#: Why a line with nothing on it is refused: it is read (a spreadsheet numbers it, and every
#: row read is accepted or refused), but holds no customer.
EMPTY_LINE = "an empty line: no customer in it"
#: Why a row of empty cells, as many as the header has, is refused: what a spreadsheet
#: writes for a blank row (`,,,,`), holding no customer either.
EMPTY_ROW = "an empty row: no customer in it"
#: Why a row filling part of an address is refused at each of the three it must fill.
_ADDRESS_INCOMPLETE = "{label} is empty: an address needs its first line, town and postcode"

#: Dates each date format must write and read back whole: one of each century a customer
#: is born in, so a format that loses the century (or the day, or the month) is refused.
_SAMPLE_DATES = (date(1985, 3, 14), date(1910, 11, 2), date(2010, 7, 23))


class ImportMapping(BaseModel):
    """A legacy file's mapping: field key -> CSV column, date formats, encoding, delimiter."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Field key (from the registry) -> the column's name in the file's header row.
    columns: dict[str, str]
    #: strptime formats tried in order ("%d/%m/%Y"); the first that reads the date wins.
    date_formats: tuple[str, ...] = ("%d/%m/%Y", "%Y-%m-%d")
    encoding: Encoding = "utf-8"
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    #: Fields a row must have besides the names (always required); others may be empty.
    required: tuple[str, ...] = ()
    #: A row with one of its two names empty is a customer with one name only, stored as
    #: their family name (domain/one_name.py); without this, refused as today. A file
    #: cannot tell a name left out from one never had: whoever knows the system says so.
    one_name_rows: StrictBool = False

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, columns: dict[str, str]) -> dict[str, str]:
        for key, column in columns.items():
            if key not in IMPORTABLE_FIELDS:
                raise ValueError(
                    f"{key}: not a field a legacy file may fill; fields are: "
                    f"{', '.join(IMPORTABLE_FIELDS)}"
                )
            if not column.strip():
                raise ValueError(f"{key}: name the CSV column")
        fed: dict[str, str] = {}
        for key, column in columns.items():
            if (other := fed.setdefault(column.strip(), key)) != key:
                # One column read into two fields is a slip (a name copied from the line
                # above): a value is one field's, never two.
                raise ValueError(
                    f"{key}: the column {column.strip()!r} feeds {other} already; a column "
                    "feeds one field"
                )
        for key in ALWAYS_REQUIRED:
            if key not in columns:
                raise ValueError(f"{key}: every customer needs one; map it to a column")
        if any(key in columns for key in _ADDRESS_FIELDS):
            for key in ADDRESS_NEEDS:
                if key not in columns:
                    raise ValueError(f"{key}: an address needs it; map it to a column")
        return columns

    @field_validator("date_formats")
    @classmethod
    def _readable_formats(cls, formats: tuple[str, ...]) -> tuple[str, ...]:
        if not formats:
            raise ValueError("give at least one date format, such as %d/%m/%Y")
        for fmt in formats:
            if "%y" in fmt.replace("%%", ""):
                raise ValueError(
                    f"{fmt!r} reads a two-digit year (%y), which cannot tell 1910 from 2010 "
                    "(Python reads 10 as 2010); use %Y, with the years written in four digits"
                )
            for sample in _SAMPLE_DATES:
                try:
                    read_back = datetime.strptime(sample.strftime(fmt), fmt).date()
                except ValueError:
                    read_back = None
                if read_back != sample:
                    raise ValueError(
                        f"{fmt!r} cannot read a whole date (day, month, four-digit year) back"
                    )
        return formats

    @field_validator("required")
    @classmethod
    def _required_are_fields(cls, required: tuple[str, ...]) -> tuple[str, ...]:
        for key in required:
            if key not in IMPORTABLE_FIELDS:
                raise ValueError(
                    f"{key}: not a field a legacy file may fill; fields are: "
                    f"{', '.join(IMPORTABLE_FIELDS)}"
                )
        return required

    @model_validator(mode="after")
    def _required_are_mapped(self) -> Self:
        for key in self.required:
            if key not in self.columns:
                raise ValueError(f"required: {key} is required but not mapped to a column")
        return self

    @property
    def required_fields(self) -> frozenset[str]:
        return frozenset((*ALWAYS_REQUIRED, *self.required))

    def meaning(self) -> str:
        """What the mapping says, in one canonical text: the same for two mapping files
        that read a legacy file alike, whatever their comments, layout, order of keys or of
        `required`, or spaces around a column's name. An import is known by it (with the
        file's bytes), so a comment added to the mapping does not make it a new import."""
        return json.dumps(
            {
                "columns": {key: column.strip() for key, column in self.columns.items()},
                "date_formats": list(self.date_formats),
                "encoding": self.encoding,
                "delimiter": self.delimiter,
                "required": sorted(set(self.required_fields)),
                # Said only when set, so a mapping written before it means what it meant.
                **({"one_name_rows": True} if self.one_name_rows else {}),
            },
            sort_keys=True,
            ensure_ascii=False,
        )


class ImportedPerson(NamedTuple):
    """One accepted row in stored form, with the search keys the lookup uses."""

    given_name: str
    family_name: str
    given_key: str
    family_key: str
    date_of_birth: str | None  # ISO
    phone: str | None  # E.164
    email: str | None
    address_line1: str | None
    address_line2: str | None
    town: str | None
    town_key: str | None
    postcode: str | None


#: A checked row: its number and either the person or the refusals.
CheckedRow = tuple[int, ImportedPerson | tuple[Refusal, ...]]


def column_positions(mapping: ImportMapping, header: Sequence[str]) -> dict[str, int]:
    """Field key -> index of its column in the header row. KeyError names the field whose
    column is missing; ValueError says which mapped column the header names twice (which of
    the two the mapping means, nobody can tell). Columns the mapping does not name may
    repeat (two empty names at the end of an export's lines): they are not read."""
    names = [name.strip() for name in header]
    positions = {}
    for key, column in mapping.columns.items():
        name = column.strip()
        if name not in names:
            raise KeyError(key)
        found = [number for number, header_name in enumerate(names, start=1) if header_name == name]
        if len(found) > 1:
            raise ValueError(
                f"the header has {len(found)} columns named {name!r} (columns "
                f"{', '.join(map(str, found[:-1]))} and {found[-1]}), and the mapping's "
                f"columns.{key} cannot say which it means: rename them in the file"
            )
        positions[key] = found[0] - 1
    return positions


def _wrong_width(cells: Sequence[str], width: int) -> str:
    """Why a row with the wrong number of columns is refused. A line break inside a cell of
    such a row is most likely a quote never closed: the reader took every line after it,
    up to the next quote or the end of the file, as part of that one cell."""
    lines = sum(max(len(cell.splitlines()) - 1, 0) for cell in cells)
    if lines:
        return (
            f"has {counted(len(cells), 'column')}; the header has {width}. A quote opened in it "
            f"is never closed, so {_lines_after(lines)} read as part of this row: close the "
            "quote and import the file again"
        )
    return f"has {counted(len(cells), 'column')}; the header has {width}"


def _lines_after(lines: int) -> str:
    """ "the 3 lines after it were", or "the line after it was"."""
    return "the line after it was" if lines == 1 else f"the {lines} lines after it were"


def check_row(
    mapping: ImportMapping,
    positions: Mapping[str, int],
    width: int,
    cells: Sequence[str],
) -> ImportedPerson | tuple[Refusal, ...]:
    """The row in stored form, or every reason it is refused.

    `width` is the header's number of columns: a row with another number is refused whole
    (a stray delimiter would shift every value into the wrong field).
    """
    if len(cells) != width:
        if len(cells) <= 1 and not "".join(cells).strip():
            return (Refusal(WHOLE_ROW, EMPTY_LINE),)
        return (Refusal(WHOLE_ROW, _wrong_width(cells, width)),)
    if not "".join(cells).strip():
        return (Refusal(WHOLE_ROW, EMPTY_ROW),)
    values: dict[str, str] = {}
    refusals: list[Refusal] = []
    encoding, formats = mapping.encoding, mapping.date_formats
    empty_names = [key for key in NAMES if not cells[positions[key]].strip()]
    one_name = mapping.one_name_rows and len(empty_names) == 1
    for key, position in positions.items():
        checked = CELL_CHECKS.get(key, check_cell)(key, cells[position], encoding, formats)
        if checked is None:
            if key in mapping.required_fields and not (one_name and key in NAMES):
                refusals.append(Refusal(key, f"{FIELDS[key].label} is empty"))
        elif isinstance(checked, Refusal):
            refusals.append(checked)
        else:
            values[key] = checked
    if refusals:
        return tuple(refusals)
    if any(key in values for key in _ADDRESS_FIELDS):
        missing = [key for key in ADDRESS_NEEDS if key not in values]
        if missing:
            return tuple(
                Refusal(key, _ADDRESS_INCOMPLETE.format(label=FIELDS[key].label)) for key in missing
            )
    town = values.get("town")
    given, family = values.get(GIVEN_NAME, ""), values.get(FAMILY_NAME, "")
    if not family:  # one name only, in the given name's column: it is the family name
        given, family = "", given
    return ImportedPerson(
        given_name=given,
        family_name=family,
        given_key=_name_key(given),
        family_key=_name_key(family),
        date_of_birth=values.get("date_of_birth"),
        phone=values.get("phone"),
        email=values.get("email"),
        address_line1=values.get("address_line1"),
        address_line2=values.get("address_line2"),
        town=town,
        town_key=_fold(town) if town is not None else None,
        postcode=values.get("postcode"),
    )


#: Name and town keys remembered: they repeat across a customer base.
_CACHED_KEYS = 100_000


@lru_cache(maxsize=_CACHED_KEYS)
def _name_key(name: str) -> str:
    return name_key(name)


@lru_cache(maxsize=_CACHED_KEYS)
def _fold(town: str) -> str:
    return fold_for_search(town)


__all__ = [
    "ADDRESS_NEEDS",
    "EMPTY_LINE",
    "EMPTY_ROW",
    "IMPORTABLE_FIELDS",
    "WHOLE_ROW",
    "CheckedRow",
    "ImportMapping",
    "ImportedPerson",
    "Refusal",
    "check_row",
    "column_positions",
]
