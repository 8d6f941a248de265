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


def fill_sized(
    table: DataTable[Any],
    columns: Sequence[str],
    rows: Sequence[Row],
    *,
    keep_place: bool = False,
) -> None:
    """Replace the table's columns and rows; each column as wide as its widest cell.

    With `keep_place` (a list reloaded after an action on one of its rows) the highlight
    stays on the row it was on, by key, or at its place when that row has gone: the next
    key must not act on the first row instead (on the subject access desk, X then exported
    another customer's pack). Without it (new search results) it starts at the top."""
    place, kept = table.cursor_row, _highlighted_key(table)
    table.clear(columns=True)
    for index, label in enumerate(columns):
        widest = max([len(label)] + [cells[index].cell_len for _, cells in rows])
        table.add_column(label, width=widest)
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if not keep_place or not rows:
        return
    keys = [key for key, _ in rows]
    row = keys.index(kept) if kept is not None and kept in keys else min(place, len(rows) - 1)
    table.move_cursor(row=max(row, 0))


def _highlighted_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor, if the table has rows."""
    if not table.row_count or not 0 <= table.cursor_row < table.row_count:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return None if key is None else str(key)
