"""A legacy file's customers with one name only (docs/import.md, `one_name_rows`;
domain/one_name.py): refused as before unless the mapping says such rows are one name
only; then stored as the console stores them, found by the name, and checked for
duplicates as one name."""

from __future__ import annotations

import csv
from pathlib import Path

from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.services import lookup, queue
from custinfo_tui.services.legacy_import import import_customers
from custinfo_tui.services.legacy_import_mapping import load_mapping
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

MAPPING = """\
{one_name}
[columns]
given_name = "First"
family_name = "Last"
date_of_birth = "Born"
email = "Email"
"""
#: Fictitious: one name in the family name's column, one in the given name's, one with
#: neither, and a second record of the first (as a merge of two old systems leaves).
ROWS = [
    ("First", "Last", "Born", "Email"),
    ("", "Suharto", "08/06/1961", "suharto@example.com"),
    ("Sukarno", "", "06/06/1971", "sukarno@example.com"),
    ("", "", "01/01/1980", "nobody@example.com"),
    ("", "SUHARTO", "08/06/1961", ""),
]


def _import(tmp_path: Path, uow_factory: UnitOfWorkFactory, one_name: str) -> list[list[str]]:
    """Import ROWS with the mapping (`one_name` its extra line); the rejects file's lines."""
    mapping = tmp_path / "legacy.toml"
    mapping.write_text(MAPPING.format(one_name=one_name), encoding="utf-8")
    legacy = tmp_path / "legacy.csv"
    with legacy.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(ROWS)
    rejects = tmp_path / "legacy.rejects.csv"
    import_customers(uow_factory, legacy, load_mapping(mapping), rejects, workers=1)
    if not rejects.exists():
        return []
    with rejects.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))[1:]


def test_rows_with_one_name_are_refused_unless_the_mapping_says_so(
    demo_uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    refused = _import(tmp_path, demo_uow_factory, "")

    assert refused == [
        ["2", "given_name", "Given name is empty"],
        ["3", "family_name", "Family name is empty"],
        ["4", "given_name", "Given name is empty"],
        ["4", "family_name", "Family name is empty"],
        ["5", "given_name", "Given name is empty"],
    ]


def test_rows_with_one_name_are_stored_as_one_name_only_found_and_checked(
    demo_uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    refused = _import(tmp_path, demo_uow_factory, "one_name_rows = true")

    assert refused == [
        ["4", "given_name", "Given name is empty"],
        ["4", "family_name", "Family name is empty"],
    ]
    supervisor = actor_for(demo_uow_factory, "supervisor")
    for name in ("suharto", "sukarno"):
        found = lookup.lookup(demo_uow_factory(), supervisor, name).matches
        assert {(m.given_name, m.display_name) for m in found} == {("", name.title())}
    [item] = [
        item
        for item in queue.open_items(demo_uow_factory(), supervisor)
        if item.kind == QueueKind.POSSIBLE_DUPLICATE and "Imported record" in item.summary
    ]
    # Two records of one name only, the same one: the same name, not "the same family name".
    assert "(same name, same date of birth)" in item.summary
