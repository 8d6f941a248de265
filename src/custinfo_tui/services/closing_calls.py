"""Supervisors finishing calls their handlers cannot (MP-18): every operator's calls to
finish, and closing one with a reason.

A call left without a wrap-up waits in its handler's calls to finish. When the handler
has left, is off sick or their console was killed mid-call, it would wait for ever: it
stays in the queue's count, and while it never ended the customer's record cannot be
erased (docs/data-protection.md). A supervisor closes it: a call that never ended is
ended (`interaction.ended`), then it is wrapped up with the system outcome
`closed_by_supervisor` (`interaction.wrapped_up`), both with the supervisor as operator and
their reason on the wrap-up's event. Nothing the handler wrote is changed.

Two desks finishing one call take turns on its row (`InteractionRepository.
get_for_update`): the second is told who finished it first and stores nothing. What the
handler is doing is read from the event stream, as nothing records a desk's key presses:

- the handler has the call's wrap-up open when they opened it
  (`interaction.wrap_up_opened`) at a console that has recorded nothing since but that
  call's own events and its screen lock, has not logged out, and they have not logged in
  elsewhere since. A wrap-up records nothing while it is typed, so this does not wear off
  with time. Closing the call then loses what they typed: it needs the supervisor to have
  been told (`wrap_up_open_confirmed`), else `WrapUpMayBeOpen`;
- a wrap-up the handler left for later (`interaction.wrap_up_left`, or the call ended at
  the console it was opened at) is open no more: it waits for its handler;
- the handler is back when they have logged in again, at another console, since the
  call's console last did anything: they can finish it from their calls to finish;
- a call that never ended may still be going on at its desk while the console it was
  started on has recorded an action in the last `DESK_QUIET_MINUTES`, has not logged out,
  and its handler has not logged in elsewhere since (they are not at that desk, then);
  closing it needs the supervisor to have been told (`desk_in_use_confirmed`), else
  `DeskMayBeInUse`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.limits import MAX_REASON_LENGTH, MIN_REASON_LENGTH
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.verification import Channel
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR, DESK_QUIET_MINUTES, UnfinishedCall
from custinfo_tui.repository.orm import Interaction
from custinfo_tui.services import audit
from custinfo_tui.services.call_ends import last_activity
from custinfo_tui.services.errors import (
    CallFinished,
    DeskMayBeInUse,
    NotFound,
    ServiceError,
    WrapUpMayBeOpen,
)
from custinfo_tui.services.in_call import end_call
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork


def unfinished_calls(uow: UnitOfWork, actor: Actor) -> list[UnfinishedCall]:
    """Every operator's interactions not wrapped up, oldest first: whose, when, the channel,
    the customer's reference as the lookup shows it, whether and when it ended, and for one
    never ended what its console last did. Never the notes. Audited as
    `interaction.to_finish_listed`, with the count."""
    require(actor, Permission.WORK_QUEUE)
    now = datetime.now(UTC)
    with uow:
        calls = [
            _unfinished(uow, interaction, reference, merged_from, operator, now)
            for interaction, reference, merged_from, operator in (
                uow.interactions.to_finish_by_everyone()
            )
        ]
        audit.record(uow, actor, AuditAction.CALLS_TO_FINISH_LISTED, details={"count": len(calls)})
        uow.commit()
        return calls


def close_call(
    uow: UnitOfWork,
    actor: Actor,
    interaction_id: int,
    reason: str,
    *,
    desk_in_use_confirmed: bool = False,
    wrap_up_open_confirmed: bool = False,
) -> None:
    """Close another operator's call left without a wrap-up: end it if it never ended,
    then wrap it up as `closed_by_supervisor`, with the supervisor's reason.

    Raises `CallFinished` when it is wrapped up already (by its handler, or closed by
    another supervisor), `WrapUpMayBeOpen` when its handler has its wrap-up open and the
    supervisor was not told (`wrap_up_open_confirmed`), and `DeskMayBeInUse` when its
    console was active lately and the supervisor was not told (`desk_in_use_confirmed`).
    The events carry the channel, the outcome and the handler's operator id; the reason is
    the wrap-up event's reason.
    """
    require(actor, Permission.WORK_QUEUE)
    reason = clean_free_text(reason, MAX_REASON_LENGTH)
    if len(reason) < MIN_REASON_LENGTH:
        raise ServiceError(
            "Give the reason for closing the call (for example: handler off sick, console "
            "closed mid-call)."
        )
    now = datetime.now(UTC)
    with uow:
        interaction = uow.interactions.get_for_update(interaction_id)
        if interaction is None:
            raise NotFound("That call is not on record.")
        name = operator_names(uow)
        handler = name(interaction.operator_id)
        if interaction.wrapped_up_at is not None:
            raise CallFinished(finished_by(interaction.outcome, handler))
        summary = {
            "channel": interaction.channel,
            "outcome": CLOSED_BY_SUPERVISOR,
            "handler": interaction.operator_id,
        }
        ended_now = interaction.ended_at is None
        desk = desk_of(uow, interaction, now)
        if desk.wrap_up_opened_at is not None and not wrap_up_open_confirmed:
            raise WrapUpMayBeOpen(
                f"{handler} opened this call's wrap-up at {desk.wrap_up_opened_at:%H:%M} and "
                f"may be typing it now. {_LOOK_AGAIN}"
            )
        if desk.in_use and not desk_in_use_confirmed:
            assert desk.active_at is not None
            raise DeskMayBeInUse(
                f"{handler}'s console recorded an action at {desk.active_at:%H:%M}: the "
                f"call may still be going on there. {_LOOK_AGAIN}"
            )
        if ended_now:
            end_call(
                uow,
                actor,
                interaction,
                CLOSED_BY_SUPERVISOR,
                at=now,
                details=summary | last_activity(uow, interaction),
            )
        interaction.outcome = CLOSED_BY_SUPERVISOR
        interaction.wrapped_up_at = now
        audit.record(
            uow,
            actor,
            AuditAction.INTERACTION_WRAPPED_UP,
            customer_id=interaction.customer_id,
            interaction_id=interaction.id,
            reason=reason,
            outcome=CLOSED_BY_SUPERVISOR,
            details={
                **summary,
                "later": not ended_now,
                # Closed although its console had been active lately, or its handler had
                # its wrap-up open, as the supervisor was told.
                "desk_in_use": desk.in_use,
                "wrap_up_open": desk.wrap_up_opened_at is not None,
                # Its handler was logged in and at work (the supervisor was warned).
                "handler_active": handler_active_at(uow, interaction, now) is not None,
            },
        )
        uow.commit()


def finished_by(outcome: str | None, handler: str) -> str:
    """Who finished a call already wrapped up, for whoever tries second."""
    if outcome == CLOSED_BY_SUPERVISOR:
        return "A supervisor has closed this call already."
    return f"{handler} has wrapped this call up already."


def _unfinished(
    uow: UnitOfWork,
    interaction: Interaction,
    reference: str | None,
    merged_from: str | None,
    operator: str,
    now: datetime,
) -> UnfinishedCall:
    desk = desk_of(uow, interaction, now)
    return UnfinishedCall(
        interaction_id=interaction.id,
        operator=operator,
        started_at=interaction.started_at,
        channel=Channel(interaction.channel),
        customer_reference=format_reference(reference) if reference else None,
        merged_from=format_reference(merged_from) if merged_from else None,
        ended_at=interaction.ended_at,
        desk_active_at=desk.active_at,
        desk_in_use=desk.in_use,
        handler_back_at=desk.handler_back_at,
        wrap_up_opened_at=desk.wrap_up_opened_at,
        handler_active_at=handler_active_at(uow, interaction, now),
        open_work=uow.interactions.open_work_raised_in(interaction),
        wrap_up_left_at=desk.wrap_up_left_at,
    )


def handler_active_at(uow: UnitOfWork, interaction: Interaction, now: datetime) -> datetime | None:
    """When the handler last did anything at a console still logged in, if that was within
    `DESK_QUIET_MINUTES`: they are at work now, and may be about to finish the call."""
    since = now - timedelta(minutes=DESK_QUIET_MINUTES)
    return uow.interactions.operator_last_active(interaction.operator_id, since)


#: Ends a refusal for something the supervisor was not told of.
_LOOK_AGAIN = "Nothing was closed: look at the call again before closing it."


@dataclass(frozen=True, slots=True)
class Desk:
    """What the event stream says of the handler and the call's console (read the same
    way for the handler's own calls to finish: services/calls_open.py)."""

    #: For a call never ended: when the console it was started on last recorded an
    #: action (None once it has logged out, or when no console is known).
    active_at: datetime | None
    #: The call may still be going on at that desk.
    in_use: bool
    #: When the handler logged in again elsewhere since that console last acted.
    handler_back_at: datetime | None
    #: When the handler opened its wrap-up, at a console that may still be on it.
    wrap_up_opened_at: datetime | None
    #: That console's session.
    wrap_up_opened_on: str | None = None
    #: When the handler left the wrap-up they last opened for later: it waits for them.
    wrap_up_left_at: datetime | None = None
    #: When the call's console last recorded anything, logged out since or not.
    quiet_since: datetime | None = None


def desk_of(uow: UnitOfWork, interaction: Interaction, now: datetime) -> Desk:
    """What the event stream says, at `now`, of the call's console and its handler."""
    console = uow.interactions.started_on_console(interaction.id)
    quiet_since = uow.interactions.console_last_action(console) if console else None
    back = (
        uow.interactions.logged_in_again(interaction.operator_id, quiet_since, console)
        if quiet_since is not None
        else None
    )
    active_at = None
    if console is not None and interaction.ended_at is None:
        active_at = uow.interactions.console_last_active(console)
    opened_at, opened_on, left_at = _wrap_up_open_since(uow, interaction)
    return Desk(
        active_at=active_at,
        in_use=active_at is not None and back is None and _in_use(active_at, now),
        handler_back_at=back,
        wrap_up_opened_at=opened_at,
        wrap_up_opened_on=opened_on,
        wrap_up_left_at=left_at,
        quiet_since=quiet_since,
    )


def _wrap_up_open_since(
    uow: UnitOfWork, interaction: Interaction
) -> tuple[datetime | None, str | None, datetime | None]:
    """When, and at which console session, the handler opened the call's wrap-up, if the
    console they opened it at may still be on it: it has not left it for later (nor ended
    the call from it), has recorded nothing else since (nor logged out), and they have not
    logged in elsewhere since. Third, when they left their last opened wrap-up for later:
    it waits for them, nobody is typing it (before, Later recorded nothing, and the call
    read *wrapping up?* until the console did something else)."""
    opening = uow.interactions.last_wrap_up_opening(interaction.id)
    if opening is None:
        return None, None, None
    left = uow.interactions.wrap_up_left_since(opening)
    if left is not None:
        return None, None, left
    if uow.interactions.console_moved_on(opening):
        return None, None, None
    elsewhere = uow.interactions.logged_in_again(
        interaction.operator_id, opening.occurred_at, opening.console_session
    )
    if elsewhere is not None:
        return None, None, None
    return opening.occurred_at, opening.console_session, None


def _in_use(desk_active_at: datetime, now: datetime) -> bool:
    return now - desk_active_at < timedelta(minutes=DESK_QUIET_MINUTES)
