"""A table whose screen acts on the highlighted row with a priority key (Enter)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import CellType

from custinfo_tui.tui.widgets.keys_in_order import cursor_keys_in_order


class ChoiceTable(DataTable[CellType]):
    """A row table whose cursor keys move the highlight as each key is read.

    Some screens act on the highlighted row with a priority binding (Enter confirms a
    read-back line, opens a debrief, starts a run; the lookup's Ctrl+D reports on the
    customer), so the key is named in the footer rather than taken by the table. Textual
    runs a priority binding as the key is read, but a widget's own bindings only once the
    key has been to the widget and come back. Down, Down, Enter read in one go (a quick
    handler, or keys arriving together over a slow remote session) then acted on the row
    highlighted before the arrows moved it: the wrong read-back line confirmed; Down,
    Down, Ctrl+D on the lookup reported the first customer, not the third. Here the cursor
    keys are priority bindings too, so every key is handled in the order it was typed.

    Home and End go to the first and last row, as in any list. Textual's table scrolls
    sideways on them when its cursor is a row: on the scenario chooser End moved the list
    one column left and every title lost its first letter ("cenario") for the rest of the
    dialog, while the highlight stayed where it was.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_keys_in_order(DataTable.BINDINGS, leaving_out="select_cursor")
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def action_scroll_home(self) -> None:
        if self.cursor_type != "row":
            super().action_scroll_home()
        elif self.row_count:
            self.move_cursor(row=0)

    def action_scroll_end(self) -> None:
        if self.cursor_type != "row":
            super().action_scroll_end()
        elif self.row_count:
            self.move_cursor(row=self.row_count - 1)
