"""An input box that keeps everything typed or pasted and says, at the box, when it is too long.

Textual's own `max_length` drops keys past the limit and refuses a longer paste whole: a name
typed past its limit silently loses letters, and a long paste leaves the box empty. A handler
on a live call would not notice either. This box keeps the text, marks its border and shows
"123/100: too long" on it; the screen refuses to use the value until it is shortened.

A box for free text (`free_text=True`: a reason, a note, a support need, anything typed in
the handler's own words) also takes card data out as soon as it is complete (PCI DSS:
docs/security.md, "Card numbers"): a card number becomes `[card number removed]` in the
box, a security code named as one `[security code removed]`, an expiry date
`[expiry removed]` (domain.card_data), and the border says what went (a notification the
whole reason, once: tui/widgets/card_data_notice.py). It is complete once something other
than a digit, a space, a dash, a dot or a slash follows it, when it is pasted, and when the
box loses focus or is submitted; a number still being typed at the end of the box is left
alone until then, so it is never cut in half.
Everything else typed stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.events import Blur

from custinfo_tui.domain.card_data import (
    CardDetail,
    Found,
    card_data_spans,
    removed_note,
    replace_found,
)
from custinfo_tui.tui.widgets.card_data_notice import tell_card_data_removed
from custinfo_tui.tui.widgets.keys_in_order import TypedInput

#: Nothing a person types into one box is longer than this; a bigger paste is refused with
#: a message instead of filling memory.
PASTE_CEILING = 10_000

#: What may still continue card data being typed: a card number's digits and the
#: separators between (a line break too, in a note of several lines: domain.card_numbers),
#: and the "/" of a date, which could yet turn out to have a day ("12/28/2026" is no
#: expiry: domain.card_security).
_STILL_TYPING = frozenset(" \t-.\n\r/")


def too_long_message(what: str, length: int, limit: int) -> str:
    """The words for a value over its limit: "The search is 500 characters; at most 100."."""
    return f"{what} is {length} characters; at most {limit}. Shorten it."


def open_tail(text: str) -> int:
    """Where the digits, spaces, dashes, dots and slashes at the end of `text` start: a
    number there may still be being typed."""
    start = len(text)
    while start and (text[start - 1].isdecimal() or text[start - 1] in _STILL_TYPING):
        start -= 1
    return start


@dataclass(frozen=True)
class TakenOut:
    """A box's text with its card data taken out, where its cursor then is, and what kinds
    were taken out (none: the text is as it was)."""

    text: str
    cursor: int
    details: frozenset[CardDetail] = frozenset()


def take_out_card_data(text: str, cursor: int, *, whole: bool) -> TakenOut:
    """`text` with its complete card data (card numbers, security codes, expiry dates:
    domain.card_data) replaced, every piece of it when `whole`, and where the cursor at
    `cursor` then is. As `redact_card_data` does, the text is looked at again after each
    round: a number taken out can leave the digits after it a card number of their own."""
    details: set[CardDetail] = set()
    while True:
        settled = len(text) if whole else open_tail(text)
        found = card_data_spans(text[:settled])
        if not found:
            return TakenOut(text, cursor, frozenset(details))
        details.update(piece.detail for piece in found)
        text, cursor = replace_found(text, found), _moved(cursor, found)


def _moved(cursor: int, found: list[Found]) -> int:
    """Where a cursor at `cursor` is once `found` is replaced: with the text before it; at
    the end of a marker where it was inside what the marker replaced."""
    moved = cursor
    for piece in found:
        if cursor >= piece.end:
            moved += len(piece.detail.marker) - (piece.end - piece.start)
        elif cursor > piece.start:  # inside it: to the end of what replaced it
            return moved + len(piece.detail.marker) - (cursor - piece.start)
    return moved


class BoundedInput(TypedInput):
    """An `Input` with a soft limit: over it, the border turns red and says by how much.

    With `free_text=True`, card numbers are taken out as they are completed and the border
    says so; screens read `settled_value()` when they use the value.
    """

    DEFAULT_CSS = """
    BoundedInput.-too-long { border: tall $error; }
    BoundedInput.-too-long:focus { border: tall $error; }
    BoundedInput.-card-data-removed { border: tall $warning; }
    BoundedInput.-card-data-removed:focus { border: tall $warning; }
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
        #: Typed in the handler's own words: card data is taken out as it is completed.
        self.free_text = free_text
        #: The kinds of card data taken out of this box (cleared when the box is emptied).
        self.card_data_removed: frozenset[CardDetail] = frozenset()
        #: Until when (by `monotonic()`) the box's last notification of card data taken
        #: out is on show: the next is said only after it (`tell_card_data_removed`).
        self.card_data_told_until = 0.0
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
            self.card_data_removed = frozenset()
        super().watch_value(value)

    def show_state(self) -> None:
        """Say at the box, on its border, what comes first: too long, then card data taken
        out (what kind: `removed_note`), then hidden characters taken out (`TypedInput`).
        What a screen showed there goes once the value changes, as the box says its own
        length."""
        over = len(self.value) > self.limit
        self.set_class(over, "-too-long")
        self.set_class(bool(self.card_data_removed) and not over, "-card-data-removed")
        if over:
            self.border_subtitle = f"{len(self.value)}/{self.limit}: too long"
        elif self.card_data_removed:
            self.border_subtitle, self.tooltip = removed_note(self.card_data_removed)
        else:
            self._say_hidden_removed()

    def restricted(self) -> None:
        """A paste past the ceiling: say so at the box instead of only ringing the bell."""
        super().restricted()
        self.border_subtitle = f"too long to paste here (at most {self.limit} characters)"
        self.set_class(True, "-too-long")

    # -- Card data (free text only) ----------------------------------------------------------

    def replace_cleaned(self, text: str, start: int, end: int) -> None:
        """Every edit (a key, a paste, a deletion) comes through here, its control
        characters taken out already (`TypedInput.replace`): card data it completes is
        taken out before the value changes. A paste is complete as it stands."""
        if not self.free_text:
            super().replace_cleaned(text, start, end)
            return
        value = self.value
        start, end = sorted((max(0, start), min(len(value), end)))
        edited = f"{value[:start]}{text}{value[end:]}"
        cursor = start + len(text)
        taken = take_out_card_data(edited, cursor, whole=len(text) > 1)
        if not taken.details:
            super().replace_cleaned(text, start, end)
            return
        super().replace_cleaned(taken.text, 0, len(value))
        if self.value == taken.text:  # not refused as too long to paste
            self.cursor_position = taken.cursor
            self._say_card_data_removed(taken.details)

    def settled_value(self) -> str:
        """The value as the screen will use it: any card data taken out now, even a number
        at the very end of the box. Screens read this on submit and save."""
        if self.free_text:
            taken = take_out_card_data(self.value, self.cursor_position, whole=True)
            if taken.details:
                self.value = taken.text
                self.cursor_position = taken.cursor
                self._say_card_data_removed(taken.details)
        return self.value

    def _say_card_data_removed(self, details: frozenset[CardDetail]) -> None:
        """Mark the box and say what went on its border, the whole reason in its tooltip
        and, for the keyboard, once in a notification clear of the box
        (`tell_card_data_removed`)."""
        self.card_data_removed |= details
        self.show_state()
        self.card_data_told_until = tell_card_data_removed(self, details, self.card_data_told_until)

    async def action_submit(self) -> None:
        """Enter sends the value, unless card data at its very end is taken out only
        now: the dialog would close before the box could say so. The box says it, and the
        next Enter sends what it holds."""
        before = self.value
        if self.settled_value() != before:
            return
        await super().action_submit()

    def _on_blur(self, event: Blur) -> None:
        # Runs before Input's own blur handler, which reports the (now clean) value.
        self.settled_value()
