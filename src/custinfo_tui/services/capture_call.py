"""A new customer's call (MP-18): stored when it starts, before anything about them is typed.

`F6` on the lookup asks how the new customer is in touch; choosing starts the call
(`start_new_customer_call`): an interaction about no customer yet, audited as
`interaction.started` (its channel, `new_customer`), holding no personal data. A console
that dies on the capture form leaves it open, so it is in its handler's calls to finish and
the supervisors' count like any call killed mid-way (docs/crash-safety.md). The consent and
the details stay unsaved until the save (services/capture.py), which files the call under
the new customer (`call_for_the_save`); a record chosen instead from the possible
duplicates takes the call on (`carry_on_about`). Either way the filing goes on that
customer's trail as `interaction.filed` (`file_call_under`), at the time the call started:
the call started once, and its one `interaction.started`, about no one, stays as it was
stored (the stream is append-only). A capture abandoned ends the call, which is wrapped
up as any call (services/wrap_up.py), with no record to keep notes on.
"""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.capture import NewCustomerCall
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.orm import Customer, Interaction
from custinfo_tui.services import audit
from custinfo_tui.services.errors import CustomerSavedAlready, ServiceError
from custinfo_tui.services.in_call import begin_call, call_ended, own_interaction
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork

#: The outcome a new customer's call is stored with when the save files it under them.
CUSTOMER_CREATED = "customer created"


def start_new_customer_call(uow: UnitOfWork, actor: Actor, channel: Channel) -> NewCustomerCall:
    """Start the call a new customer's details are to be taken in: stored and audited now,
    about no customer yet, with nothing about the person in it."""
    require(actor, Permission.VERIFY_CALLERS)
    require(actor, Permission.EDIT_CUSTOMER)
    now = datetime.now(UTC)
    with uow:
        interaction = begin_call(
            uow, actor, channel, now, customer_id=None, details={"new_customer": True}
        )
        call = NewCustomerCall(interaction_id=interaction.id, channel=channel, started_at=now)
        uow.commit()
        return call


def call_for_the_save(
    uow: UnitOfWork, actor: Actor, interaction_id: int, channel: Channel
) -> Interaction:
    """The operator's new-customer call, locked until the save commits, still open and
    about no one: the call the save files under the new customer. Refused when it has
    ended (a supervisor closed it, or its handler wrapped it up at another desk:
    `CallEnded`), or already has its customer (`CustomerSavedAlready`)."""
    interaction = _open_new_customer_call(uow, actor, interaction_id)
    if interaction.channel != channel.value:
        raise ServiceError("That call was started on another channel.")
    return interaction


def carry_on_about(
    uow: UnitOfWork, actor: Actor, interaction_id: int, customer: Customer
) -> Interaction:
    """The new customer's call, taken on about `customer`, a record on file the handler
    chose instead of a new one: the same call goes on, filed under them
    (`interaction.filed` on their trail, at the time it started), inside the caller's
    transaction."""
    interaction = _open_new_customer_call(uow, actor, interaction_id, about=customer.id)
    if interaction.customer_id is None:  # else taken on already: the record opens again
        interaction.customer_id = customer.id
        file_call_under(uow, actor, interaction, new_record=False)
    return interaction


def file_call_under(
    uow: UnitOfWork, actor: Actor, interaction: Interaction, *, new_record: bool
) -> None:
    """Record that the call, started about no one, is its customer's: on their trail, at
    the time the call started, so their timeline shows when it began, as it does a call
    started on their record. `new_record`: the save made the record; else one on file was
    chosen. Not a second `interaction.started`: the call started once, and supervisors,
    the evidence of practice and the trainer's scoring count calls by their starts."""
    audit.record(
        uow,
        actor,
        AuditAction.INTERACTION_FILED,
        customer_id=interaction.customer_id,
        interaction_id=interaction.id,
        details={"channel": interaction.channel, "new_record": new_record},
        at=min(interaction.started_at, datetime.now(UTC)),
    )


def _open_new_customer_call(
    uow: UnitOfWork, actor: Actor, interaction_id: int, *, about: int | None = None
) -> Interaction:
    """The operator's new-customer call, locked, still open and about no one (or about
    `about` already: taken on about them by a try whose answer was lost)."""
    # Locked: a supervisor may be closing it from the queue at this moment.
    interaction = own_interaction(uow, actor, interaction_id, for_update=True)
    if interaction.customer_id is not None and interaction.customer_id != about:
        customer = uow.customers.get(interaction.customer_id)
        if interaction.outcome == CUSTOMER_CREATED and customer is not None:
            raise CustomerSavedAlready(customer.id, customer.reference)
        raise ServiceError("That call is about a customer on record already.")
    if interaction.ended_at is not None:
        raise call_ended(uow, interaction)
    return interaction
