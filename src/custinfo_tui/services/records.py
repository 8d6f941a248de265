"""Opening a customer record and correcting its fields, with the history that goes with both.

Opening a record outside a verified call needs a reason (MP-09). Every correction keeps
its old and new value in field history, the one place old values live (MP-10).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime

from custinfo_tui.domain.dates import format_spoken_date
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import FIELDS, FieldGroup, Mask
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.phone import format_phone_national, phone_last_digits
from custinfo_tui.domain.postcode import mask_postcode
from custinfo_tui.domain.records import (
    AccessReason,
    CustomerRecord,
    FieldChangeEntry,
    FieldValue,
    HistoryEntry,
)
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.text import collapse_spaces, fold_for_search, strip_control_characters
from custinfo_tui.domain.timeline import describe
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import Access, VerificationPolicy, action_for
from custinfo_tui.repository.orm import (
    Address,
    ContactPoint,
    Customer,
    FieldChange,
    Interaction,
)
from custinfo_tui.services import audit, verification
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork

#: Fields shown on the record, in order. Each is stored in one place, read by `_stored`.
RECORD_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "email",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
)
MAX_REASON_LENGTH = 500


class AccessReasonRequired(ServiceError):
    def __init__(self) -> None:
        super().__init__("Opening a record outside a verified call needs a reason.")


class StaleRecord(ServiceError):
    """Another desk saved the record since it was opened; nothing was changed."""

    def __init__(self, current_version: int) -> None:
        super().__init__(
            "Someone else changed this record after you opened it. Nothing was saved; "
            "reopen it to see their change."
        )
        self.current_version = current_version


def open_record(
    uow: UnitOfWork, actor: Actor, customer_id: int, reason: AccessReason | None
) -> CustomerRecord:
    """The whole record, its field history and access history; audited as viewed, with why."""
    require(actor, Permission.VIEW_CUSTOMER)
    if reason is None or not reason.reason.strip():
        raise AccessReasonRequired()
    reason_text = _clean_reason(reason.text())
    with uow:
        customer = _customer(uow, customer_id)
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_VIEWED,
            customer_id=customer.id,
            fields=(*RECORD_FIELDS, "field_history"),
            reason=reason_text,
        )
        record = _to_record(uow, customer)
        uow.commit()
        return record


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
        interaction = verification.open_interaction(uow, actor, interaction_id)
        customer = verification.active_customer(uow, verification.customer_of(interaction))
        record = _in_call_record(uow, policy, interaction, customer)
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_VIEWED,
            customer_id=customer.id,
            interaction_id=interaction.id,
            fields=[f.key for f in record.fields if f.shown],
            details={"in_call": True, **verification.caller_details(interaction)},
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
    scope) allows reading; otherwise nothing is revealed and the error says what is missing.
    """
    require(actor, Permission.VIEW_CUSTOMER)
    require(actor, Permission.VERIFY_CALLERS)
    unknown = [key for key in keys if key not in RECORD_FIELDS]
    if unknown:
        raise ServiceError(f"Not a field of the record: {', '.join(unknown)}.")
    keys = list(dict.fromkeys(keys))
    with uow:
        interaction = verification.open_interaction(uow, actor, interaction_id)
        customer = verification.active_customer(uow, verification.customer_of(interaction))
        state = verification.state_of(uow, policy, interaction, customer, datetime.now(UTC))
        if state.locked:
            raise verification.VerificationLocked(policy.scripts.locked)
        for key in keys:
            action = action_for(Access.READ, FIELDS[key].group)
            if not state.allows(action):
                raise ServiceError(f"{FIELDS[key].label} cannot be shown: {state.needs[action]}.")
        already = _disclosed(uow, interaction.id)
        new = [key for key in keys if key not in already]
        if new:
            audit.record(
                uow,
                actor,
                AuditAction.FIELD_DISCLOSED,
                customer_id=customer.id,
                interaction_id=interaction.id,
                fields=new,
                details={**verification.caller_details(interaction), "level": state.level},
            )
        record = _in_call_record(uow, policy, interaction, customer, state)
        uow.commit()
        return record


def correct_fields(
    uow: UnitOfWork,
    actor: Actor,
    customer_id: int,
    expected_version: int,
    changes: Mapping[str, str],
    reason: str,
) -> CustomerRecord:
    """Change fields of an existing record; each change is validated and kept in field history.

    Raises FieldError (naming the field) for a bad value, StaleRecord when another desk saved
    the record after `expected_version` was read.
    """
    require(actor, Permission.EDIT_CUSTOMER)
    reason = _clean_reason(reason)
    if not reason:
        raise ServiceError("Give a reason for the change (for example: customer moved).")
    normalised = {key: _normalise(key, raw) for key, raw in changes.items()}
    now = datetime.now(UTC)
    with uow:
        customer = _customer(uow, customer_id)
        if customer.version != expected_version:
            raise StaleRecord(customer.version)
        changed = []
        for key, new in normalised.items():
            old = _stored(customer, key)
            if old == new:
                continue
            _store(uow, customer, key, new, now)
            uow.customers.add_field_change(
                FieldChange(
                    customer_id=customer.id,
                    field=key,
                    old_value=old,
                    new_value=new,
                    reason=reason,
                    operator_id=actor.operator_id,
                    changed_at=now,
                )
            )
            changed.append(key)
        if changed:
            customer.updated_at = now
            audit.record(
                uow,
                actor,
                AuditAction.CUSTOMER_UPDATED,
                customer_id=customer.id,
                fields=changed,
                reason=reason,
            )
        uow.commit()  # the version check in the UPDATE catches a save that raced this one
        return _to_record(uow, customer)


def _disclosed(uow: UnitOfWork, interaction_id: int) -> set[str]:
    """Fields already disclosed to the caller now on the line."""
    return {
        key
        for event in verification.current_caller_events(uow, interaction_id)
        if event.action is AuditAction.FIELD_DISCLOSED
        for key in event.fields
    }


def _in_call_record(
    uow: UnitOfWork,
    policy: VerificationPolicy,
    interaction: Interaction,
    customer: Customer,
    state: VerificationState | None = None,
) -> CustomerRecord:
    interaction_id = interaction.id
    if state is None:
        state = verification.state_of(uow, policy, interaction, customer, datetime.now(UTC))
    disclosed = _disclosed(uow, interaction_id)
    full = _to_record(uow, customer, with_changes=False)  # old values are not shown in calls

    def visible(key: str) -> bool:
        group = FIELDS[key].group
        if group is FieldGroup.IDENTITY or _stored(customer, key) is None:
            return True  # names pick the record; an empty field has nothing to disclose
        return key in disclosed and state.allows(action_for(Access.READ, group))

    fields = tuple(
        f
        if visible(f.key)
        else f.model_copy(update={"value": _mask(customer, f.key), "shown": False})
        for f in full.fields
    )
    return full.model_copy(
        update={
            "fields": fields,
            "changes": (),
            "changes_hidden": True,
            "interaction_id": interaction_id,
        }
    )


def _mask(customer: Customer, key: str) -> str | None:
    """What a field shows before it is revealed: the registry's mask of the stored value."""
    stored = _stored(customer, key)
    mask = FIELDS[key].mask
    if stored is None or mask is Mask.HIDDEN:
        return None
    if mask is Mask.POSTCODE_OUTWARD:
        return mask_postcode(stored)
    if mask is Mask.LAST_DIGITS:
        return f"...{phone_last_digits(stored)}"
    return stored


def _clean_reason(text: str) -> str:
    return collapse_spaces(strip_control_characters(text))[:MAX_REASON_LENGTH]


def _customer(uow: UnitOfWork, customer_id: int) -> Customer:
    customer = uow.customers.get_for_update(customer_id)
    if customer is None or customer.status != "active":
        raise NotFound("That customer record no longer exists.")
    return customer


def _normalise(key: str, raw: str) -> str:
    if key not in RECORD_FIELDS:
        raise KeyError(key)
    normalise = FIELDS[key].normalise
    assert normalise is not None
    try:
        return normalise(raw)
    except FieldError as error:
        raise FieldError(f"{FIELDS[key].label}: {error}") from None


def _current_address(customer: Customer) -> Address | None:
    return next((a for a in customer.addresses if a.is_current), None)


def _contact(customer: Customer, kind: str) -> ContactPoint | None:
    return next((c for c in customer.contact_points if c.kind == kind and c.is_primary), None)


_ADDRESS_COLUMNS = {
    "address_line1": "line1",
    "address_line2": "line2",
    "town": "town",
    "postcode": "postcode",
}


def _stored(customer: Customer, key: str) -> str | None:
    """A field's stored (normalised) value."""
    if key in ("given_name", "family_name"):
        return str(getattr(customer, key))
    if key == "date_of_birth":
        return customer.date_of_birth.isoformat() if customer.date_of_birth else None
    if key in ("phone", "email"):
        contact = _contact(customer, key)
        return contact.value if contact else None
    address = _current_address(customer)
    value = getattr(address, _ADDRESS_COLUMNS[key]) if address else None
    return None if value is None else str(value)


def _store(uow: UnitOfWork, customer: Customer, key: str, value: str, now: datetime) -> None:
    if key == "given_name":
        customer.given_name, customer.given_key = value, fold_for_search(value)
        uow.customers.add_name_terms([("given", customer.given_key)])
    elif key == "family_name":
        customer.family_name, customer.family_key = value, fold_for_search(value)
        uow.customers.add_name_terms([("family", customer.family_key)])
    elif key == "date_of_birth":
        customer.date_of_birth = date.fromisoformat(value)
    elif key in ("phone", "email"):
        contact = _contact(customer, key)
        if contact is None:
            contact = ContactPoint(
                customer_id=customer.id, kind=key, label="main", is_primary=True, created_at=now
            )
            uow.customers.add_contact_point(contact)
        contact.value = value
    else:
        address = _current_address(customer)
        if address is None:
            raise ServiceError("This customer has no current address to correct.")
        setattr(address, _ADDRESS_COLUMNS[key], value)
        if key == "town":
            address.town_key = fold_for_search(value)
            uow.customers.add_name_terms([("town", address.town_key)])


_DISPLAY: dict[str, Callable[[str], str]] = {
    "phone": format_phone_national,
    "date_of_birth": lambda iso: format_spoken_date(date.fromisoformat(iso)),
}


def _to_record(uow: UnitOfWork, customer: Customer, *, with_changes: bool = True) -> CustomerRecord:
    names = _operator_names(uow)
    fields = []
    for key in RECORD_FIELDS:
        stored = _stored(customer, key)
        shown = _DISPLAY[key](stored) if stored and key in _DISPLAY else stored
        spec = FIELDS[key]
        fields.append(
            FieldValue(
                key=key, label=spec.label, value=shown, category=spec.category, group=spec.group
            )
        )
    changes = tuple(
        FieldChangeEntry(
            changed_at=c.changed_at,
            operator=names(c.operator_id),
            field=FIELDS[c.field].label,
            old_value=c.old_value,
            new_value=c.new_value,
            reason=c.reason,
        )
        for c in (uow.customers.field_changes(customer.id) if with_changes else ())
    )
    history = tuple(
        HistoryEntry(
            occurred_at=e.occurred_at,
            operator=names(e.operator_id),
            action=e.action.value,
            what=describe(e.action, e.fields, e.details, e.outcome),
            fields=e.fields,
            reason=e.reason,
            outcome=e.outcome,
        )
        for e in uow.audit.list_recent(customer_id=customer.id, limit=200)
    )
    return CustomerRecord(
        representatives=tuple(
            verification.summary_of(r) for r in uow.interactions.representatives_of(customer.id)
        ),
        customer_id=customer.id,
        reference=format_reference(customer.reference),
        version=customer.version,
        fields=tuple(fields),
        changes=changes,
        history=history,
    )


def _operator_names(uow: UnitOfWork) -> Callable[[int | None], str]:
    cache: dict[int, str] = {}

    def name(operator_id: int | None) -> str:
        if operator_id is None:
            return "system"
        if operator_id not in cache:
            operator = uow.operators.get(operator_id)
            cache[operator_id] = operator.username if operator else f"#{operator_id}"
        return cache[operator_id]

    return name
