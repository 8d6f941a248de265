"""How far the caller was verified in the call a complaint was raised in (MP-19, MP-08),
read from the one event stream each time the complaint is shown: the call's own events up
to the complaint's `complaint.raised` (who was on the line, the levels they reached, the
checks they failed), and the customer's verification locks and lifts before it. Nothing of
it is stored with the complaint, so it cannot drift from the trail.

The same events the call's verification state is read from (services/verification_state.py):
a caller identified afresh starts from nothing, and a lock on the call's channel leaves the
caller unverified, whatever they had reached.
"""

from __future__ import annotations

from collections.abc import Sequence

from custinfo_tui.domain.call_so_far import level_title
from custinfo_tui.domain.complaint_callers import CallerStanding
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.verification import CallerKind, VerificationPolicy
from custinfo_tui.repository.orm import Complaint
from custinfo_tui.services.unit_of_work import UnitOfWork

#: What starts and ends a lock on the customer's verification.
_LOCKING = (AuditAction.VERIFICATION_LOCKED, AuditAction.VERIFICATION_LOCK_LIFTED)


def caller_standing(
    uow: UnitOfWork, complaint: Complaint, policy: VerificationPolicy | None = None
) -> CallerStanding:
    """Who was on the line as `complaint` was raised and how far they were verified, inside
    the caller's unit of work. `policy` names the level by its title; without it (the
    command line) by its name, capitalised."""
    if complaint.interaction_id is None:
        return CallerStanding(on_call=False)
    events = uow.audit.for_interaction(complaint.interaction_id)
    raised = next(
        (
            event
            for event in events
            if event.action is AuditAction.COMPLAINT_RAISED
            and event.details.get("complaint_id") == complaint.id
        ),
        None,
    )
    caller, level, failed = CallerKind.CUSTOMER, None, 0
    for event in events:  # in the order they happened, up to the complaint
        if event is raised:
            break
        if event.action is AuditAction.CALLER_IDENTIFIED:  # another caller from here
            caller, level, failed = _caller_kind(event), None, 0
        elif event.action is AuditAction.CALLER_VERIFIED:
            level = _title(policy, event)
        elif event.action is AuditAction.CALLER_VERIFICATION_FAILED:
            failed += 1
    interaction = uow.interactions.get(complaint.interaction_id)
    channel = interaction.channel if interaction is not None else None
    records = (complaint.customer_id, *uow.merges.merged_into(complaint.customer_id))
    return CallerStanding(
        caller=caller,
        level=level,
        locked=channel is not None
        and _locked_on(uow, records, channel, before_id=raised.id if raised else None),
        failed_checks=failed,
    )


def _locked_on(
    uow: UnitOfWork, records: Sequence[int], channel: str, *, before_id: int | None
) -> bool:
    """Whether the customer's verification stood locked on `channel` before the event
    `before_id` (now, for None): the last lock or lift on their record, or on a record
    merged into it, was a lock on that channel. One lock stands at a time (a merge folds
    two into one), so locks and lifts take turns."""
    latest: AuditEvent | None = None
    for record_id in records:
        for action in _LOCKING:
            found = uow.audit.list_recent(
                customer_id=record_id, action=action.value, before_id=before_id, limit=1
            )
            if found and (latest is None or found[0].place > latest.place):
                latest = found[0]
    if latest is None or latest.action is not AuditAction.VERIFICATION_LOCKED:
        return False
    return channel in latest.details.get("channels", ())


def _caller_kind(identified: AuditEvent) -> CallerKind:
    try:
        return CallerKind(identified.details.get("caller", CallerKind.CUSTOMER.value))
    except ValueError:
        return CallerKind.CUSTOMER


def _title(policy: VerificationPolicy | None, verified: AuditEvent) -> str:
    """The level a `caller.verified` event names, by the policy's title when it still has
    that level ("Standard")."""
    return level_title(verified.details, policy)
