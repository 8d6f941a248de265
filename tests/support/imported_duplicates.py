"""A legacy import that flags many possible duplicates, as an organisation's second export
of the same old system does: everyone imported once, then again with a slip in each name."""

from __future__ import annotations

import csv
from pathlib import Path

from custinfo_tui.services.legacy_import import import_customers
from custinfo_tui.services.legacy_import_mapping import load_mapping
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

MAPPING = """\
encoding = "utf-8"
date_formats = ["%d/%m/%Y"]
[columns]
given_name = "First"
family_name = "Last"
date_of_birth = "Born"
phone = "Phone"
email = "Email"
"""


def _people(count: int, given_name: str) -> list[tuple[str, ...]]:
    """Fictitious people, each with a family name, phone and e-mail of their own."""
    return [
        (given_name, f"Importer{chr(97 + (n // 26) % 26)}{chr(97 + n % 26)}",
         f"{1 + n % 28}/06/1970", f"07700 900{n:03d}", f"robin.importer{n}@example.com")
        for n in range(count)
    ]  # fmt: skip


def _import(
    uow_factory: UnitOfWorkFactory, folder: Path, name: str, rows: list[tuple[str, ...]]
) -> int:
    source = folder / f"{name}.csv"
    with source.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(("First", "Last", "Born", "Phone", "Email"))
        writer.writerows(rows)
    mapping = folder / f"{name}.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    report = import_customers(
        uow_factory, source, load_mapping(mapping), folder / f"{name}.rejects.csv"
    )
    return report.flagged


def flag_imported_duplicates(uow_factory: UnitOfWorkFactory, folder: Path, count: int) -> None:
    """Import `count` people (at most 1000), then the same people again as "Robyn" instead
    of "Robin": `count` possible-duplicate items on the supervisor queue."""
    assert count <= 1000
    _import(uow_factory, folder, "first-export", _people(count, "Robin"))
    assert _import(uow_factory, folder, "second-export", _people(count, "Robyn")) == count


def import_same_people_again(
    uow_factory: UnitOfWorkFactory, folder: Path, count: int, given_name: str
) -> int:
    """After `flag_imported_duplicates`, a third export of the same `count` people, each
    with the given name spelt `given_name`: each flagged against the first import's record
    (which two items then name). How many were flagged."""
    return _import(uow_factory, folder, "third-export", _people(count, given_name))
