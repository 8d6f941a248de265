"""A count given on the command line: `--batch-rows 5000`, `--days 30`, `--workers 0`.

argparse's `type=int` takes `-5`, and a negative batch size made `custinfo import` loop
without end; a count below its least is refused by argparse with a message saying what
is allowed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def count_argument(least: int) -> Callable[[str], int]:
    """An argparse `type` for a whole number of at least `least`."""

    def count(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"give a whole number, not {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"give a number of at least {least}, not {value}")
        return value

    return count
