"""What the operator may do on a screen, decided here so that screens only read it.

The role's permissions (`services.permissions`) and, in a call, the caller's verification
state (what the level reached, narrowed to a representative's scope, allows) decide which
keys a screen offers. Screens hide what is denied; the services refuse it anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from custinfo_tui.domain.data_protection.rectification import why_the_dpo_may_not_correct
from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.verification import (
    CHANGE_CONTACT,
    WITHDRAW_CONSENT,
    Access,
    CallerKind,
    action_for,
)
from custinfo_tui.services.permissions import Permission, allows

if TYPE_CHECKING:
    from custinfo_tui.domain.interactions import VerificationState
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.records import CustomerRecord

#: Why a masked field cannot be revealed when the policy gives no reason.
NOT_ALLOWED = "not allowed"


@dataclass(frozen=True, slots=True)
class ConsoleCapabilities:
    """What the operator's role lets them start from the lookup screen."""

    #: Search the audit trail.
    search_audit: bool
    #: Work the supervisor queue.
    work_queue: bool
    #: Take calls: verify callers and see what they may be told.
    verify_callers: bool
    #: Take a new customer's details (which starts a call with them).
    take_new_customers: bool
    #: Report a detail on file as wrong (MP-14), and follow their own reports up.
    report_discrepancies: bool = False
    #: Ask a supervisor to merge two records of one person (MP-13): who may save a new
    #: customer despite a possible duplicate may say two held are one (services/same_person.py),
    #: and may not merge them.
    ask_to_merge: bool = False
    #: Merge two records of one person listed on the lookup (MP-13): supervisors, who
    #: would otherwise be asking themselves, as on a record (`RecordCapabilities.merge`).
    merge: bool = False
    #: Open the data protection desk (some of its sections, per `DeskCapabilities`).
    dpo_desk: bool = False
    #: Search customers from the lookup (every role but the administrator's).
    search_customers: bool = True
    #: Manage operators: add them, reset passwords, disable, enable, change roles.
    manage_operators: bool = False
    #: Open the training screen: a role that takes calls (a role-play is a call, so only
    #: they have runs of their own) or runs training. The DPO's and the administrator's
    #: would be an empty list for ever.
    training_screen: bool = True
    #: Export one's own evidence of practice (MP-21): a role that works with customers'
    #: records, whose logged steps are the evidence. The administrator's work is operators,
    #: so theirs would be an empty export.
    own_evidence: bool = True


def console_capabilities(actor: Actor) -> ConsoleCapabilities:
    """What `actor`'s role lets them start: the audit trail, the queue, calls, new customers."""
    role = actor.role
    verify = allows(role, Permission.VERIFY_CALLERS)
    return ConsoleCapabilities(
        search_audit=allows(role, Permission.VIEW_AUDIT),
        work_queue=allows(role, Permission.WORK_QUEUE),
        verify_callers=verify,
        take_new_customers=verify and allows(role, Permission.EDIT_CUSTOMER),
        report_discrepancies=allows(role, Permission.VIEW_CUSTOMER),
        ask_to_merge=allows(role, Permission.EDIT_CUSTOMER)
        and not allows(role, Permission.WORK_QUEUE),
        merge=allows(role, Permission.WORK_QUEUE),
        dpo_desk=desk_capabilities(actor).data_protection,
        search_customers=allows(role, Permission.SEARCH_CUSTOMERS),
        manage_operators=allows(role, Permission.MANAGE_OPERATORS),
        training_screen=verify or allows(role, Permission.RUN_TRAINING),
        own_evidence=may_export_own_evidence(actor),
    )


@dataclass(frozen=True, slots=True)
class DeskCapabilities:
    """What the operator may do at the data protection desk (docs/data-protection.md)."""

    #: Handle data protection requests: subject access, erasure, retention, disclosures,
    #: breaches. (Supervisors approve disclosures from their queue, not from the desk.)
    data_protection: bool


def desk_capabilities(actor: Actor) -> DeskCapabilities:
    """The data protection officer works the desk."""
    return DeskCapabilities(data_protection=allows(actor.role, Permission.DATA_PROTECTION))


@dataclass(frozen=True, slots=True)
class TrainingCapabilities:
    """What the operator may do on the training screen and a run's debrief."""

    #: Choose a scenario and a trainee and start a run.
    start_runs: bool
    #: See every run (otherwise only their own runs and debriefs).
    every_run: bool
    #: Write an observation note on a marking point of a run.
    write_notes: bool
    #: Export another operator's evidence of practice (MP-21): trainers and supervisors.
    export_others_evidence: bool = False


def may_export_own_evidence(actor: Actor) -> bool:
    """Whether `actor` has evidence of practice to export: a role that opens customers'
    records, whose logged steps the evidence is made of. Not the administrator
    (docs/access-control.md): the console does not offer it, the service refuses it."""
    return allows(actor.role, Permission.VIEW_CUSTOMER)


def may_export_others_evidence(actor: Actor) -> bool:
    """Whether `actor` may export another operator's evidence: trainers and supervisors."""
    return allows(actor.role, Permission.RUN_TRAINING) or actor.role is Role.SUPERVISOR


def training_capabilities(actor: Actor) -> TrainingCapabilities:
    """A trainer starts runs, sees every run and writes notes; anyone else reads their own.
    A trainer or a supervisor exports anyone's evidence."""
    trainer = allows(actor.role, Permission.RUN_TRAINING)
    return TrainingCapabilities(
        start_runs=trainer,
        every_run=trainer,
        write_notes=trainer,
        export_others_evidence=may_export_others_evidence(actor),
    )


@dataclass(frozen=True, slots=True)
class RecordCapabilities:
    """What the handler may do with one record, as it stands in the call (if any)."""

    #: The keys of the fields the handler may change: all outside a call; in a call, those
    #: the caller is verified to change.
    editable: frozenset[str] = frozenset()
    #: In a call where the handler may change details but the caller's verification lets
    #: them change none yet: why not ("needs High", "verification locked").
    edit_needs: str | None = None
    #: Record or withdraw consents (contact preferences: in a call, `change:contact`; or,
    #: to take marketing back or refuse it only, `withdraw:consent`).
    change_consent: bool = False
    #: In a call whose caller can change nothing in it, at any level within their reach
    #: (High needs a security answer not on file; a scope without changes): a detail they
    #: say is wrong is reported to a supervisor (Ctrl+D), which F6 says, as that key is
    #: not in the call's footer. Not for someone with no authority, who is read the script.
    report_instead: bool = False
    #: In a call where the handler may record consents but the caller may not even take
    #: marketing back yet: why not ("withdrawing marketing consent needs Standard; giving
    #: consent needs High").
    consent_needs: str | None = None
    #: In a call whose caller may take marketing back but not give consent: why not
    #: ("needs High"), said at the consent form's boxes, which take withdrawals only.
    consent_giving_needs: str | None = None
    #: Back-office work, with the paperwork: add or withdraw representatives, set the
    #: security question. Outside a call only.
    back_office: bool = False
    #: Merge another record of the same person into this one (MP-13): supervisors, outside
    #: a call.
    merge: bool = False
    #: Say this record is the same person as another, for a supervisor to merge (MP-13):
    #: who may change records and may not merge them (a call-handler, a trainer), in a
    #: call or not.
    ask_to_merge: bool = False
    #: In a call, for a supervisor, whose merge waits for the call to end (`merge` is
    #: outside one): put this record and another on their own queue as one person, the
    #: request `ask_to_merge` sends, to compare and merge from there once it is wrapped up.
    queue_merge: bool = False
    #: In a call, the masked fields the caller's verification lets the handler reveal.
    revealable: frozenset[str] = frozenset()
    #: In a call, for each other masked field, what revealing it needs ("needs High").
    reveal_needs: dict[str, str] = field(default_factory=dict)
    #: Report a field as wrong to a supervisor (MP-14): anyone who may open the record,
    #: whether or not they may change it.
    report_discrepancy: bool = False
    #: Take a complaint (MP-19), in a call or not. Like a note, it discloses nothing, so no
    #: verification level is needed; its texts stay masked until the caller may read them.
    raise_complaint: bool = False
    #: Move a complaint to a later stage, with a note (the supervisor queue's permission).
    move_complaints: bool = False
    #: Record a third party's request for the customer's data (MP-17): anyone who may open
    #: the record, in a call or not; it waits for approval and discloses nothing.
    request_disclosure: bool = False
    #: In a call whose caller's verification is locked: nothing more can be revealed,
    #: changed or consented to in it until a supervisor lifts the lock, so the keys that
    #: would only refuse (Reveal, Edit, Consent) are not offered.
    verification_locked: bool = False
    #: In a call whose caller has no authority on file (a spouse not named on the record):
    #: nothing can be revealed, changed or consented to for them, so Reveal, Edit and
    #: Consent are not offered, nor the consents and representatives on file shown; what
    #: they may still do (a note, a complaint, a discrepancy report) is.
    caller_without_authority: bool = False

    #: Outside a call, for a role that may not change this record: why not, said by F6
    #: (a key that does nothing says why). The DPO's: no rectification request open on it.
    edit_refused: str | None = None
    #: The DPO's edit answers this rectification request open on the record (Art. 16).
    rectifying: int | None = None

    @property
    def edit(self) -> bool:
        return bool(self.editable)


#: The last `record_capabilities` worked out: the actor, record and verification state it
#: was for, and what it gave.
_last: tuple[Actor, CustomerRecord, VerificationState | None, RecordCapabilities] | None = None


def record_capabilities(
    actor: Actor, record: CustomerRecord, state: VerificationState | None
) -> RecordCapabilities:
    """What `actor` may do with `record`: outside a call (`state` None) by their role alone;
    in a call also by what the caller's verification allows.

    Worked out again only for another actor, record or state (all three frozen: a change
    makes a new one). A record screen asks for each key of its footer after every key
    pressed: a few hundred times to open a record in a call.
    """
    global _last
    last = _last
    if last is not None and last[0] is actor and last[1] is record and last[2] is state:
        return last[3]
    worked_out = _worked_out(actor, record, state)
    _last = (actor, record, state, worked_out)
    return worked_out


def _worked_out(
    actor: Actor, record: CustomerRecord, state: VerificationState | None
) -> RecordCapabilities:
    may_edit = allows(actor.role, Permission.EDIT_CUSTOMER)
    may_report = allows(actor.role, Permission.VIEW_CUSTOMER)
    may_move = allows(actor.role, Permission.WORK_QUEUE)
    if state is None:
        rectifying, refused = _rectification(actor, record) if not may_edit else (None, None)
        return RecordCapabilities(
            editable=frozenset(f.key for f in record.fields)
            if may_edit or rectifying is not None
            else frozenset(),
            edit_refused=refused,
            rectifying=rectifying,
            change_consent=may_edit,
            back_office=may_edit,
            report_discrepancy=may_report,
            raise_complaint=may_edit,
            move_complaints=may_move,
            merge=may_move,
            ask_to_merge=may_edit and not may_move,
            request_disclosure=may_report,
        )
    revealable: set[str] = set()
    needs: dict[str, str] = {}
    for value in record.fields:
        if value.shown or not value.listed:  # not listed: nothing on screen to reveal
            continue
        if (need := read_need(state, value.group)) is None:
            revealable.add(value.key)
        else:
            needs[value.key] = need
    editable = frozenset(
        f.key for f in record.fields if state.allows(action_for(Access.CHANGE, f.group))
    )
    edit_needs, out_of_reach = None, False
    may_withdraw = state.allows(CHANGE_CONTACT) or state.allows(WITHDRAW_CONSENT)
    consent_needs, giving_needs = _consent_needs(state) if may_edit else (None, None)
    if may_edit and not editable and not state.ended:
        edit_needs, out_of_reach = _edit_needs(state, record)
    return RecordCapabilities(
        editable=editable if may_edit else frozenset(),
        edit_needs=edit_needs,
        report_instead=out_of_reach
        and may_report
        and not state.locked
        and state.caller.kind is not CallerKind.NO_AUTHORITY,
        consent_needs=consent_needs,
        consent_giving_needs=giving_needs,
        change_consent=may_edit and may_withdraw,
        revealable=frozenset(revealable),
        reveal_needs=needs,
        report_discrepancy=may_report,
        raise_complaint=may_edit and not state.ended,
        ask_to_merge=may_edit and not may_move and not state.ended,
        queue_merge=may_edit and may_move and not state.ended,
        move_complaints=may_move and not state.ended,
        request_disclosure=may_report,
        verification_locked=state.locked and not state.ended,
        caller_without_authority=state.caller.kind is CallerKind.NO_AUTHORITY and not state.ended,
    )


def read_need(state: VerificationState, group: FieldGroup) -> str | None:
    """What telling the caller a field of `group` needs in this call ("needs Standard",
    "outside their scope"); None when they may be told it. The one rule behind the
    record's masks (`reveal_needs`) and a reveal the service refuses
    (services/refused_disclosures.py)."""
    action = action_for(Access.READ, group)
    return None if state.allows(action) else state.needs.get(action, NOT_ALLOWED)


def _edit_needs(state: VerificationState, record: CustomerRecord) -> tuple[str, bool]:
    """Why F6 changes nothing in this call ("needs High"), and whether no level within
    this caller's reach in the call would let it (High needing a security answer not on
    file, a scope without changes)."""
    groups = dict.fromkeys(f.group for f in record.fields)
    needs = [state.needs.get(action_for(Access.CHANGE, group), NOT_ALLOWED) for group in groups]
    why = dict.fromkeys(_out_of_reach(state, said) for said in needs)
    # What a higher level would open comes first: "outside their scope" beside it read
    # as if nothing could ever be changed for this caller.
    reachable = [reason for reason in why if reason.startswith("needs ")]
    within_reach = any(
        said.startswith("needs ") and said.removeprefix("needs ") not in state.unreachable
        for said in needs
    )
    return "; ".join(reachable or why), not within_reach  # in practice one: "needs High"


def _rectification(actor: Actor, record: CustomerRecord) -> tuple[int | None, str | None]:
    """For a role that does not change records: the rectification request the DPO corrects
    the record for, or why F6 changes nothing (domain/data_protection/rectification.py)."""
    if not allows(actor.role, Permission.DATA_PROTECTION):
        return None, "Your role does not change customer records."
    why_not = why_the_dpo_may_not_correct(record.rectification)
    if why_not is not None or record.rectification is None:
        return None, why_not
    return record.rectification.request_id, None


@dataclass(frozen=True, slots=True)
class BreachCapabilities:
    """What the operator may do about personal-data breaches (MP-20)."""

    #: Report a suspected breach from any screen (every operator: anyone may spot one).
    report: bool
    #: Assess, record the decisions about telling, and close breaches: the desk's section.
    handle: bool
    #: Be told at login of breach clocks past their 72 hours.
    see_overdue: bool


def _consent_needs(state: VerificationState) -> tuple[str | None, str | None]:
    """Why F9 records no consents in this call (None: it does), and why it records only
    taking marketing back or refusing it (None: giving consent too)."""
    giving = CHANGE_CONTACT
    if state.allows(giving) or state.ended:
        return None, None
    giving_needs = _out_of_reach(state, state.needs.get(giving, NOT_ALLOWED))
    if state.allows(WITHDRAW_CONSENT):
        return None, giving_needs
    withdrawing_needs = _out_of_reach(state, state.needs.get(WITHDRAW_CONSENT, NOT_ALLOWED))
    reachable = withdrawing_needs.startswith("needs "), giving_needs.startswith("needs ")
    if reachable == (True, True) and withdrawing_needs != giving_needs:
        both = f"withdrawing marketing consent {withdrawing_needs}; giving consent {giving_needs}"
        return both, None
    if reachable == (False, True):  # a scope without withdrawing, but with contact details
        return giving_needs, None
    return withdrawing_needs, None  # "needs High", "verification locked", "outside their scope"


def _out_of_reach(state: VerificationState, needs: str) -> str:
    """ "needs High", said whole when this caller cannot reach High in this call: "needs
    High, which this caller cannot reach in this call (no security answer on file)"."""
    title = needs.removeprefix("needs ")
    why = state.unreachable.get(title) if needs.startswith("needs ") else None
    return f"{needs}, which this caller cannot reach in this call ({why})" if why else needs


def breach_capabilities(actor: Actor) -> BreachCapabilities:
    """The DPO handles breaches; supervisors and the DPO hear of overdue clocks."""
    handle = allows(actor.role, Permission.DATA_PROTECTION)
    return BreachCapabilities(
        report=True,
        handle=handle,
        see_overdue=handle or allows(actor.role, Permission.WORK_QUEUE),
    )
