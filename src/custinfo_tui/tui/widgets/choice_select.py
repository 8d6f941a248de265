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

A character typed on a closed drop-down went nowhere: "Address for court papers" typed
after choosing a lawful basis with Enter left the next box empty, its space opening the
list, and nothing said why. The console's forms choose with Enter and move on with Tab
(Enter, Down, Enter, Tab is how every form is typed, and stays so), so Enter still leaves
the focus on the drop-down; a character typed there now goes to the box after it, when
that is a text box, with the focus, as if Tab had been pressed first: what the handler
types after a choice is never lost. Only after a choice made there, though: a drop-down
the focus came to by Tab, with nothing chosen on it since, refuses a character typed on it
and says how it is worked (`HOW_TO_CHOOSE`), once each time it takes the focus. On the edit
form the box after a *Reason for change* is the next field, holding its value: "Flat 3"
typed on line 1's reason, by a handler who took it for line 2, was added to line 2's value,
and "Leeds" to the town's "London". Where no text box follows a choice, the drop-down says
how it is worked too. Space still opens the list, but for a space typed straight after a
character refused (words typed there: "Flat 3"), refused with it; a key the screen binds
is the screen's.

On the open list Space chooses the highlighted entry, as Enter does, so Space twice leaves
the choice as it was (the list opens on it): Textual's searched the list for a space, and
the highlight moved off *Customer moved* to another reason, which the Enter after it chose.
A space typed while searching the list by typing ("new a") goes on with the search.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea
from textual.widgets._select import SelectCurrent, SelectOverlay

from custinfo_tui.tui.tab_in_order import TabInOrder

T = TypeVar("T")

#: Keys that open a closed drop-down (Textual's own).
_OPENING = frozenset({"enter", "down", "space", "up"})
#: What a character typed on a closed drop-down is told where it goes into no box.
HOW_TO_CHOOSE = (
    "A list to choose from, not a box to type in: what was typed here went nowhere. Enter "
    "or Space opens it, Up and Down move, Enter chooses; Tab moves on to the next box."
)


class _Overlay(SelectOverlay):
    """The open list, taking the focus as it opens rather than after the keys already read."""

    # Enter named in the footer while the list is open, beside Textual's "Dismiss menu":
    # the open list named only Escape, which leaves it, and not the key that chooses. The
    # key itself is read in the drop-down's `_on_key`; the binding names it.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select",
            "Choose",
            tooltip="Choose the highlighted entry (Space too)",
            id="choice_select_choose",
        ),
    ]

    def focus(self, scroll_visible: bool = True) -> _Overlay:
        self.screen.set_focus(self, scroll_visible=scroll_visible)
        return self

    async def _on_key(self, event: events.Key) -> None:
        # Space chooses, as Enter does, unless a search typed on the list is under way
        # ("new a"): Textual's searched the list for a space, moving the highlight from
        # the choice the list opened on to another, which the Enter after it chose. Not
        # searched here, it goes up to the drop-down, which chooses (`_open_list_keys`)
        # after the keys typed before it: Down then Space typed together choose the next.
        if event.key == "space" and not self._search_query:
            event.prevent_default()


class ChoiceSelect(Select[T], Generic[T]):
    """A `Select` whose keys act in the order typed (the console's drop-downs use it)."""

    # Enter named in the footer while a drop-down has the focus (and only then: the
    # focused box's keys are the footer's): Textual's Select names none of its keys, so a
    # handler Tabbing onto one saw nothing say how it opens until a letter typed there
    # was refused (`HOW_TO_CHOOSE`). The key itself is read in `_on_key`, in the order
    # typed; the binding names it, and runs it from the footer or the command palette.
    # Down, Up and Space open it too, unnamed, as Textual's.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "show_overlay",
            "Open",
            tooltip="Open the list: Up and Down move, Enter chooses, Tab moves on",
            id="choice_select_open",
        ),
    ]

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
        #: A character typed here is going on to the box after this one: the keys typed
        #: after it and handed here before the focus moves go on after it.
        self._passing_on = False
        #: `HOW_TO_CHOOSE` was said since the drop-down took the focus.
        self._said_how = False
        #: Enter chose on this drop-down since the focus came to it from another box: what
        #: is typed next goes on to the box after it.
        self._chosen_here = False
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
        self._opened_unseen = self._passing_on = self._said_how = False
        super()._on_focus(event)

    def _on_blur(self, event: events.Blur) -> None:
        # The focus gone to another box (not into this drop-down's own open list): back
        # here by Tab, nothing is chosen on it yet.
        if self.app.focused is not self._overlay:
            self._chosen_here = False

    def focus_as_chosen(self) -> None:
        """Take the focus with the value it holds counted as chosen here: a dialog that opens
        on a drop-down holding the usual choice (the complaint's next stage), where what is
        typed before any key to choose belongs in the text box after it, and goes there."""
        self.focus()
        self._chosen_here = True

    @property
    def _overlay(self) -> _Overlay:
        return self.query_one(_Overlay)

    async def _on_key(self, event: events.Key) -> None:
        refused_last, self._refused_last = self._refused_last, False
        if self._passing_on:  # typed after a character on its way to the next box
            act: Callable[[], None] | None = partial(self._pass_on, event)
        elif self.expanded or self._opened_unseen:
            act = self._open_list_keys().get(event.key)
        elif event.key == "space" and refused_last:
            act = partial(self._typed, event)
        elif event.key in _OPENING:
            act = self._open
        elif event.is_printable and not self._bound(event.key):
            act = partial(self._typed, event)
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

    def _typed(self, key: events.Key) -> None:
        """A character typed on the closed drop-down: after a choice made here, into the
        text box after it, which takes the focus; else refused, and how a drop-down is
        worked said (once while it has the focus)."""
        if self.app.focused is not self:
            return
        if self._chosen_here and _takes_text(self._box_after()):
            self._passing_on = True
            self._pass_on(key)
            return
        self._refused_last = True
        if not self._said_how:
            self._said_how = True
            self.notify(HOW_TO_CHOOSE, severity="warning", timeout=6, markup=False)

    def _pass_on(self, key: events.Key) -> None:
        tabs = getattr(self.app, "tabs", None)
        if isinstance(tabs, TabInOrder):
            tabs.pass_on(key, self.screen.focus_next, self)
            return
        if self.app.focused is self:  # an app without the console's Tab: moved at once
            self.screen.focus_next()
        if self.app.focused is not self:  # never back here, to be handed on for ever
            self.app.post_message(events.Key(key.key, key.character))

    def _box_after(self) -> Widget | None:
        chain = self.screen.focus_chain
        at = chain.index(self) if self in chain else -1
        return chain[at + 1] if 0 <= at < len(chain) - 1 else None

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
            "space": self._choose,
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
        here = self.app.focused in (self, self._overlay)
        if index is not None:
            value = self._options[index][1]
            if value != self.value:
                self.value = value
        self._close()
        self._chosen_here = here

    def _close(self) -> None:
        had_focus = self.app.focused is self._overlay
        self._opened_unseen = False
        self.expanded = False
        if had_focus:
            self.screen.set_focus(self)


def _takes_text(box: Widget | None) -> bool:
    """Whether `box` is one a character typed goes into: a one-line box or a text area."""
    if isinstance(box, Input):
        return True
    return isinstance(box, TextArea) and not box.read_only
