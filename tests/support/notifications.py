"""Notifications kept until the product takes them down, however slow the machine.

A Textual notification goes after its timeout (five seconds unless said otherwise), timed
from the moment it is said. A test reads what it was told (`App._notifications`, or the
toasts on screen) some steps later, and those steps take as long as the machine makes them:
on a CI runner with four test processes on two cores, a notification said as a form opened
had gone by the time the test looked for it, and the test failed for the machine's speed,
not for anything the console did. No test waits for a notification to time out (that is
Textual's, and would need a sleep), so here every notification lasts an hour: what a test
reads is what the console said and has not taken down itself (`clear_notifications`, a
screen opening clear of what was said before it: tui/screens/base.py), whenever it reads.

What a handler must not miss belongs on the screen, not only in a notification that goes
by itself (the edit form says a record was read anew on its message line): a test of such
a message reads the screen. Consoles started as processes (the terminal, crash and
training-launcher tests) are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import app as textual_app
from textual.notifications import Notification

#: How long a notification lasts in a test: longer than any test runs.
LASTS = 3600.0


@dataclass
class _LastingNotification(Notification):
    """A notification that lasts `LASTS` seconds, whatever timeout it was said with."""

    def __post_init__(self) -> None:
        self.timeout = LASTS


def notifications_last_while_read() -> None:
    """Make every notification an app says last `LASTS` seconds. `App.notify` builds them
    from the name its module imported; Textual has no setting for it."""
    setattr(textual_app, "Notification", _LastingNotification)  # noqa: B010 (not exported)
