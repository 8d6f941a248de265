"""Merging two records of the same person (MP-13): both side by side, a choice per field.

The record kept is on the left, the one merged into it on the right. For each field the
supervisor keeps the left or the right value (Left/Right on the highlighted row; Space or
Enter switches); everything else on the right record (calls, consents, complaints...)
moves to the left one. A reason, then Ctrl+S merges, after asking (screens/merge_confirm.py).
Nothing is deleted.
Escape asks before losing a reason typed or a side chosen, as every form does.
`merge_with` (screens/merge_start.py) starts it from a record (Ctrl+E); the table is
widgets/merge_table.py, the highlighted row's values whole under it widgets/merge_detail.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input, Static

from custinfo_tui.domain.limits import MAX_REASON_LENGTH
from custinfo_tui.domain.merging import (
    MergePreview,
    MergeRow,
    MergeSide,
    moving_in_words,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.merge_confirm import MergesAfterAsking
from custinfo_tui.tui.service_calls import attempt, tell_handler
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.merge_detail import MergeDetail
from custinfo_tui.tui.widgets.merge_table import MergeTable

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

#: The column whose cells say which side is kept.
_KEEP_COLUMN = "keep"
_FIELD_WIDTH = 14
_VALUE_WIDTH = 24


class MergeScreen(MergesAfterAsking):
    """Dismissed with the merge done, or None when the supervisor went back."""

    CSS_PATH = "../styles/merge.tcss"

    BINDINGS = [
        Binding(
            "space",
            "switch_side",
            "Switch",
            tooltip="Switch between keeping the left and the right value, on this row (or Enter)",
        ),
        Binding(
            "ctrl+s",
            "merge",
            "Merge",
            tooltip="Merge the right record into the left one (asks first)",
            id="merge",
        ),
        Binding("escape", "back", "Back", tooltip="Go back; nothing is merged", id="back"),
    ]

    def __init__(
        self,
        actor: Actor,
        survivor_id: int,
        other_id: int,
        *,
        reason: AccessReason | None = None,
        queue_item_id: int | None = None,
        reason_typed: str = "",
    ) -> None:
        """`reason`: why the supervisor opens the other record (MP-09), when the merge
        did not come from a possible-duplicate item (`queue_item_id`), which is its reason;
        `reason_typed`: what the reason box starts from (a merge refused before it)."""
        super().__init__()
        self.reason_typed = reason_typed
        self.actor = actor
        self.survivor_id = survivor_id
        self.other_id = other_id
        self.reason = reason
        self.queue_item_id = queue_item_id
        self.preview: MergePreview | None = None
        self.keep: dict[str, MergeSide] = {}

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        # At 80x24 every line counts: from the queue, what moves wraps and the handler's
        # reason takes a line, so the title says which record is kept and the reason box
        # carries its label on its border. The table gives up rows (and scrolls, with its
        # scrollbar) only when those lines run long, never the reason box or a key.
        yield Header()
        yield Static("Merge two records of the same person", id="merge-title")
        yield Static("", id="merge-warning")
        yield MergeTable(id="merge-table", cursor_type="row")
        yield MergeDetail(id="merge-detail")
        yield Static("", id="merge-moving")
        reason = BoundedInput(
            self.reason_typed,
            id="merge-reason",
            limit=MAX_REASON_LENGTH,
            placeholder="e.g. same person: same birthday, new phone",
            free_text=True,
        )
        reason.border_title = "Reason (recorded on the audit trail)"
        yield reason
        yield Static("", id="merge-message")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(MergeTable)
        table.add_column("Field", width=_FIELD_WIDTH)
        table.add_column("Left", width=_VALUE_WIDTH, key="left")
        table.add_column("Right", width=_VALUE_WIDTH, key="right")
        table.add_column("Keep", width=5, key=_KEEP_COLUMN)
        table.focus()
        # Every layout of the screen (new text in what moves or the warnings, a resize)
        # measures the values' room again, once the parts around them have their new sizes.
        self.screen_layout_refresh_signal.subscribe(self, self._fit_detail)
        self._load()

    @work(thread=True, exclusive=True, group="merge-preview", exit_on_error=False)
    def _load(self) -> None:
        result = attempt(
            "compare the two records",
            self.custinfo.services().preview_merge,
            self.actor,
            self.survivor_id,
            self.other_id,
            self.reason,
            self.queue_item_id,
        )
        tell_handler(self, result)
        self.post_message(self.Previewed(result.value, result.error))

    @on(MergesAfterAsking.Previewed)
    def _show(self, message: MergesAfterAsking.Previewed) -> None:
        if message.preview is None:  # a hold set since they were compared, too: no merge
            self.preview, self.keep = None, {}
            self._nothing_to_merge(message.error or "The two records could not be compared.")
            return
        # Compared again (a warning new since): a side chosen for a row unchanged stays.
        before = {row: self.keep[row.key] for row in self.preview.rows} if self.preview else {}
        preview = self.preview = message.preview
        self.refresh_bindings()  # Ctrl+S Merge, now there is something to merge
        self.keep = {row.key: before.get(row, MergeSide.SURVIVOR) for row in preview.rows}
        title = (
            f"Merge {preview.other_reference} (right) into {preview.survivor_reference} "
            "(left): the left record is kept."
        )
        self.query_one("#merge-title", Static).update(printable_text(title))
        warning = self.query_one("#merge-warning", Static)
        warning.update(Text("\n").join(printable_text(w) for w in preview.warnings.values()))
        warning.display = bool(preview.warnings)
        table = self.query_one(MergeTable)
        table.clear()
        for row in preview.rows:
            # A value wider than its column ends in "…", never passing for a whole one
            # ("jonathan.smythe5@example"); the line under the table shows it in full.
            table.add_row(
                Text(row.label),
                printable_text(row.survivor or "-", no_wrap=True, ellipsis=True),
                printable_text(row.other or "-", no_wrap=True, ellipsis=True),
                Text(self.keep[row.key].value),
                key=row.key,
            )
        line = Text(f"Moves to the left record: {moving_in_words(preview.moving)}.")
        if preview.why_different:  # the handler's own words: inert
            line.append("\n")  # a line of its own; only the stored words are made printable
            line.append_text(printable_text(f"Saved as different: {preview.why_different}"))
        self.query_one("#merge-moving", Static).update(line)
        self._show_detail()  # its room is fitted once what moves and the warnings are laid out

    def _nothing_to_merge(self, error: str) -> None:
        """Say why whole where the table would be (the message line holds one line). With
        nothing to choose, merge or give a reason for, the table, the reason box and what
        was said of merging them go, and the footer offers going back only."""
        for selector in ("#merge-table", "#merge-reason", "#merge-warning", "#merge-moving"):
            gone = self.query_one(selector)
            # Disabled too: the focus the screen asked for as it opened may land after this,
            # and a hidden table holding it would put its keys back in the footer.
            gone.display, gone.disabled = False, True
        self.set_focus(None)
        self.query_one(MergeDetail).say(Text(error, style="bold"))
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#merge-table")
    def _show_detail(self) -> None:
        self.query_one(MergeDetail).show_row(self._highlighted())

    def _fit_detail(self, _screen: object = None) -> None:
        """Give the highlighted row's values the lines the rest of the screen leaves them:
        every other part whole (the warnings, what moves, the reason box, the keys) and the
        table's least, so the longest values never push the reason box or a key out of
        sight. Short ones take their two lines, and the table keeps the rest. (Only when the
        handler's reason runs long as well is that too little: its scrollbar says so.)

        Called after each layout of the screen (`screen_layout_refresh_signal`), never
        after a refresh alone: a part given new text (what moves, the handler's reason)
        asks for its layout from its own message queue, so a refresh can come first and
        a room measured then, from its old height, pushed the keys out of sight on a
        loaded machine. The room depends only on the other parts, so it settles at once."""
        detail = self.query_one(MergeDetail)
        room = self._detail_room()
        given = detail.styles.max_height
        if given is None or given.cells != room:
            detail.styles.max_height = room

    def _detail_room(self) -> int:
        """The lines the other parts, laid out as they are now, leave the values."""
        detail, table = self.query_one(MergeDetail), self.query_one(MergeTable)
        others = sum(
            part.outer_size.height + part.styles.margin.height
            for part in self.children
            if part.display and part not in (detail, table)
        )
        least = table.styles.min_height  # merge.tcss: the heading and the highlighted row
        table_least = least.cells if least is not None else None
        return max(2, self.size.height - others - (table_least or 0))

    def _highlighted(self, cursor: int | None = None) -> MergeRow | None:
        """The row at `cursor` (by default the one highlighted now)."""
        rows = self.preview.rows if self.preview is not None else ()
        if cursor is None:
            cursor = self.query_one(MergeTable).cursor_row
        return rows[cursor] if 0 <= cursor < len(rows) else None

    @on(DataTable.RowSelected, "#merge-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter on the table switches the side, like Space, on its own row
        self._set_side(None, event.cursor_row)

    @on(MergeTable.SideChosen)
    def _side_chosen(self, message: MergeTable.SideChosen) -> None:
        self._set_side(message.side, message.row)

    def action_switch_side(self) -> None:
        self._set_side(None)

    def _set_side(self, side: MergeSide | None, cursor: int | None = None) -> None:
        row = self._highlighted(cursor)
        if row is None:
            return
        current = self.keep[row.key]
        if side is None:
            side = MergeSide.OTHER if current is MergeSide.SURVIVOR else MergeSide.SURVIVOR
        self.keep[row.key] = side
        self.query_one(MergeTable).update_cell(row.key, _KEEP_COLUMN, Text(side.value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_side":
            return self.focused is self.query_one(MergeTable)
        if action == "merge":
            return self.preview is not None
        return True

    def reason_given(self) -> str:  # typed in its box, kept whether it is shown or not
        return self.query_one("#merge-reason", Input).value

    def unsaved_work(self) -> str | None:
        """The reason typed and the sides chosen, while the two can be merged: choosing a
        side for every field of two records is work a stray Escape must not throw away."""
        lost = []
        if self.preview is not None and self.query_one("#merge-reason", Input).value.strip():
            lost.append("the reason typed for the merge")
        chosen = sum(1 for side in self.keep.values() if side is not MergeSide.SURVIVOR)
        if chosen:
            fields = "field's value" if chosen == 1 else "fields' values"
            lost.append(f"{chosen} {fields} chosen from the right record")
        return f"{' and '.join(lost)} (nothing is merged yet)" if lost else None

    def action_back(self) -> None:
        ask_before_losing(self.app, "Leave the merge", lambda: self.dismiss(None), [self])
