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

from datetime import UTC, datetime

from custinfo_tui.domain.answers import (
    address_line1_forms,
    normalise_answer,
    normalise_security_answer,
    same_answer,
    stored_form,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import (
    CheckOutcome,
    CheckStatus,
    RepresentativeSummary,
    VerificationState,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import CallerKind, Channel, CheckKind, VerificationPolicy
from custinfo_tui.services import audit
from custinfo_tui.services.call_ends import ends_at
from custinfo_tui.services.capture_call import carry_on_about
from custinfo_tui.services.errors import (
    CallerChanged,
    NotFound,
    ServiceError,
    VerificationLocked,
)
from custinfo_tui.services.in_call import (
    active_customer,
    begin_call,
    caller_details,
    customer_of,
    end_call,
    open_call,
    open_interaction,
    own_interaction,
)
from custinfo_tui.services.passwords import verify_secret
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.restriction import refuse_if_restricted
from custinfo_tui.services.unit_of_work import UnitOfWork
from custinfo_tui.services.verification_lockout import lock_after_failures
from custinfo_tui.services.verification_state import (
    AnswersOnFile,
    answers_on_file,
    failures_in_window,
    state_of,
    summary_of,
)


def start_interaction(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    customer_id: int,
    channel: Channel,
    *,
    new_customer_call: int | None = None,
) -> VerificationState:
    """Start a call (or visit, e-mail, ...) about one customer, with the customer on the
    line; or, given `new_customer_call` (a new customer's call, whom the handler found on
    file after all), go on with that call about them (services/capture_call.py)."""
    require(actor, Permission.VERIFY_CALLERS)
    now = datetime.now(UTC)
    with uow:
        # Locked, as erasing locks it: a call is never started on a record being erased
        # (whose erasure would not have seen the call open).
        customer = active_customer(uow, customer_id, for_update=True)
        refuse_if_restricted(uow, actor, customer.id)
        if new_customer_call is not None:
            interaction = carry_on_about(uow, actor, new_customer_call, customer)
            state = state_of(uow, policy, interaction, customer, now)
            uow.commit()
            return state
        interaction = begin_call(uow, actor, channel, now, customer_id=customer.id)
        state = state_of(uow, policy, interaction, customer, now)
        uow.commit()
        return state


def end_interaction(uow: UnitOfWork, actor: Actor, interaction_id: int) -> None:
    """Close the interaction: nothing more can be verified or disclosed in it. Its wrap-up
    left for later, it ended when that opened (services/call_ends.py)."""
    with uow:
        interaction = own_interaction(uow, actor, interaction_id)
        if interaction.ended_at is not None:
            return
        at, details = ends_at(uow, actor, interaction, datetime.now(UTC))
        end_call(uow, actor, interaction, "ended", at=at, details=details or None)
        uow.commit()


def end_open_interactions(uow: UnitOfWork, actor: Actor, why: str) -> None:
    """End the calls this console session left open, inside the caller's transaction.

    Logging out, quitting or being ended at the idle lock must not leave a verified call
    open behind the session. Only this session's: the same operator may be in a call at
    another desk, which goes on, and a call whose console died waits, never ended, in the
    calls to finish (docs/crash-safety.md).
    """
    for interaction in uow.interactions.open_in_session(actor.operator_id, actor.console_session):
        end_call(uow, actor, interaction, why)


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
        interaction, customer = open_call(uow, actor, interaction_id)
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
    attempt: str | None = None,
    *,
    caller_number: int | None = None,
) -> CheckOutcome:
    """Compare what the caller said with what is on file, blind: only pass or fail comes back.

    A FieldError means the handler's typing cannot be an answer (not a date, a malformed
    postcode) and counts for nothing. A wrong answer is a failed check; the policy's
    `max_failures` on one customer within its window lock verification on the lock
    channels and raise a possible-fraud item for supervisors.

    `attempt` names this answer, as the console sends it: sent again after the database did
    not answer, an answer it had in fact checked is not checked twice (a wrong one would
    count as two failures); its outcome comes back as it stands.

    `caller_number` is the caller the handler saw on the line as the answer was typed
    (their `VerificationState.caller_number`): with another recorded as on the line since,
    the answer is refused (`CallerChanged`), never compared with the new caller's details
    and counted against them.
    """
    require(actor, Permission.VERIFY_CALLERS)
    now = datetime.now(UTC)
    with uow:
        interaction = open_interaction(uow, actor, interaction_id)
        # Locks the customer's row on PostgreSQL (SQLite serialises writers anyway), so two
        # desks failing checks at once cannot both miss the lock.
        customer = active_customer(uow, customer_of(interaction), for_update=True)
        refuse_if_restricted(uow, actor, customer.id)  # restricted since the call began
        state = state_of(uow, policy, interaction, customer, now)
        if attempt is not None and (checked := _checked_before(uow, interaction.id, attempt)):
            return _as_checked(policy, kind, checked, state)
        if caller_number is not None and caller_number != state.caller_number:
            raise CallerChanged()
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

        passed = _compare(policy, answers_on_file(uow, interaction, customer), kind, answer)
        caller = caller_details(interaction)
        audit.record(
            uow,
            actor,
            AuditAction.CALLER_CHECK_PASSED if passed else AuditAction.CALLER_VERIFICATION_FAILED,
            customer_id=customer.id,
            interaction_id=interaction.id,
            fields=(kind.value,),
            outcome="ok" if passed else "failed",
            details={**caller, "check": kind.value} | ({"attempt": attempt} if attempt else {}),
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

        failures = failures_in_window(uow, policy, customer.id, now)
        locked_now = failures >= policy.max_failures and lock_after_failures(
            uow, actor, policy, interaction, customer, failures, now
        )
        new_state = state_of(uow, policy, interaction, customer, now)
        uow.commit()
        return _failed(policy, kind, new_state, locked=locked_now)


#: A check's outcome on the trail.
_CHECKED = (AuditAction.CALLER_CHECK_PASSED, AuditAction.CALLER_VERIFICATION_FAILED)


def _checked_before(uow: UnitOfWork, interaction_id: int, attempt: str) -> AuditAction | None:
    """The outcome this call's answer `attempt` was checked with, if it was."""
    return next(
        (
            step.action
            for step in uow.audit.call_steps(interaction_id, _CHECKED)
            if step.details.get("attempt") == attempt
        ),
        None,
    )


def _as_checked(
    policy: VerificationPolicy, kind: CheckKind, checked: AuditAction, state: VerificationState
) -> CheckOutcome:
    """An answer's outcome as it stands, for an answer checked already (`check_answer`)."""
    if checked is AuditAction.CALLER_CHECK_PASSED:
        return CheckOutcome(kind=kind, passed=True, state=state)
    return _failed(policy, kind, state, locked=state.locked)


def _failed(
    policy: VerificationPolicy, kind: CheckKind, state: VerificationState, *, locked: bool
) -> CheckOutcome:
    """A failed check's outcome, with the words for the caller. The lock script only where
    this channel is locked: someone at a branch counter is not told to visit a branch. With
    one failure left before the lock, the caller is not invited to try the same again
    blind: another check is asked instead where one can still verify them."""
    say, instead = policy.scripts.failed_check, None
    if state.locked:
        say = policy.scripts.locked
    elif state.failures_left == 1:
        passed = [c.kind for c in state.checks if c.status is CheckStatus.PASSED]
        not_to_ask = [c.kind for c in state.checks if c.status in _NOT_TO_ASK]
        instead = policy.another_check(passed, not_to_ask)
        scripts = policy.scripts
        say = scripts.failed_check_last if instead is None else scripts.failed_check_ask_another
    return CheckOutcome(
        kind=kind, passed=False, locked=locked, say=say, ask_instead=instead, state=state
    )


#: Checks not suggested in place of one that failed: those failed too, and those with
#: nothing on file.
_NOT_TO_ASK = (CheckStatus.FAILED, CheckStatus.NOT_ON_FILE)


def _compare(
    policy: VerificationPolicy, on_file: AnswersOnFile, kind: CheckKind, answer: str
) -> bool:
    if kind is CheckKind.SECURITY_ANSWER:
        # argon2 verification compares in constant time.
        return verify_secret(on_file.security_answer_hash, normalise_security_answer(answer))
    given = normalise_answer(
        kind, answer, phone_digits=policy.phone_digits, foreign_postcode=on_file.foreign_postcode
    )
    if kind is CheckKind.PHONE_DIGITS:
        stored_values: tuple[str, ...] = on_file.phones
    elif kind is CheckKind.ADDRESS_LINE1 and on_file.address_line1:
        # With the flat's line: "Flat 2, 7 Station Road" is how callers say line 1.
        stored_values = address_line1_forms(on_file.address_line1, on_file.address_line2)
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
