"""Text boxes whose editing keys act in the order they were typed.

Textual inserts a typed character as the box reads its key, but runs the box's own key
bindings (Backspace, Ctrl+U, Home, Left, Enter...) only after the key has gone up through
every container to the app and been matched there. Keys read from the terminal in one go
(a fast typist over a slow remote session, a password manager's auto-type) then act out of
order: "Smiht", Backspace, Backspace, "th" left "Smiht", the Backspaces taking the new
letters; Ctrl+U then a new phone number kept only its last digits. Here a box runs its own
bindings as it reads the key, so every key acts in the order it was typed. Bindings of the
screen or the app are untouched: a key the box does not bind goes on up as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input
from textual.widgets.input import Selection

from custinfo_tui.domain.text import strip_control_characters
from custinfo_tui.tui.tab_in_order import taken_back

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:  # a plain mixin, so the text widget's CSS and component classes stay its own
    _Base = object

#: What a box's border says once hidden characters were taken out of what went in (a box
#: of one line here, one of several lines in `free_text_area.py`).
HIDDEN_NOTE = "hidden characters removed"

#: The same, whole, in the box's tooltip.
HIDDEN_MESSAGE = (
    "Hidden characters were removed from what was typed or pasted: control characters, "
    "terminal escape sequences, and characters that are invisible or change the "
    "direction of the text are never kept."
)

#: A box of one line's tooltip: what a paste's line breaks became there, too.
HIDDEN_IN_ONE_LINE = (
    f"{HIDDEN_MESSAGE} A line break or a tab becomes a space: the box holds one line."
)


class KeysInOrder(_Base):
    """Put before the text widget in the bases: `class Box(KeysInOrder, Input)`."""

    async def _on_key(self, event: events.Key) -> None:
        if taken_back(self, event):  # typed for the screen that has covered this box's
            event.stop()
            event.prevent_default()
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)  # the text widget's own: typing a character


class TypedInput(KeysInOrder, Input):
    """A one-line box whose keys act in the order typed (for boxes without a length limit
    of their own; most boxes are `BoundedInput`, which is one of these). Every text box of
    the console is one.

    Focusing it does not select what it holds (Textual's `select_on_focus`): a form that
    sends the focus back to a box it refused, or a Tab back to add a word, would otherwise
    have the next key typed replace everything in the box. A box given a `suggested` value
    (today's date, the time now) is the exception: while it still holds that suggestion it
    is selected as it takes the focus, so what is typed replaces it.

    Customer text is data: Textual's Input shows what it holds as it is, so a bidi control
    (U+202E turns the rest of the line round) or a C1 control (U+0085) that reached it, in
    a paste from a terminal that does not filter them or a value set from stored text,
    went to the terminal raw. Whatever is typed, pasted or set into the box is cleaned
    first, here and nowhere else, by `domain.text.strip_control_characters`, the cleaner
    of free text: escape sequences whole, control, bidi and invisible characters out, a
    tab or line break a space; a paste of several lines goes in whole, its lines joined
    by spaces (Textual's Input kept the first line only, dropping the rest unsaid). The
    cursor ends after what went in. The border then says, briefly, that something was
    taken out (`HIDDEN_NOTE`, the tooltip saying what kinds, and that line breaks became
    spaces), as the boxes of several lines do, until the box is emptied; a problem a
    screen shows at the box (tui/field_problems.py) comes first. A password box is left
    as typed: it shows only dots, and a password is compared as it was set."""

    #: Hidden characters were taken out of what went in, or a pasted line break made a
    #: space (cleared when the box is emptied).
    hidden_removed = False

    def __init__(self, *args: Any, suggested: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        #: The suggestion the box was given, if any (not Input's own `_suggestion`).
        self._offered = self.value if suggested else ""

    def on_mount(self) -> None:
        self.show_state()  # a value given before the box was mounted, cleaned already

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        if self._offered and self.value == self._offered and not event.from_app_focus:
            self.selection = Selection(0, len(self.value))

    def select_to_retype(self) -> None:
        """Take the focus with what the box holds selected, so what is typed next replaces
        it: for a value refused as too short to mean anything ("x" as a reason), which
        stays in sight beside the message, rather than having the real one added onto it
        ("xdifferent middle name")."""
        self.focus()
        self.selection = Selection(0, len(self.value))

    def cleaned(self, text: str) -> str:
        """`text` as the box takes it in (see the class)."""
        return text if self.password else strip_control_characters(text)

    def _taken_in(self, text: str) -> str:
        """`text` cleaned, noting at the box when that took anything out of it."""
        cleaned = self.cleaned(text)
        if cleaned != text:
            self.hidden_removed = True
        return cleaned

    def validate_value(self, value: str) -> str:
        """A value set into the box (a stored value, a screen's own), cleaned as it goes in."""
        return self._taken_in(value)

    def watch_value(self, value: str) -> None:
        if not value:
            self.hidden_removed = False
        self.show_state()

    def _on_paste(self, event: events.Paste) -> None:
        """A paste of several lines goes in whole, its lines joined by spaces (the box says
        so, unless it is a password's)."""
        if event.text:
            lines = [line for line in event.text.splitlines() if line.strip()]
            if len(lines) > 1 and not self.password:
                self.hidden_removed = True
            text = " ".join(lines)
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *selection)
        event.stop()
        event.prevent_default()  # Input's own paste handler would insert the first line again

    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit (a key, a paste, a deletion) comes through here: `text` is cleaned
        before it goes in, so the cursor lands after what went in. Nothing left of it (a
        lone control character) leaves the box, and any selection in it, as they were, and
        the box says something was taken out. Subclasses edit further in
        `replace_cleaned`."""
        cleaned = self._taken_in(text)
        if text and not cleaned:
            if not self.has_class("-problem"):  # a problem said there comes first
                self.show_state()
            return
        self.replace_cleaned(cleaned, start, end)

    def replace_cleaned(self, text: str, start: int, end: int) -> None:
        """Put `text`, cleaned already, in place of the box's `start`:`end`."""
        super().replace(text, start, end)

    def show_state(self) -> None:
        """Say at the box that hidden characters were taken out of it; nothing once the box
        was emptied. A problem a screen shows at the box (tui/field_problems.py) keeps the
        border until the screen clears it, which calls this to put the note back."""
        if self.has_class("-problem"):
            return
        self._say_hidden_removed()

    def _say_hidden_removed(self) -> None:
        if self.hidden_removed:
            self.border_subtitle, self.tooltip = HIDDEN_NOTE, HIDDEN_IN_ONE_LINE
        else:
            self.border_subtitle, self.tooltip = "", None


def cursor_keys_in_order(bindings: Iterable[BindingType], *, leaving_out: str) -> list[Binding]:
    """A list or table's own keys as priority bindings (run as each key is read, so in the
    order typed, before the key is passed on), hidden from the footer; `leaving_out` is the
    action the widget names and binds itself (its Enter)."""
    return [
        Binding(binding.key, binding.action, binding.description, show=False, priority=True)
        for binding in bindings
        if isinstance(binding, Binding) and binding.action != leaving_out
    ]
