"""Filling a DataTable so that no value is ever shown cut to a stale column width, and a
long value never pushes the columns a handler chooses by off the screen.

Textual's DataTable sizes auto-width columns when it next goes idle, and keeps the lines it
has cached until then; a repaint in that moment (the console busy) leaves a value cut to
the old width until the next key. Giving each column the width of its widest cell as the
rows are added closes that gap. Seen in the lookup and the supervisor queue under load,
then in the record's consent tab ("withdrawn" shown as "withdr", a row's cells shifted);
every table a worker refills goes through here (the record's tabs by `RecordTable.fill`).

A column as wide as its widest cell let one long value (a 110-character name) widen the
table past the screen: the lookup showed "Reference  Name" and nothing of the masked
postcode and phone a handler picks the right record by, for every row. A table names the
columns that give way (`gives_way`): when the columns are wider than the table, those are
cut, with an ellipsis ("Hubert Blaine Maximilian Alexander Bene…"), so the others stay
whole on the screen. The line under a table, where there is one, shows the highlighted row
whole. A column that gives way before another may keep more than the least (`keeps`):
the debrief's timeline cuts a step's marks first, but keeps two of them. The widths follow
the table's width: when it changes (the terminal resized, a tab shown for the first time)
the rows are laid out again. A column whose end says most (`cut_within`: the audit
trail's *What*: an action says what happened at its end, and an outcome such as
"(denied)" is added there; cut at its end, a failed check read "caller.verificatio…") is
cut in the middle instead, keeping its start and more of its end ("operat…d (denied)").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary, WeakSet

from rich.cells import cell_len
from rich.text import Text
from textual.screen import Screen
from textual.widgets import DataTable

#: One row: its key (None: none), and its cells in column order.
Row = tuple[str | None, Sequence[Text]]

#: A column that gives way keeps at least this many cells (or its heading, if wider).
NARROWEST_CUT = 8


@dataclass(frozen=True)
class _Fill:
    """What a table was last filled with, to lay it out again at another width."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    gives_way: tuple[str, ...]
    keeps: tuple[tuple[str, int], ...]
    cut_within: tuple[str, ...]
    #: The room the widths were worked out for (None: the table had not been laid out).
    room: int | None


#: Tables with columns that give way, and what each was filled with.
_FILLED: WeakKeyDictionary[DataTable[Any], _Fill] = WeakKeyDictionary()
#: Those laid out again when their screen's layout changes.
_FOLLOWED: WeakSet[DataTable[Any]] = WeakSet()


def fill_sized(
    table: DataTable[Any],
    columns: Sequence[str],
    rows: Sequence[Row],
    *,
    keep_place: bool = False,
    gives_way: Sequence[str] = (),
    keeps: Mapping[str, int] | None = None,
    cut_within: Sequence[str] = (),
) -> None:
    """Replace the table's columns and rows; each column as wide as its widest cell.

    `gives_way` names the columns (by heading; those not shown are passed over) cut when
    the columns are wider than the table, the first cut first: each down to
    `NARROWEST_CUT` (or the width `keeps` gives it, by heading) before the next is cut,
    the last as far as the others need. Their values end in an ellipsis where cut, or,
    for those `cut_within` names, have it in the middle, their start and end kept.

    With `keep_place` (a list reloaded after an action on one of its rows) the highlight
    stays on the row it was on, by key, or at its place when that row has gone: the next
    key must not act on the first row instead (on the subject access desk, X then exported
    another customer's pack). Without it (new search results) it starts at the top."""
    place, kept = table.cursor_row, _highlighted_key(table)
    giving = [columns.index(label) for label in gives_way if label in columns]
    room = _room(table, len(columns), len(rows)) if giving else None
    keeps = dict(keeps or {})
    floors = [keeps.get(columns[index], NARROWEST_CUT) for index in giving]
    widths = _fitted(_widest(columns, rows), columns, list(zip(giving, floors, strict=True)), room)
    table.clear(columns=True)
    for label, width in zip(columns, widths, strict=True):
        table.add_column(label, width=width)
    within = {
        columns.index(label): widths[columns.index(label)]
        for label in cut_within
        if label in columns
    }
    for key, cells in rows:
        table.add_row(*_middle_cut(_ending_cut(cells, giving), within), key=key)
    if gives_way:
        filled = _Fill(
            tuple(columns),
            tuple(rows),
            tuple(gives_way),
            tuple(keeps.items()),
            tuple(cut_within),
            room,
        )
        _follow_width(table, filled)
    else:  # laid out again at another width, the last fill with cuts came back (old rows)
        _FILLED.pop(table, None)
    if not keep_place or not rows:
        return
    keys = [key for key, _ in rows]
    row = keys.index(kept) if kept is not None and kept in keys else min(place, len(rows) - 1)
    table.move_cursor(row=max(row, 0))


def _widest(columns: Sequence[str], rows: Sequence[Row]) -> list[int]:
    """Each column's widest cell, its heading included."""
    return [
        max([len(label)] + [cells[index].cell_len for _, cells in rows])
        for index, label in enumerate(columns)
    ]


def _fitted(
    widths: list[int],
    columns: Sequence[str],
    giving: Sequence[tuple[int, int]],
    room: int | None,
) -> list[int]:
    """`widths` with the columns of `giving` (index, narrowest kept) cut, in turn, until
    all fit in `room` (the cells' padding counted); as they are when they fit or the room
    is not known."""
    if room is None:
        return widths
    fitted = list(widths)
    for number, (index, floor) in enumerate(giving):
        excess = sum(fitted) - room
        if excess <= 0:
            break
        last = number == len(giving) - 1
        narrowest = max(len(columns[index]), 1 if last else floor)
        fitted[index] = max(min(fitted[index], narrowest), fitted[index] - excess)
    return fitted


def _room(table: DataTable[Any], column_count: int, row_count: int) -> int | None:
    """The cells' room across the table (its width less the cells' padding and a vertical
    scrollbar when the rows will need one); None before the table is laid out."""
    region = table.content_region
    if region.width <= 0:
        return None
    room = region.width - 2 * table.cell_padding * column_count
    shown_rows = region.height - (table.header_height if table.show_header else 0)
    if row_count > shown_rows:
        room -= table.styles.scrollbar_size_vertical
    return room


def _ending_cut(cells: Sequence[Text], giving: Sequence[int]) -> Sequence[Text]:
    """The cells, those of columns that give way made to end in an ellipsis where cut."""
    if not giving:
        return cells
    shown = list(cells)
    for index in giving:
        cell = shown[index].copy()
        cell.no_wrap, cell.overflow = True, "ellipsis"
        shown[index] = cell
    return shown


def _middle_cut(cells: Sequence[Text], within: Mapping[int, int]) -> Sequence[Text]:
    """The cells, those of the columns `within` (index -> width) wider than their column
    cut in the middle: a third of it from the start, an ellipsis, the rest from the end
    (where an action says what happened: "caller…d (failed)")."""
    if not within:
        return cells
    shown = list(cells)
    for index, width in within.items():
        cell = shown[index]
        if cell.cell_len <= width or width < 3:
            continue
        head = _cells_from_start(cell.plain, (width + 2) // 3)
        tail = _cells_from_end(cell.plain, width - 1 - cell_len(cell.plain[:head]))
        shown[index] = Text.assemble(cell[:head], "…", cell[len(cell) - tail :])
    return shown


def _cells_from_start(plain: str, room: int) -> int:
    """How many characters from the start of `plain` fit in `room` cells."""
    count = 0
    while count < len(plain) and cell_len(plain[: count + 1]) <= room:
        count += 1
    return count


def _cells_from_end(plain: str, room: int) -> int:
    """How many characters from the end of `plain` fit in `room` cells."""
    count = 0
    while count < len(plain) and cell_len(plain[len(plain) - count - 1 :]) <= room:
        count += 1
    return count


def _follow_width(table: DataTable[Any], filled: _Fill) -> None:
    """Lay the table out again whenever its room changes (a resize, a tab first shown, the
    first layout of a table filled as its screen opened)."""
    _FILLED[table] = filled
    if table not in _FOLLOWED and table.is_attached and table.is_running:
        _FOLLOWED.add(table)
        screen: Screen[Any] = table.screen
        screen.screen_layout_refresh_signal.subscribe(table, lambda _: _refit(table))


def _refit(table: DataTable[Any]) -> None:
    filled = _FILLED.get(table)
    if filled is None or not table.is_attached:
        return
    if _room(table, len(filled.columns), len(filled.rows)) != filled.room:
        fill_sized(
            table,
            filled.columns,
            filled.rows,
            keep_place=True,
            gives_way=filled.gives_way,
            keeps=dict(filled.keeps),
            cut_within=filled.cut_within,
        )


def _highlighted_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor, if the table has rows."""
    if not table.row_count or not 0 <= table.cursor_row < table.row_count:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return None if key is None else str(key)
