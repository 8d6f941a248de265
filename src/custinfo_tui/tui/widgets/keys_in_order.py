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
    of their own; most boxes are `BoundedInput`, which is one of these).

    Focusing it does not select what it holds (Textual's `select_on_focus`): a form that
    sends the focus back to a box it refused, or a Tab back to add a word, would otherwise
    have the next key typed replace everything in the box. A box given a `suggested` value
    (today's date, the time now) is the exception: while it still holds that suggestion it
    is selected as it takes the focus, so what is typed replaces it."""

    def __init__(self, *args: Any, suggested: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        #: The suggestion the box was given, if any (not Input's own `_suggestion`).
        self._offered = self.value if suggested else ""

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        if self._offered and self.value == self._offered and not event.from_app_focus:
            self.selection = Selection(0, len(self.value))


def cursor_keys_in_order(bindings: Iterable[BindingType], *, leaving_out: str) -> list[Binding]:
    """A list or table's own keys as priority bindings (run as each key is read, so in the
    order typed, before the key is passed on), hidden from the footer; `leaving_out` is the
    action the widget names and binds itself (its Enter)."""
    return [
        Binding(binding.key, binding.action, binding.description, show=False, priority=True)
        for binding in bindings
        if isinstance(binding, Binding) and binding.action != leaving_out
    ]
