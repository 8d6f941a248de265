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
    tab or line break a space. The cursor ends after what went in. A password box is left
    as typed: it shows only dots, and a password is compared as it was set."""

    def __init__(self, *args: Any, suggested: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        #: The suggestion the box was given, if any (not Input's own `_suggestion`).
        self._offered = self.value if suggested else ""

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

    def validate_value(self, value: str) -> str:
        """A value set into the box (a stored value, a screen's own), cleaned as it goes in."""
        return self.cleaned(value)

    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit (a key, a paste, a deletion) comes through here: `text` is cleaned
        before it goes in, so the cursor lands after what went in. Nothing left of it (a
        lone control character) leaves the box, and any selection in it, as they were.
        Subclasses edit further in `replace_cleaned`."""
        cleaned = self.cleaned(text)
        if text and not cleaned:
            return
        self.replace_cleaned(cleaned, start, end)

    def replace_cleaned(self, text: str, start: int, end: int) -> None:
        """Put `text`, cleaned already, in place of the box's `start`:`end`."""
        super().replace(text, start, end)


def cursor_keys_in_order(bindings: Iterable[BindingType], *, leaving_out: str) -> list[Binding]:
    """A list or table's own keys as priority bindings (run as each key is read, so in the
    order typed, before the key is passed on), hidden from the footer; `leaving_out` is the
    action the widget names and binds itself (its Enter)."""
    return [
        Binding(binding.key, binding.action, binding.description, show=False, priority=True)
        for binding in bindings
        if isinstance(binding, Binding) and binding.action != leaving_out
    ]
