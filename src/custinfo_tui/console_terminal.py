"""The console, and the trainer's caller and watcher terminals, need a terminal: they read
keys from standard input and draw on standard error (Textual's screen), and the commands
that start them print on standard output what to do next (`train start`'s score).

Started without one (`custinfo run < /dev/null`, a tool or a scheduler that gives no
terminal), Textual's input thread read the end of its input again and again: the console
took a third of a core, drew into a pipe or nowhere, and outlived whatever started it (two
hours after its parent was killed). So `custinfo` refuses first, before it asks for a key
or opens the database, with one line saying what to do instead and exit status 2, as for
any other command used the wrong way (tests/e2e/test_console_without_a_terminal.py). A
terminal lost while the console runs is `tui/lost_terminal.py`'s.

Standard library only, like interrupts.py.
"""

from __future__ import annotations

import argparse
import os
import sys

#: The exit status of a command refused for the way it was run (as `argparse` does).
REFUSED_STATUS = 2

#: The standard streams a console needs to be a terminal, by descriptor.
_STREAMS = ((0, "standard input"), (1, "standard output"), (2, "standard error"))


def not_terminals() -> list[str]:
    """The standard streams that are not a terminal (a file, a pipe, /dev/null, closed)."""
    return [name for descriptor, name in _STREAMS if not os.isatty(descriptor)]


def no_terminal_line(what: str) -> str | None:
    """The line that refuses to start `what` ("the console") here, or None when every
    standard stream is a terminal."""
    missing = not_terminals()
    if not missing:
        return None
    streams = " and ".join(missing) if len(missing) < 3 else "standard input, output and error"
    not_one = "is not one" if len(missing) == 1 else "are not terminals"
    return (
        f"custinfo: {what} needs a terminal, and {streams} {not_one}: start it in a "
        "terminal window (from a script or a tool without one, inside tmux or screen). "
        "Nothing was started."
    )


def refuse_without_a_terminal(args: argparse.Namespace) -> None:
    """Stop `custinfo` with REFUSED_STATUS, saying why on standard error, when the command
    in `args` runs in the terminal and a standard stream is not one."""
    what = needs_a_terminal(args)
    refused = None if what is None else no_terminal_line(what)
    if refused is not None:
        print(refused, file=sys.stderr)
        raise SystemExit(REFUSED_STATUS)


def needs_a_terminal(args: argparse.Namespace) -> str | None:
    """What of the command runs in the terminal, or None when it only prints: every way
    the console starts (`run`, the default command, `demo --start`, `train start`, `train
    play`, which a trainer's console runs in its own terminal to hand it to a trainee),
    and the trainer's caller and watcher terminals."""
    command, train = args.command, getattr(args, "train_command", None)
    if command in (None, "run") or (command == "demo" and args.start):
        return "the console"
    if command == "train" and train in ("start", "play"):
        return "the console"
    if command == "train" and train in ("caller", "watch"):
        return f"`custinfo train {train}`"
    return None
