"""What keys held by the console's Tab, a key or a screen opening wait for, and for how long
(tui/tab_in_order.py holds them and reads them again).

Keys typed after Enter, Escape, a function or a Ctrl key wait for what it started
(`may_open_a_screen`); held keys are read again once what they wait for is over
(`wait_is_over`): a worker a key waits for has finished, the next screen a worker loads
has come, and a screen pushed meanwhile has mounted and it and the screen it covered have
settled. Never past `HOLD_FOR_SCREEN` for a screen to mount, nor `HOLD_AT_MOST` for one to
settle: keys are never lost waiting.
"""

from __future__ import annotations

from collections.abc import Sequence
from time import monotonic
from typing import TYPE_CHECKING

from textual import events

from custinfo_tui.tui.held_keys import Held, HeldKeys

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

#: Seconds after which the focus moves and held keys are read again even if the screen
#: has not settled (a timer of its keeps posting): keys are never lost waiting.
HOLD_AT_MOST = 0.5
#: How often a waiting move looks again whether the screen has settled.
SETTLE_STEP = 0.005
#: Seconds keys are held for a screen a worker is loading (`hold_until_next_screen`).
HOLD_FOR_SCREEN = 3.0
#: Seconds keys typed after a password's Enter (the login's, the idle lock's) are held at
#: most while it is checked (the next screen's `HOLD_FOR_SCREEN` counts from the outcome): a
#: check waits for the services to load and hashes the password, which on a busy machine
#: took longer than 3 seconds, and the keys went into the password box, lost as it emptied
#: or the lookup opened. A check slower still (a database slow to open) lets them go where
#: typed, Ctrl+Q with them.
HOLD_WHILE_CHECKED = 15.0


def wait_is_over(held: HeldKeys, stack: Sequence[Screen[object]]) -> bool:
    """Whether the keys `held` may be read again, `stack` the app's screens: no worker a key
    held them for is at work (`hold_while`), no next screen is still to come
    (`hold_until_next_screen`), and the screen pushed while they wait (if any) has mounted,
    and it and the screen it covered have settled: its focus is set, and keys handed to
    the covered one's boxes have been taken back. Not waited for past `HOLD_FOR_SCREEN` to mount,
    nor past `HOLD_AT_MOST` to settle (a timer of its keeps posting)."""
    screen = held.opening
    if held.busy is not None and held.busy() and monotonic() < held.busy_until:
        return False  # what a key held them for is still at work (`hold_while`)
    if held.beyond is not None and stack and stack[-1] is held.beyond:
        return monotonic() >= held.beyond_until  # the next screen has not come yet
    if screen is None or not stack or screen is not stack[-1]:  # none, or closed already
        return True
    waited = monotonic() - held.opened_at
    if waited >= HOLD_FOR_SCREEN:
        return True
    if not screen.is_mounted:
        return False
    if waited >= HOLD_AT_MOST:
        return True
    return all(screen_settled(s) for s in (screen, held.covered) if s is not None)


def focus_settled(focused: Widget) -> bool:
    """Whether no box of the focused one's screen has a message waiting."""
    return screen_settled(focused.screen)


def is_bounce(keys: list[Held]) -> bool:
    """Whether the first of `keys`, held after an Enter, is that Enter bouncing: an Enter
    with nothing typed after it (Down, Enter, Enter and a date of birth meant the second)."""
    return bool(keys) and all(isinstance(key, events.Key) and key.key == "enter" for key in keys)


def screen_settled(screen: Screen[object]) -> bool:
    """Whether neither `screen` nor any box on it has a message waiting."""
    return all(node.message_queue_size == 0 for node in screen.walk_children(with_self=True))


def may_open_a_screen(key: events.Key) -> bool:
    """Whether `key` is one whose action may open or close a screen, so the keys read after
    it wait for it (`TabInOrder.hold_after_key`): Enter, Escape, a function key or a Ctrl
    key. Characters, arrows and the editing keys do not wait: a run of them typed into a
    box stays as quick as it was (a letter bound by a screen is taken back instead)."""
    name = key.key
    return (
        name in ("enter", "escape")
        or name.startswith("ctrl+")
        or (name[:1] == "f" and name[1:].isdigit())
    )
