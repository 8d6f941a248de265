"""Checks of a request's days that the desk makes before a form opens or saves, and the
service makes again (services/subject_access.py; docs/data-protection.md):

- an extension is decided within the first month (Art. 12(3)): once it has ended, the
  request is answered, not extended, so E says so before its form asks for a reason;
- an extension is by 1 or 2 further months, the DPO's choice: the box opens empty and
  anything else is refused at it, saying which are allowed;
- a request received more than `LONG_AGO_MONTHS` ago is most likely a year mistyped
  ("31 January 2026" for 2027): logged as typed it would be months overdue at once, so it
  is logged only when the DPO confirms the day (`custinfo dsar log --received-long-ago`,
  or Ctrl+S again on the desk's form).
"""

from __future__ import annotations

from datetime import date

from custinfo_tui.domain.subject_access import MAX_EXTENSION_MONTHS, add_months, due_date
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


def extension_months_problem(typed: str) -> str | None:
    """What is wrong with the further months typed for an extension (None: 1 or 2): none
    chosen, or a number Art. 12(3) does not allow. It had opened saying 2, so an extension
    of two months was saved unchosen by a DPO who typed only the reason."""
    typed = typed.strip()
    allowed = tuple(str(months) for months in range(1, MAX_EXTENSION_MONTHS + 1))
    if typed in allowed:
        return None
    if not typed:
        return "Choose how long: type 1 or 2 further months (Art. 12(3) allows up to 2)."
    if typed.isdigit():
        return (
            f"{typed} months is not allowed: a request is extended by 1 or 2 further months "
            "(Art. 12(3)). Type 1 or 2."
        )
    return f'"{typed}" is not a number of months: type 1 or 2 (Art. 12(3)).'


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
