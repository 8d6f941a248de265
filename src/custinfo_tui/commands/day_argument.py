"""A day given on the command line, read as the console's date boxes read one.

`--received 2026-11-30`, `--since 30/11/2026` or `--until "30 November 2026"`; a day that
does not exist, or is not a date, is refused by argparse with the console's own words
("That date does not exist."), never Python's.
"""

from __future__ import annotations

import argparse
from datetime import date

from custinfo_tui.domain.dates import parse_calendar_date
from custinfo_tui.domain.validation import FieldError

#: How `--help` shows a day may be typed, beside each option that takes one.
DAY_FORMATS = "2026-11-30 or 30/11/2026"


def day_argument(text: str) -> date:
    """The day `text` names; argparse's error (its message) when it names none."""
    try:
        return parse_calendar_date(text)
    except FieldError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
