"""The breaches whose 72-hour clock still runs, as the DPO is told of them at login (MP-20).

A breach reported a minute ago has 71 hours left, and the DPO had heard nothing of it until
the clock ran out: the login told of overdue clocks only. Every breach with no ICO decision
yet (the decision stops the clock, docs/data-protection.md) is named now, by its number,
with the time left on its clock, soonest first; one past its 72 hours is said as overdue.
Numbers and clocks only: never what happened.

A high-risk breach has a second duty, to tell the people affected without undue delay
(Art. 34), which the ICO decision does not discharge: each such breach with nothing decided
about the people is named too (`IndividualsToTell`), with how long since its discovery.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.breaches import describe_clock, span

#: How many breaches the notice names; the rest are counted ("and 2 more").
NAMED_AT_MOST = 4


class RunningClock(BaseModel):
    """One open breach with no ICO decision: its number and its clock."""

    model_config = ConfigDict(frozen=True)

    breach_id: int
    deadline: datetime
    #: "71 h 59 min left", "overdue by 3 h 10 min".
    clock: str
    overdue: bool


def running_clock(breach_id: int, deadline: datetime, now: datetime) -> RunningClock:
    """The clock of a breach with no ICO decision yet, as of `now`."""
    clock, overdue = describe_clock(deadline, now, ico_decided=False, closed=False)
    return RunningClock(breach_id=breach_id, deadline=deadline, clock=clock, overdue=overdue)


class ClocksRunning(BaseModel):
    """The breaches not yet assessed as far as the ICO decision, soonest deadline first."""

    model_config = ConfigDict(frozen=True)

    clocks: tuple[RunningClock, ...] = ()

    @property
    def overdue(self) -> int:
        return sum(1 for clock in self.clocks if clock.overdue)

    def notice(self) -> str:
        """ "Breach 5 is not assessed yet (no ICO decision): 71 h 59 min left of its 72
        hours. ..."; with several, each named, soonest first. Empty when there is none."""
        clocks = sorted(self.clocks, key=lambda c: (c.deadline, c.breach_id))
        if not clocks:
            return ""
        desk = "The DPO desk (F7) has {} under Breaches."
        if len(clocks) == 1:
            only = clocks[0]
            left = (
                f"{only.clock} (its 72 hours have run out)"
                if only.overdue
                else f"{only.clock} of its 72 hours"
            )
            return (
                f"Breach {only.breach_id} is not assessed yet (no ICO decision): {left}. "
                f"{desk.format('it')}"
            )
        named = "; ".join(f"breach {c.breach_id}: {c.clock}" for c in clocks[:NAMED_AT_MOST])
        more = len(clocks) - NAMED_AT_MOST
        if more > 0:
            named += f"; and {more} more"
        return (
            f"{len(clocks)} breaches are not assessed yet (no ICO decision), soonest first: "
            f"{named}. {desk.format('them')}"
        )


class ToTell(BaseModel):
    """One open high-risk breach whose people are not told, nor decided not to be: its
    number and how long since it was discovered (Art. 34: "without undue delay")."""

    model_config = ConfigDict(frozen=True)

    breach_id: int
    discovered_at: datetime
    #: "30 h 00 min": since the discovery, as of when it was read.
    since: str


def to_tell(breach_id: int, discovered_at: datetime, now: datetime) -> ToTell:
    """A high-risk breach with the people still to tell, as of `now`."""
    return ToTell(breach_id=breach_id, discovered_at=discovered_at, since=span(now - discovered_at))


class IndividualsToTell(BaseModel):
    """The high-risk breaches whose people are still to tell, the longest known first: the
    DPO's other reminder at login. Its own notice, not the ICO clock's: once the ICO
    decision stops that clock, a high risk with the people untold was heard of nowhere."""

    model_config = ConfigDict(frozen=True)

    breaches: tuple[ToTell, ...] = ()

    def notice(self) -> str:
        """ "Breach 4 is a high risk and the people affected are not told yet (discovered
        30 h 00 min ago). ..."; with several, each named, the longest known first."""
        due = sorted(self.breaches, key=lambda b: (b.discovered_at, b.breach_id))
        if not due:
            return ""
        what = (
            "Tell them without undue delay (Art. 34), or record the Art. 34(3) exception "
            "that applies. The DPO desk (F7) has {} under Breaches."
        )
        if len(due) == 1:
            only = due[0]
            return (
                f"Breach {only.breach_id} is a high risk and the people affected are not "
                f"told yet (discovered {only.since} ago). {what.format('it')}"
            )
        named = "; ".join(
            f"breach {b.breach_id}: discovered {b.since} ago" for b in due[:NAMED_AT_MOST]
        )
        more = len(due) - NAMED_AT_MOST
        if more > 0:
            named += f"; and {more} more"
        return (
            f"{len(due)} high-risk breaches have the people affected not told yet, longest "
            f"first: {named}. {what.format('them')}"
        )
