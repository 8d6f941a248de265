"""After the call (MP-18): wrapping an interaction up, and the calls still to finish.

Ending an interaction opens its wrap-up: enquiry type, outcome (with a follow-up date
where the outcome needs one), notes and the customer's own words. Saving it ends the
interaction if it is still open (`interaction.ended`, with the enquiry type and outcome)
and records the wrap-up (`interaction.wrapped_up`). An interaction left without one
(quit, the idle lock's end of session, a crash) keeps `wrapped_up_at` NULL and is offered
to its handler as a call to finish at their next login; supervisors see how many each
operator has open.

Notes (those added during the call: services/call_notes.py) and words are personal data:
they pass through `domain.text.clean_free_text` (card numbers taken out) and are kept on
the interaction only, never in an event. Events carry the enquiry type, the outcome key and
counts.
"""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.call_so_far import CallSoFar, call_so_far
from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.rights import DataRight, RequestTaken
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.one_name import full_name
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.verification import Channel, VerificationPolicy
from custinfo_tui.domain.wrap_up import (
    COMPLAINT_RAISED,
    NO_COMPLAINT_YET,
    NO_RECORD_FOR_TEXT,
    CallToFinish,
    OpenWrapUps,
    WrapUp,
    WrapUpIn,
    WrapUpInvalid,
    check_wrap_up,
)
from custinfo_tui.repository.orm import Interaction
from custinfo_tui.services import audit
from custinfo_tui.services.call_ends import ends_at
from custinfo_tui.services.calls_open import finished_already, open_here, refuse_if_open
from custinfo_tui.services.closing_calls import desk_of
from custinfo_tui.services.errors import CallFinished
from custinfo_tui.services.in_call import end_call, own_interaction
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.restriction import sees_restricted
from custinfo_tui.services.rights_requests import log_from_call, taken_in_call
from custinfo_tui.services.unit_of_work import UnitOfWork


def wrap_up(
    uow: UnitOfWork,
    actor: Actor,
    capture: CapturePolicy,
    interaction_id: int,
    given: WrapUpIn,
) -> tuple[RequestTaken, ...]:
    """Wrap up one of the operator's interactions, ending it first if it is still open.

    Raises `WrapUpInvalid` (a FieldError) naming each field that is wrong; nothing is saved
    then. The events carry the enquiry type and outcome, never the notes or words. Rights
    the caller exercised (under *Data protection request*) go to the DPO's register in the
    same transaction (services/rights_requests.py); what became of each is returned.
    """
    require(actor, Permission.VERIFY_CALLERS)
    now = datetime.now(UTC)
    checked = check_wrap_up(given, capture.enquiry_types, capture.outcomes, now.date())
    with uow:
        # Locked: a supervisor may be closing it at this moment (services/closing_calls.py).
        interaction = own_interaction(uow, actor, interaction_id, for_update=True)
        if interaction.wrapped_up_at is not None:
            raise CallFinished(finished_already(uow, actor, interaction))
        _refuse_text_about_the_erased(uow, interaction, checked)
        if checked.outcome == COMPLAINT_RAISED and not _complaint_recorded(uow, interaction):
            # The outcome would say a complaint was taken that no one will ever answer.
            raise WrapUpInvalid({"outcome": NO_COMPLAINT_YET})
        summary = {
            "channel": interaction.channel,
            "enquiry_type": checked.enquiry_type,
            "outcome": checked.outcome,
        }
        ended_now = interaction.ended_at is None
        if ended_now:
            # When its wrap-up opened in the call, not now (services/call_ends.py).
            at, ended = ends_at(uow, actor, interaction, now)
            end_call(uow, actor, interaction, "ended", at=at, details=summary | ended)
        interaction.enquiry_type = checked.enquiry_type
        interaction.outcome = checked.outcome
        interaction.notes = checked.notes
        interaction.customer_words = checked.customer_words
        interaction.follow_up_on = checked.follow_up_on
        interaction.wrapped_up_at = now
        audit.record(
            uow,
            actor,
            AuditAction.INTERACTION_WRAPPED_UP,
            customer_id=interaction.customer_id,
            interaction_id=interaction.id,
            details={
                **summary,
                "follow_up": checked.follow_up_on is not None,
                "notes_characters": len(checked.notes or ""),
                "customer_words_characters": len(checked.customer_words or ""),
                # Wrapped up from the calls to finish, after the interaction had ended.
                "later": not ended_now,
            }
            | ({"rights": [right.value for right in checked.rights]} if checked.rights else {}),
        )
        # Passed on in the call already (Ctrl+R): not noted on their requests again.
        already = taken_in_call(uow, interaction.id) if checked.rights else ()
        rights = tuple(right for right in checked.rights if right not in already)
        taken = log_from_call(uow, actor, interaction, rights) if rights else ()
        uow.commit()
        return taken


def open_wrap_up(
    uow: UnitOfWork,
    actor: Actor,
    interaction_id: int,
    policy: VerificationPolicy | None = None,
) -> CallToFinish:
    """The operator's call to wrap up now, as their calls to finish list it, its wrap-up's
    opening recorded: `interaction.wrap_up_opened`, filed under the call alone (naming no
    customer), with `in_call` when the call is being ended at the console it was taken on.
    A call ended so ends when its wrap-up opened (services/call_ends.py); a supervisor about
    to close a call is told when its handler has its wrap-up open
    (services/closing_calls.py). Raises `CallFinished` when it needs no wrap-up any more.
    For the call's own console ending it; the calls to finish use `open_call_to_finish`."""
    return _open(uow, actor, interaction_id, policy, from_the_list=False)


def open_call_to_finish(
    uow: UnitOfWork,
    actor: Actor,
    interaction_id: int,
    policy: VerificationPolicy | None = None,
) -> CallToFinish:
    """As `open_wrap_up`, from the operator's calls to finish: refused with `CallStillOpen`
    while the call is open at this console or at another of theirs, since its wrap-up is
    done there (services/calls_open.py), and with `CallFinished` once it is wrapped up."""
    return _open(uow, actor, interaction_id, policy, from_the_list=True)


def _open(
    uow: UnitOfWork,
    actor: Actor,
    interaction_id: int,
    policy: VerificationPolicy | None,
    *,
    from_the_list: bool,
) -> CallToFinish:
    require(actor, Permission.VERIFY_CALLERS)
    with uow:
        interaction = own_interaction(uow, actor, interaction_id)
        if interaction.wrapped_up_at is not None:
            raise CallFinished(finished_already(uow, actor, interaction))
        if from_the_list:
            refuse_if_open(uow, actor, interaction, datetime.now(UTC))
        console = uow.interactions.started_on_console(interaction.id)
        in_call = interaction.ended_at is None and console == actor.console_session
        audit.record(
            uow,
            actor,
            AuditAction.WRAP_UP_OPENED,
            interaction_id=interaction.id,
            details={"channel": interaction.channel, "in_call": in_call},
        )
        call = next(c for c in _calls(uow, actor, policy) if c.interaction_id == interaction_id)
        uow.commit()
        return call


def leave_wrap_up(uow: UnitOfWork, actor: Actor, interaction_id: int) -> None:
    """The operator left the wrap-up they opened from their calls to finish for later:
    `interaction.wrap_up_left`, filed under the call alone, so a supervisor is told it
    waits for them rather than that they may be typing it (services/closing_calls.py).
    Nothing is recorded for a call wrapped up meanwhile (closed by a supervisor)."""
    require(actor, Permission.VERIFY_CALLERS)
    with uow:
        interaction = own_interaction(uow, actor, interaction_id)
        if interaction.wrapped_up_at is not None:
            return
        audit.record(
            uow,
            actor,
            AuditAction.WRAP_UP_LEFT,
            interaction_id=interaction.id,
            details={"channel": interaction.channel},
        )
        uow.commit()


def finished_call_notice(uow: UnitOfWork, actor: Actor, interaction_id: int) -> str | None:
    """What the handler is told of their call that needs no wrap-up any more: closed by a
    supervisor, or wrapped up at another desk; None while it is still to finish."""
    require(actor, Permission.VERIFY_CALLERS)
    with uow:
        interaction = own_interaction(uow, actor, interaction_id)
        if interaction.wrapped_up_at is None:
            return None
        return finished_already(uow, actor, interaction)


def calls_to_finish(
    uow: UnitOfWork, actor: Actor, policy: VerificationPolicy | None = None
) -> list[CallToFinish]:
    """The operator's interactions not wrapped up, oldest first: when, how, which customer
    (by name and reference, as the lookup lists them, with the record the call was about if
    it has been merged into another since), the notes they wrote during it, and what its
    events say happened in it (`CallSoFar`; levels by `policy`'s titles). A call open at
    this console is left out: it is on its screen, and wrapped up there
    (services/calls_open.py)."""
    require(actor, Permission.VERIFY_CALLERS)
    with uow:
        return _calls(uow, actor, policy, open_here_too=False)


def _calls(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy | None,
    *,
    open_here_too: bool = True,
) -> list[CallToFinish]:
    return [
        _to_finish(
            interaction,
            reference,
            merged_from,
            _complaint_recorded(uow, interaction),
            taken_in_call(uow, interaction.id),
            _name_listed(uow, actor, interaction),
            _so_far(uow, interaction, policy),
        )
        for interaction, reference, merged_from in uow.interactions.to_finish(actor.operator_id)
        if open_here_too or not open_here(uow, actor, interaction)
    ]


def _so_far(
    uow: UnitOfWork, interaction: Interaction, policy: VerificationPolicy | None
) -> CallSoFar:
    """What the call's own events say happened in it (domain/call_so_far.py). A wrap-up
    opened and not saved is lost only once no console may still be on it (`desk_of`)."""
    events = uow.audit.for_interaction(interaction.id)
    so_far = call_so_far(events, about_a_record=interaction.customer_id is not None, policy=policy)
    if so_far.wrap_up_unsaved_at is None:
        return so_far
    if desk_of(uow, interaction, datetime.now(UTC)).wrap_up_opened_at is None:
        return so_far
    return so_far.model_copy(update={"wrap_up_unsaved_at": None})


def _name_listed(uow: UnitOfWork, actor: Actor, interaction: Interaction) -> str | None:
    """The call's customer's name as the lookup lists it beside their reference (so naming
    them discloses nothing the lookup does not); None for a call about no record, and for
    a record the lookup would not list for `actor`: erased, or its processing restricted."""
    if interaction.customer_id is None:
        return None
    customer = uow.customers.get(interaction.customer_id)
    if customer is None or customer.status == CustomerStatus.ERASED:
        return None
    restricted = uow.subject_access.restriction_in_force(customer.id) is not None
    if restricted and not sees_restricted(actor):
        return None
    return full_name(customer.given_name, customer.family_name)


def open_wrap_ups(uow: UnitOfWork, actor: Actor) -> list[OpenWrapUps]:
    """For supervisors: how many interactions each operator has not wrapped up, most first."""
    require(actor, Permission.WORK_QUEUE)
    with uow:
        return [
            OpenWrapUps(operator=username, count=count, not_ended=not_ended)
            for username, count, not_ended in uow.interactions.count_to_finish()
        ]


#: Said at the notes and the customer's words when the customer was erased after the call.
ERASED_SINCE = (
    "The customer's record was erased after this call: notes and their words cannot be kept. "
    "Empty those boxes to finish the wrap-up."
)


def _refuse_text_about_the_erased(
    uow: UnitOfWork, interaction: Interaction, checked: WrapUp
) -> None:
    """A call left for later whose customer has since been erased: the wrap-up keeps the
    enquiry type and outcome (statistics), never new notes or words about the person, which
    would put personal data back into an erased record. A call about no record (a new
    customer never saved) keeps none either: no access request or erasure could find
    them, and abandoning a new customer stores nothing about them."""
    if interaction.customer_id is None:
        why = NO_RECORD_FOR_TEXT
    else:
        customer = uow.customers.get(interaction.customer_id)
        if customer is None or customer.status != CustomerStatus.ERASED:
            return
        why = ERASED_SINCE
    problems = {
        key: why
        for key, text in (("notes", checked.notes), ("customer_words", checked.customer_words))
        if text
    }
    if problems:
        raise WrapUpInvalid(problems)


def _complaint_recorded(uow: UnitOfWork, interaction: Interaction) -> bool:
    """A complaint raised in this call, or on the customer's record since it started (from
    the record, when the call is wrapped up later)."""
    if interaction.customer_id is None:
        return False
    return any(
        complaint.interaction_id == interaction.id
        or complaint.received_at >= interaction.started_at
        for complaint in uow.complaints.of_customer(interaction.customer_id)
    )


def _to_finish(
    interaction: Interaction,
    reference: str | None,
    merged_from: str | None,
    complaint_raised: bool,
    rights_taken: tuple[DataRight, ...] = (),
    name: str | None = None,
    so_far: CallSoFar | None = None,
) -> CallToFinish:
    return CallToFinish(
        interaction_id=interaction.id,
        started_at=interaction.started_at,
        channel=Channel(interaction.channel),
        customer_reference=format_reference(reference) if reference else None,
        merged_from=format_reference(merged_from) if merged_from else None,
        still_open=interaction.ended_at is None,
        notes=interaction.notes,
        complaint_raised=complaint_raised,
        rights_taken=rights_taken,
        customer_name=name,
        so_far=so_far,
    )
