"""Two checks of a request's days that the desk makes before a form opens or saves, and the
service makes again (services/subject_access.py; docs/data-protection.md):

- an extension is decided within the first month (Art. 12(3)): once it has ended, the
  request is answered, not extended, so E says so before its form asks for a reason;
- a request received more than `LONG_AGO_MONTHS` ago is most likely a year mistyped
  ("31 January 2026" for 2027): logged as typed it would be months overdue at once, so it
  is logged only when the DPO confirms the day (`custinfo dsar log --received-long-ago`,
  or Ctrl+S again on the desk's form).
"""

from __future__ import annotations

from datetime import date

from custinfo_tui.domain.subject_access import add_months, due_date
from custinfo_tui.domain.text import counted

#: How far back a received day is logged without being confirmed.
LONG_AGO_MONTHS = 3


def extension_too_late(received_on: date, today: date) -> str | None:
    """Why a request received on `received_on` can no longer be extended `today` (its first
    month has ended); None while it can be."""
    first_month_ends = due_date(received_on)
    if today <= first_month_ends:
        return None
    return (
        f"The first month ended on {first_month_ends:%d %b %Y}: an extension had to be "
        "decided and told to the person within it (Art. 12(3)). Answer it now."
    )


def received_long_ago(received_on: date, today: date) -> str | None:
    """What to check of a received day more than `LONG_AGO_MONTHS` before `today` (how long
    ago, and how overdue it would be logged so); None for a later one."""
    if received_on >= add_months(today, -LONG_AGO_MONTHS):
        return None
    overdue = (today - due_date(received_on)).days
    return (
        f"Received {received_on:%d %b %Y} is {counted((today - received_on).days, 'day')} ago, "
        f"more than {LONG_AGO_MONTHS} months: it would be logged "
        f"{counted(overdue, 'day')} overdue. Check the year."
    )
