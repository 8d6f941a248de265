"""An input box that keeps everything typed or pasted and says, at the box, when it is too long.

Textual's own `max_length` drops keys past the limit and refuses a longer paste whole: a name
typed past its limit silently loses letters, and a long paste leaves the box empty. A handler
on a live call would not notice either. This box keeps the text, marks its border and shows
"123/100: too long" on it; the screen refuses to use the value until it is shortened.
"""

from __future__ import annotations

from textual.widgets import Input

#: Nothing a person types into one box is longer than this; a bigger paste is refused with
#: a message instead of filling memory.
PASTE_CEILING = 10_000


def too_long_message(what: str, length: int, limit: int) -> str:
    """The words for a value over its limit: "The search is 500 characters; at most 100."."""
    return f"{what} is {length} characters; at most {limit}. Shorten it."


class BoundedInput(Input):
    """An `Input` with a soft limit: over it, the border turns red and says by how much."""

    DEFAULT_CSS = """
    BoundedInput.-too-long { border: tall $error; }
    BoundedInput.-too-long:focus { border: tall $error; }
    """

    def __init__(
        self,
        value: str | None = None,
        *,
        limit: int,
        placeholder: str = "",
        password: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        #: The longest value the screen will accept (set first: the value's watcher reads it).
        self.limit = limit
        super().__init__(
            value,
            placeholder=placeholder,
            password=password,
            max_length=PASTE_CEILING,
            id=id,
            classes=classes,
        )

    def watch_value(self, value: str) -> None:
        over = len(value) > self.limit
        self.set_class(over, "-too-long")
        self.border_subtitle = f"{len(value)}/{self.limit}: too long" if over else ""

    def restricted(self) -> None:
        """A paste past the ceiling: say so at the box instead of only ringing the bell."""
        super().restricted()
        self.border_subtitle = f"too long to paste here (at most {self.limit} characters)"
        self.set_class(True, "-too-long")
