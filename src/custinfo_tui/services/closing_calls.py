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
get_for_update`): the second is told who finished it first and stores nothing. A call that
never ended may still be going on at its desk. Nothing records a desk's key presses, so
the console it was started on is taken to be in use while it has recorded an action in
the last `DESK_QUIET_MINUTES` and not logged out since; closing such a call needs the
supervisor to have been told (`desk_in_use_confirmed`), else `DeskMayBeInUse`.
"""

from __future__ import annotations

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
from custinfo_tui.services.errors import CallFinished, DeskMayBeInUse, NotFound, ServiceError
from custinfo_tui.services.in_call import end_call
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.record_view import operator_names
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
) -> None:
    """Close another operator's call left without a wrap-up: end it if it never ended,
    then wrap it up as `closed_by_supervisor`, with the supervisor's reason.

    Raises `CallFinished` when it is wrapped up already (by its handler, or closed by
    another supervisor), and `DeskMayBeInUse` when its console was active lately and the
    supervisor was not told (`desk_in_use_confirmed`). The events carry the channel, the
    outcome and the handler's operator id; the reason is the wrap-up event's reason.
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
        desk_active_at = _desk_active_at(uow, interaction) if ended_now else None
        desk_in_use = desk_active_at is not None and _in_use(desk_active_at, now)
        if desk_in_use and not desk_in_use_confirmed:
            assert desk_active_at is not None
            raise DeskMayBeInUse(
                f"{handler}'s console recorded an action at {desk_active_at:%H:%M}: the "
                "call may still be going on there. Nothing was closed: look at the call "
                "again before closing it."
            )
        if ended_now:
            end_call(uow, actor, interaction, CLOSED_BY_SUPERVISOR, at=now, details=summary)
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
                # Closed although its console had been active lately, as the supervisor
                # was told.
                "desk_in_use": desk_in_use,
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
    desk_active_at = _desk_active_at(uow, interaction) if interaction.ended_at is None else None
    return UnfinishedCall(
        interaction_id=interaction.id,
        operator=operator,
        started_at=interaction.started_at,
        channel=Channel(interaction.channel),
        customer_reference=format_reference(reference) if reference else None,
        merged_from=format_reference(merged_from) if merged_from else None,
        ended_at=interaction.ended_at,
        desk_active_at=desk_active_at,
        desk_in_use=desk_active_at is not None and _in_use(desk_active_at, now),
    )


def _desk_active_at(uow: UnitOfWork, interaction: Interaction) -> datetime | None:
    """When the console the call was started on last recorded an action (None once it
    has logged out, or when no console is known)."""
    console = uow.interactions.started_on_console(interaction.id)
    return None if console is None else uow.interactions.console_last_active(console)


def _in_use(desk_active_at: datetime, now: datetime) -> bool:
    return now - desk_active_at < timedelta(minutes=DESK_QUIET_MINUTES)
