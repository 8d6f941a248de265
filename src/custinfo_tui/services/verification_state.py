"""The verification state of a call, read from the audit/event stream (MP-08).

The passed and failed checks are the interaction's `caller.check_passed` and
`caller.verification_failed` events since the caller was last identified; the failures that
lead to a lock are those events on the customer within the policy's window. Every in-call
service reads the state here, so the panel, the trail and the guards agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from custinfo_tui.domain.caller_access import caller_access
from custinfo_tui.domain.events import AuditAction, CallStep
from custinfo_tui.domain.interactions import (
    Caller,
    CheckState,
    CheckStatus,
    RepresentativeSummary,
    VerificationState,
)
from custinfo_tui.domain.one_name import full_name
from custinfo_tui.domain.verification import (
    CHANGED_ON_THE_RECORD,
    Access,
    Authority,
    CallerKind,
    Channel,
    CheckKind,
    VerificationPolicy,
    action_for,
    allowed_in_brief,
)
from custinfo_tui.repository.orm import Customer, Interaction, Representative, VerificationLock
from custinfo_tui.services.errors import NotFound
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class AnswersOnFile:
    """What the current caller's answers are compared with: only the check itself
    (`verification.check_answer`) reads the values; the state asks only what is on file."""

    date_of_birth: str | None
    postcode: str | None
    foreign_postcode: bool
    address_line1: str | None
    phones: tuple[str, ...]
    reference: str | None
    security_question: str | None
    security_answer_hash: str | None
    #: The second line (a flat), said with line 1 by callers (`address_line1_forms`).
    address_line2: str | None = None

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


def answers_on_file(uow: UnitOfWork, interaction: Interaction, customer: Customer) -> AnswersOnFile:
    """The answers of the caller now on the line: a representative's own, or the customer's."""
    if interaction.caller_kind == CallerKind.REPRESENTATIVE.value:
        rep = _representative(uow, interaction)
        return AnswersOnFile(
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
    return AnswersOnFile(
        date_of_birth=customer.date_of_birth.isoformat() if customer.date_of_birth else None,
        postcode=address.postcode if address else None,
        foreign_postcode=address is not None and address.country != "GB",
        address_line1=address.line1 if address else None,
        address_line2=address.line2 if address else None,
        phones=tuple(c.value for c in customer.contact_points if c.kind == "phone"),
        reference=customer.reference,
        security_question=customer.security_question,
        security_answer_hash=customer.security_answer_hash,
    )


#: The events of a call its verification state is read from: who the caller is, their
#: checks, and what they have been told.
CALLER_STEPS = (
    AuditAction.CALLER_IDENTIFIED,
    AuditAction.CALLER_CHECK_PASSED,
    AuditAction.CALLER_VERIFICATION_FAILED,
    AuditAction.FIELD_DISCLOSED,
)


def _current_segment(steps: Sequence[CallStep]) -> list[CallStep]:
    """The steps since the current caller was identified: their checks and disclosures."""
    start = 0
    for index, step in enumerate(steps):
        if step.action is AuditAction.CALLER_IDENTIFIED:
            start = index + 1
    return list(steps[start:])


def current_caller_events(uow: UnitOfWork, interaction_id: int) -> list[CallStep]:
    """The interaction's checks and disclosures that concern the caller now on the line."""
    return _current_segment(uow.audit.call_steps(interaction_id, CALLER_STEPS))


def _caller_number(steps: Sequence[CallStep]) -> int:
    """How often who is calling was said in the call: `VerificationState.caller_number`."""
    return sum(1 for step in steps if step.action is AuditAction.CALLER_IDENTIFIED)


def state_of(
    uow: UnitOfWork,
    policy: VerificationPolicy,
    interaction: Interaction,
    customer: Customer,
    now: datetime,
) -> VerificationState:
    """The interaction's verification state, inside the caller's unit of work."""
    steps = uow.audit.call_steps(interaction.id, CALLER_STEPS)
    segment = _current_segment(steps)
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
    on_file = answers_on_file(uow, interaction, customer)
    checks = tuple(
        CheckState(
            kind=kind,
            label=kind.label,
            question=policy.question(
                kind, on_file.security_question, representative=representative is not None
            ),
            status=_status(kind, passed, failures, on_file),
            failures=failures.get(kind, 0),
        )
        for kind in policy.checks
    )

    lock = uow.queue.active_lock(customer.id)
    locked_on = policy.lock_channels if lock is not None else ()
    locked = Channel(interaction.channel) in locked_on
    scope = representative.scope if representative is not None else None
    access = caller_access(policy, passed, caller_kind, scope=scope, locked=locked)
    level = access.level

    failed_recently = failures_in_window(uow, policy, customer.id, now)
    failures_left = max(0, policy.max_failures - failed_recently)
    script = None
    if locked:
        script = policy.scripts.locked
    elif caller_kind is CallerKind.NO_AUTHORITY:
        script = policy.scripts.no_authority
    stuck = locked or caller_kind is CallerKind.NO_AUTHORITY
    not_on_file = [c.kind for c in checks if c.status is CheckStatus.NOT_ON_FILE]
    unreachable = {} if stuck else policy.unreachable(passed, not_on_file)
    return VerificationState(
        interaction_id=interaction.id,
        customer_id=customer.id,
        channel=Channel(interaction.channel),
        started_at=interaction.started_at,
        ended=interaction.ended_at is not None,
        caller=_caller(caller_kind, representative),
        caller_number=_caller_number(steps),
        level=level,
        level_title="Locked" if locked else policy.level_title(level),
        passes=len(passed),
        checks=checks,
        next_step=None if stuck else policy.next_step(passed, not_on_file),
        ask_next=None if stuck else policy.next_check(passed, not_on_file),
        can_rise=not stuck and policy.can_rise(passed, not_on_file),
        allowed=access.allowed,
        allowed_text=allowed_in_brief(
            access.allowed, change_needs=_change_needs(access.needs, unreachable)
        )
        or "Names and reference only.",
        locked=locked,
        locked_on=locked_on,
        locked_elsewhere=_locked_elsewhere(uow, lock, interaction) if locked and lock else None,
        failures_left=failures_left,
        failed_recently=failed_recently,
        failure_window_hours=policy.failure_window_hours,
        script=script,
        needs=dict(access.needs),
        unreachable=unreachable,
        disclosed=frozenset(
            key for e in segment if e.action is AuditAction.FIELD_DISCLOSED for key in e.fields
        ),
    )


def _locked_elsewhere(
    uow: UnitOfWork, lock: VerificationLock, interaction: Interaction
) -> str | None:
    """Where and when the lock standing on the customer was set, when not in this call:
    a caller on the line here, perhaps the customer, met the lock's script with nothing
    saying another desk's call had set it, nor when (to tell the supervisor)."""
    item = uow.queue.get(lock.queue_item_id) if lock.queue_item_id is not None else None
    call_id = item.interaction_id if item is not None else None
    if call_id == interaction.id:
        return None
    when = f"Locked {lock.locked_at:%d %b %H:%M}"
    call = uow.interactions.get(call_id) if call_id is not None else None
    if call is None:
        return f"{when}, before this call."
    handler = operator_names(uow)(call.operator_id)
    return f"{when} in another call: {handler}'s {Channel(call.channel).label.lower()}."


def _change_needs(needs: Mapping[str, str], unreachable: Mapping[str, str]) -> str | None:
    """What changing the record's details needs, where a level this caller can still reach
    in the call allows it ("needs High"); None where none does (no security answer on file
    for High, a representative's scope without changes): F6 then says why."""
    for group in CHANGED_ON_THE_RECORD:
        said = needs.get(action_for(Access.CHANGE, group), "")
        if said.startswith("needs ") and said.removeprefix("needs ") not in unreachable:
            return said
    return None


def _status(
    kind: CheckKind,
    passed: set[CheckKind],
    failures: dict[CheckKind, int],
    on_file: AnswersOnFile,
) -> CheckStatus:
    if kind in passed:
        return CheckStatus.PASSED
    if not on_file.has(kind):
        return CheckStatus.NOT_ON_FILE
    if failures.get(kind):
        return CheckStatus.FAILED
    return CheckStatus.NOT_ASKED


def failures_in_window(
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
        name=full_name(representative.given_name, representative.family_name),
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
