"""A console whose terminal goes away while it runs: its window closed, tmux's server
killed, the ssh connection dropped.

The terminal says so in two ways, and either may come alone. SIGHUP is sent to the
terminal's foreground processes when it is their controlling terminal; it does not come
under `nohup`, which ignores it, nor to a console on a pseudo-terminal a tool handed it
without making it the controlling one. The terminal itself hangs up: every read from it
then ends at once with nothing (the end of input), and every write fails. Textual's input
thread (textual/drivers/linux_driver.py, 8.2.8) reads the end of input and goes round to
read again, so a console that missed the signal spun at a whole core and never closed.

`watch_the_terminal` acts on either: the signal, and a thread that sleeps in `poll` on the
terminal until it hangs up (no cost while it waits) call the app's `lost` once, on its
event loop. The console's is to end the session as quitting does (tui/session_app.py);
a role-play's console, the trainer's caller and watcher close as a signal closes them.

Writing to a terminal that hung up fails: Textual's writer thread would die at the first
frame after it, and the app block for good once that thread's queue filled, on its way
out. So the moment the hang-up is seen, standard output and error, where they are that
terminal, are pointed at /dev/null: there is no one to read them any more.

That moment can come too late (found by killing tmux's server under a console whose
focused text box blinked its cursor): the watching thread may wake after a frame was
written, and the kernel sends SIGCONT with the SIGHUP, which Textual's driver takes for a
return from Ctrl+Z and starts its application mode again, on the terminal that is gone
(`isatty` says no once it hung up, so the driver's own check is skipped): a second writer
thread, which dies at its first write, and every write after it queues for good. The
console then hung for ever in `LinuxDriver.close`, putting the writer's stop marker into
that full queue (Textual's writer queue holds 30 writes). So a SIGCONT resumes only what
Ctrl+Z suspended, and only while the terminal is there; and once the terminal has hung up
the driver writes nothing more and closes without waiting on its writer (a daemon thread,
left to end with the process): whichever writer died, the console closes.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import threading
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from types import FrameType
from typing import Any

from textual.driver import Driver

#: The exit status of a console whose terminal went away, as a shell reports a process
#: SIGHUP ended.
LOST_TERMINAL_STATUS = 128 + signal.SIGHUP

#: How often the watching thread wakes to see whether the app has closed, in milliseconds;
#: a hang-up wakes it at once.
_LOOK_EVERY_MS = 500

#: Standard input, output and error: the console reads keys from the first and draws on
#: the last (Textual's screen).
_STANDARD = (0, 1, 2)


def watch_the_terminal(lost: Callable[[], object], driver: Driver | None = None) -> None:
    """From the app's event loop: call `lost` there, once, when the terminal goes away
    (SIGHUP, or a standard stream that is a terminal hangs up), `driver` (the app's)
    writing nothing more from then on. The watch ends with the loop."""
    loop = asyncio.get_running_loop()
    once = _Once(lost, driver)
    loop.add_signal_handler(signal.SIGHUP, once)
    resume = signal.getsignal(signal.SIGCONT)
    if callable(resume) and driver is not None:  # the driver's: application mode again
        signal.signal(signal.SIGCONT, partial(_resume_after_ctrl_z, driver, resume))
    terminals = [descriptor for descriptor in _STANDARD if os.isatty(descriptor)]
    if terminals:
        watch = threading.Thread(
            target=_wait_for_a_hang_up,
            args=(loop, terminals, once),
            name="terminal-watch",
            daemon=True,
        )
        watch.start()


class _Once:
    """`lost`, called the first time only: the signal and the hang-up usually both come."""

    def __init__(self, lost: Callable[[], object], driver: Driver | None) -> None:
        self._lost: Callable[[], object] | None = lost
        self._driver = driver

    def __call__(self) -> None:
        hung_up = _hung_up(_STANDARD)  # not a SIGHUP sent by `kill`: the terminal is there
        _silence_hung_up_output()  # SIGHUP may come before the watching thread wakes
        lost, self._lost = self._lost, None
        if lost is not None:
            if hung_up and self._driver is not None:
                _write_nothing_more(self._driver)
            lost()


def _write_nothing_more(driver: Driver) -> None:
    """No one can see the terminal any more: the driver's writes and its close do nothing,
    so that neither waits on a writer thread that died writing to it."""
    driver.write = _nothing  # type: ignore[method-assign, assignment]
    driver.flush = _nothing  # type: ignore[method-assign]
    driver.close = _nothing  # type: ignore[method-assign]


def _nothing(*_: object) -> None:
    """Write, flush or close, on a terminal that is gone."""


def _resume_after_ctrl_z(
    driver: Driver,
    resume: Callable[[int, FrameType | None], Any],
    number: int,
    frame: FrameType | None,
) -> None:
    """SIGCONT: Textual's driver resumes where Ctrl+Z suspended it (which it flags), unless
    the terminal hung up, which sends SIGCONT with its SIGHUP: nothing to resume on. A
    SIGCONT with nothing suspended (`kill -CONT`) resumes nothing either: the driver would
    start a second input thread, which could be left reading for good as the app closes."""
    if getattr(driver, "_must_signal_resume", True) and not _hung_up(_STANDARD):
        resume(number, frame)


def _wait_for_a_hang_up(
    loop: asyncio.AbstractEventLoop, terminals: list[int], lost: Callable[[], None]
) -> None:
    """In a thread of its own until the loop closes: on a hang-up, silence the output at
    once (the app may be drawing a frame) and hand `lost` to the loop."""
    poller = select.poll()
    for descriptor in terminals:
        poller.register(descriptor, 0)  # nothing asked for: a hang-up is always told
    while not loop.is_closed():
        if poller.poll(_LOOK_EVERY_MS):
            _silence_hung_up_output()
            with suppress(RuntimeError):  # the loop closed in the meantime: nothing to end
                loop.call_soon_threadsafe(lost)
            return


def _silence_hung_up_output() -> None:
    """Point standard output and error at /dev/null where they are a terminal that hung
    up (or were closed), so that writing to them neither fails nor blocks."""
    gone = _hung_up((1, 2))
    if not gone:
        return
    nowhere = os.open(os.devnull, os.O_WRONLY)
    try:
        for descriptor in gone:
            os.dup2(nowhere, descriptor)
    finally:
        os.close(nowhere)


def _hung_up(descriptors: tuple[int, ...]) -> list[int]:
    """Those of `descriptors` that hung up (or were closed), asking without waiting."""
    poller = select.poll()
    for descriptor in descriptors:
        poller.register(descriptor, 0)
    return [descriptor for descriptor, _ in poller.poll(0)]
