"""Ctrl+C at a `custinfo` command: it stops with status 130, as shells expect, after saying
on a line of its own what it left (the terminal echoed `^C` where the cursor was, and the
shell's prompt would follow on that line).

What it left is the command's to say, since only it knows: `Interrupted` carries it. A
hidden prompt (`hidden_prompt.py`) says "nothing was changed", as the commands ask before
they change anything; a command that changes things first says otherwise. A step that
must not be cut short (the database already replaced by a restore, its erasures since
not yet re-applied) holds Ctrl+C off until it is done (`stopping_says`).

Standard library only, so any layer may use it.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

#: What a command stopped at a prompt, before it changed anything, left.
NOTHING_CHANGED = "nothing was changed"


class Interrupted(KeyboardInterrupt):
    """Ctrl+C, with what the command left, in words for the user ("nothing was changed")."""

    def __init__(self, left: str) -> None:
        super().__init__(left)
        self.left = left


def interrupted_line(interrupt: KeyboardInterrupt) -> str:
    """The line `custinfo` ends with after Ctrl+C: what the command left, when it said."""
    if isinstance(interrupt, Interrupted):
        return f"custinfo: interrupted: {interrupt.left}."
    return "custinfo: interrupted."


@contextmanager
def stopping_says(left: str, finishing: str) -> Iterator[Callable[[], None]]:
    """Ctrl+C in the block stops the command saying `left`, until the block calls what
    this yields, at the step that cannot be undone: from there Ctrl+C only prints
    `finishing` (what is done before custinfo stops), and the block runs to its end.

    Off the main thread, where signals cannot be handled, Ctrl+C is never held.
    """
    held_from: list[Any] = []  # the handler Ctrl+C had, once it is held

    def hold() -> None:
        if not held_from and threading.current_thread() is threading.main_thread():
            held_from.append(signal.signal(signal.SIGINT, _saying(finishing)))

    try:
        yield hold
    except KeyboardInterrupt:
        raise Interrupted(left) from None
    finally:
        if held_from:
            signal.signal(signal.SIGINT, held_from[0])


def say_finishing(finishing: str) -> None:
    """Say, on a line of its own, that Ctrl+C was pressed and what is done before custinfo
    stops: for a command that learns only after Ctrl+C that its step could not be undone
    (a tool it ran had finished its work as it was stopped)."""
    print(f"\ncustinfo: Ctrl+C: {finishing}", file=sys.stderr)


def _saying(finishing: str) -> Callable[[int, FrameType | None], None]:
    def said(_signal: int, _frame: FrameType | None) -> None:
        say_finishing(finishing)

    return said


#: The status a command stopped by Ctrl+C exits with, as shells expect (128 + SIGINT).
INTERRUPTED_STATUS = 130


@contextmanager
def ending_quietly_on_ctrl_c() -> Iterator[None]:
    """Ctrl+C in the block, while `custinfo`'s own modules load and before its `main` can
    catch anything, ends the command as `main` does: `custinfo: interrupted.` on a line of
    its own and status 130, not a traceback of whichever import it cut short. The handler
    Ctrl+C had is put back after; left as it is where Ctrl+C is ignored (`nohup`) or
    already handled, and off the main thread, where signals cannot be handled."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    before = signal.signal(signal.SIGINT, _ending_quietly)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _ending_quietly(_signal: int, _frame: FrameType | None) -> None:
    """The line `main` would say, then the exit, which interrupts the import under way."""
    print(f"\n{interrupted_line(KeyboardInterrupt())}", file=sys.stderr)
    raise SystemExit(INTERRUPTED_STATUS)
