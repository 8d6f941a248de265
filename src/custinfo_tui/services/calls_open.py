"""Where a call still to wrap up is open, and what its handler is told of one that needs no
wrap-up any more (MP-18; docs/after-the-call.md, "Calls to finish").

A call is wrapped up once, where it is. Found by a handler: their calls to finish listed
the call live on their own screen, and wrapping it up from there ended it under the record
still showing it live (which then said it was wrapped up "at another desk"); opened again
from the list over its own wrap-up, a second, empty wrap-up was saved and the notes typed
in the first were lost. So, from the calls to finish:

- a call open at this console is left out of the list and refused: it never ended and was
  started in this console session, so it is on this console's screen (its record, or its
  wrap-up being typed or being left for later). A console session ends its calls as it
  ends (logged out, quit, ended at the lock), and a console that died is logged into again
  as a new session, where its call is listed;
- a call open at another console of the handler's is refused too, read from the event
  stream as a supervisor's list reads it (services/closing_calls.py, `desk_of`): its
  wrap-up open there, or, never ended, that console recorded an action in the last
  `DESK_QUIET_MINUTES` since the handler last logged in. Logging in again here says that
  console is no longer theirs to be at, so a console that stopped is no obstacle for long.

Whoever finds a call wrapped up already is told where: by a supervisor, at this desk, or
at another desk (a console session of theirs other than this one), never a guess.
"""

from __future__ import annotations

from datetime import datetime

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR, closed_by_supervisor
from custinfo_tui.repository.orm import Interaction
from custinfo_tui.services.closing_calls import desk_of
from custinfo_tui.services.errors import CallStillOpen
from custinfo_tui.services.in_call import closing_reason
from custinfo_tui.services.unit_of_work import UnitOfWork

#: Said of a call wrapped up in another console session of its handler's.
WRAPPED_UP_ELSEWHERE = "This call is wrapped up already (at another desk)."
#: Said of a call wrapped up in this console session already.
WRAPPED_UP_HERE = "This call is wrapped up already (at this desk)."
#: Said when the calls to finish are asked to wrap up a call open on this console's screen.
OPEN_HERE = (
    "This call is still open at this desk: wrap it up from its own screen (Escape on its "
    "record ends it and opens its wrap-up)."
)
#: How a handler at a desk that stopped can finish its call here after all.
_IF_STOPPED = "If that console has stopped, log in again here to finish it."


def open_here(uow: UnitOfWork, actor: Actor, interaction: Interaction) -> bool:
    """The call is open at `actor`'s own console: never ended, and started in this console
    session."""
    if interaction.ended_at is not None:
        return False
    return uow.interactions.started_on_console(interaction.id) == actor.console_session


def refuse_if_open(uow: UnitOfWork, actor: Actor, interaction: Interaction, now: datetime) -> None:
    """Raise `CallStillOpen` when the call is open at this console, or at another console
    of the handler's by the event stream, saying where; nothing is recorded."""
    if open_here(uow, actor, interaction):
        raise CallStillOpen(OPEN_HERE)
    desk = desk_of(uow, interaction, now)
    opened_at = desk.wrap_up_opened_at
    if opened_at is not None and desk.wrap_up_opened_on != actor.console_session:
        raise CallStillOpen(
            f"This call's wrap-up is open at your other console (opened at {opened_at:%H:%M}) "
            f"and may be being typed there: finish it there. {_IF_STOPPED}"
        )
    if desk.in_use and desk.active_at is not None:
        raise CallStillOpen(
            "This call may still be going on at your other console (it recorded an action "
            f"at {desk.active_at:%H:%M}): end it and wrap it up there. {_IF_STOPPED}"
        )


def finished_already(uow: UnitOfWork, actor: Actor, interaction: Interaction) -> str:
    """Why a call is not there to wrap up: a supervisor closed it, or its handler wrapped it
    up already, at this desk or at another (the console session its wrap-up was saved in)."""
    if interaction.outcome == CLOSED_BY_SUPERVISOR:  # said with the supervisor's reason
        return (
            f"{closed_by_supervisor(closing_reason(uow, interaction.id))}: it needs no wrap-up now."
        )
    wrapped = [
        event
        for event in uow.audit.for_interaction(interaction.id)
        if event.action is AuditAction.INTERACTION_WRAPPED_UP
    ]
    if wrapped and wrapped[-1].console_session == actor.console_session:
        return WRAPPED_UP_HERE
    return WRAPPED_UP_ELSEWHERE
