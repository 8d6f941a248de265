"""Caller verification (ID&V, MP-08): interactions, blind checks, lockout and third parties.

A call, visit or message is an interaction. Who is on the line (the customer, one of their
authorised representatives, or someone with no authority) is set on it, and the checks the
caller passes count for that caller in that interaction only.

The state of verification is read from the audit/event stream itself: the passed and failed
checks are `caller.check_passed` and `caller.verification_failed` events of the
interaction, and the failures that lead to a lock are those events on the customer within
the policy's window. The trail and the supervisor views (and trainer scoring, once it is
built) therefore see exactly what the verification panel saw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.fields import FieldGroup
from custinfo_tui.domain.interactions import (
    Caller,
    CheckOutcome,
    CheckState,
    CheckStatus,
    QueueItemStatus,
    RepresentativeSummary,
    VerificationState,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import (
    NO_LEVEL,
    Access,
    Authority,
    CallerKind,
    Channel,
    CheckKind,
    VerificationPolicy,
    action_for,
    describe_actions,
    normalise_answer,
    normalise_security_answer,
    same_answer,
    stored_form,
)
from custinfo_tui.repository.orm import (
    Customer,
    Interaction,
    QueueItemRow,
    Representative,
    VerificationLock,
)
from custinfo_tui.services import audit
from custinfo_tui.services.errors import NotFound, PermissionDenied, ServiceError
from custinfo_tui.services.passwords import verify_secret
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork

POSSIBLE_FRAUD = "possible_fraud"
READ_IDENTITY = action_for(Access.READ, FieldGroup.IDENTITY)


class VerificationLocked(ServiceError):
    """Verification is locked for this customer on this channel; the message is the script."""


class CallEnded(ServiceError):
    def __init__(self) -> None:
        super().__init__("This call has ended. Start a new one to verify the caller.")


def start_interaction(
    uow: UnitOfWork, actor: Actor, policy: VerificationPolicy, customer_id: int, channel: Channel
) -> VerificationState:
    """Start a call (or visit, e-mail, ...) about one customer, with the customer on the line."""
    require(actor, Permission.VERIFY_CALLERS)
    now = datetime.now(UTC)
    with uow:
        customer = active_customer(uow, customer_id)
        interaction = uow.interactions.add(
            Interaction(
                customer_id=customer.id,
                operator_id=actor.operator_id,
                channel=channel.value,
                started_at=now,
                caller_kind=CallerKind.CUSTOMER.value,
            )
        )
        audit.record(
            uow,
            actor,
            AuditAction.INTERACTION_STARTED,
            customer_id=customer.id,
            interaction_id=interaction.id,
            details={"channel": channel.value},
        )
        state = state_of(uow, policy, interaction, customer, now)
        uow.commit()
        return state


def end_interaction(uow: UnitOfWork, actor: Actor, interaction_id: int) -> None:
    """Close the interaction: nothing more can be verified or disclosed in it."""
    with uow:
        interaction = own_interaction(uow, actor, interaction_id)
        if interaction.ended_at is not None:
            return
        _end(uow, actor, interaction, "ended")
        uow.commit()


def end_open_interactions(uow: UnitOfWork, actor: Actor, why: str) -> None:
    """End whatever calls the operator left open, inside the caller's transaction.

    Logging out, quitting or being ended at the idle lock must not leave a verified call
    open for the next login to disclose in.
    """
    for interaction in uow.interactions.open_for_operator(actor.operator_id):
        _end(uow, actor, interaction, why)


def _end(uow: UnitOfWork, actor: Actor, interaction: Interaction, why: str) -> None:
    interaction.ended_at = datetime.now(UTC)
    audit.record(
        uow,
        actor,
        AuditAction.INTERACTION_ENDED,
        customer_id=interaction.customer_id,
        interaction_id=interaction.id,
        outcome=why,
    )


def verification_state(
    uow: UnitOfWork, actor: Actor, policy: VerificationPolicy, interaction_id: int
) -> VerificationState:
    require(actor, Permission.VERIFY_CALLERS)
    with uow:
        interaction = own_interaction(uow, actor, interaction_id)
        customer = active_customer(uow, customer_of(interaction))
        return state_of(uow, policy, interaction, customer, datetime.now(UTC))


def representatives(uow: UnitOfWork, actor: Actor, customer_id: int) -> list[RepresentativeSummary]:
    """Who may act for the customer: for the "who is calling" choice. Names only."""
    require(actor, Permission.VERIFY_CALLERS)
    with uow:
        return [summary_of(r) for r in uow.interactions.representatives_of(customer_id)]


def identify_caller(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction_id: int,
    kind: CallerKind,
    representative_id: int | None = None,
) -> VerificationState:
    """Say who is on the line. Checks passed so far stop counting: they were someone else's.

    A caller with no authority on file gets nothing disclosed; the state carries the script
    line explaining why.
    """
    require(actor, Permission.VERIFY_CALLERS)
    now = datetime.now(UTC)
    with uow:
        interaction = open_interaction(uow, actor, interaction_id)
        customer = active_customer(uow, customer_of(interaction))
        if kind is CallerKind.REPRESENTATIVE:
            representative = (
                uow.interactions.get_representative(representative_id)
                if representative_id is not None
                else None
            )
            if (
                representative is None
                or representative.customer_id != customer.id
                or not representative.active
            ):
                raise NotFound("That representative is not on this customer's record.")
        elif representative_id is not None:
            raise ValueError("a representative id only goes with CallerKind.REPRESENTATIVE")
        interaction.caller_kind = kind.value
        interaction.representative_id = representative_id
        audit.record(
            uow,
            actor,
            AuditAction.CALLER_IDENTIFIED,
            customer_id=customer.id,
            interaction_id=interaction.id,
            outcome="no_authority" if kind is CallerKind.NO_AUTHORITY else "ok",
            details=caller_details(interaction),
        )
        state = state_of(uow, policy, interaction, customer, now)
        uow.commit()
        return state


def check_answer(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction_id: int,
    kind: CheckKind,
    answer: str,
) -> CheckOutcome:
    """Compare what the caller said with what is on file, blind: only pass or fail comes back.

    A FieldError means the handler's typing cannot be an answer (not a date, a malformed
    postcode) and counts for nothing. A wrong answer is a failed check; the policy's
    `max_failures` on one customer within its window lock verification on the lock
    channels and raise a possible-fraud item for supervisors.
    """
    require(actor, Permission.VERIFY_CALLERS)
    now = datetime.now(UTC)
    with uow:
        interaction = open_interaction(uow, actor, interaction_id)
        # Locks the customer's row on PostgreSQL (SQLite serialises writers anyway), so two
        # desks failing checks at once cannot both miss the lock.
        customer = active_customer(uow, customer_of(interaction), for_update=True)
        state = state_of(uow, policy, interaction, customer, now)
        if state.locked:
            audit.record(
                uow,
                actor,
                AuditAction.VERIFICATION_REFUSED,
                customer_id=customer.id,
                interaction_id=interaction.id,
                fields=(kind.value,),
                outcome="locked",
            )
            uow.commit()
            raise VerificationLocked(policy.scripts.locked)
        if interaction.caller_kind == CallerKind.NO_AUTHORITY.value:
            raise ServiceError(policy.scripts.no_authority)
        if kind not in policy.checks:
            raise ServiceError(f"{kind.label} is not a check this organisation uses.")
        check = next(c for c in state.checks if c.kind is kind)
        if check.status is CheckStatus.PASSED:
            raise ServiceError(f"{kind.label} has already been checked; ask another question.")
        if check.status is CheckStatus.NOT_ON_FILE:
            raise ServiceError(f"There is no {kind.label.lower()} on file to check against.")

        passed = _compare(policy, _on_file(uow, interaction, customer), kind, answer)
        caller = caller_details(interaction)
        audit.record(
            uow,
            actor,
            AuditAction.CALLER_CHECK_PASSED if passed else AuditAction.CALLER_VERIFICATION_FAILED,
            customer_id=customer.id,
            interaction_id=interaction.id,
            fields=(kind.value,),
            outcome="ok" if passed else "failed",
            details={**caller, "check": kind.value},
        )
        if passed:
            new_state = state_of(uow, policy, interaction, customer, now)
            reached = new_state.level if new_state.level != state.level else None
            if reached is not None:
                audit.record(
                    uow,
                    actor,
                    AuditAction.CALLER_VERIFIED,
                    customer_id=customer.id,
                    interaction_id=interaction.id,
                    details={**caller, "level": reached, "passes": new_state.passes},
                )
            uow.commit()
            return CheckOutcome(kind=kind, passed=True, level_reached=reached, state=new_state)

        failures = _failures_in_window(uow, policy, customer.id, now)
        locked_now = failures >= policy.max_failures and _lock(
            uow, actor, policy, interaction, customer, failures, now
        )
        new_state = state_of(uow, policy, interaction, customer, now)
        uow.commit()
        # The lock script only where this channel is locked: someone at a branch counter is
        # not told to visit a branch.
        say = policy.scripts.locked if new_state.locked else policy.scripts.failed_check
        return CheckOutcome(kind=kind, passed=False, locked=locked_now, say=say, state=new_state)


# -- Reading the state from the event stream ------------------------------------------------


@dataclass(frozen=True, slots=True)
class _OnFile:
    """What the current caller's answers are compared with. Never leaves this module."""

    date_of_birth: str | None
    postcode: str | None
    foreign_postcode: bool
    address_line1: str | None
    phones: tuple[str, ...]
    reference: str | None
    security_question: str | None
    security_answer_hash: str | None

    def has(self, kind: CheckKind) -> bool:
        value = {
            CheckKind.DATE_OF_BIRTH: self.date_of_birth,
            CheckKind.POSTCODE: self.postcode,
            CheckKind.ADDRESS_LINE1: self.address_line1,
            CheckKind.PHONE_DIGITS: self.phones or None,
            CheckKind.REFERENCE: self.reference,
            CheckKind.SECURITY_ANSWER: self.security_answer_hash,
        }[kind]
        return bool(value)


def _on_file(uow: UnitOfWork, interaction: Interaction, customer: Customer) -> _OnFile:
    if interaction.caller_kind == CallerKind.REPRESENTATIVE.value:
        rep = _representative(uow, interaction)
        return _OnFile(
            date_of_birth=rep.date_of_birth.isoformat() if rep.date_of_birth else None,
            postcode=rep.postcode,
            foreign_postcode=False,
            address_line1=rep.address_line1,
            phones=(rep.phone,) if rep.phone else (),
            # Someone holding the customer's paperwork may quote the customer's reference.
            reference=customer.reference,
            security_question=rep.security_question,
            security_answer_hash=rep.security_answer_hash,
        )
    address = next((a for a in customer.addresses if a.is_current), None)
    return _OnFile(
        date_of_birth=customer.date_of_birth.isoformat() if customer.date_of_birth else None,
        postcode=address.postcode if address else None,
        foreign_postcode=address is not None and address.country != "GB",
        address_line1=address.line1 if address else None,
        phones=tuple(c.value for c in customer.contact_points if c.kind == "phone"),
        reference=customer.reference,
        security_question=customer.security_question,
        security_answer_hash=customer.security_answer_hash,
    )


def _compare(policy: VerificationPolicy, on_file: _OnFile, kind: CheckKind, answer: str) -> bool:
    if kind is CheckKind.SECURITY_ANSWER:
        # argon2 verification compares in constant time.
        return verify_secret(on_file.security_answer_hash, normalise_security_answer(answer))
    given = normalise_answer(
        kind, answer, phone_digits=policy.phone_digits, foreign_postcode=on_file.foreign_postcode
    )
    if kind is CheckKind.PHONE_DIGITS:
        stored_values: tuple[str, ...] = on_file.phones
    else:
        value = {
            CheckKind.DATE_OF_BIRTH: on_file.date_of_birth,
            CheckKind.POSTCODE: on_file.postcode,
            CheckKind.ADDRESS_LINE1: on_file.address_line1,
            CheckKind.REFERENCE: on_file.reference,
        }[kind]
        stored_values = (value,) if value else ()
    # Compare with every stored value, not stopping at a match, so timing says nothing.
    matches = [
        same_answer(stored_form(kind, stored, phone_digits=policy.phone_digits), given)
        for stored in stored_values
    ]
    return any(matches)


def _current_segment(events: Sequence[AuditEvent]) -> list[AuditEvent]:
    """The events since the current caller was identified: their checks and disclosures."""
    start = 0
    for index, event in enumerate(events):
        if event.action is AuditAction.CALLER_IDENTIFIED:
            start = index + 1
    return list(events[start:])


def current_caller_events(uow: UnitOfWork, interaction_id: int) -> list[AuditEvent]:
    """The interaction's events that concern the caller now on the line."""
    return _current_segment(uow.audit.for_interaction(interaction_id))


def state_of(
    uow: UnitOfWork,
    policy: VerificationPolicy,
    interaction: Interaction,
    customer: Customer,
    now: datetime,
) -> VerificationState:
    """The interaction's verification state, inside the caller's unit of work."""
    segment = current_caller_events(uow, interaction.id)
    passed = {
        CheckKind(e.details["check"])
        for e in segment
        if e.action is AuditAction.CALLER_CHECK_PASSED
    }
    failures: dict[CheckKind, int] = {}
    for e in segment:
        if e.action is AuditAction.CALLER_VERIFICATION_FAILED:
            failed_kind = CheckKind(e.details["check"])
            failures[failed_kind] = failures.get(failed_kind, 0) + 1

    caller_kind = CallerKind(interaction.caller_kind)
    representative = (
        _representative(uow, interaction) if caller_kind is CallerKind.REPRESENTATIVE else None
    )
    on_file = _on_file(uow, interaction, customer)
    checks = tuple(
        CheckState(
            kind=kind,
            label=kind.label,
            question=policy.question(kind, on_file.security_question),
            status=_status(kind, passed, failures, on_file),
            failures=failures.get(kind, 0),
        )
        for kind in policy.checks
    )

    locked = (
        Channel(interaction.channel) in policy.lock_channels
        and uow.queue.active_lock(customer.id) is not None
    )
    level = NO_LEVEL if caller_kind is CallerKind.NO_AUTHORITY else policy.level_reached(passed)
    allowed = list(policy.allowed_actions(level))
    if locked or caller_kind is CallerKind.NO_AUTHORITY:
        # A lock withdraws even what earlier passes allowed: nothing more is disclosed.
        allowed = [READ_IDENTITY]
    elif representative is not None:
        scope = {READ_IDENTITY, *representative.scope}
        allowed = [a for a in allowed if a in scope]

    failures_left = max(0, policy.max_failures - _failures_in_window(uow, policy, customer.id, now))
    script = None
    if locked:
        script = policy.scripts.locked
    elif caller_kind is CallerKind.NO_AUTHORITY:
        script = policy.scripts.no_authority
    return VerificationState(
        interaction_id=interaction.id,
        customer_id=customer.id,
        channel=Channel(interaction.channel),
        started_at=interaction.started_at,
        ended=interaction.ended_at is not None,
        caller=_caller(caller_kind, representative),
        level=level,
        level_title="Locked" if locked else policy.level_title(level),
        passes=len(passed),
        checks=checks,
        next_step=None
        if locked or caller_kind is CallerKind.NO_AUTHORITY
        else policy.next_step(
            passed, [c.kind for c in checks if c.status is CheckStatus.NOT_ON_FILE]
        ),
        allowed=tuple(allowed),
        allowed_text=describe_actions(allowed) or "Names and reference only.",
        locked=locked,
        failures_left=failures_left,
        script=script,
        needs=_needs(policy, allowed, representative, caller_kind, locked=locked),
    )


def _needs(
    policy: VerificationPolicy,
    allowed: Sequence[str],
    representative: Representative | None,
    caller_kind: CallerKind,
    *,
    locked: bool,
) -> dict[str, str]:
    """Why each action not allowed is not: the level it needs, or the caller's authority."""
    needs = {}
    for group in FieldGroup:
        for access in Access:
            action = action_for(access, group)
            if action in allowed:
                continue
            if locked:
                needs[action] = "verification locked"
            elif caller_kind is CallerKind.NO_AUTHORITY:
                needs[action] = "no authority"
            elif representative is not None and action not in representative.scope:
                needs[action] = "outside their authority"
            else:
                needs[action] = f"needs {policy.level_title(policy.required_level(action))}"
    return needs


def _status(
    kind: CheckKind,
    passed: set[CheckKind],
    failures: dict[CheckKind, int],
    on_file: _OnFile,
) -> CheckStatus:
    if kind in passed:
        return CheckStatus.PASSED
    if not on_file.has(kind):
        return CheckStatus.NOT_ON_FILE
    if failures.get(kind):
        return CheckStatus.FAILED
    return CheckStatus.NOT_ASKED


def _failures_in_window(
    uow: UnitOfWork, policy: VerificationPolicy, customer_id: int, now: datetime
) -> int:
    """Failed checks on the customer within the window, not counting any before a lift."""
    since = now - timedelta(hours=policy.failure_window_hours)
    lifted = uow.queue.last_lift(customer_id)
    if lifted is not None and lifted > since:
        since = lifted
    return uow.audit.count(
        customer_id=customer_id,
        action=AuditAction.CALLER_VERIFICATION_FAILED.value,
        since=since,
    )


def _lock(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction: Interaction,
    customer: Customer,
    failures: int,
    now: datetime,
) -> bool:
    """Lock verification for the customer and raise a possible-fraud item; True if locked now.

    Already locked: no second lock, but if a supervisor closed the lock's item and kept the
    lock, new failures raise a new item, so there is always something to work.
    """
    lock = uow.queue.active_lock(customer.id)
    if lock is not None:
        item = uow.queue.get(lock.queue_item_id) if lock.queue_item_id is not None else None
        if item is None or item.status != QueueItemStatus.OPEN:
            lock.queue_item_id = _raise_item(
                uow, actor, policy, interaction, customer, failures, now
            )
        return False
    item_id = _raise_item(uow, actor, policy, interaction, customer, failures, now)
    uow.queue.add_lock(
        VerificationLock(
            customer_id=customer.id,
            channels=[c.value for c in policy.lock_channels],
            locked_at=now,
            queue_item_id=item_id,
        )
    )
    audit.record(
        uow,
        actor,
        AuditAction.VERIFICATION_LOCKED,
        customer_id=customer.id,
        interaction_id=interaction.id,
        outcome="locked",
        details={
            "failures": failures,
            "queue_item": item_id,
            "channels": [c.value for c in policy.lock_channels],
        },
    )
    return True


def _raise_item(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction: Interaction,
    customer: Customer,
    failures: int,
    now: datetime,
) -> int:
    hours = f"{policy.failure_window_hours:g}"
    item = uow.queue.add(
        QueueItemRow(
            kind=POSSIBLE_FRAUD,
            status=QueueItemStatus.OPEN,
            customer_id=customer.id,
            interaction_id=interaction.id,
            summary=(
                f"{failures} failed verification checks within {hours} hours "
                f"({Channel(interaction.channel).label.lower()}). Verification by "
                f"{' or '.join(c.value.replace('_', ' ') for c in policy.lock_channels)} "
                "is locked until a supervisor lifts it."
            ),
            raised_at=now,
            raised_by_id=actor.operator_id,
        )
    )
    return item.id


# -- Small helpers --------------------------------------------------------------------------


def active_customer(uow: UnitOfWork, customer_id: int, *, for_update: bool = False) -> Customer:
    customer = uow.customers.get_for_update(customer_id, lock=for_update)
    if customer is None or customer.status != CustomerStatus.ACTIVE:
        raise NotFound("That customer record no longer exists.")
    return customer


def customer_of(interaction: Interaction) -> int:
    if interaction.customer_id is None:
        raise ServiceError("This interaction is not about a customer record.")
    return interaction.customer_id


def own_interaction(uow: UnitOfWork, actor: Actor, interaction_id: int) -> Interaction:
    """The interaction, if it is this operator's: nobody verifies on another desk's call."""
    interaction = uow.interactions.get(interaction_id)
    if interaction is None:
        raise NotFound("That call is not on record.")
    if interaction.operator_id != actor.operator_id:
        raise PermissionDenied("act on another operator's call")
    return interaction


def open_interaction(uow: UnitOfWork, actor: Actor, interaction_id: int) -> Interaction:
    interaction = own_interaction(uow, actor, interaction_id)
    if interaction.ended_at is not None:
        raise CallEnded()
    return interaction


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
    interaction = open_interaction(uow, actor, interaction_id)
    if interaction.customer_id != customer.id:
        raise ServiceError("That call is about another customer.")
    state = state_of(uow, policy, interaction, customer, datetime.now(UTC))
    if state.locked:
        raise VerificationLocked(policy.scripts.locked)
    for what, action in changes.items():
        if not state.allows(action):
            needs = state.needs.get(action, "not allowed")
            raise ServiceError(f"{what} cannot be changed in this call: {needs}.")
    return interaction


def _representative(uow: UnitOfWork, interaction: Interaction) -> Representative:
    representative = (
        uow.interactions.get_representative(interaction.representative_id)
        if interaction.representative_id is not None
        else None
    )
    if representative is None:
        raise NotFound("That representative is no longer on the record.")
    return representative


def summary_of(representative: Representative) -> RepresentativeSummary:
    return RepresentativeSummary(
        id=representative.id,
        name=f"{representative.given_name} {representative.family_name}",
        relationship=representative.relationship,
        authority=Authority(representative.authority),
        scope=tuple(representative.scope),
    )


def _caller(kind: CallerKind, representative: Representative | None) -> Caller:
    if representative is not None:
        summary = summary_of(representative)
        return Caller(kind=kind, description=summary.description, representative=summary)
    if kind is CallerKind.NO_AUTHORITY:
        return Caller(kind=kind, description="someone with no authority on file")
    return Caller(kind=kind, description="the customer")


def caller_details(interaction: Interaction) -> dict[str, object]:
    details: dict[str, object] = {"caller": interaction.caller_kind}
    if interaction.representative_id is not None:
        details["representative"] = interaction.representative_id
    return details
