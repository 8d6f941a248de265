"""Asking for a password or a key at the terminal, without echo, and knowing when nothing
could be typed: the end of input (Ctrl+D), or no terminal at all.

`getpass` alone turns both into noise: at the end of input it raises EOFError, and
without a terminal it warns "GetPassWarning: Can not control echo on the terminal" and
reads standard input with echo. Here neither reaches the user: the caller says what to do
instead (`--password-stdin`, a key file). Ctrl+C at the prompt is `Interrupted`, saying
nothing was changed: the commands ask before they change anything, and one that does not
says what it left itself (`interrupts.py`). The standard library only, so any layer may
use it.
"""

from __future__ import annotations

import getpass
import sys
import warnings

from custinfo_tui.interrupts import NOTHING_CHANGED, Interrupted


class NothingTyped(Exception):
    """Nothing was typed at a hidden prompt; `no_terminal` says whether there was no
    terminal to type at (standard input is a file or a pipe) rather than an end of input."""

    def __init__(self, *, no_terminal: bool) -> None:
        super().__init__("no terminal to type at" if no_terminal else "end of input")
        self.no_terminal = no_terminal


def ask_hidden(prompt: str) -> str:
    """What is typed at the terminal after `prompt`, not echoed.

    Raises NothingTyped at the end of input, or, having read nothing, when there is no
    terminal whose echo can be turned off; Interrupted at Ctrl+C.
    """
    with warnings.catch_warnings():
        # getpass warns just before it falls back to reading standard input with echo:
        # as an error, the warning stops it there, before anything is printed or read.
        warnings.simplefilter("error", getpass.GetPassWarning)
        try:
            return getpass.getpass(prompt)
        except getpass.GetPassWarning:
            raise NothingTyped(no_terminal=True) from None
        except EOFError:
            sys.stderr.write("\n")  # what is said next starts a line of its own
            raise NothingTyped(no_terminal=False) from None
        except KeyboardInterrupt:  # `custinfo` says so on a line of its own
            raise Interrupted(NOTHING_CHANGED) from None
