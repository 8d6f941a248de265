"""The keys a Tab, a key or a screen opening holds until it has acted (tui/tab_in_order.py),
and what is known of them while they wait."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

#: A key handed on, and how often it has been.
HandedOn = tuple[events.Key, int]


class HeldMove:
    """A move among the held keys, made in its turn when they are read again: a Tab's, typed
    after keys a drop-down hands on (`TabInOrder.pass_on`), comes after the drop-down's own
    hand-over and after those keys, not in place of the hand-over."""

    def __init__(self, move: Callable[[], object]) -> None:
        self.move = move


#: What is held: a key, a paste or a move (`HeldMove`), in the order typed.
Held = events.Key | events.Paste | HeldMove


class HeldKeys:
    """Keys (and pastes) read while a move or a screen is waited for, in the order read."""

    def __init__(self) -> None:
        self.keys: list[Held] = []
        #: Keys handed to a screen's boxes before another covered it (`take_back`): read
        #: before the screen opened, so read again before `keys`.
        self.taken_back: list[events.Key] = []
        #: The move is asked of the app (`TabInOrder._let_go`): it comes in the app's turn.
        self.letting_go = False
        #: A screen pushed while these keys are held, the one it covered, and when: the keys
        #: wait for it to mount and settle (`held_keys_wait.wait_is_over`).
        self.opening: Screen[object] | None = None
        self.covered: Screen[object] | None = None
        self.opened_at = 0.0
        #: Held after an Enter (`hold_after_key`): a second Enter straight after it, with no
        #: key typed after, is the same key twice (a bounce), not a choice on what it opened.
        self.after_enter = False
        #: Held on while this screen is on top, until `beyond_until` (`hold_until_next_screen`
        #: asked while the keys were held already): a worker opens the next screen.
        self.beyond: Screen[object] | None = None
        self.beyond_until = 0.0
        #: Held on while this says a worker a key waits for is at work, until `busy_until`
        #: (`hold_while`: F5 typed straight after an answer acts once it is checked).
        self.busy: Callable[[], bool] | None = None
        self.busy_until = 0.0
        #: A box handing keys on (`pass_on`) and its move, made on letting go if the focus
        #: is still there, before the move these keys waited for (a Tab typed after them
        #: moves on from the box they go to) or with none (a Ctrl+S or an Enter holds keys
        #: and leaves the focus where it is).
        self.handed_on_by: tuple[Widget, Callable[[], object]] | None = None
        #: The move waited for is a box's hand-over itself (`pass_on` asked for it): keys
        #: it hands on meanwhile go with that move, not before another.
        self.handing_on = False
        #: The keys among these handed on before, and how often each has been.
        self.handed_on: list[HandedOn] = []

    def typed(self) -> bool:
        """Whether any key but Enter (a bounce of the one that held them), or a paste, is
        among these: something typed ahead."""
        keys = [*self.taken_back, *self.keys]
        return any(not (isinstance(key, events.Key) and key.key == "enter") for key in keys)
