"""When a call its handler ends ended (MP-18), read from the call's own events.

"End the call and wrap it up" opens the wrap-up over the record. The call stays open while
the wrap-up is: F10 there takes a complaint in it, the caller still on the line, so it is
stored as ended only when the wrap-up is saved (or left for later), in the same
transaction, as before. But the handler cannot go back into the call from the wrap-up,
so the time it ended is its last activity at its console: its wrap-up opening
(`interaction.wrap_up_opened`, `in_call`), or a complaint taken from the wrap-up after it.
Before, it was the save's time, and a call's length grew by however long its wrap-up took.

A call whose console stopped without ending it (killed, or left at another desk) is ended
by its wrap-up later, from the calls to finish at another console: it is stored as ended
then, as nothing knows when the caller rang off, and its `interaction.ended` says when its
console last did anything in it (`last_activity`), so the trail reads "never ended; last
activity 16:03" rather than a time long after the call.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from custinfo_tui.domain.operators import Actor
from custinfo_tui.repository.orm import Interaction
from custinfo_tui.services.unit_of_work import UnitOfWork


def ends_at(
    uow: UnitOfWork, actor: Actor, interaction: Interaction, now: datetime
) -> tuple[datetime, dict[str, Any]]:
    """When `actor` ending `interaction` (never ended) now ends it, and what its
    `interaction.ended` adds to say so: its last activity in the call after its wrap-up
    opened in it at this console; now otherwise, with when its own console last acted in
    it for a call taken at another console."""
    opening = uow.interactions.last_wrap_up_opening(interaction.id)
    if (
        opening is not None
        and opening.details.get("in_call")
        and opening.console_session == actor.console_session
    ):
        last = uow.interactions.last_action_in_call(interaction.id, actor.console_session)
        return min(last or now, now), {}
    console = uow.interactions.started_on_console(interaction.id)
    if console is None or console == actor.console_session:
        return now, {}
    return now, last_activity(uow, interaction)


def last_activity(uow: UnitOfWork, interaction: Interaction) -> dict[str, str]:
    """For the `interaction.ended` of a call its own console never ended (ended at
    another, or closed by a supervisor): when that console last did anything in it."""
    console = uow.interactions.started_on_console(interaction.id)
    last = uow.interactions.last_action_in_call(interaction.id, console) if console else None
    return {"last_activity": last.isoformat()} if last is not None else {}
