"""The legacy import's mapping file and the check of one row (docs/import.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from custinfo_tui.domain.fields import check_field
from custinfo_tui.domain.legacy_import import (
    WHOLE_ROW,
    ImportedPerson,
    ImportMapping,
    Refusal,
    check_row,
    column_positions,
)
from custinfo_tui.services.legacy_import import MappingError, load_mapping

DOCS = Path(__file__).resolve().parents[2] / "docs"
HEADER = ["Forename", "Surname", "DOB", "Tel", "Email", "Addr1", "Addr2", "Town", "PC"]
MAPPING = ImportMapping(
    columns={
        "given_name": "Forename",
        "family_name": "Surname",
        "date_of_birth": "DOB",
        "phone": "Tel",
        "email": "Email",
        "address_line1": "Addr1",
        "address_line2": "Addr2",
        "town": "Town",
        "postcode": "PC",
    },
    date_formats=("%d/%m/%Y", "%Y%m%d"),
)
GOOD = ["amelia", "HART", "14/03/1985", "07700 900101", "Amelia.Hart@Example.com",
        "12 mill lane", "", "leeds", "ls1 4ap"]  # fmt: skip


def _check(**changed: str) -> ImportedPerson | tuple[Refusal, ...]:
    cells = list(GOOD)
    for key, value in changed.items():
        cells[list(MAPPING.columns).index(key)] = value
    return check_row(MAPPING, column_positions(MAPPING, HEADER), len(HEADER), cells)


def _mapping_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "legacy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_row_is_stored_as_the_console_would_store_it() -> None:
    person = _check()

    assert isinstance(person, ImportedPerson)
    assert (person.given_name, person.family_name) == ("Amelia", "Hart")
    assert (person.given_key, person.family_key) == ("amelia", "hart")
    assert person.date_of_birth == "1985-03-14"
    assert person.phone == "+447700900101"
    assert person.email == "amelia.hart@example.com"
    assert (person.address_line1, person.address_line2) == ("12 Mill Lane", None)
    assert (person.town, person.town_key, person.postcode) == ("Leeds", "leeds", "LS1 4AP")


def test_dates_are_read_by_the_first_format_that_fits() -> None:
    person = _check(date_of_birth="19850314")

    assert isinstance(person, ImportedPerson) and person.date_of_birth == "1985-03-14"


def test_every_bad_field_of_a_row_is_named_with_the_consoles_reason_and_no_value() -> None:
    refusals = _check(date_of_birth="31/02/1985", email="amelia.hart@", phone="07700")

    assert isinstance(refusals, tuple)
    assert [r.field for r in refusals] == ["date_of_birth", "phone", "email"]
    assert "31/02" not in str(refusals) and "amelia" not in str(refusals)
    # A day laid out as the mapping asks but that does not exist says so, as the console
    # does; one in no format of the mapping names the formats.
    assert refusals[0].reason == "That date does not exist."
    [other] = _check(date_of_birth="14th March 1985")  # type: ignore[misc]
    assert other.reason.startswith("not a date in the mapping's formats")


def test_an_escape_sequence_in_a_name_is_refused() -> None:
    refusals = _check(family_name="Hart\x1b[2J\x1b[31m")

    assert refusals == (
        Refusal(
            "family_name",
            "The name contains an escape character (the start of a terminal control "
            "sequence): correct the cell.",
        ),
    )


def test_a_zero_width_space_in_a_cell_is_named_as_what_it_is() -> None:
    """Found importing a legacy file: "Ha\u200brt" was refused as holding "hidden control
    characters (a line break, tab or escape)", none of which it held."""
    assert _check(family_name="Ha\u200brt", town="Le\u200beds") == (
        Refusal(
            "family_name",
            "The name contains an invisible formatting character (zero width space): "
            "correct the cell.",
        ),
        Refusal(
            "town",
            "The town contains an invisible formatting character (zero width space): "
            "correct the cell.",
        ),
    )


def test_a_name_of_a_letter_that_draws_nothing_is_refused_by_name() -> None:
    """Found importing a legacy file: given name "Hangul\u3164", family name "\u3164" (the
    Hangul filler) was accepted, and the customer's surname looked blank on every screen."""
    assert _check(given_name="Hangul\u3164", family_name="\u3164") == (
        Refusal(
            "given_name",
            "The name contains an invisible character (hangul filler): correct the cell.",
        ),
        Refusal(
            "family_name",
            "The name contains an invisible character (hangul filler): correct the cell.",
        ),
    )


@pytest.mark.parametrize(
    ("name", "called"),
    [("Line\nBreak", "a line break"), ("Li\r\nne", "a line break"), ("Tab\tby", "a tab"),
     ("Hart\r", "a line break")],
)  # fmt: skip
@pytest.mark.parametrize("field", ["given_name", "family_name"])
def test_a_line_break_or_tab_in_a_name_cell_is_refused_not_made_a_space(
    field: str, name: str, called: str
) -> None:
    """Found trying the import: "Line\nBreak" was stored as "Line Break", as the console's
    name box takes a paste, though the message and docs/import.md say a line break or tab
    is refused. In a legacy file it is a broken row, not a paste."""
    assert _check(**{field: name}) == (
        Refusal(field, f"The name contains {called}: correct the cell."),
    )


def test_the_console_still_takes_a_pasted_tab_in_a_name_as_a_space() -> None:
    assert check_field("given_name", "Mary\tAnn").value == "Mary Ann"


def test_markup_in_a_name_is_refused_never_stored_as_markup() -> None:
    # The console's name check allows letters, spaces, hyphens, apostrophes and full stops, so a
    # legacy name holding "[bold]" is listed in the rejects file rather than stored.
    refusals = _check(given_name="[bold]Amelia")

    assert isinstance(refusals, tuple) and refusals[0].field == "given_name"


def test_bytes_the_encoding_could_not_read_are_refused() -> None:
    refusals = _check(town="Le\udc81eds")

    [refusal] = refusals
    assert refusal.field == "town"
    assert refusal.reason == (
        "holds bytes that are not utf-8 text (0x81; the first is character 3 of the cell); "
        'a file from Windows is often `encoding = "cp1252"` in the mapping'  # what to try
    )


def test_bytes_windows_1252_leaves_undefined_are_named_without_suggesting_it_again() -> None:
    """Found trying the import: a file read with encoding = "cp1252" holding 0x81 and 0x90
    (which Windows-1252 leaves undefined) was told to set encoding = "cp1252"."""
    cp1252 = MAPPING.model_copy(update={"encoding": "cp1252"})
    cells = list(GOOD)
    cells[HEADER.index("Addr1")] = "12 Mill\udc90 La\udc81ne\udc90"
    refusals = check_row(cp1252, column_positions(cp1252, HEADER), len(HEADER), cells)

    assert refusals == (
        Refusal(
            "address_line1",
            "holds bytes that are not cp1252 text (0x81, 0x90; the first is character 8 of "
            "the cell): the file is not valid in the mapping's encoding; check which "
            "encoding the legacy system wrote it in, or whether this cell is damaged",
        ),
    )
    assert "Mill" not in str(refusals)


def test_a_row_with_a_stray_delimiter_is_refused_whole() -> None:
    refusals = check_row(MAPPING, column_positions(MAPPING, HEADER), len(HEADER), [*GOOD, "stray"])

    assert refusals == (Refusal(WHOLE_ROW, "has 10 columns; the header has 9"),)


@pytest.mark.parametrize("line", [[], [""], ["   "]])
def test_an_empty_line_is_refused_as_an_empty_line_not_a_count_of_columns(
    line: list[str],
) -> None:
    """Found trying the import: an empty line was refused as "has 0 columns; the header has
    10". It is still read and refused (read = accepted + rejected), saying what it is."""
    refusals = check_row(MAPPING, column_positions(MAPPING, HEADER), len(HEADER), line)

    assert refusals == (Refusal(WHOLE_ROW, "an empty line: no customer in it"),)


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_row_of_empty_cells_is_refused_as_an_empty_row_not_as_empty_fields(
    blank: str,
) -> None:
    """Found trying the import: `,,,,,,,,` (a blank row, as Excel writes it) was refused as
    three fields ("Given name is empty", ...) rather than as a row with nobody in it."""
    cells = [blank] * len(HEADER)

    refusals = check_row(MAPPING, column_positions(MAPPING, HEADER), len(HEADER), cells)

    assert refusals == (Refusal(WHOLE_ROW, "an empty row: no customer in it"),)


def test_a_line_of_empty_cells_too_few_is_refused_for_its_columns() -> None:
    refusals = check_row(MAPPING, column_positions(MAPPING, HEADER), len(HEADER), ["", ""])

    assert refusals == (Refusal(WHOLE_ROW, "has 2 columns; the header has 9"),)


def test_a_row_of_one_cell_is_refused_for_its_one_column() -> None:
    """A row with no delimiter at all (the wrong one chosen) said "has 1 columns"."""
    refusals = check_row(MAPPING, column_positions(MAPPING, HEADER), len(HEADER), ["Ann Lee"])

    assert refusals == (Refusal(WHOLE_ROW, "has 1 column; the header has 9"),)


def test_a_missing_name_is_refused_and_an_empty_optional_field_left_out() -> None:
    assert _check(family_name=" ") == (Refusal("family_name", "Family name is empty"),)
    person = _check(email="", phone="")
    assert isinstance(person, ImportedPerson) and person.email is None and person.phone is None


def test_an_address_needs_its_first_line_town_and_postcode() -> None:
    """Found trying the import: the reason was "an address needs it", no sentence."""
    assert _check(town="") == (
        Refusal("town", "Town is empty: an address needs its first line, town and postcode"),
    )
    assert _check(address_line1="") == (
        Refusal(
            "address_line1",
            "Address line 1 is empty: an address needs its first line, town and postcode",
        ),
    )


def test_the_shipped_example_mapping_loads(tmp_path: Path) -> None:
    loaded = load_mapping(DOCS / "import.example.toml")

    assert loaded.mapping.columns["family_name"] == "Surname"
    assert len(loaded.sha256) == 64


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('[columns]\ngiven_name = "A"\nfamily_name = "B"\nshoe_size = "C"\n',
         "legacy.toml, line 4, columns.shoe_size: not a field"),
        ('[columns]\ngiven_name = "A"\n', "legacy.toml, line 1, columns.family_name: every"),
        ('date_formats = ["%d/%m"]\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         "legacy.toml, line 1, date_formats: '%d/%m' cannot read a whole date"),
        # Found trying the import: pydantic's "Input should be 'utf-8', 'utf-8-sig' or ...".
        ('encoding = "latin-1"\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         "legacy.toml, line 1, encoding: 'latin-1' is not an encoding the import reads; give "
         '"utf-8", "utf-8-sig" (UTF-8 with a byte-order mark) or "cp1252" (Windows-1252, '
         "which also reads Latin-1 files)"),
        ('encoding = 8\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         'legacy.toml, line 1, encoding: must be "utf-8", "utf-8-sig"'),
        ('delimiter = ";;"\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         'legacy.toml, line 1, delimiter: must be one character in quotes, such as "," or ";"'),
        ('delimiter = ""\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         'legacy.toml, line 1, delimiter: must be one character in quotes, such as "," or ";"'),
        ('encoding = "utf-8"\n',
         "legacy.toml, columns: every mapping needs one: a line [columns], then lines such as "
         'given_name = "Forename"'),
        ('columns = "A"\n',
         "legacy.toml, line 1, columns: must be a table: a line [columns], then lines"),
        ('[columns]\ngiven_name = 1\nfamily_name = "B"\n',
         "legacy.toml, line 2, columns.given_name: must be the column's name in quotes, such as "
         'given_name = "Forename"'),
        ('date_formats = ["%d/%m/%Y", 1]\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         'legacy.toml, line 1, date_formats: must be a list of formats, such as '),
        ('required = [2]\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         'legacy.toml, line 1, required: must be a list of fields, such as '),
        ('colums = {}\n', "legacy.toml, line 1, colums: not a key a mapping may have"),
        ('one_name_rows = "yes"\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         "legacy.toml, line 1, one_name_rows: must be true or false, without quotes"),
        ('[columns]\ngiven_name = "A"\nfamily_name = "B"\npostcode = "P"\n',
         "legacy.toml, line 1, columns.address_line1: an address needs it"),
        ('[columns\n', "legacy.toml: not valid TOML"),
        # Found trying the import: 01/01/10 was stored as 2010, whoever was born in 1910.
        ('date_formats = ["%d/%m/%y"]\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         "legacy.toml, line 1, date_formats: '%d/%m/%y' reads a two-digit year (%y), which "
         "cannot tell 1910 from 2010"),
        # Found trying the import: pydantic's "Input should be a valid tuple".
        ('date_formats = "%d/%m/%Y"\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         'legacy.toml, line 1, date_formats: must be a list of formats, such as ["%d/%m/%Y"]'),
        ('required = "phone"\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         'legacy.toml, line 1, required: must be a list of fields, such as ["date_of_birth"]'),
        # Found trying the import: "dob is required but not mapped to a column".
        ('required = ["dob"]\n[columns]\ngiven_name = "A"\nfamily_name = "B"\n',
         "legacy.toml, line 1, required.dob: not a field a legacy file may fill; fields are: "
         "given_name, family_name, date_of_birth"),
        # Found trying the import: one column read into two fields was taken.
        ('[columns]\ngiven_name = "Name"\nfamily_name = "Name"\n',
         "legacy.toml, line 3, columns.family_name: the column 'Name' feeds given_name already"),
    ],
)  # fmt: skip
def test_a_bad_mapping_stops_with_the_file_line_and_key(
    tmp_path: Path, text: str, where: str
) -> None:
    with pytest.raises(MappingError) as raised:
        load_mapping(_mapping_file(tmp_path, text))

    assert str(raised.value).startswith(where)
    assert "Input should" not in str(raised.value) and "String should" not in str(raised.value)


def test_every_problem_of_a_mapping_is_said_at_once_in_line_order(tmp_path: Path) -> None:
    """Found by an IT-operations explorer: each run named one mistake, and not the first
    in the file, so a mapping with three took four runs to correct."""
    text = (
        'encoding = "latin-1"\n'
        'delimiter = ";;"\n'
        'one_name_rows = "yes"\n'
        "[columns]\n"
        "given_name = 1\n"
        'family_name = "B"\n'
    )
    with pytest.raises(MappingError) as raised:
        load_mapping(_mapping_file(tmp_path, text))

    said = str(raised.value)
    parts = said.split("; line ")
    assert parts[0].startswith("legacy.toml, line 1, encoding: 'latin-1' is not an encoding")
    assert [part.split(",")[0] for part in parts[1:]] == ["2", "3", "5"]
    assert "delimiter: must be one character" in parts[1]
    assert "one_name_rows: must be true or false" in parts[2]
    assert "columns.given_name: must be the column's name" in parts[3]


def test_a_mapped_column_the_header_names_twice_is_refused_naming_it() -> None:
    """Found trying the import: `Forename,Surname,Surname` was taken, the first read."""
    header = [*HEADER, "Surname"]

    with pytest.raises(ValueError, match=r"2 columns named 'Surname' \(columns 2 and 10\)"):
        column_positions(MAPPING, header)
    # A column the mapping does not read may repeat (empty names at the lines' ends).
    assert column_positions(MAPPING, [*HEADER, "", ""])["family_name"] == 1


def test_mappings_that_differ_only_in_comments_and_layout_mean_the_same(tmp_path: Path) -> None:
    """An import is known by what its mapping says: a comment added is not a new import."""
    plain = _mapping_file(tmp_path, '[columns]\ngiven_name = "A"\nfamily_name = "B"\n')
    first = load_mapping(plain)
    commented = tmp_path / "commented.toml"
    commented.write_text(
        '# checked by Sam\nrequired = []\n[columns]\nfamily_name = " B "  # surname\n'
        'given_name = "A"\n',
        encoding="utf-8",
    )
    other = tmp_path / "other.toml"
    other.write_text('[columns]\ngiven_name = "A"\nfamily_name = "C"\n', encoding="utf-8")

    assert load_mapping(commented).sha256 == first.sha256
    assert load_mapping(commented).file_sha256 != first.file_sha256
    assert load_mapping(other).sha256 != first.sha256


def test_a_row_with_one_name_is_one_name_only_when_the_mapping_says_so() -> None:
    """A legacy file cannot tell a name left out from one never had: by default a row with
    one name is refused, as before; with `one_name_rows` it is a customer with one name only,
    the name it has, in either column, stored as the family name (docs/import.md)."""
    assert _check(given_name="") == (Refusal("given_name", "Given name is empty"),)
    one_name = MAPPING.model_copy(update={"one_name_rows": True})
    positions = column_positions(one_name, HEADER)

    def check(**changed: str) -> ImportedPerson | tuple[Refusal, ...]:
        cells = [changed.get(key, GOOD[i]) for i, key in enumerate(one_name.columns)]
        return check_row(one_name, positions, len(HEADER), cells)

    hart, suharto = check(given_name=""), check(given_name="SUHARTO", family_name="")
    assert isinstance(hart, ImportedPerson) and isinstance(suharto, ImportedPerson)
    assert (hart.given_name, hart.family_name, hart.given_key) == ("", "Hart", "")
    assert (suharto.given_name, suharto.family_name) == ("", "Suharto")
    assert (suharto.given_key, suharto.family_key) == ("", "suharto")
    assert check(given_name="", family_name="") == (
        Refusal("given_name", "Given name is empty"),
        Refusal("family_name", "Family name is empty"),
    )
    both = check()
    assert isinstance(both, ImportedPerson) and both.given_name == "Amelia"
    # Said only when set: a mapping written before one_name_rows means what it meant.
    assert "one_name_rows" not in MAPPING.meaning() and "one_name_rows" in one_name.meaning()
