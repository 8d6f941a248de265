"""Loaded by a console a test starts with this folder on its PYTHONPATH: the console is
slow to point its output at /dev/null once its terminal hangs up (tui/lost_terminal.py),
as on a busy machine, so that whatever Textual writes in the meantime meets the terminal
that hung up and fails, every time, instead of once in a while."""

from __future__ import annotations

import time

from custinfo_tui.tui import lost_terminal

#: How late the output is silenced: the blinking cursor of a focused text box draws twice
#: a second.
LATE_SECONDS = 1.0

_silence = lost_terminal._silence_hung_up_output


def _silence_late() -> None:
    time.sleep(LATE_SECONDS)
    _silence()


lost_terminal._silence_hung_up_output = _silence_late
