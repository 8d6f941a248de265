"""A drop-down list whose keys act in the order they were typed.

Textual's Select opens on Enter, Down, Up or Space and chooses on Enter, but every one of
those keys is a binding, matched only once the key has gone up to the app, among the keys
of whichever box has the focus by then; and it moves the focus (into the open list, back
to the drop-down) later still. Keys read from the terminal in one go (a fast handler, or
keys arriving together over a slow remote session) then went astray: on the new-customer
form, Enter, Down, Enter, Tab and a given name typed together left the enquiry type
unchosen and the focus two boxes further on. Here the drop-down handles its keys, and the
keys its open list does not take for itself (they come up to it), as it reads them; the
focus moves at once; and keys typed at the drop-down before a key that has already taken
the focus on (a screen's priority key; a Tab waits for them, tui/tab_in_order.py) still
choose, without taking the focus back. Textual's `SelectCurrent` and `SelectOverlay` are
imported from its private module: the overlay is replaced, and `textual<9` is pinned.

A character typed on a closed drop-down is refused, and the drop-down says how it is
worked (`HOW_TO_CHOOSE`), once each time it takes the focus. It had been handed on to the
text box after it, as if Tab had been pressed first; but on the edit form the box after a
*Reason for change* is the next field, holding its value: "Flat 3" typed on line 1's
reason was added to line 2, and "Leeds" to the town's "London". Letters typed on a
drop-down never land in another box. Space still opens the list, but for a space typed
straight after a character refused (words typed there: "Flat 3"), refused with it; Enter
chooses, Tab moves on, and a key the screen binds is the screen's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay

T = TypeVar("T")

#: Keys that open a closed drop-down (Textual's own).
_OPENING = frozenset({"enter", "down", "space", "up"})
#: What a character typed on a closed drop-down is told (it is not typed anywhere).
HOW_TO_CHOOSE = (
    "A list to choose from, not a box to type in: what was typed here went nowhere. Enter "
    "or Space opens it, Up and Down move, Enter chooses; Tab moves on to the next box."
)


class _Overlay(SelectOverlay):
    """The open list, taking the focus as it opens rather than after the keys already read."""

    def focus(self, scroll_visible: bool = True) -> _Overlay:
        self.screen.set_focus(self, scroll_visible=scroll_visible)
        return self


class ChoiceSelect(Select[T], Generic[T]):
    """A `Select` whose keys act in the order typed (the console's drop-downs use it)."""

    # A choice longer than the box is cut with an ellipsis, on its one line: wrapped, its
    # second line was drawn over the box under it (the open list shows it whole).
    DEFAULT_CSS = """
    ChoiceSelect SelectCurrent #label {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Opened by a key read before the focus had moved on: the choice is made without
        #: showing the list, so the box the focus moved to keeps it.
        self._opened_unseen = False
        #: `HOW_TO_CHOOSE` was said since the drop-down took the focus.
        self._said_how = False
        #: The last key read here was a character refused: a space after it is one more
        #: (typed words), not a key to open the list.
        self._refused_last = False

    def compose(self) -> ComposeResult:
        # Textual's own, with the overlay that takes the focus at once.
        yield SelectCurrent(self.prompt)
        yield _Overlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)

    @on(SelectOverlay.Dismiss)
    def _dismissed(self, event: SelectOverlay.Dismiss) -> None:
        """Textual's, but a list that lost the focus and has it again stays open: its blur
        is posted as it closes and may arrive after keys read since have opened it again
        (the list then had the focus, unseen, and took the keys typed)."""
        event.stop()
        event.prevent_default()
        if event.lost_focus and self.app.focused is self._overlay:
            return
        self._opened_unseen = False
        self.expanded = False
        if not event.lost_focus:
            self.screen.set_focus(self)

    def _on_focus(self, event: events.Focus) -> None:
        # Back at the drop-down, a key opens the list again: keys typed before the focus
        # moved on and came back are all handled by now.
        self._opened_unseen = self._said_how = False
        super()._on_focus(event)

    @property
    def _overlay(self) -> _Overlay:
        return self.query_one(_Overlay)

    async def _on_key(self, event: events.Key) -> None:
        act: Callable[[], None] | None
        refused_last, self._refused_last = self._refused_last, False
        if self.expanded or self._opened_unseen:
            act = self._open_list_keys().get(event.key)
        elif event.key == "space" and refused_last:
            act = self._typed
        elif event.key in _OPENING:
            act = self._open
        elif event.is_printable and not self._bound(event.key):
            act = self._typed
        else:
            act = None
        if act is None:
            return
        event.stop()
        event.prevent_default()
        act()

    def _bound(self, key: str) -> bool:
        """Whether the screen (or the app) acts on `key` now: such a key is theirs."""
        active = self.screen.active_bindings.get(key)
        return active is not None and active.enabled

    def _typed(self) -> None:
        """A character typed on the closed drop-down: refused, never typed into another box,
        and the drop-down says how it is worked (once while it has the focus)."""
        self._refused_last = True
        if self.app.focused is not self or self._said_how:
            return
        self._said_how = True
        self.notify(HOW_TO_CHOOSE, severity="warning", timeout=6, markup=False)

    def _open_list_keys(self) -> dict[str, Callable[[], None]]:
        overlay = self._overlay
        return {
            "down": overlay.action_cursor_down,
            "up": overlay.action_cursor_up,
            "home": overlay.action_first,
            "end": overlay.action_last,
            "pagedown": overlay.action_page_down,
            "pageup": overlay.action_page_up,
            "enter": self._choose,
            "escape": self._close,
        }

    def _open(self) -> None:
        if self.app.focused is self:
            self.action_show_overlay()
            return
        # A key read after this one has taken the focus on: choose where the list would
        # have opened, without taking the focus back.
        self._opened_unseen = True
        overlay = self._overlay
        values = [value for _prompt, value in self._options]
        overlay.highlighted = values.index(self.value) if self.value in values else 0

    def _choose(self) -> None:
        index = self._overlay.highlighted
        if index is not None:
            value = self._options[index][1]
            if value != self.value:
                self.value = value
        self._close()

    def _close(self) -> None:
        had_focus = self.app.focused is self._overlay
        self._opened_unseen = False
        self.expanded = False
        if had_focus:
            self.screen.set_focus(self)
