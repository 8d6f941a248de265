"""A console asked to stop by the system (SIGTERM: `kill`, a shutdown) or by its terminal
going away (SIGHUP: the window closed) closes the way Textual closes on its own.

Python's default for either ends the process at once, in the middle of whatever the event
loop was doing: the terminal was left in the console's raw, alternate-screen state (the
shell's next prompt drawn over the last frame), and nothing after `App.run` ran, so
`custinfo train start` never said that its run had stopped and how to carry it on. Here each
signal asks the app to exit instead, with the status a shell gives a process that signal
ended (128 + its number: 143 for SIGTERM, 129 for SIGHUP), so whoever ran the console can
tell it was stopped, not closed. Nothing is recorded on its way out, as for any console
that stops: the operator's session is not logged out and a call in progress waits in
their calls to finish (docs/crash-safety.md).
"""

from __future__ import annotations

import asyncio
import signal
from functools import partial
from typing import Any

from textual.app import App

#: The signals that close the console rather than kill it.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def stopped_status(signal_number: int) -> int:
    """The exit status of a console a signal stopped, as a shell reports it."""
    return 128 + signal_number


def close_on_stop_signals(app: App[Any]) -> None:
    """From the app's event loop: each stop signal makes `app` exit, restoring the
    terminal. Not for a headless app (a test's console), whose process is the test
    runner's. The handlers go with the loop when the app has closed."""
    if app.is_headless:
        return
    loop = asyncio.get_running_loop()
    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, partial(app.exit, return_code=stopped_status(number)))
