"""A form's Enter in a one-line box moves on to the next box, in the order typed.

On the forms where Enter in a box moves on to the next (`ENTER_MOVES_ON`), Enter does what
the console's Tab does (tui/tab_in_order.py): it had moved on only once the screen heard
of it, and a name, Enter, a surname, Enter typed in one go put "JonhSmith" in the
given-name box. Now it waits for the keys typed before it, and holds those typed after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.actions import SkipAction
from textual.binding import ActiveBinding, Binding
from textual.widgets import Input

from custinfo_tui.tui.tab_in_order import TabInOrder

if TYPE_CHECKING:
    from textual.screen import Screen

#: A form's Enter in a one-line box: on to the next box, in the order typed (the screen
#: names `action_move_on`, which calls `move_on`). Hidden: the form says Enter moves on.
ENTER_MOVES_ON = Binding("enter", "move_on", "Next box", show=False, priority=True)


def move_on(
    screen: Screen[object],
    *,
    unless: Callable[[Input], bool] = lambda _box: False,
    then: Callable[[], object] | None = None,
) -> None:
    """Enter on `screen`: from a one-line box (other than one `unless` names), on to the
    next box after the keys typed before (or `then`, for a box whose Enter does more: it
    runs once the box holds all that was typed, and moves the focus itself); from anything
    else, the key goes on as usual."""
    focused = screen.focused
    tabs = getattr(screen.app, "tabs", None)
    if not isinstance(focused, Input) or unless(focused) or not isinstance(tabs, TabInOrder):
        raise SkipAction()
    tabs.move(then or screen.focus_next)


def box_enter_named(
    screen: Screen[object], keys: dict[str, ActiveBinding]
) -> dict[str, ActiveBinding]:
    """`keys` (the screen's active keys), with the focused box's own Enter named where the
    form's hidden Enter passes it on to the box (from anything but a one-line box).

    Textual puts a screen's priority key in the place of a box's key for the same key, so
    on a form a drop-down's *Open* was never named in the footer, though Enter opens it
    there as anywhere: the form's Enter moves on only from a text box."""
    active = keys.get("enter")
    focused = screen.focused
    if active is None or active.node is not screen or active.binding.action != "move_on":
        return keys
    if focused is None or isinstance(focused, Input):
        return keys
    for own in focused._bindings.key_to_bindings.get("enter", []):
        state = focused.check_action(own.action, ())
        if own.show and state is not False:
            named = dict(keys)
            named["enter"] = ActiveBinding(focused, own, bool(state), own.tooltip)
            return named
    return keys
