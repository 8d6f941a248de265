"""When a follow-up may be booked: from today to a year ahead, for a call's wrap-up and a
complaint alike, and what is said of a date outside that.

One rule for both: a complaint's follow-up date had no end (a slip of the year, 2062 for
2026, was kept, and the complaint owed a call back decades away), and its refusal of a
date gone by ("The follow-up date cannot be in the past.") did not say whether today would
do, where the wrap-up's said which date to give.
"""

from __future__ import annotations

from datetime import date

#: How far ahead a follow-up may be booked.
MAX_FOLLOW_UP_DAYS = 366

#: What date a follow-up may be due on, said when one typed is refused.
FOLLOW_UP_WANTED = "give one from today to a year ahead"

#: A follow-up date before today.
FOLLOW_UP_PASSED = f"Follow-up date: that date has passed; {FOLLOW_UP_WANTED}."

#: A follow-up date more than a year after today.
FOLLOW_UP_TOO_FAR = f"Follow-up date: more than a year ahead; {FOLLOW_UP_WANTED}."


def follow_up_refused(when: date, today: date) -> str | None:
    """Why `when` may not be booked as a follow-up on `today`, saying which date to give;
    None when it may."""
    if when < today:
        return FOLLOW_UP_PASSED
    if (when - today).days > MAX_FOLLOW_UP_DAYS:
        return FOLLOW_UP_TOO_FAR
    return None
