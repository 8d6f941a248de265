"""Requests about a person's data taken from a caller (MP-16; docs/data-protection.md,
"Requests taken in a call"): each right the caller exercises becomes a request on the
DPO's register, received on the day of the call.

A handler says which rights the caller is exercising, in the call (Ctrl+R, *Data
protection request*) or at wrap-up under the enquiry type *Data protection request*. Each
right is logged as a request (`dsar.logged`, `in_call`, naming the call), due one calendar
month after the call (Art. 12(3)), naming who took it and how far the caller was verified,
read from the call's events. A caller not verified as the customer or an authorised
representative is logged all the same (the clock has started) and marked for the DPO to
check who they are. A right a request of the customer's still open exercises is noted on
that request (`dsar.asked_again`), not logged twice; one received earlier than that request
moves its month back to the earlier receipt.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from custinfo_tui.domain.data_protection.rights import DataRight, RequestTaken, right_of
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.subject_access import due_date
from custinfo_tui.domain.timeline import level_reached
from custinfo_tui.domain.verification import CallerKind, Channel
from custinfo_tui.repository.orm import Interaction, SubjectAccessRequestRow
from custinfo_tui.services import audit
from custinfo_tui.services.errors import NotFound
from custinfo_tui.services.in_call import open_call
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork


def take_requests(
    uow: UnitOfWork, actor: Actor, interaction_id: int, rights: Iterable[DataRight]
) -> tuple[RequestTaken, ...]:
    """In a call: log each right the caller exercises as a request for the DPO (or note it
    on the customer's open request for that right), and say what became of each."""
    require(actor, Permission.VERIFY_CALLERS)
    with uow:
        interaction, _ = open_call(uow, actor, interaction_id)
        taken = log_from_call(uow, actor, interaction, rights)
        uow.commit()
        return taken


def log_from_call(
    uow: UnitOfWork, actor: Actor, interaction: Interaction, rights: Iterable[DataRight]
) -> tuple[RequestTaken, ...]:
    """Inside the caller's transaction (the call's, or its wrap-up's): each right as a
    request received on the day of the call, or noted on the open one that has it."""
    if interaction.customer_id is None:
        raise NotFound("A request needs the customer's record: this call has none.")
    customer_id = interaction.customer_id
    open_ones = open_requests(uow, customer_id)
    level = _verified_to(uow, interaction.id)
    verified = bool(level) and interaction.caller_kind != CallerKind.NO_AUTHORITY.value
    received_on = interaction.started_at.astimezone(UTC).date()
    taken = []
    for right in dict.fromkeys(rights):  # each once, in the order given
        existing = open_ones.get(right)
        if existing is not None:
            note_asked_again(uow, actor, existing, received_on, interaction.id)
            taken.append(
                RequestTaken(right=right, request_id=existing.id, new=False, due_on=existing.due_on)
            )
            continue
        row = uow.subject_access.add(
            SubjectAccessRequestRow(
                customer_id=customer_id,
                requested_by=_who_asked(interaction),
                identity_check=_how_verified(interaction, level, verified),
                received_on=received_on,
                due_on=due_date(received_on),
                extended_by_months=0,
                logged_at=datetime.now(UTC),
                logged_by_id=actor.operator_id,
                data_right=right.value,
                interaction_id=interaction.id,
                identity_to_verify=not verified,
            )
        )
        audit.record(
            uow,
            actor,
            AuditAction.SUBJECT_ACCESS_LOGGED,
            customer_id=customer_id,
            interaction_id=interaction.id,
            details={
                "request_id": row.id,
                "right": right.value,
                "in_call": True,
                "identity_to_verify": not verified,
                "received_on": row.received_on.isoformat(),
                "due_on": row.due_on.isoformat(),
            },
        )
        taken.append(
            RequestTaken(
                right=right,
                request_id=row.id,
                identity_to_verify=not verified,
                due_on=row.due_on,
            )
        )
    return tuple(taken)


def open_requests(uow: UnitOfWork, customer_id: int) -> dict[DataRight, SubjectAccessRequestRow]:
    """The customer's open requests, by the right each exercises: a right asked for again
    while one is open is noted on it, not logged twice."""
    found: dict[DataRight, SubjectAccessRequestRow] = {}
    for row in uow.subject_access.of_customer(customer_id):  # oldest first
        if row.answered_at is None:
            # Two open for one right once two records of the person are merged: a right
            # asked for again is noted on the older, whose month runs out first.
            found.setdefault(right_of(row.data_right), row)
    return found


def note_asked_again(
    uow: UnitOfWork,
    actor: Actor | None,
    row: SubjectAccessRequestRow,
    received_on: date,
    interaction_id: int | None = None,
) -> date | None:
    """Note on the open request `row` that its right was asked for again, received on
    `received_on`: in the call `interaction_id`, or logged again at the desk (None).
    Audited as `dsar.asked_again`.

    The month runs from receipt (Art. 12(3)): asked for again but received before the open
    request was, the request now runs from that earlier day, its due date moved back with
    it (any extension kept), and the event says why (`why`: `received_earlier`, with the
    dates it had and has). Returns the day it was received before, when it moved; None
    when it stands."""
    details: dict[str, object] = {"request_id": row.id, "right": right_of(row.data_right).value}
    was_received = None
    if received_on < row.received_on:
        was_received, was_due = row.received_on, row.due_on
        row.received_on = received_on
        row.due_on = due_date(received_on, row.extended_by_months)
        details |= {
            "why": "received_earlier",
            "received_on": row.received_on.isoformat(),
            "due_on": row.due_on.isoformat(),
            "was_received_on": was_received.isoformat(),
            "was_due_on": was_due.isoformat(),
        }
    audit.record(
        uow,
        actor,
        AuditAction.SUBJECT_ACCESS_ASKED_AGAIN,
        customer_id=row.customer_id,
        interaction_id=interaction_id,
        details=details,
    )
    return was_received


def note_moved_by_merge(
    uow: UnitOfWork,
    actor: Actor | None,
    requests: Iterable[SubjectAccessRequestRow],
    survivor_id: int,
    merged: str,
    survivor: str,
) -> None:
    """Inside a merge's transaction: audit each request of the record `merged` (its
    reference) that moved with it to the kept record (`survivor`), on the kept record, so
    the request's own history says where it came from (`dsar.moved_by_merge`)."""
    for row in requests:
        audit.record(
            uow,
            actor,
            AuditAction.SUBJECT_ACCESS_MOVED_BY_MERGE,
            customer_id=survivor_id,
            details={
                "request_id": row.id,
                "right": row.data_right,
                "merged": merged,
                "survivor": survivor,
            },
        )


def taken_in_call(uow: UnitOfWork, interaction_id: int) -> tuple[DataRight, ...]:
    """The rights passed to the DPO in the call so far (logged, or noted on an open
    request), each once, from the call's events."""
    steps = uow.audit.call_steps(
        interaction_id,
        (AuditAction.SUBJECT_ACCESS_LOGGED, AuditAction.SUBJECT_ACCESS_ASKED_AGAIN),
    )
    return tuple(dict.fromkeys(right_of(str(step.details.get("right"))) for step in steps))


#: The events of a call that say how far its caller got.
_VERIFICATION_STEPS = (AuditAction.CALLER_IDENTIFIED, AuditAction.CALLER_VERIFIED)


def _verified_to(uow: UnitOfWork, interaction_id: int) -> str:
    """The level the caller now on the line reached in the call ("Standard"), or ""."""
    level = ""
    for step in uow.audit.call_steps(interaction_id, _VERIFICATION_STEPS):
        # A caller identified afresh (another person on the line) starts from nothing.
        identified = step.action is AuditAction.CALLER_IDENTIFIED
        level = "" if identified else level_reached(step.details)
    return level


def _who_asked(interaction: Interaction) -> str:
    """ "The customer, in the phone call of 04 Dec 2026"."""
    who = {
        CallerKind.CUSTOMER.value: "The customer",
        CallerKind.REPRESENTATIVE.value: "Their authorised representative",
    }.get(interaction.caller_kind, "A caller with no authority on the record")
    channel = Channel(interaction.channel).label.lower()
    return f"{who}, in the {channel} of {interaction.started_at:%d %b %Y}"


def _how_verified(interaction: Interaction, level: str, verified: bool) -> str:
    """How far the caller was verified in the call, for the DPO."""
    if verified:
        return f"Verified in the call to {level}."
    if interaction.caller_kind == CallerKind.NO_AUTHORITY.value:
        return "Not verified: no authority on the record. Check who they are before acting."
    return "Not verified in the call. Check who they are before acting."
