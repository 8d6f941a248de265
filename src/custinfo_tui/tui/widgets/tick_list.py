"""A list of tick boxes that shows a tick only when ticked.

Textual's SelectionList draws every box with an X and tells ticked from unticked by colour
alone, which a colour-blind handler, a monochrome terminal or a glance on a live call can
miss. Here an unticked box is empty.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

T = TypeVar("T")


class TickList(SelectionList[T]):
    """A SelectionList whose boxes read [X] when ticked and [ ] when not."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if selection.value in self.selected or len(segments) < 2:
            return strip
        inner = segments[1]  # left side, inner, right side, then the prompt
        segments[1] = Segment(" " * len(inner.text), inner.style, inner.control)
        return Strip(segments, strip.cell_length)
