"""A right given on the command line (`custinfo dsar log --right`), read as the desk's
right box reads one: its name or enough of its start to name one ("eras", "rect"), in any
case; a start that names two ("re") is refused with the desk's words, naming both."""

from __future__ import annotations

import argparse


def right_argument(text: str) -> str:
    """The right `text` names, by its stored name; argparse's error when it names none or
    more than one. The rights are read when a command runs, not for `custinfo --help`."""
    from custinfo_tui.domain.data_protection.rights import right_problem, right_typed

    right = right_typed(text)
    if right is None:
        raise argparse.ArgumentTypeError(right_problem(text) or "Type the right.")
    return right.value
