"""A list of tick boxes that shows a tick only when ticked.

Textual's SelectionList draws every box with an X and tells ticked from unticked by colour
alone, which a colour-blind handler, a monochrome terminal or a glance on a live call can
miss. Here an unticked box is empty.

Textual ticks a box by posting a message and, when it arrives, toggling whichever box is
highlighted then. Space, Down, Down read from the terminal in one go (a fast handler, or
keys arriving together over a slow remote session) ticked the box the arrows had moved to,
and a second Space untoggled it again: on the third-party request form, the wrong fields
asked for. Here Space and Enter tick the highlighted box as the key is handled, and the
list's keys are `KeysInOrder`: they act as the list reads them, not once the key has been
matched among the bindings of whichever box has the focus by then. Space then Tab read
together (a breach reported at speed) had moved the focus on before the Space was matched,
and the box was never ticked.

Only Space ticks, as each form says beside its list and the footer says while the list has
the focus. Enter moves on to the next box, as it does from a form's one-line boxes: it
ticked the highlighted box too, and on the wrap-up a handler who chose "Data protection
request" and pressed Tab, Enter to go on had passed on an erasure request the caller never
made. Enter moves on in the order typed (tui/tab_in_order.py), acting as it is read like
the forms' own Enter, so the keys typed after it go to the box it moves to.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from custinfo_tui.tui.tab_in_order import TabInOrder
from custinfo_tui.tui.widgets.keys_in_order import KeysInOrder

T = TypeVar("T")


class TickList(KeysInOrder, SelectionList[T]):
    """A SelectionList whose boxes read [X] when ticked and [ ] when not, ticked as the key
    is handled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "Tick", tooltip="Tick or untick the highlighted box"),
        # A priority key, as a form's `ENTER_MOVES_ON`: it moves as the key is read (and
        # replaces the list's own Enter, which ticked).
        Binding(
            "enter",
            "move_on",
            "Next box",
            tooltip="On to the next box (Space ticks)",
            show=False,
            priority=True,
        ),
    ]

    def action_tick(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.get_option_at_index(self.highlighted))

    def action_move_on(self) -> None:
        tabs = getattr(self.app, "tabs", None)
        if isinstance(tabs, TabInOrder):
            tabs.move(self.screen.focus_next)
        else:
            self.screen.focus_next()

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
