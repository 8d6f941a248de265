"""A console asked to stop by the system (SIGTERM: `kill`, a shutdown) or by its terminal
going away (SIGHUP: the window closed; or the terminal hanging up with no signal:
tui/lost_terminal.py) closes the way Textual closes on its own.

Python's default for either signal ends the process at once, in the middle of whatever
the event loop was doing: the terminal was left in the console's raw, alternate-screen
state (the shell's next prompt drawn over the last frame), and nothing after `App.run` ran,
so `custinfo train start` never said that its run had stopped and how to carry it on. Here
SIGTERM asks the app to exit instead, with the status a shell gives a process that signal
ended (128 + its number: 143), so whoever ran the console can tell it was stopped, not
closed; nothing is recorded on its way out, as for any console that stops: the operator's
session is not logged out and a call in progress waits in their calls to finish
(docs/crash-safety.md). A terminal gone is told to the app's `terminal_lost`, by default
the same exit with 129: the console's own ends the session first, as quitting does
(tui/session_app.py).
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.app import App

from custinfo_tui.tui.lost_terminal import LOST_TERMINAL_STATUS, watch_the_terminal


def stopped_status(signal_number: int) -> int:
    """The exit status of a console a signal stopped, as a shell reports it."""
    return 128 + signal_number


def close_on_stop_signals(app: App[Any], terminal_lost: Callable[[], object] | None = None) -> None:
    """From the app's event loop: SIGTERM makes `app` exit, restoring the terminal, and its
    terminal going away calls `terminal_lost` (by default, the same exit with status 129).
    Not for a headless app (a test's console), whose process is the test runner's. The
    handlers go with the loop when the app has closed."""
    if app.is_headless:
        return
    loop = asyncio.get_running_loop()
    sigterm = stopped_status(signal.SIGTERM)
    loop.add_signal_handler(signal.SIGTERM, partial(app.exit, return_code=sigterm))
    lost = terminal_lost or partial(app.exit, return_code=LOST_TERMINAL_STATUS)
    watch_the_terminal(lost, app._driver)  # Textual names no public way to the driver
