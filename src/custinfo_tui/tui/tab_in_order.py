"""Tab and Shift+Tab act after the keys typed before them, and before the keys typed after.

Textual hands each key it reads to the box that has the focus then, to act on when that
box gets to it; a priority binding such as the console's Tab acts as the key is read. So
for keys read in one go (a fast handler, an auto-type, a slow remote session) a Tab moved
the focus before the keys typed ahead of it had been acted on, and where those keys change
which boxes can take the focus, to the wrong box: on the wrap-up, Enter, Down, Down, Enter
("Follow-up needed" opens the date box), Tab and a date put the date in the notes.

Here a Tab waits for the box that has the focus to act on every key handed to it before
(the move is queued behind them, in that box); keys read meanwhile are held back and read
again, in order, once the focus has moved, each to the box it was typed for.

The move and the reading again are done in the app's own turn, from its queue of keys
read, never from the box's or a timer's. Keys typed in several reads close together (fast
typing, an auto-type, a remote session) had still gone astray: the move was made, and the
held keys posted to the app again, while keys of a later read were already waiting in its
queue; those went first, into the box the Tab had moved to, and the held ones after them,
a box or more further on ("Park RoadJones" in the family name box). Now every key read
before the move is made is held, and the held ones are read again at once, before the app
takes the next key from its queue.

A form's Enter in a one-line box moves on the same way (tui/enter_moves_on.py).

A key that opens a screen holds the keys typed after it for that screen (`hold_for_screen`,
from the app's `push_screen`). Textual makes a pushed screen the current one at once, but
gives it a focus only once it has mounted: a key read in between went to the bare screen
and was lost, and keys handed to the old screen's boxes before the push (read together
with the key that opened it) reached that screen once it was covered, and were lost too.
F7 then Down, Down, Down, Enter opened the data protection desk's third section, not its
fourth. Now keys read from the push are held until the screen has mounted and settled, and
those that reach a covered screen are taken back (`take_back`): all are read again there,
in the order typed. Enter, whose list or button opens its screen only once the screen
hears of the choice, holds the keys after it until the box has acted on it (`after_enter`):
Enter then "n" on the desk opened the section and lost the "n" of its New request. A Tab
straight after a letter that opens a form moves on in it, after the keys typed before it.

A drop-down hands the keys typed on it straight after a choice made there on to the text box
after it (`pass_on`). Text and Ctrl+S typed in one go on the wrap-up's outcome froze the
console: the Ctrl+S, read first, held the keys without moving the focus; the text joined
that hold, came back to the drop-down, was handed on again, and the Ctrl+S among it held it
again, for ever. Now the hold makes the drop-down's move when the focus is still on it, and
a key handed on more than `HAND_ON_AT_MOST` times is dropped (and logged), never handed on
for ever. A Tab typed after the text was taken for the drop-down's own move: on the
complaint form, the category chosen, then what the customer said, Tab, the apology, Tab, ...
typed in one go put the apology in the first box, every later answer a box early. Now the
drop-down's move is made first, then the text it handed on, then the Tab (`HeldMove`), from
the box the text went to.
"""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING

from textual import events

from custinfo_tui.diagnostics import logger
from custinfo_tui.tui.held_keys import HandedOn, Held, HeldKeys, HeldMove
from custinfo_tui.tui.held_keys_wait import (
    HOLD_AT_MOST,
    HOLD_FOR_SCREEN,
    SETTLE_STEP,
    focus_settled,
    is_bounce,
    wait_is_over,
)

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

#: How often one key may be handed on (`pass_on`): once, or more if it lands on another
#: drop-down. One that keeps coming back (the focus cannot leave) is dropped.
HAND_ON_AT_MOST = 3


class TabInOrder:
    """The app's Tab and Shift+Tab, in the order typed (the app owns one)."""

    def __init__(self, app: App[None]) -> None:
        self._app = app
        #: Keys read since a move was queued and not yet made; None when none is waiting.
        self._held: HeldKeys | None = None
        #: The same keys while they are held for a screen to open (`hold_until_next_screen`).
        self._held_for_screen: HeldKeys | None = None
        #: The keys handed on among those read again last, and how often each has been.
        self._handed_on: list[HandedOn] = []

    @property
    def waiting(self) -> bool:
        """Whether a Tab, a key or a screen is waited for (and keys typed after it are held)."""
        return self._held is not None

    def holds(self, event: events.Event) -> bool:
        """Whether `event` is a key or a paste read while a move waits: it is kept, to be
        read again after the move, and the app does nothing more with it now. (A password
        manager may paste the password after its Tab: it must not land in the username
        box, in plain text.)"""
        if self._held is None or event.is_forwarded:
            return False
        if isinstance(event, events.Key):
            self._held.keys.append(self._copy(event, self._held))
        elif isinstance(event, events.Paste):
            self._held.keys.append(events.Paste(event.text))
        else:
            return False
        return True

    def take_back(self, key: events.Key, screen: Screen[object] | None = None) -> bool:
        """Whether `key`, handed to a box before a screen was pushed (read together with the
        key that opened it), is taken back to be read again on the screen opening: it
        reaches the app, or `screen` once another covers it, while the new one opens."""
        held = self._held
        if held is None or held.opening is None or screen is self._app.screen:
            return False
        held.taken_back.append(self._copy(key, held))
        return True

    def hold_for_screen(self, screen: Screen[object], covered: Screen[object] | None) -> None:
        """Hold the keys read from now until `screen`, just pushed over `covered`, has
        mounted and settled (its focus set), then read them again there. Keys held already
        (a Tab's move, a screen a worker loads) wait for it too."""
        held = self._held
        if held is None:
            held = self._held = HeldKeys()
            self._app.set_timer(SETTLE_STEP, lambda: self._let_go(held, _stay))
        held.opening, held.opened_at = screen, monotonic()
        if held.covered is None:
            held.covered = covered

    def hold_after_key(self, key: events.Key) -> None:
        """Hold the keys read after one that may open a screen (`may_open_a_screen`, in
        held_keys_wait.py) until the focused box has acted on it, and the screen and the
        app on what it started: a list's or a button's Enter opens its screen only once the
        screen hears of the choice, and F7 only once it has gone up from the box to the
        app, while a box runs its own keys (widgets/keys_in_order.py) as it reads them. The
        keys after it are for where it leads (`hold_for_screen` holds them on until that
        screen has opened), but for an Enter straight after an Enter that opened it with
        nothing typed after (a bounce: a double Enter opens one screen); followed by more
        keys, it was meant."""
        if self._held is None:
            self.move(_stay)
            if key.key == "enter" and self._held is not None:
                self._held.after_enter = True

    def move(self, move: Callable[[], object]) -> None:
        """Move the focus (`move`: the screen's focus_next or focus_previous) once the
        focused box has acted on the keys handed to it, and the screen on what they
        started (a choice that opens a box posts a message the screen acts on)."""
        focused = self._app.focused
        if focused is None:
            move()
            return
        held = self._held = HeldKeys()
        started = monotonic()

        def when_settled() -> None:
            if self._held is not held or held.letting_go:  # made, or asked for, already
                return
            waited = monotonic() - started
            if focused.is_attached and not focus_settled(focused) and waited < HOLD_AT_MOST:
                self._app.set_timer(SETTLE_STEP, when_settled)
                return
            # If the box has gone, so has its screen, and the Tab with it.
            self._let_go(held, _stay if move is _stay else lambda: focused.is_attached and move())

        # Behind the keys already handed to the focused box, in its own queue; and from
        # the app's timer, in case that box goes with its screen before getting to it.
        focused.call_later(when_settled)
        self._app.set_timer(HOLD_AT_MOST, when_settled)

    def pass_on(self, key: events.Key, move: Callable[[], object], box: Widget) -> None:
        """Read `key` again once `move` has moved the focus on from `box`, before the keys
        read since. Only a drop-down calls it (widgets/choice_select.py), and only after a
        choice made on it: a character typed there straight after the choice is for the
        text box after it (one typed on a drop-down with nothing chosen there is refused,
        never handed on). The keys handed to the drop-down after that character, before
        the move, are passed on too, each read in turn. With keys held already (a Tab or a
        Ctrl+S typed after the key), `move` is made first once they are let go, if the
        focus is still on `box`; then these keys, then the move they waited for (the
        Tab's, after these keys have acted in the box they went to)."""
        times = self._times_handed_on(key) + 1
        if times > HAND_ON_AT_MOST:  # it keeps coming back: the focus cannot leave `box`
            logger.warning("a key handed on %d times was dropped", times - 1)
            return
        if self._held is None:
            self.move(move)
            if self._held is not None:
                self._held.handing_on = True
        held = self._held
        again = events.Key(key.key, key.character)
        if held is None:  # nothing had the focus: moved at once
            self._handed_on.append((again, times))
            self._app.call_later(self._app.on_event, again)
            return
        # Read before the keys held meanwhile, as those handed to a covered screen are.
        held.taken_back.append(again)
        held.handed_on.append((again, times))
        if held.handed_on_by is None and not held.handing_on:
            held.handed_on_by = (box, move)

    def _times_handed_on(self, key: events.Key) -> int:
        """How often `key` (as read again) has been handed on before."""
        return next((times for handed, times in self._handed_on if handed is key), 0)

    def _copy(self, key: events.Key, held: HeldKeys) -> events.Key:
        """`key` to be read again with `held`, counted as handed on as often as it was."""
        copy = events.Key(key.key, key.character)
        if times := self._times_handed_on(key):
            held.handed_on.append((copy, times))
        return copy

    def hold_until_next_screen(
        self, at_most: float = HOLD_FOR_SCREEN, *, over: Screen[object] | None = None
    ) -> None:
        """Hold the keys read from now until a screen other than `over` (the one on top) is
        shown, then read them again there: for a key whose screen opens once a worker has
        loaded what it shows (Ctrl+N's scenarios, the call a channel chosen starts), so the
        keys typed straight after it act in that screen rather than where it was pressed.
        Keys held already (the Enter that chose, `hold_after_key`) are held on with them.
        After `at_most` seconds without a new screen (the load failed, and said so), they
        are read where they were typed."""
        screen, started = over or self._app.screen, monotonic()
        if self._held is not None:
            self._held.beyond, self._held.beyond_until = screen, started + at_most
            self._held_for_screen = self._held
            return
        held = self._held = self._held_for_screen = HeldKeys()

        def when_shown() -> None:
            if self._held is not held:
                return
            stack = self._app.screen_stack
            if stack and stack[-1] is screen and monotonic() - started < at_most:
                self._app.set_timer(SETTLE_STEP * 4, when_shown)
                return
            self.release()

        self._app.set_timer(SETTLE_STEP * 4, when_shown)

    def hold_while(self, busy: Callable[[], bool], at_most: float = HOLD_FOR_SCREEN) -> None:
        """Hold the keys read from now, with any held already, while `busy()` (at most
        `at_most` seconds), then read them again: for a key whose action waits for a worker
        (F5 typed straight after an answer acts once it is checked), so the keys typed
        after it act after it, on what it found."""
        held = self._held
        if held is None:
            held = self._held = HeldKeys()
            self._app.set_timer(SETTLE_STEP, lambda: self._let_go(held, _stay))
        held.busy, held.busy_until = busy, monotonic() + at_most

    def hold_until(
        self, ready: Callable[[], bool], then: Callable[[], object], at_most: float
    ) -> None:
        """Hold the keys read from now until `ready()` (or `at_most` seconds have gone), then
        `then()` and read them again: for a key that acts on what a worker is still loading
        (Down typed straight after a name goes to the matches once they come), so the keys
        after it act there. With keys held already, `then()` at once."""
        if self._held is not None:
            then()
            return
        held = self._held = HeldKeys()
        started = monotonic()

        def when_ready() -> None:
            if self._held is not held or held.letting_go:
                return
            if not ready() and monotonic() - started < at_most:
                self._app.set_timer(SETTLE_STEP * 4, when_ready)
                return
            self._let_go(held, then)

        self._app.set_timer(SETTLE_STEP * 4, when_ready)

    def release(self, *, drop: bool = False) -> bool:
        """Read again the keys held for a screen that will not come (a login refused): they
        go where they were typed; with `drop`, they are forgotten instead (typed after a
        password the idle lock refused). Returns whether anything but Enters was held.
        Nothing when none are held for a screen."""
        held = self._held_for_screen
        if held is None or self._held is not held:
            return False
        if drop:
            self._held = self._held_for_screen = None
        else:
            self._let_go(held, _stay)
        return held.typed()

    def _let_go(self, held: HeldKeys, then: Callable[[], object]) -> None:
        """Ask the app to run `then` (the move) and read the `held` keys again, in its own
        turn: behind the keys already waiting in its queue, which are held too, as they
        were read after these; and before any read later."""
        if held.letting_go or self._held is not held:
            return
        if not wait_is_over(
            held, self._app.screen_stack
        ):  # a screen pushed meanwhile is still opening
            self._app.set_timer(SETTLE_STEP, lambda: self._let_go(held, then))
            return
        held.letting_go = True
        self._app.call_later(self._read_again, held, then)

    async def _read_again(self, held: HeldKeys, then: Callable[[], object]) -> None:
        if self._held is not held:
            return
        if not wait_is_over(held, self._app.screen_stack):  # pushed after the keys were let go
            held.letting_go = False
            self._let_go(held, then)
            return
        self._held = None  # before `then`, which may hold the keys on (`hold_until`)
        if self._held_for_screen is held:
            self._held_for_screen = None
        keys: list[Held] = [*held.taken_back, *held.keys]
        if held.handed_on_by is not None and self._app.focused is held.handed_on_by[0]:
            # The box's hand-over first, and the keys it handed on, typed before the key
            # that asked for `then` (a Tab): then the Tab moves on from where they went.
            held.handed_on_by[1]()
            keys.insert(len(held.taken_back), HeldMove(then))
        elif held.opening is not None and held.taken_back and _moves(held, then):
            keys.insert(len(held.taken_back), HeldMove(then))  # taken back: typed before it
        else:
            then()
        if held.handed_on:  # a box handing one of these on again counts on
            self._handed_on = held.handed_on
        if held.after_enter and held.opening is not None and is_bounce(keys):
            del keys[0]
        # Each handled now, as if just read: a Tab among them holds the rest, in order.
        for key in keys:
            if not isinstance(key, HeldMove):
                await self._app.on_event(key)
            elif self._held is None:
                self.move(key.move)  # behind the keys read again before it
            else:
                self._held.keys.append(key)  # behind what a key read again holds


def _stay() -> None:
    """No move: the keys are held for a key or a screen, not for a Tab."""


def _moves(held: HeldKeys, then: Callable[[], object]) -> bool:
    """Whether `then` is a Tab's, after the keys taken back; not a drop-down's (`pass_on`)."""
    return then is not _stay and not held.handing_on and held.handed_on_by is None


def taken_back(widget: Widget, key: events.Key) -> bool:
    """Whether `key`, reaching `widget` on a screen another has covered since it was handed
    over, is taken back for the screen on top (`TabInOrder.take_back`)."""
    tabs = getattr(widget.app, "tabs", None)
    return isinstance(tabs, TabInOrder) and tabs.take_back(key, widget.screen)
