"""The customer record as an operator sees it: whole outside a call, masked in one.

Outside a call the record carries every field and its history (`record_of`). In a call
(`in_call_record`) a field shows its value only once it was disclosed to a caller whose
verification allows reading it; until then it shows the registry's mask (the outward
postcode, a phone's last digits) or nothing, and nothing where the mask is part of an
answer a check still asks for (`mask_shown`). What was disclosed is the call's
`field.disclosed` events (`disclose`), read with the caller's checks
(`VerificationState.disclosed`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from custinfo_tui.domain.address_country import listed
from custinfo_tui.domain.caller_access import contacts_withheld
from custinfo_tui.domain.complaints import ComplaintSummary
from custinfo_tui.domain.consent import SPECIAL_CATEGORY_PURPOSE, ConsentEntry, MarketingChannel
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.field_display import as_displayed, display_value
from custinfo_tui.domain.field_spec import FieldGroup, Mask
from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.domain.interactions import CheckStatus, VerificationState
from custinfo_tui.domain.one_name import GIVEN_NAME, NO_GIVEN_NAME
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.phone import phone_last_digits
from custinfo_tui.domain.postcode import mask_postcode
from custinfo_tui.domain.records import (
    CallTimeline,
    CustomerRecord,
    FieldChangeEntry,
    FieldValue,
    HistoryEntry,
    OpenRectification,
)
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.verification import Access, CallerKind, VerificationPolicy, action_for
from custinfo_tui.repository.orm import Customer, Interaction
from custinfo_tui.services import audit
from custinfo_tui.services.edit_authority import open_rectification
from custinfo_tui.services.in_call import caller_details
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.record_fields import current_address, stored_value
from custinfo_tui.services.record_timeline import timeline_of
from custinfo_tui.services.unit_of_work import UnitOfWork
from custinfo_tui.services.verification_state import state_of, summary_of


def record_of(uow: UnitOfWork, customer: Customer) -> CustomerRecord:
    """The whole record with its field history: for work outside a call only."""
    names = operator_names(uow)
    changes = tuple(
        FieldChangeEntry(
            changed_at=c.changed_at,
            operator=names(c.operator_id),
            field=FIELDS[c.field].label,
            # As the record shows them ("07700 900123", not "+447700900123").
            old_value=_as_in_history(c.field, c.old_value),
            new_value=_as_in_history(c.field, c.new_value),
            reason=c.reason,
        )
        for c in uow.customers.field_changes(customer.id)
    )
    # The rectification request open on it: outside a call only, where the DPO edits.
    return _record(
        uow,
        customer,
        _field_values(customer, lambda key: True),
        changes=changes,
        rectification=open_rectification(uow, customer.id),
    )


def _as_in_history(key: str, value: str | None) -> str | None:
    """A value in the record's field history as the record shows it; no given name there
    is one name only (domain/one_name.py), said so rather than left blank."""
    if key == GIVEN_NAME and not value:
        return NO_GIVEN_NAME
    return as_displayed(key, value)


def in_call_record(
    uow: UnitOfWork,
    policy: VerificationPolicy,
    interaction: Interaction,
    customer: Customer,
    state: VerificationState | None = None,
) -> CustomerRecord:
    """The record as the caller on the line may hear it: what every in-call service returns.

    A field carries its value only when it is empty, names the record (names, reference),
    or was disclosed to this caller (`field.disclosed`) and their verification still allows
    it; every other field carries only its mask where `mask_shown` allows it: never for
    someone with no authority on the record ("...123" is nothing to confirm to them), nor
    for a part of an answer a check still asks for. Field history is left out: its old
    values are not for a call, and so are the representatives and the consents until the
    caller may hear contact details (`contacts_withheld`). A `state` given must be the
    call's as it now stands, disclosures included (`disclose` returns it so).

    It comes without its timeline (`in_call_timeline` reads it, hidden alike): every step
    of a call returns this record, the handler is mostly on its details meanwhile, and the
    timeline is the dearest part of it to read (docs/performance.md).
    """
    if state is None:
        state = state_of(uow, policy, interaction, customer, datetime.now(UTC))
    disclosed = state.disclosed

    def visible(key: str) -> bool:
        if FIELDS[key].group is FieldGroup.IDENTITY:
            return True  # names pick the record
        if stored_value(customer, key) is None:
            # Nothing to disclose, but that nothing is held is itself personal data (no
            # support needs on file): shown only once the caller may read the field.
            return readable(state, key)
        return key in disclosed and readable(state, key)

    notes_hidden, contacts_hidden = _hidden_in_call(policy, state)
    return _record(
        uow,
        customer,
        _field_values(customer, visible, masks=lambda key: mask_shown(state, key)),
        changes=(),
        interaction_id=interaction.id,
        changes_hidden=True,
        notes_hidden=notes_hidden,
        contacts_hidden=contacts_hidden,
        timeline=False,
    )


def in_call_timeline(
    uow: UnitOfWork,
    policy: VerificationPolicy,
    interaction: Interaction,
    customer: Customer,
    state: VerificationState | None = None,
) -> CallTimeline:
    """The record's timeline as the caller on the line may hear it, hidden as the record in
    the call hides it (`in_call_record`), without reading the rest of the record (fields,
    consents, complaints, possible duplicates): the timeline's tab in a call asks for it
    alone. A `state` given must be the call's as it now stands."""
    if state is None:
        state = state_of(uow, policy, interaction, customer, datetime.now(UTC))
    history, older_hidden, _ = timeline_of(uow, customer, *_hidden_in_call(policy, state))
    return CallTimeline(customer_id=customer.id, history=history, older_events_hidden=older_hidden)


def _hidden_in_call(
    policy: VerificationPolicy, state: VerificationState
) -> tuple[str | None, str | None]:
    """Why the calls' notes, then the representatives and consents, are hidden from the
    caller on the line (None where they may hear them): the record and its timeline in a
    call hide them alike."""
    notes_hidden = None if readable(state, "notes") else notes_need(state)
    return notes_hidden, contacts_withheld(policy, state)


def mask_shown(state: VerificationState, key: str) -> bool:
    """Whether a field hidden in a call may show its mask. Not for someone with no authority
    on the record, and not where the mask is part of an answer a check still asks for (the
    registry's `answers`): "...123" beside "the last 4 digits of the phone number we hold"
    was three of them to prompt with. It shows once the customer has passed that check (a
    representative's checks are on their own details) or their level allows reading it."""
    if state.caller.kind is CallerKind.NO_AUTHORITY:
        return False
    check = FIELDS[key].answers
    if check is None or readable(state, key):
        return True
    return state.caller.kind is CallerKind.CUSTOMER and any(
        c.kind is check and c.status is CheckStatus.PASSED for c in state.checks
    )


def shown_in_call(record: CustomerRecord) -> list[str]:
    """What an in-call record shows, as its view is audited: the fields shown, and the
    representatives and consents only where the caller may hear them (not withheld)."""
    shown = [f.key for f in record.fields if f.shown]
    if record.contacts_withheld is None:
        shown += ["representatives", "consents"]
    return shown


def audit_contacts_first_shown(
    uow: UnitOfWork, actor: Actor, interaction: Interaction, record: CustomerRecord
) -> bool:
    """Audit as viewed (`customer.viewed`, `in_call`) the representatives and consents an
    in-call record shows that no earlier view of this call listed: withheld until the caller
    passes Standard, they are first shown by the redraw after the check, not by the opening
    of the record. An empty list shows no one, so it is not logged. Whether it appended."""
    shown = [
        key
        for key, items in (
            ("representatives", record.representatives),
            ("consents", record.consents),
        )
        if items
    ]
    if not shown:
        return False
    views = uow.audit.call_steps(interaction.id, [AuditAction.CUSTOMER_VIEWED])
    listed_before = {key for view in views for key in view.fields}
    new = [key for key in shown if key not in listed_before]
    if new:
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_VIEWED,
            customer_id=interaction.customer_id,
            interaction_id=interaction.id,
            fields=new,
            details={"in_call": True, **caller_details(interaction)},
        )
    return bool(new)


def notes_need(state: VerificationState) -> str:
    """Why notes are hidden in this call: what the caller's verification still needs."""
    action = action_for(Access.READ, FIELDS["notes"].group)
    return state.needs.get(action, "needs verification")


def disclose(
    uow: UnitOfWork,
    actor: Actor,
    interaction: Interaction,
    customer: Customer,
    state: VerificationState,
    keys: Iterable[str],
    *,
    context: str | None = None,
) -> VerificationState:
    """Audit fields as disclosed to the caller on the line (`field.disclosed`), once each;
    the call's state with them disclosed.

    `state` is the call's as read in this unit of work. Callers check first that the
    caller may read the fields: this only keeps the record.
    """
    new = [key for key in dict.fromkeys(keys) if key not in state.disclosed]
    if not new:
        return state
    details: dict[str, object] = {
        **caller_details(interaction),
        "level": state.level,
    }
    if context is not None:
        details["context"] = context
    audit.record(
        uow,
        actor,
        AuditAction.FIELD_DISCLOSED,
        customer_id=customer.id,
        interaction_id=interaction.id,
        fields=new,
        details=details,
    )
    return state.model_copy(update={"disclosed": state.disclosed | set(new)})


def readable(state: VerificationState, key: str) -> bool:
    """Whether the caller's level (and a representative's scope) allows reading the field."""
    group = FIELDS[key].group
    return group is FieldGroup.IDENTITY or state.allows(action_for(Access.READ, group))


def _field_values(
    customer: Customer,
    visible: Callable[[str], bool],
    *,
    masks: Callable[[str], bool] = lambda key: True,
) -> tuple[FieldValue, ...]:
    """Each record field with its value where `visible`, otherwise with only its mask where
    `masks` allows it (else nothing); the ones that do not apply to the customer's address not
    listed (`address_country.listed`)."""
    fields = []
    address = current_address(customer)
    country = address.country if address is not None else None
    for key in RECORD_FIELDS:
        spec, shown = FIELDS[key], visible(key)
        hidden = masked_value(customer, key) if masks(key) else None
        fields.append(
            FieldValue(
                key=key,
                label=spec.label,
                value=displayed_value(customer, key) if shown else hidden,
                category=spec.category,
                group=spec.group,
                shown=shown,
                listed=listed(key, country),
            )
        )
    return tuple(fields)


def displayed_value(customer: Customer, key: str) -> str | None:
    """A field's stored value as the record shows it (a phone as dialled, a spoken date)."""
    stored = stored_value(customer, key)
    return display_value(key, stored) if stored else stored


def masked_value(customer: Customer, key: str) -> str | None:
    """What a field shows before it is revealed: the registry's mask of the stored value."""
    stored = stored_value(customer, key)
    mask = FIELDS[key].mask
    if stored is None or mask is Mask.HIDDEN:
        return None
    if mask is Mask.POSTCODE_OUTWARD:
        return mask_postcode(stored)
    if mask is Mask.LAST_DIGITS:
        return f"...{phone_last_digits(stored)}"
    return stored


def _record(
    uow: UnitOfWork,
    customer: Customer,
    fields: tuple[FieldValue, ...],
    *,
    changes: tuple[FieldChangeEntry, ...],
    interaction_id: int | None = None,
    changes_hidden: bool = False,
    notes_hidden: str | None = None,
    rectification: OpenRectification | None = None,
    contacts_hidden: str | None = None,
    timeline: bool = True,
) -> CustomerRecord:
    """The record around the given fields: its timeline (unless `timeline` is False),
    consents and representatives, none of which holds a field's value (the last two left
    out while `contacts_hidden` says why), and the calls' notes, shown unless
    `notes_hidden` says why not."""
    history: tuple[HistoryEntry, ...] | None = None
    older_hidden = False
    if timeline:
        history, older_hidden, names = timeline_of(uow, customer, notes_hidden, contacts_hidden)
    else:
        names = operator_names(uow)
    consents = tuple(
        ConsentEntry(
            id=c.id,
            purpose=c.purpose,
            channel=MarketingChannel(c.channel) if c.channel else None,
            basis=c.condition
            if c.purpose == SPECIAL_CATEGORY_PURPOSE and c.condition
            else c.lawful_basis,
            granted=c.granted,
            wording_version=c.wording_version,
            recorded_at=c.recorded_at,
            recorded_by=names(c.recorded_by_id),
            withdrawn_at=c.withdrawn_at,
            withdrawn_by=names(c.withdrawn_by_id) if c.withdrawn_by_id else None,
        )
        for c in (uow.customers.consents_of(customer.id) if contacts_hidden is None else ())
    )
    complaints = tuple(
        ComplaintSummary.model_validate(c, from_attributes=True)
        for c in uow.complaints.of_customer(customer.id)
    )
    paired = [(format_reference(r), said) for r, said in uow.queue.possibly_same_as(customer.id)]
    return CustomerRecord(
        consents=consents,
        complaints=complaints,
        representatives=()
        if contacts_hidden is not None
        else tuple(summary_of(r) for r in uow.interactions.representatives_of(customer.id)),
        contacts_withheld=contacts_hidden,
        customer_id=customer.id,
        reference=format_reference(customer.reference),
        version=customer.version,
        fields=fields,
        changes=changes,
        history=history,
        older_events_hidden=older_hidden,
        interaction_id=interaction_id,
        restricted_since=restriction.restricted_at
        if (restriction := uow.subject_access.restriction_in_force(customer.id))
        else None,
        rectification=rectification,
        changes_hidden=changes_hidden,
        possible_duplicate_of=tuple(r for r, said in paired if not said),
        said_different_from=tuple(r for r, said in paired if said),
    )
