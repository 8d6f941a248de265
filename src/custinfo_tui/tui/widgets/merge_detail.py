"""The lines under the merge screen's table (MP-13): the highlighted row's two values
whole, which the table's columns cut short. Each side has lines of its own, named, and
wraps as long as it runs (a name of 100 wide characters takes four lines a side, its field
named on the first); the screen (tui/screens/merge.py) gives it the room it can, and where
that is too little its scrollbar shows there is more, so no value cut short passes for a
whole one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from custinfo_tui.domain.merging import MergeRow
from custinfo_tui.tui.printable_text import printable_text


class MergeDetail(Vertical):
    """The highlighted row's values: "Phone, left: ..." then "Phone, right: ..."."""

    def compose(self) -> ComposeResult:
        yield Static("")

    def show_row(self, row: MergeRow | None) -> None:
        if row is None:
            self.say(Text(""))
            return
        sides = (("left", row.survivor), ("right", row.other))
        self.say(
            Text("\n").join(
                Text(f"{row.label}, {side}: ").append_text(printable_text(value or "-"))
                for side, value in sides
            )
        )

    def say(self, text: Text) -> None:
        """Show `text` here instead (why the two records cannot be compared)."""
        self.query_one(Static).update(text)
        self.scroll_home(animate=False)
