"""A box of several lines for notes in the handler's own words, cleaned as they are typed.

The multi-line sibling of `BoundedInput(free_text=True)`:

- Hidden characters never get in. Textual's TextArea shows what it holds as it is, so a
  bidi control (U+202E turns the rest of the line round), a control character (BEL) or
  what was left of an escape sequence, pasted from another system or a terminal that
  passes them on, reached the terminal and stayed in the box until the service cleaned
  the text at the save. Every edit (a key, a paste, a value set) is cleaned before it goes
  in with the free-text cleaner, `domain.text.strip_control_characters`, line by line, so
  the line breaks typed or pasted stay (the save joins the lines, `clean_free_text`), a
  tab becomes a space and the cursor lands after what went in. The border says, briefly,
  that something was taken out; the tooltip says what kind of thing (in the words the
  one-line boxes use, `keys_in_order.HIDDEN_NOTE`).
- Card data is replaced as soon as it is complete (something other than a digit, space,
  dash, dot or slash follows it), when the box loses focus, and when the screen reads
  `settled_value()`: a card number by `[card number removed]`, a security code by
  `[security code removed]`, an expiry date by `[expiry removed]` (domain.card_data, as
  the one-line boxes do: `bounded_input.take_out_card_data`). The border says what went
  and why, at once, and the whole reason once in a notification
  (`card_data_notice.tell_card_data_removed`). A number still being typed at the end is
  left alone.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from textual import on
from textual.events import Blur
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from custinfo_tui.domain.card_data import CardDetail, removed_note
from custinfo_tui.domain.text import strip_control_characters
from custinfo_tui.tui.widgets.bounded_input import take_out_card_data
from custinfo_tui.tui.widgets.card_data_notice import tell_card_data_removed
from custinfo_tui.tui.widgets.keys_in_order import HIDDEN_MESSAGE, HIDDEN_NOTE, KeysInOrder

#: A line break as a paste brings it (Windows, Unix or old Mac); the box keeps it as one.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def cleaned_in_lines(text: str) -> str:
    """`text` as the box takes it in: each line cleaned by the free-text cleaner
    (`strip_control_characters`), the line breaks kept. No escape sequence spans a line
    break, so this takes out what cleaning the text whole would, but for the breaks."""
    return "\n".join(strip_control_characters(line) for line in _LINE_BREAK.split(text))


class FreeTextArea(KeysInOrder, TextArea):
    DEFAULT_CSS = """
    FreeTextArea.-card-data-removed { border: tall $warning; }
    FreeTextArea.-card-data-removed:focus { border: tall $warning; }
    """

    #: The kinds of card data taken out of this box (cleared when the box is emptied).
    card_data_removed: frozenset[CardDetail] = frozenset()
    #: Hidden characters were taken out of what went in (cleared when the box is emptied).
    hidden_removed = False
    #: Until when (by `monotonic()`) the box's last notification of card data taken out
    #: is on show: the next is said only after it (`tell_card_data_removed`).
    card_data_told_until = 0.0

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        cleaned = cleaned_in_lines(text)
        super().__init__(cleaned, **kwargs)
        if cleaned != text:  # stored text that got round the cleaner
            self._say_hidden_removed()

    def edit(self, edit: Edit) -> EditResult:
        """Every edit (a key, a paste, a deletion, an insert) comes through here: its text
        is cleaned before it goes in, so the cursor lands after what went in. An edit with
        nothing left of its text (a lone control character pasted) leaves the text as it
        was, rather than deleting what was selected."""
        cleaned = cleaned_in_lines(edit.text)
        if cleaned == edit.text:
            return super().edit(edit)
        self._say_hidden_removed()
        if not cleaned:
            return EditResult(end_location=self.cursor_location, replaced_text="")
        return super().edit(dataclasses.replace(edit, text=cleaned))

    def load_text(self, text: str) -> None:
        """A value set into the box (`text = ...`), cleaned as it goes in."""
        cleaned = cleaned_in_lines(text)
        super().load_text(cleaned)
        if cleaned != text:
            self._say_hidden_removed()

    @on(TextArea.Changed)
    def _take_out_completed_card_data(self) -> None:
        if not self.text:
            self.card_data_removed, self.hidden_removed = frozenset(), False
            self.show_state()
            return
        self._take_out(whole=False)

    def _on_blur(self, event: Blur) -> None:
        self.settled_value()

    def settled_value(self) -> str:
        """The text as the screen will use it: all card data taken out now, even a number at
        the very end. Screens read this when they save."""
        self._take_out(whole=True)
        return self.text

    def _take_out(self, *, whole: bool) -> None:
        text = self.text
        cursor = _index(text, self.cursor_location)
        taken = take_out_card_data(text, cursor, whole=whole)
        if not taken.details:
            return
        self.text = taken.text
        self.cursor_location = _location(taken.text, taken.cursor)
        self.card_data_removed |= taken.details
        self.show_state()
        self.card_data_told_until = tell_card_data_removed(
            self, taken.details, self.card_data_told_until
        )

    def _say_hidden_removed(self) -> None:
        self.hidden_removed = True
        self.show_state()

    def show_state(self) -> None:
        """Say at the box what was taken out of it: card data first (the border turns to a
        warning, and says what kind: `removed_note`), else hidden characters; nothing once
        the box was emptied. A problem a screen shows at the box (tui/field_problems.py)
        keeps the border until the screen clears it, which calls this to put the note
        back."""
        self.set_class(bool(self.card_data_removed), "-card-data-removed")
        if self.has_class("-problem"):
            return
        if self.card_data_removed:
            self.border_subtitle, self.tooltip = removed_note(self.card_data_removed)
        elif self.hidden_removed:
            self.border_subtitle, self.tooltip = HIDDEN_NOTE, HIDDEN_MESSAGE
        else:
            self.border_subtitle, self.tooltip = "", None


def _index(text: str, location: tuple[int, int]) -> int:
    """The offset in `text` of a (row, column) location."""
    row, column = location
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:row]) + column


def _location(text: str, index: int) -> tuple[int, int]:
    """The (row, column) location of an offset in `text`."""
    before = text[:index]
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)
