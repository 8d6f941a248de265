"""What the console tells an operator as they log in, looked up after the lookup shows.

- A handler's calls left without a wrap-up (docs/after-the-call.md): the list opens over
  the lookup, to finish them now or later.
- For the DPO, every breach not yet assessed as far as the ICO decision (MP-20,
  docs/data-protection.md), named with the time left on its 72-hour clock, soonest first,
  an overdue one said as overdue; for supervisors, how many clocks are past the 72 hours.
- For the DPO, every breach assessed as a high risk whose people are not told yet, nor
  decided not to be (Art. 34), named with how long since its discovery: the ICO decision
  stops the clock, and this was then said nowhere.
- For the DPO, the data protection requests open on the register (MP-16): how many,
  overdue, and taken from callers whose identity is still to check.
- For everyone, another console session of theirs that acted in the last 15 minutes and
  has not logged out (docs/access-control.md, "Logged in at two desks"): when it last did.

Each is read in a thread worker; the login never waits for it, and if it cannot be read
the lookup works without it (the error log says why, without personal data).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from custinfo_tui.diagnostics import logger, report_crash
from custinfo_tui.services.capabilities import (
    breach_capabilities,
    console_capabilities,
    desk_capabilities,
)
from custinfo_tui.tui.screens.lock import LockScreen

if TYPE_CHECKING:
    from datetime import datetime

    from custinfo_tui.domain.breach_clocks import ClocksRunning, IndividualsToTell
    from custinfo_tui.domain.breaches import OverdueClocks
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.subject_access import RequestsDue
    from custinfo_tui.domain.wrap_up import CallToFinish
    from custinfo_tui.tui.app import CustinfoApp

T = TypeVar("T")


def takes_calls(actor: Actor) -> bool:
    """Whether the operator's role takes calls, so has calls to wrap up."""
    return console_capabilities(actor).verify_callers


def look_up_at_login(app: CustinfoApp, actor: Actor) -> None:
    """Start looking for what `actor` should hear of at once."""
    services = app.services
    _in_background(
        app,
        lambda: services().other_console_active(actor),
        lambda at: _tell_of_other_console(app, actor, at),
        "find another console the operator is logged in at",
    )
    if takes_calls(actor):
        _in_background(
            app,
            lambda: services().calls_to_finish(actor),
            lambda calls: _offer_calls_to_finish(app, actor, calls),
            "find the calls left without a wrap-up",
        )
    if breach_capabilities(actor).handle:
        _in_background(
            app,
            lambda: services().breach_clocks_running(actor),
            lambda running: _tell_of_running_clocks(app, actor, running),
            "name the breaches not yet assessed",
        )
        _in_background(
            app,
            lambda: services().breach_individuals_to_tell(actor),
            lambda due: _tell_of_individuals_to_tell(app, actor, due),
            "name the high-risk breaches with the people still to tell",
        )
    elif breach_capabilities(actor).see_overdue:
        _in_background(
            app,
            lambda: services().overdue_breach_clocks(actor),
            lambda clocks: _tell_of_overdue_breaches(app, actor, clocks),
            "count the breach clocks past 72 hours",
        )
    if desk_capabilities(actor).data_protection:
        _in_background(
            app,
            lambda: services().open_requests_due(actor),
            lambda due: _tell_of_open_requests(app, actor, due),
            "count the open data protection requests",
        )


def _in_background(
    app: CustinfoApp, look: Callable[[], T], then: Callable[[T], None], description: str
) -> None:
    """Run `look` in a thread worker and hand what it found to `then` on the app's thread;
    if it fails, the log says why and the lookup works without it."""

    def work() -> None:
        from custinfo_tui.services.errors import Outage

        try:
            found = look()
        except Outage:  # not a bug: the lookup works without the notice
            logger.warning("%s: the database did not answer", description)
            return
        except Exception as error:
            report_crash(error)
            return
        app.call_from_thread(then, found)

    app.run_worker(
        work, thread=True, exclusive=True, group=description, exit_on_error=False,
        description=description,
    )  # fmt: skip


def _tell_of_other_console(app: CustinfoApp, actor: Actor, at: datetime | None) -> None:
    if at is None or actor is not app.actor:
        return
    if app.training is not None:
        # A run is played at one console at a time (services/training_play_lock.py): the
        # session still open on its sandbox is a console that stopped, and this is the run
        # played on. "Also logged in at another console" sent trainees looking for one.
        app.notify(
            f"The console this run was played at before stopped without logging out (last "
            f"active {at.astimezone():%H:%M}): you are playing the run on from here.",
            title="Run played on",
            severity="information",
            timeout=12,
            markup=False,
        )
        return
    app.notify(
        f"You are also logged in at another console, last active {at.astimezone():%H:%M} "
        "(unless it stopped without logging out).",
        title="Logged in elsewhere",
        severity="warning",
        timeout=12,
        markup=False,
    )


def _offer_calls_to_finish(app: CustinfoApp, actor: Actor, calls: list[CallToFinish]) -> None:
    from custinfo_tui.tui.screens.calls_to_finish import CallsToFinishScreen

    if calls and actor is app.actor and not isinstance(app.screen, LockScreen):
        screen = CallsToFinishScreen(actor, calls)
        # Opened with the login's other notices, found at the same time: those said first
        # ("Logged in elsewhere") are read on it, not taken down as it opens.
        screen.keeps_notifications = True
        app.push_screen(screen)


def _tell_of_overdue_breaches(app: CustinfoApp, actor: Actor, clocks: OverdueClocks) -> None:
    if not clocks.count or actor is not app.actor:
        return
    what = "breach is" if clocks.count == 1 else "breaches are"
    app.notify(
        f"{clocks.count} personal-data {what} past the 72 hours for telling the ICO "
        f"(the worst {clocks.worst}). Tell the data protection officer.",
        title="Breach clock overdue",
        severity="error",
        # Long enough to read twice; 30 s covered the first dialog's text opened after it
        # (a message cannot be dismissed by key). The desk keeps saying it under Breaches.
        timeout=12,
        markup=False,
    )


def _tell_of_running_clocks(app: CustinfoApp, actor: Actor, running: ClocksRunning) -> None:
    """The DPO's breaches still on the clock, overdue or not: a new one's deadline is hours
    away, where a request's is weeks."""
    if not running.clocks or actor is not app.actor:
        return
    overdue = running.overdue
    app.notify(
        running.notice(),
        title="Breach clock overdue" if overdue else "Breach clock running",
        severity="error" if overdue else "warning",
        timeout=12,
        markup=False,
    )


def _tell_of_individuals_to_tell(app: CustinfoApp, actor: Actor, due: IndividualsToTell) -> None:
    """The DPO's high-risk breaches whose people are still to tell: Art. 34 sets no hours,
    only "without undue delay", so each is named with how long since it was found."""
    if not due.breaches or actor is not app.actor:
        return
    app.notify(
        due.notice(),
        title="Tell the individuals (Art. 34)",
        severity="warning",
        timeout=12,
        markup=False,
    )


def _tell_of_open_requests(app: CustinfoApp, actor: Actor, due: RequestsDue) -> None:
    if not due.open or actor is not app.actor:
        return
    app.notify(
        due.notice(),
        title="Data protection requests",
        severity="error" if due.overdue else "information",
        timeout=12,
        markup=False,
    )
