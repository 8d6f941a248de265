"""Opening a customer record and correcting its fields, with the history that goes with both.

Opening a record outside a verified call needs a reason (MP-09). Every correction keeps
its old and new value in field history, the one place old values live (MP-10).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from custinfo_tui.domain.capture import (
    MOVED,
    CapturePolicy,
    FieldEdit,
    ReadBackConfirmation,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.limits import MAX_STORED_REASON_LENGTH
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import (
    AccessReason,
    CustomerRecord,
)
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.verification import Access, VerificationPolicy, action_for
from custinfo_tui.repository.orm import (
    Customer,
    FieldChange,
    Interaction,
)
from custinfo_tui.services import audit
from custinfo_tui.services.consent import special_condition_in_force
from custinfo_tui.services.discrepancies import claim_for_correction, mark_corrected
from custinfo_tui.services.edit_authority import (
    checked_reasons,
    edits_by_role,
    rectification_in_hand,
    require_editor,
)
from custinfo_tui.services.edit_read_back import lines_to_confirm, record_the_edit
from custinfo_tui.services.errors import (
    EditConflict,
    ServiceError,
    SpecialCategoryRefused,
    VerificationLocked,
)
from custinfo_tui.services.in_call import (
    active_customer,
    call_allowing,
    caller_details,
)
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.record_fields import (
    ADDRESS_FIELDS,
    SPECIAL_CATEGORY_FIELDS,
    correct_address,
    current_address,
    move_address,
    normalise_value,
    require_read_back,
    store_value,
    stored_value,
    with_postcode_dropped,
)
from custinfo_tui.services.record_view import (
    audit_contacts_first_shown,
    disclose,
    displayed_value,
    in_call_record,
    in_call_timeline,
    readable,
    record_of,
    shown_in_call,
)
from custinfo_tui.services.refused_disclosures import refuse_unless_allowed
from custinfo_tui.services.restriction import open_call_unless_restricted, refuse_if_restricted
from custinfo_tui.services.unit_of_work import UnitOfWork
from custinfo_tui.services.verification_state import state_of


class AccessReasonRequired(ServiceError):
    def __init__(self) -> None:
        super().__init__("Opening a record outside a verified call needs a reason.")


def open_record(
    uow: UnitOfWork, actor: Actor, customer_id: int, reason: AccessReason | None
) -> CustomerRecord:
    """The whole record, its field history and access history; audited as viewed, with why."""
    require(actor, Permission.VIEW_CUSTOMER)
    if reason is None or not reason.reason.strip():
        raise AccessReasonRequired()
    reason_text = clean_free_text(reason.text(), MAX_STORED_REASON_LENGTH)
    with uow:
        customer = active_customer(uow, customer_id)
        refuse_if_restricted(uow, actor, customer.id)
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_VIEWED,
            customer_id=customer.id,
            fields=(*RECORD_FIELDS, "field_history"),
            reason=reason_text,
        )
        record = record_of(uow, customer)
        uow.commit()
        return record


def check_record_held(uow: UnitOfWork, actor: Actor, customer_id: int) -> int:
    """Refuse (`RecordErased`, in the lookup's words) a record erased since it was opened,
    before the screen showing it offers its values again (a tab, the edit form); else its
    version now, so a screen showing an older one reloads it before a value is read out.
    Reads the record's status and version only, so nothing is audited."""
    require(actor, Permission.VIEW_CUSTOMER)
    with uow:
        return active_customer(uow, customer_id).version


def open_record_in_call(
    uow: UnitOfWork, actor: Actor, policy: VerificationPolicy, interaction_id: int
) -> CustomerRecord:
    """The record as the current caller's verification allows: masked until verified.

    Names and reference are shown (they pick the record), the postcode and one phone as
    masks; every other field shows only once it is revealed to a caller allowed it
    (`reveal_fields`). No reason is needed: the call is the reason (MP-09).
    """
    require(actor, Permission.VIEW_CUSTOMER)
    with uow:
        # An ended call is no reason to open the record any more (MP-09).
        interaction, customer = open_call_unless_restricted(uow, actor, interaction_id)
        record = in_call_record(uow, policy, interaction, customer)
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_VIEWED,
            customer_id=customer.id,
            interaction_id=interaction.id,
            fields=shown_in_call(record),
            details={"in_call": True, **caller_details(interaction)},
        )
        uow.commit()
        return record


def reveal_fields(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction_id: int,
    keys: Sequence[str],
) -> CustomerRecord:
    """Unmask fields for the caller on the line; audited as disclosed to them (MP-08, MP-10).

    Each field must be one the caller's verification (and, for a representative, their
    scope) allows reading; otherwise nothing is revealed, the error says what is missing,
    and the refusal is on the trail (`refused_disclosures`, `field.disclosure_refused`).
    """
    require(actor, Permission.VIEW_CUSTOMER)
    require(actor, Permission.VERIFY_CALLERS)
    unknown = [key for key in keys if key not in RECORD_FIELDS]
    if unknown:
        raise ServiceError(f"Not a field of the record: {', '.join(unknown)}.")
    keys = list(dict.fromkeys(keys))
    with uow:
        interaction, customer = open_call_unless_restricted(uow, actor, interaction_id)
        state = state_of(uow, policy, interaction, customer, datetime.now(UTC))
        refuse_unless_allowed(uow, actor, policy, (interaction, customer), state, keys)
        if state.locked:
            raise VerificationLocked(policy.scripts.locked)
        state = disclose(uow, actor, interaction, customer, state, keys)
        record = in_call_record(uow, policy, interaction, customer, state)
        uow.commit()
        return record


def record_in_call(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction_id: int,
    *,
    timeline: bool = False,
) -> CustomerRecord:
    """The record as the caller on the line may hear it now, to redraw the screen after a
    check, a lock or a new caller; with its timeline if `timeline` (the console's reload
    asks for it while the timeline's tab is shown; the tab alone reads only the timeline,
    `call_timeline.timeline_in_call`), read last so that it shows what just happened.

    Its fields reveal nothing not already disclosed in this call, so they are not audited
    again, and it works while verification is locked (masks only). The representatives and
    consents, withheld until the caller passes Standard, are first shown by this redraw:
    the first time each is, it is audited as viewed (`audit_contacts_first_shown`). A
    record restricted since the call began is not redrawn (RecordRestricted, audited).
    """
    require(actor, Permission.VIEW_CUSTOMER)
    require(actor, Permission.VERIFY_CALLERS)
    with uow:
        interaction, customer = open_call_unless_restricted(uow, actor, interaction_id)
        state = state_of(uow, policy, interaction, customer, datetime.now(UTC))
        record = in_call_record(uow, policy, interaction, customer, state)
        if audit_contacts_first_shown(uow, actor, interaction, record):
            uow.commit()
        if timeline:  # read after the view is audited, so that it shows it
            record = record.with_timeline(
                in_call_timeline(uow, policy, interaction, customer, state)
            )
        return record


def edit_customer(
    uow: UnitOfWork,
    actor: Actor,
    capture: CapturePolicy,
    customer_id: int,
    expected_version: int,
    edits: Mapping[str, FieldEdit],
    read_back: ReadBackConfirmation,
    *,
    policy: VerificationPolicy,
    interaction_id: int | None = None,
    discrepancy_id: int | None = None,
) -> CustomerRecord:
    """Change fields of an existing record (MP-04, MP-10): validated, read back, with reasons.

    Each change needs one of the configured reasons and a confirmed read-back line, and a
    change to the address the rest of the address confirmed with it (in a call, the lines
    the caller may hear: services/edit_read_back.py); each is kept in field history with
    its reason. A move (the reason `MOVED` on an address field)
    keeps the old address as a past one. In a call (`interaction_id`), the caller's
    verification must allow changing each field's group. Raises FieldError naming the field
    for a bad value, EditConflict when another desk saved the record after
    `expected_version` was read.

    With `discrepancy_id` the edit corrects that discrepancy report (MP-14): the reason
    `DISCREPANCY_REPORT` is accepted, the reported field must change with it, and the
    report is marked corrected in the same transaction (`discrepancies.mark_corrected`).

    The DPO changes a record only for the rectification request open on it (Art. 16;
    `edit_authority.rectification_in_hand`), which the audited change names.
    """
    require_editor(actor)
    if not edits:
        raise ServiceError("Nothing was changed.")
    normalised = {key: _normalise_edit(key, edit) for key, edit in edits.items()}
    correcting = discrepancy_id is not None
    reasons = checked_reasons(
        capture, edits, correcting=correcting, rectifying=not edits_by_role(actor)
    )
    now = datetime.now(UTC)
    with uow:
        customer = active_customer(uow, customer_id, for_update=True)
        refuse_if_restricted(uow, actor, customer.id)  # restricted since it was opened
        rectifying = rectification_in_hand(uow, actor, customer.id, correcting_report=correcting)
        call = None
        if interaction_id is not None:
            call = _editing_call(uow, actor, policy, interaction_id, customer, edits)
        interaction = call[0] if call is not None else None
        changed = {k: v for k, v in normalised.items() if stored_value(customer, k) != v}
        changed, reasons = with_postcode_dropped(customer, changed, reasons)
        if not changed:
            # Checked before the version: a save tried again after its first try committed
            # but the answer was lost (a database restart, docs/crash-safety.md) finds its
            # own values held, which is no conflict with another desk.
            raise ServiceError("Nothing was changed: the values are the ones already held.")
        if customer.version != expected_version:
            theirs = _theirs(uow, actor, policy, interaction, customer, normalised)
            uow.commit()  # nothing is saved, but what the conflict discloses stays audited
            raise EditConflict(customer.version, theirs)
        values, unchanged = lines_to_confirm(uow, actor, customer, changed, call)
        require_read_back([*values, *unchanged], read_back)
        report = None
        if discrepancy_id is not None:  # locked before any event is appended
            corrected = {k: reasons[k] for k in changed}
            report = claim_for_correction(uow, actor, discrepancy_id, customer.id, corrected)
        special = any(changed.get(key) for key in SPECIAL_CATEGORY_FIELDS)
        if special and not special_condition_in_force(uow, customer.id):
            raise SpecialCategoryRefused()
        moved = any(reasons[k] == MOVED and FIELDS[k].group is FieldGroup.ADDRESS for k in changed)
        old = {key: stored_value(customer, key) for key in changed}
        _apply(uow, customer, changed, now, moved=moved)
        customer.updated_at = now
        for key, new in changed.items():
            uow.customers.add_field_change(
                FieldChange(
                    customer_id=customer.id,
                    field=key,
                    old_value=old[key],
                    new_value=new,
                    reason=reasons[key],
                    operator_id=actor.operator_id,
                    interaction_id=interaction_id,
                    changed_at=now,
                )
            )
        record_the_edit(
            uow,
            actor,
            customer.id,
            interaction,
            changed,
            reasons,
            read_back,
            unchanged,
            moved=moved,
            rectifying=rectifying,
        )
        if report is not None:
            mark_corrected(uow, actor, report, now)
        uow.commit()  # the version check in the UPDATE catches a save that raced this one
        if interaction is not None:
            return in_call_record(uow, policy, interaction, customer)
        return record_of(uow, customer)


def _editing_call(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction_id: int,
    customer: Customer,
    edits: Mapping[str, FieldEdit],
) -> tuple[Interaction, VerificationState]:
    """The open call the edit is made in, and its verification state; each field's change
    must be allowed to the caller."""
    return call_allowing(
        uow,
        actor,
        policy,
        interaction_id,
        customer,
        {FIELDS[key].label: action_for(Access.CHANGE, FIELDS[key].group) for key in edits},
    )


def _theirs(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction: Interaction | None,
    customer: Customer,
    keys: Iterable[str],
) -> dict[str, str | None]:
    """What the record now holds for each field being edited, for the conflict screen.

    In a call, only fields the caller may read are given (None for the others), and those
    not yet disclosed to them are disclosed now, audited as such: the handler is about to
    see them, and may read them out.
    """
    if interaction is None:
        return {key: displayed_value(customer, key) for key in keys}
    state = state_of(uow, policy, interaction, customer, datetime.now(UTC))
    theirs = {key: displayed_value(customer, key) if readable(state, key) else None for key in keys}
    shown = [key for key, value in theirs.items() if value is not None]
    disclose(uow, actor, interaction, customer, state, shown, context="edit_conflict")
    return theirs


def _apply(
    uow: UnitOfWork,
    customer: Customer,
    changed: Mapping[str, str | None],
    now: datetime,
    *,
    moved: bool,
) -> None:
    """Store the changed values. A move starts a new current address and keeps the old one;
    a correction rewrites the current one (whole: its country decides its postcode)."""
    address = {k: v for k, v in changed.items() if k in ADDRESS_FIELDS}
    if address and (moved or current_address(customer) is None):
        move_address(uow, customer, address, now)
    elif address:
        correct_address(uow, customer, address)
    for key, value in ((k, v) for k, v in changed.items() if k not in address):
        store_value(uow, customer, key, value, now)


def _normalise_edit(key: str, edit: FieldEdit) -> str | None:
    if key not in RECORD_FIELDS:
        raise ServiceError(f"Not a field of the record: {key}.")
    return normalise_value(key, edit.value, one_name_only=edit.one_name_only)
