"""Filling a DataTable so that no value is ever shown cut to a stale column width.

Textual's DataTable sizes auto-width columns when it next goes idle, and keeps the lines it
has cached until then; a repaint in that moment (the console busy) leaves a value cut to
the old width until the next key. Giving each column the width of its widest cell as the
rows are added closes that gap. Seen in the lookup and the supervisor queue under load,
then in the record's consent tab ("withdrawn" shown as "withdr", a row's cells shifted);
every table a worker refills goes through here (the record's tabs by `RecordTable.fill`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

#: One row: its key (None: none), and its cells in column order.
Row = tuple[str | None, Sequence[Text]]


def fill_sized(table: DataTable[Any], columns: Sequence[str], rows: Sequence[Row]) -> None:
    """Replace the table's columns and rows; each column as wide as its widest cell."""
    table.clear(columns=True)
    for index, label in enumerate(columns):
        widest = max([len(label)] + [cells[index].cell_len for _, cells in rows])
        table.add_column(label, width=widest)
    for key, cells in rows:
        table.add_row(*cells, key=key)
