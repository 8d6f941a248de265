"""The lines under the merge screen's table (MP-13): the highlighted row's two values
whole, which the table's columns cut short. Each side has lines of its own, named, and
wraps as long as it runs (a name of 100 wide characters takes four lines a side, its field
named on the first); the screen (tui/screens/merge.py) gives it the room it can.

Where that is too little (two 254-character e-mails under the handler's longest reason),
its scrollbar shows there is more, and it is read on by keyboard: Tab from the table stops
here, and Up, Down, Page Up, Page Down, Home and End scroll it, the footer saying so. It is
a stop of Tab only while it holds more than it shows; otherwise Tab goes from the table
straight on to the reason box. So no value cut short passes for a whole one, and none is
left for the mouse alone to read."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from custinfo_tui.domain.merging import MergeRow
from custinfo_tui.tui.printable_text import printable_text


class MergeDetail(VerticalScroll):
    """The highlighted row's values: "Phone, left: ..." then "Phone, right: ..."."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Scroll up", tooltip="The values a line up"),
        Binding("down", "scroll_down", "Scroll down", tooltip="The values a line down"),
    ]

    def allow_focus(self) -> bool:
        """A stop of Tab only while there is more than it shows."""
        return self.max_scroll_y > 0

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
