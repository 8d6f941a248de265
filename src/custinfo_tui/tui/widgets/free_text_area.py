"""A box of several lines for notes in the handler's own words, card numbers taken out.

The multi-line sibling of `BoundedInput(free_text=True)`: a card number is replaced by
`[card number removed]` as soon as it is complete (something other than a digit, space or
dash follows it), when the box loses focus, and when the screen reads `settled_value()`;
the border says why, at once. A number still being typed at the end is left alone.
"""

from __future__ import annotations

from textual import on
from textual.events import Blur
from textual.widgets import TextArea

from custinfo_tui.domain.card_numbers import CARD_NUMBER_MESSAGE, CARD_NUMBER_NOTE
from custinfo_tui.tui.widgets.bounded_input import take_out_card_numbers
from custinfo_tui.tui.widgets.keys_in_order import KeysInOrder


class FreeTextArea(KeysInOrder, TextArea):
    DEFAULT_CSS = """
    FreeTextArea.-card-number-removed { border: tall $warning; }
    FreeTextArea.-card-number-removed:focus { border: tall $warning; }
    """

    #: A card number was taken out of this box (cleared when the box is emptied).
    card_number_removed = False

    @on(TextArea.Changed)
    def _take_out_completed_card_numbers(self) -> None:
        if not self.text:
            self.card_number_removed = False
            self._show_state()
            return
        self._take_out(whole=False)

    def _on_blur(self, event: Blur) -> None:
        self.settled_value()

    def settled_value(self) -> str:
        """The text as the screen will use it: every card number taken out now, even one at
        the very end. Screens read this when they save."""
        self._take_out(whole=True)
        return self.text

    def _take_out(self, *, whole: bool) -> None:
        text = self.text
        cursor = _index(text, self.cursor_location)
        redacted, cursor = take_out_card_numbers(text, cursor, whole=whole)
        if redacted == text:
            return
        self.text = redacted
        self.cursor_location = _location(redacted, cursor)
        self.card_number_removed = True
        self.tooltip = CARD_NUMBER_MESSAGE
        self._show_state()

    def _show_state(self) -> None:
        self.set_class(self.card_number_removed, "-card-number-removed")
        self.border_subtitle = CARD_NUMBER_NOTE if self.card_number_removed else ""


def _index(text: str, location: tuple[int, int]) -> int:
    """The offset in `text` of a (row, column) location."""
    row, column = location
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:row]) + column


def _location(text: str, index: int) -> tuple[int, int]:
    """The (row, column) location of an offset in `text`."""
    before = text[:index]
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)
