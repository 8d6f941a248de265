"""A `custinfo` command run on a pseudo-terminal of its own, as a trainer runs it in a
terminal window: the console draws there, and a test reads what it drew, signals it, and
looks at the terminal's modes once it has gone.

`on_a_terminal(arguments)` starts `python -m custinfo_tui ARGUMENTS` on a new 80x24
pseudo-terminal (stdin, stdout and stderr), with this process's environment (the test's
`CUSTINFO_*` settings). With `controlling=True` the terminal is the command's controlling
terminal, as a terminal window's is: closing it (`Terminal.close_window`) sends SIGHUP too.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

#: How long a console may take to draw its first screen, or to close, on a busy machine.
WAIT_SECONDS = 60.0


@dataclass
class Terminal:
    """The command's process, and both ends of its terminal: the test reads the master."""

    process: subprocess.Popen[bytes]
    master: int
    slave: int
    #: Everything the command wrote so far, decoded.
    output: str = ""
    _raw: bytearray = field(default_factory=bytearray)

    def wait_for(self, text: str) -> None:
        """Read what the command writes until `text` shows (or fail after WAIT_SECONDS)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while text not in self.output:
            assert self.process.poll() is None, f"it closed first:\n{self.output}"
            assert time.monotonic() < deadline, f"{text!r} never showed:\n{self.output}"
            self._read(0.2)

    def type(self, text: str) -> None:
        """Type `text` at the command, as at the keyboard ("\\r" is Enter)."""
        os.write(self.master, text.encode())

    def log_in_as(self, username: str, password: str) -> None:
        """Give the password a command acting `--as username` asks for at its prompt."""
        self.wait_for(f"Password for {username}: ")
        self.type(f"{password}\r")

    def until_closed(self) -> int:
        """Read everything the command writes until its process has ended; its status."""
        deadline = time.monotonic() + WAIT_SECONDS
        while self.process.poll() is None:
            assert time.monotonic() < deadline, f"it never closed:\n{self.output}"
            self._read(0.2)
        while self._read(0.05):  # what it wrote last
            pass
        return self.process.returncode

    def close_window(self) -> None:
        """Close the terminal as closing its window does: the command's side hangs up (and
        the command gets SIGHUP, when it is its controlling terminal). Nothing more is read."""
        os.close(self.master)
        self.master = -1

    def until_ended(self, seconds: float) -> int | None:
        """Wait up to `seconds` for the command's process to end; its status, or None."""
        try:
            return self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            return None

    def modes(self) -> list[int]:
        """The terminal's modes now (termios local flags among them)."""
        return termios.tcgetattr(self.slave)

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # nothing more to read
            return False
        self._raw.extend(chunk)
        self.output = self._raw.decode("utf-8", errors="replace")
        return bool(chunk)


@contextmanager
def on_a_terminal(*arguments: str, controlling: bool = False) -> Iterator[Terminal]:
    """`custinfo ARGUMENTS` on a pseudo-terminal 80 columns by 24 rows, its controlling
    terminal if `controlling`; killed if the test leaves it running."""
    master, slave = os.openpty()
    termios.tcsetwinsize(slave, (24, 80))
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    # Started as a terminal's shell starts a command, with Ctrl+C's signal at its default:
    # a test run in the background (a CI job under `nohup`) has it ignored, and a child
    # would inherit that, leaving Ctrl+C ignored as `nohup custinfo ...` means it to be.
    ignored = signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "custinfo_tui", *arguments],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            start_new_session=True,
            preexec_fn=_make_it_the_controlling_terminal if controlling else None,
        )
    finally:
        signal.signal(signal.SIGINT, ignored)
    terminal = Terminal(process, master, slave)
    try:
        yield terminal
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if terminal.master >= 0:
            os.close(master)
        os.close(slave)


def _make_it_the_controlling_terminal() -> None:
    """In the child, a session leader already (`start_new_session`): its standard input,
    the pseudo-terminal, becomes its controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
