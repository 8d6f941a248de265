"""An input box that keeps everything typed or pasted and says, at the box, when it is too long.

Textual's own `max_length` drops keys past the limit and refuses a longer paste whole: a name
typed past its limit silently loses letters, and a long paste leaves the box empty. A handler
on a live call would not notice either. This box keeps the text, marks its border and shows
"123/100: too long" on it; the screen refuses to use the value until it is shortened.

A box for free text (`free_text=True`: a reason, a note, a support need, anything typed in
the handler's own words) also takes payment card numbers out as soon as one is complete
(PCI DSS: docs/security.md, "Card numbers"): it becomes `[card number removed]` in the box
and the border says why. A number is complete once something other than a digit, a space
or a dash follows it, when it is pasted, and when the box loses focus or is submitted; a
number still being typed at the end of the box is left alone until then. Everything else
typed stays as it was.
"""

from __future__ import annotations

from textual.events import Blur

from custinfo_tui.domain.card_numbers import (
    CARD_NUMBER_MESSAGE,
    CARD_NUMBER_NOTE,
    CARD_NUMBER_REMOVED,
    card_number_spans,
)
from custinfo_tui.tui.widgets.keys_in_order import TypedInput

#: Nothing a person types into one box is longer than this; a bigger paste is refused with
#: a message instead of filling memory.
PASTE_CEILING = 10_000

#: What may still continue a card number being typed: its digits and the separators between
#: (a line break too, in a note of several lines: domain.card_numbers).
_STILL_TYPING = frozenset(" \t-.\n\r")


def too_long_message(what: str, length: int, limit: int) -> str:
    """The words for a value over its limit: "The search is 500 characters; at most 100."."""
    return f"{what} is {length} characters; at most {limit}. Shorten it."


def _open_tail(text: str) -> int:
    """Where the digits, spaces, dashes and dots at the end of `text` start: a number there may
    still be being typed."""
    start = len(text)
    while start and (text[start - 1].isdecimal() or text[start - 1] in _STILL_TYPING):
        start -= 1
    return start


def take_out_card_numbers(text: str, cursor: int, *, whole: bool) -> tuple[str, int]:
    """`text` with its complete card numbers replaced (every one when `whole`), and where
    the cursor at `cursor` then is. As `redact_card_numbers` does, the text is looked at
    again after each round: a number taken out can leave the digits after it a card
    number of their own."""
    while True:
        taken_out = _take_out_once(text, cursor, whole=whole)
        if taken_out[0] == text:
            return taken_out
        text, cursor = taken_out


def _take_out_once(text: str, cursor: int, *, whole: bool) -> tuple[str, int]:
    settled = len(text) if whole else _open_tail(text)
    spans = card_number_spans(text[:settled])
    if not spans:
        return text, cursor
    parts: list[str] = []
    kept_to = 0
    new_cursor = cursor
    for span_start, span_end in spans:
        parts += [text[kept_to:span_start], CARD_NUMBER_REMOVED]
        kept_to = span_end
        if cursor >= span_end:
            new_cursor += len(CARD_NUMBER_REMOVED) - (span_end - span_start)
        elif cursor > span_start:  # inside the number: to the end of what replaced it
            new_cursor = len("".join(parts))
    parts.append(text[kept_to:])
    return "".join(parts), new_cursor


class BoundedInput(TypedInput):
    """An `Input` with a soft limit: over it, the border turns red and says by how much.

    With `free_text=True`, card numbers are taken out as they are completed and the border
    says so; screens read `settled_value()` when they use the value.
    """

    DEFAULT_CSS = """
    BoundedInput.-too-long { border: tall $error; }
    BoundedInput.-too-long:focus { border: tall $error; }
    BoundedInput.-card-number-removed { border: tall $warning; }
    BoundedInput.-card-number-removed:focus { border: tall $warning; }
    """

    def __init__(
        self,
        value: str | None = None,
        *,
        limit: int,
        placeholder: str = "",
        password: bool = False,
        free_text: bool = False,
        suggested: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        #: The longest value the screen will accept (set first: the value's watcher reads it).
        self.limit = limit
        #: Typed in the handler's own words: card numbers are taken out as they are completed.
        self.free_text = free_text
        #: A card number was taken out of this box (cleared when the box is emptied).
        self.card_number_removed = False
        super().__init__(
            value,
            placeholder=placeholder,
            password=password,
            max_length=PASTE_CEILING,
            suggested=suggested,
            id=id,
            classes=classes,
        )

    def watch_value(self, value: str) -> None:
        if not value:
            self.card_number_removed = False
        super().watch_value(value)

    def show_state(self) -> None:
        """Say at the box, on its border, what comes first: too long, then a card number
        taken out, then hidden characters taken out (`TypedInput`). What a screen showed
        there goes once the value changes, as the box says its own length."""
        over = len(self.value) > self.limit
        self.set_class(over, "-too-long")
        self.set_class(self.card_number_removed and not over, "-card-number-removed")
        if over:
            self.border_subtitle = f"{len(self.value)}/{self.limit}: too long"
        elif self.card_number_removed:
            self.border_subtitle, self.tooltip = CARD_NUMBER_NOTE, CARD_NUMBER_MESSAGE
        else:
            self._say_hidden_removed()

    def restricted(self) -> None:
        """A paste past the ceiling: say so at the box instead of only ringing the bell."""
        super().restricted()
        self.border_subtitle = f"too long to paste here (at most {self.limit} characters)"
        self.set_class(True, "-too-long")

    # -- Card numbers (free text only) -------------------------------------------------------

    def replace_cleaned(self, text: str, start: int, end: int) -> None:
        """Every edit (a key, a paste, a deletion) comes through here, its control
        characters taken out already (`TypedInput.replace`): a card number it completes is
        taken out before the value changes. A paste is complete as it stands."""
        if not self.free_text:
            super().replace_cleaned(text, start, end)
            return
        value = self.value
        start, end = sorted((max(0, start), min(len(value), end)))
        edited = f"{value[:start]}{text}{value[end:]}"
        cursor = start + len(text)
        redacted, cursor = take_out_card_numbers(edited, cursor, whole=len(text) > 1)
        if redacted == edited:
            super().replace_cleaned(text, start, end)
            return
        super().replace_cleaned(redacted, 0, len(value))
        if self.value == redacted:  # not refused as too long to paste
            self.cursor_position = cursor
            self._say_card_number_removed()

    def settled_value(self) -> str:
        """The value as the screen will use it: any card number taken out now, even one at
        the very end of the box. Screens read this on submit and save."""
        if self.free_text:
            redacted, cursor = take_out_card_numbers(self.value, self.cursor_position, whole=True)
            if redacted != self.value:
                self.value = redacted
                self.cursor_position = cursor
                self._say_card_number_removed()
        return self.value

    def _say_card_number_removed(self) -> None:
        """Mark the box and say why on its border (the whole reason in its tooltip). At the
        field, not in a notification, which at 80x24 would cover the form being typed in."""
        self.card_number_removed = True
        self.show_state()

    async def action_submit(self) -> None:
        """Enter sends the value, unless a card number at its very end is taken out only
        now: the dialog would close before the box could say so. The box says it, and the
        next Enter sends what it holds."""
        before = self.value
        if self.settled_value() != before:
            return
        await super().action_submit()

    def _on_blur(self, event: Blur) -> None:
        # Runs before Input's own blur handler, which reports the (now clean) value.
        self.settled_value()
