"""Screens that show what they read "as of" a time read it again when the idle lock is
lifted (MP-11).

The lock keeps the screens under it as they were, so a half-typed form is intact; but a
list read before it, such as the supervisor queue with its "as of 10:02", was shown as
it was after an hour away, the line still giving the old time: items worked at another
desk meanwhile were still listed, and new ones not. Such a screen says so by having
`read_again`; after an unlock every one of them on the screen stack reads its data
again, not only the one on top (a dialog may be over the queue).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable


@runtime_checkable
class ReadAsOf(Protocol):
    """A screen showing data as of when it was read, to be read again after the lock."""

    def read_again(self) -> None:
        """Read the data again, as its own refresh key (F5) does."""


def read_again_after_unlock(screens: Iterable[object]) -> None:
    """Every screen in `screens` that shows data as of a time reads it again."""
    for screen in screens:
        if isinstance(screen, ReadAsOf):
            screen.read_again()
