"""The guards every call-handling service starts with, in one place.

The operator's own interaction (`own_interaction`), still open (`open_interaction`), and
about the customer something is recorded in (`open_call_about`); the
active customer it is about (`active_customer`, which services outside a call use too);
the caller's verification allowing what is about to be done (`require_in_call`); and who
the caller is, for the details of audit events (`caller_details`); and ending a call, the
one way its end is stored and recorded (`end_call`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.verification import CallerKind, Channel, VerificationPolicy
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR
from custinfo_tui.repository.orm import Customer, Interaction
from custinfo_tui.services import audit
from custinfo_tui.services.erased_records import record_erased
from custinfo_tui.services.errors import (
    CallEnded,
    NotFound,
    PermissionDenied,
    ServiceError,
    VerificationLocked,
)
from custinfo_tui.services.unit_of_work import UnitOfWork
from custinfo_tui.services.verification_state import state_of


def active_customer(uow: UnitOfWork, customer_id: int, *, for_update: bool = False) -> Customer:
    """The customer, if their record is still active; `for_update` row-locks it until the
    transaction ends (on PostgreSQL; SQLite serialises writers anyway). An erased record
    is refused with when it was erased and that nothing is held (`RecordErased`), as the
    lookup says it: a screen that still shows it closes it."""
    customer = uow.customers.get_for_update(customer_id, lock=for_update)
    if customer is not None and customer.status == CustomerStatus.ERASED:
        raise record_erased(uow, customer.id)
    if customer is not None and customer.status == CustomerStatus.MERGED:
        raise NotFound(_merged_note(uow, customer))
    if customer is None or customer.status != CustomerStatus.ACTIVE:
        raise NotFound("That customer record no longer exists.")
    return customer


def _merged_note(uow: UnitOfWork, customer: Customer) -> str:
    """ "This record was merged into 1001 2345 P: open that one." A merge points the
    records merged into the other one before at the survivor too (repository.merging,
    `merged_records`), so one step reaches the record that holds it all now."""
    survivor = uow.customers.get(customer.merged_into_id) if customer.merged_into_id else None
    if survivor is None:
        return "This record was merged into another: search for the customer again."
    return f"This record was merged into {format_reference(survivor.reference)}: open that one."


def customer_of(interaction: Interaction) -> int:
    """The id of the customer the interaction is about."""
    if interaction.customer_id is None:
        raise ServiceError("This interaction is not about a customer record.")
    return interaction.customer_id


def own_interaction(
    uow: UnitOfWork, actor: Actor, interaction_id: int, *, for_update: bool = False
) -> Interaction:
    """The interaction, if it is this operator's: nobody verifies on another desk's call.
    `for_update` locks its row until the transaction ends (to finish it: a supervisor may
    be closing it at the same moment)."""
    interaction = (
        uow.interactions.get_for_update(interaction_id)
        if for_update
        else uow.interactions.get(interaction_id)
    )
    if interaction is None:
        raise NotFound("That call is not on record.")
    if interaction.operator_id != actor.operator_id:
        raise PermissionDenied("act on another operator's call")
    return interaction


def open_interaction(uow: UnitOfWork, actor: Actor, interaction_id: int) -> Interaction:
    """The operator's own interaction, if it has not ended: an ended call is no reason to
    verify, disclose or change anything any more (MP-09)."""
    interaction = own_interaction(uow, actor, interaction_id)
    if interaction.ended_at is not None:
        raise call_ended(uow, interaction)
    return interaction


def open_call_about(
    uow: UnitOfWork, actor: Actor, interaction_id: int | None, customer_id: int
) -> Interaction | None:
    """The operator's own open call something about the customer is recorded in, None
    outside a call: one about another customer is refused (NotFound), nothing saved, so
    nothing names a call it was not raised in."""
    if interaction_id is None:
        return None
    interaction = open_interaction(uow, actor, interaction_id)
    if interaction.customer_id != customer_id:
        raise NotFound("That call is not about this customer.")
    return interaction


def call_ended(uow: UnitOfWork, interaction: Interaction) -> CallEnded:
    """The refusal for work in an ended call, saying why where the row knows: closed by a
    supervisor (with their reason), or wrapped up (at another desk: this one's screen is
    still in the call)."""
    by_supervisor = interaction.outcome == CLOSED_BY_SUPERVISOR
    return CallEnded(
        by_supervisor=by_supervisor,
        wrapped_up=interaction.wrapped_up_at is not None,
        reason=closing_reason(uow, interaction.id) if by_supervisor else None,
    )


def closing_reason(uow: UnitOfWork, interaction_id: int) -> str | None:
    """The reason a supervisor gave for closing the call: its last wrap-up event's."""
    wrapped = [
        event
        for event in uow.audit.for_interaction(interaction_id)
        if event.action is AuditAction.INTERACTION_WRAPPED_UP
    ]
    return wrapped[-1].reason if wrapped else None


def open_call(uow: UnitOfWork, actor: Actor, interaction_id: int) -> tuple[Interaction, Customer]:
    """The operator's open interaction and the active customer it is about."""
    interaction = open_interaction(uow, actor, interaction_id)
    return interaction, active_customer(uow, customer_of(interaction))


def require_in_call(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction_id: int,
    customer: Customer,
    changes: Mapping[str, str],
) -> Interaction:
    """The operator's open call about `customer`, whose caller may take every action in
    `changes` (what is changed, such as "Postcode", -> its action, such as "change:address");
    otherwise ServiceError saying what cannot be changed in this call and why."""
    return call_allowing(uow, actor, policy, interaction_id, customer, changes)[0]


def call_allowing(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction_id: int,
    customer: Customer,
    changes: Mapping[str, str],
) -> tuple[Interaction, VerificationState]:
    """`require_in_call`, with the call's verification state: a change that also reads out
    what the caller may hear (the rest of an address, read back) needs it."""
    interaction, state = unlocked_call(uow, actor, policy, interaction_id, customer)
    for what, action in changes.items():
        if not state.allows(action):
            needs = state.needs.get(action, "not allowed")
            raise ServiceError(f"{what} cannot be changed in this call: {needs}.")
    return interaction, state


def unlocked_call(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction_id: int,
    customer: Customer,
) -> tuple[Interaction, VerificationState]:
    """The operator's open call about `customer`, and its verification state, for a service
    that decides itself what the caller may do; VerificationLocked while verification is
    locked."""
    interaction = open_interaction(uow, actor, interaction_id)
    if interaction.customer_id != customer.id:
        raise ServiceError("That call is about another customer.")
    state = state_of(uow, policy, interaction, customer, datetime.now(UTC))
    if state.locked:
        raise VerificationLocked(policy.scripts.locked)
    return interaction, state


def caller_details(interaction: Interaction) -> dict[str, object]:
    """Who is on the line, for an audit event's details: their kind and representative id."""
    details: dict[str, object] = {"caller": interaction.caller_kind}
    if interaction.representative_id is not None:
        details["representative"] = interaction.representative_id
    return details


def begin_call(
    uow: UnitOfWork,
    actor: Actor,
    channel: Channel,
    at: datetime,
    *,
    customer_id: int | None,
    details: dict[str, Any] | None = None,
) -> Interaction:
    """Store a call started `at` on `channel` and record `interaction.started` (the channel,
    and `details`), about `customer_id` (None: a new customer, no record yet), inside the
    caller's transaction."""
    interaction = uow.interactions.add(
        Interaction(
            customer_id=customer_id,
            operator_id=actor.operator_id,
            channel=channel.value,
            started_at=at,
            caller_kind=CallerKind.CUSTOMER.value,
        )
    )
    record_start(uow, actor, interaction, at=at, details=details)
    return interaction


def record_start(
    uow: UnitOfWork,
    actor: Actor,
    interaction: Interaction,
    *,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> None:
    """Record a stored call's one `interaction.started` (its channel, and `details`), about
    its customer if it has one, inside the caller's transaction."""
    audit.record(
        uow,
        actor,
        AuditAction.INTERACTION_STARTED,
        customer_id=interaction.customer_id,
        interaction_id=interaction.id,
        details={"channel": interaction.channel, **(details or {})},
        at=at,
    )


def end_call(
    uow: UnitOfWork,
    actor: Actor,
    interaction: Interaction,
    outcome: str,
    *,
    at: datetime | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Store the call as ended (`at`, now by default) and record `interaction.ended`, at
    the same time, with `outcome` (why it ended: "ended", "logged_out",
    "closed_by_supervisor"), inside the caller's transaction."""
    interaction.ended_at = at or datetime.now(UTC)
    audit.record(
        uow,
        actor,
        AuditAction.INTERACTION_ENDED,
        customer_id=interaction.customer_id,
        interaction_id=interaction.id,
        outcome=outcome,
        details=details,
        at=interaction.ended_at,
    )
