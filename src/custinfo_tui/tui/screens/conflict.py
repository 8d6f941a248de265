"""Someone else saved the record first (optimistic lock): choose, field by field, what to keep.

Shown when saving finds that another desk changed the same customer since this handler
opened the form. Nothing is saved here: the screen returns, for every field, whether to keep
the value already saved ("theirs") or the one typed here ("yours").
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from custinfo_tui.domain.capture import ConflictField
from custinfo_tui.domain.field_display import as_displayed
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Dialog
from custinfo_tui.tui.widgets.footer import Footer

YOURS = "yours"
THEIRS = "theirs"

#: The column whose cells the handler switches; the others only show values.
_KEEP_COLUMN = "keep"
#: Characters for the cells inside the box at 80 columns (74 wide, 2 of padding per column),
#: so Keep is always in sight; the line under the table shows values that are cut.
_CELL_SPACE = 64
_FIELD_WIDTH = 16
_FIELD_TITLE = "Field"
_KEEP_WIDTH = len(THEIRS)


def _shown(key: str, value: str | None) -> str:
    """A value as the record shows it ("07700 900123", not "+447700900123"); "-" for none."""
    shown = as_displayed(key, value)
    return "-" if shown is None else shown


class ConflictScreen(Dialog[dict[str, str] | None]):
    """Dismissed with {field key: "yours" | "theirs"} for every field, or None to go back."""

    CSS_PATH = "../styles/conflict.tcss"

    BINDINGS = [
        Binding(
            "space",
            "toggle_keep",
            "Theirs/yours",
            tooltip="Switch between keeping their saved value and yours, on this row",
            id="conflict_toggle",
            # Enter does the same through the table's row selection (see _row_selected).
            key_display="space/enter",
        ),
        Binding(
            "ctrl+s",
            "apply",
            "Apply",
            tooltip="Use the chosen value of every field; the record is saved afterwards",
            id="conflict_apply",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Return to the form as it was; nothing is saved",
            id="conflict_back",
        ),
    ]

    def __init__(self, fields: Sequence[ConflictField]) -> None:
        super().__init__()
        self.fields = tuple(fields)
        self.keep: dict[str, str] = {field.key: YOURS for field in self.fields}

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-box"):
            yield Static("Two versions of this record", id="conflict-title")
            yield Static(
                "Someone else saved this record while you were editing. For each field "
                "choose which value to keep; nothing is saved until you do.",
                id="conflict-explain",
            )
            yield DataTable[Text](id="conflict-table", cursor_type="row")
            yield Static("", id="conflict-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#conflict-table", DataTable)
        # Never narrower than its title: a conflict on the town alone read "Fiel".
        labels = (len(f.label) for f in self.fields)
        field_width = min(_FIELD_WIDTH, max([len(_FIELD_TITLE), *labels]))
        value_width = (_CELL_SPACE - field_width - _KEEP_WIDTH) // 3
        table.add_column(_FIELD_TITLE, width=field_width)
        for title in ("Before", "Theirs (saved)", "Yours"):
            table.add_column(title, width=value_width)
        table.add_column("Keep", width=_KEEP_WIDTH, key=_KEEP_COLUMN)
        for field in self.fields:
            table.add_row(
                Text(field.label),
                printable_text(
                    "(hidden)" if field.before_hidden else _shown(field.key, field.before)
                ),
                printable_text(_shown(field.key, field.theirs)),
                printable_text(_shown(field.key, field.yours)),
                Text(self.keep[field.key]),
                key=field.key,
            )
        table.focus()
        self._show_detail(0)

    def _show_detail(self, row: int) -> None:
        detail = self.query_one("#conflict-detail", Static)
        if not 0 <= row < len(self.fields):
            detail.update("")
            return
        field = self.fields[row]
        shown = Text(f"{field.label}\n")
        shown.append_text(
            printable_text(
                f"Theirs: {_shown(field.key, field.theirs)}  "
                f"Yours: {_shown(field.key, field.yours)}"
            )
        )
        detail.update(shown)

    @on(DataTable.RowHighlighted, "#conflict-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    @on(DataTable.RowSelected, "#conflict-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter on the table selects the row; here that switches which value is kept.
        event.stop()
        self.action_toggle_keep()

    def action_toggle_keep(self) -> None:
        table: DataTable[Text] = self.query_one("#conflict-table", DataTable)
        row = table.cursor_row
        if not 0 <= row < len(self.fields):
            return
        key = self.fields[row].key
        self.keep[key] = THEIRS if self.keep[key] == YOURS else YOURS
        table.update_cell(key, _KEEP_COLUMN, Text(self.keep[key]))

    def action_apply(self) -> None:
        self.dismiss(dict(self.keep))

    def action_back(self) -> None:
        self.dismiss(None)
