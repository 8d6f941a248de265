"""The merge screen's table (MP-13): the two records' fields side by side, and the side
kept of each. Left and Right choose the highlighted row's side; a letter typed here starts
the merge's reason, in the screen's reason box (tui/screens/merge.py)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input

from custinfo_tui.domain.merging import MergeSide


class MergeTable(DataTable[Text]):
    """The two records' fields; Left and Right choose the side kept on the highlighted row."""

    BINDINGS = [
        Binding("left", "choose('left')", "Keep left", tooltip="Keep the left record's value"),
        Binding("right", "choose('right')", "Keep right", tooltip="Keep the right record's value"),
    ]

    class SideChosen(Message):
        def __init__(self, side: MergeSide | None, row: int) -> None:
            super().__init__()
            #: None: switch to the other side.
            self.side = side
            #: The row highlighted as the key was pressed: a Down typed straight after it
            #: may have moved the highlight on before this message is handled.
            self.row = row

    def on_resize(self) -> None:
        self.call_after_refresh(self._keep_highlight_in_sight)

    def _keep_highlight_in_sight(self) -> None:
        """Given fewer lines (the highlighted row's values under it run long), the table
        keeps that row in sight: the values shown whole are the row's the supervisor sees.
        The row highlighted now, not when the table shrank: a Down may have come since."""
        self.move_cursor(row=self.cursor_row)

    def action_choose(self, side: str) -> None:
        self.post_message(self.SideChosen(MergeSide(side), self.cursor_row))

    #: Letters typed here are going to the reason box: so do the spaces between them,
    #: until the table has the focus again.
    _typing_reason = False

    def on_focus(self) -> None:
        self._typing_reason = False

    def on_key(self, event: events.Key) -> None:
        """A letter typed here is the reason being typed: it goes to the reason box, which
        takes the focus, and so does the rest of what was typed with it, spaces included,
        so the space after a word does not switch a row's side (a tester typed "Same
        person: ..." at the table, flipped a row, and lost the rest). A space on its own
        still switches."""
        if not event.is_printable or event.character is None:
            return
        if event.character == " " and not self._typing_reason:
            return
        self._typing_reason = True
        event.stop()
        event.prevent_default()
        reason = self.screen.query_one("#merge-reason", Input)
        reason.focus()
        reason.insert_text_at_cursor(event.character)
