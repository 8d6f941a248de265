"""Playing a role-play from the trainer's console: `custinfo train play` in this terminal.

The training screen records the run as the trainer's and builds its sandbox
(`ConsoleServices.start_training_run`), then suspends the console and calls
`TerminalTrainingLauncher.launch`, which runs `custinfo train play RUN --as TRAINER` (the
trainer gives their password at its prompt: the command acts for them) with the same
interpreter and this console's settings (passed through `CUSTINFO_*` environment variables,
the live database among them) and waits for it: it runs the training console on the
sandbox until it closes, and scores the run (docs/training.md).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import termios
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from custinfo_tui.terminal_lines import terminal_lines
from custinfo_tui.tui.ports import PASSWORD_NOT_ACCEPTED, STOPPED_AT_PASSWORD

if TYPE_CHECKING:
    from custinfo_tui.settings import Settings


#: The cursor home, then the screen cleared (ECMA-48 CUP and ED 2).
CLEAR_SCREEN = "\x1b[H\x1b[2J"


class TerminalTrainingLauncher:
    """`tui.ports.TrainingLauncher` for a real terminal."""

    def __init__(self, settings: Settings, *, demo: bool = False) -> None:
        self._environment = settings_environment(settings, demo=demo)

    def launch(self, run_id: int, trainer: str) -> int:
        """`custinfo train play RUN --as TRAINER`: it asks the trainer for their password in
        this terminal, as every command that acts for an operator does, then hands the
        terminal to the trainee's console."""
        command = [
            *(sys.executable, "-m", "custinfo_tui", "train", "play", str(run_id)),
            *("--as", trainer),
        ]
        # The console has just given the terminal up: a bare "Password for trainer:" on an
        # empty screen left a trainer new to it wondering what it was for. What earlier
        # runs' commands said is cleared first: it stayed above, as if said of this run.
        if sys.stdout.isatty():
            print(CLEAR_SCREEN, end="")
        print(handing_over(run_id, trainer), flush=True)
        with _ctrl_c_left_to_the_command():
            with _not_echoed_until_asked():  # A list, never a shell.
                status = subprocess.run(command, env=self._environment, check=False).returncode
            # Ctrl+C at the password prompt is the trainer going back on purpose: nothing
            # to read there, and the console's status line says the run was not started.
            if status not in (0, STOPPED_AT_PASSWORD):
                _wait_to_be_read(ended_words(run_id, status))
        return status


@contextmanager
def _ctrl_c_left_to_the_command() -> Iterator[None]:
    """Ctrl+C typed in the terminal handed over (at `train play`'s password prompt) is
    sent to this console too: asyncio's handler cancelled its main task, and the console
    closed, or crashed, as it took the terminal back. It does nothing here while the
    command has the terminal; the command handles it (`commands/train.py`). Off the main
    thread, where signals cannot be handled, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, _left_to_the_command)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if before is None else before)


@contextmanager
def _not_echoed_until_asked() -> Iterator[None]:
    """The terminal's echo off while the command starts: it takes a few seconds to ask
    for the password, and a trainer typing it ahead saw it in clear on the screen, beside
    the trainee (the prompt then discarded it). The prompt turns echo off itself and puts
    back what it found; the terminal's own settings come back when the command ends.
    Standard input not a terminal (a test, a script): nothing to turn off."""
    try:
        before = termios.tcgetattr(sys.stdin.fileno())
    except (OSError, ValueError, termios.error):
        yield
        return
    quiet = list(before)
    quiet[3] = before[3] & ~termios.ECHO  # the local modes
    termios.tcsetattr(sys.stdin.fileno(), termios.TCSANOW, quiet)
    try:
        yield
    finally:
        with suppress(OSError, termios.error):  # the terminal closed meanwhile
            termios.tcsetattr(sys.stdin.fileno(), termios.TCSANOW, before)


def _left_to_the_command(_signal: int, _frame: FrameType | None) -> None:
    """Ctrl+C, for the command, not this console. A handler rather than SIG_IGN, which the
    command would inherit, and with it Ctrl+C ignored at its prompt: a handler is put back
    to the default when the command starts."""


def handing_over(run_id: int, trainer: str) -> str:
    """Said above the password prompt of `custinfo train play`, started from the console,
    wrapped at a word to the terminal's width (a line cut mid-word read badly at 80)."""
    return "\n".join(
        terminal_lines(
            f"Role-play run {run_id}: {trainer}, give your password to start the trainee's "
            "console in this terminal. The trainee then logs in there as themselves."
        )
    )


def ended_words(run_id: int, status: int) -> str:
    """What the trainer reads under what `custinfo train play` said when it did not end
    well. A password not accepted started nothing: "ended with status 3" read like a
    crash to a trainer who had only mistyped it."""
    if status == PASSWORD_NOT_ACCEPTED:
        return (
            f"The password was not accepted, so role-play run {run_id} was not started. "
            "Press Enter to go back to the runs."
        )
    return (
        f"The role-play's command ended with status {status}; what it said is above. "
        "Press Enter to go back to the runs."
    )


def _wait_to_be_read(words: str) -> None:
    """`custinfo train play` failed (a password mistyped, an error) or was killed: what it
    said stays on the screen, with `words`, until the trainer has read it, where the
    console used to take the terminal back at once and wipe it."""
    print("\n".join(terminal_lines(words)), flush=True)
    with suppress(EOFError, OSError, KeyboardInterrupt):  # no terminal left to read
        input()


def settings_environment(settings: Settings, *, demo: bool = False) -> dict[str, str]:
    """This process's environment with every setting as its `CUSTINFO_*` variable, so the
    command started sees the same configuration, the database the console opened among it
    (the demo database's file, for `custinfo run --demo`)."""
    environment = dict(os.environ)
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        key = f"CUSTINFO_{name.upper()}"
        if isinstance(value, bool):
            environment[key] = "true" if value else "false"
        elif isinstance(value, list):
            environment[key] = json.dumps(value)
        elif isinstance(value, str | Path | int | float):
            environment[key] = str(value)
    if not settings.database_url:
        environment["CUSTINFO_DATABASE_URL"] = settings.resolved_database_url(demo=demo)
    return environment
