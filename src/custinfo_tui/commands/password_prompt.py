"""A command's password prompt (`custinfo init`, `custinfo operator ... --as`): typed
without echo, and when none could be typed, a plain reason instead of a traceback."""

from __future__ import annotations

from custinfo_tui.hidden_prompt import NothingTyped, ask_hidden


class NoPasswordGiven(Exception):
    """No password was typed at the prompt; the message says why and what to do instead."""


def ask_password(prompt: str) -> str:
    """The password typed after `prompt`; NoPasswordGiven at the end of input (Ctrl+D) or
    when standard input is not a terminal (then nothing is read from it)."""
    try:
        return ask_hidden(prompt)
    except NothingTyped as nothing:
        if nothing.no_terminal:
            raise NoPasswordGiven(
                "no password given: standard input is not a terminal to type it at. Give "
                "it on standard input's first line with --password-stdin."
            ) from None
        raise NoPasswordGiven("no password given.") from None
