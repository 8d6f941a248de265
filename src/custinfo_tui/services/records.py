"""Opening a customer record and correcting its fields, with the history that goes with both.

Opening a record outside a verified call needs a reason (MP-09). Every correction keeps
its old and new value in field history, the one place old values live (MP-10).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime

from custinfo_tui.domain.capture import (
    MOVED,
    CapturePolicy,
    FieldEdit,
    ReadBackConfirmation,
)
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.consent import SPECIAL_CATEGORY_PURPOSE, ConsentEntry, MarketingChannel
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import (
    CLEARABLE_FIELDS,
    FIELDS,
    RECORD_FIELDS,
    FieldGroup,
    Mask,
    Storage,
    StoredOn,
    display_value,
    normaliser_for,
)
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.phone import phone_last_digits
from custinfo_tui.domain.postcode import mask_postcode
from custinfo_tui.domain.records import (
    AccessReason,
    CustomerRecord,
    FieldChangeEntry,
    FieldValue,
    HistoryEntry,
)
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.text import collapse_spaces, strip_control_characters
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
from custinfo_tui.services.errors import (
    EditConflict,
    NotFound,
    ServiceError,
    SpecialCategoryRefused,
)
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.unit_of_work import UnitOfWork

MAX_REASON_LENGTH = 500
#: Field history's reason when special-category data goes with its Article 9 condition.
WITHDRAWN_REASON = "Article 9 condition withdrawn: special-category data removed"
#: The record's special-category fields: held only under an Article 9 condition (MP-07).
SPECIAL_CATEGORY_FIELDS = tuple(
    key for key in RECORD_FIELDS if FIELDS[key].category is DataCategory.SPECIAL_CATEGORY
)


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
    reason_text = clean_reason(reason.text())
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
        record = record_of(uow, customer)
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
        record = in_call_record(uow, policy, interaction, customer)
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
        _disclose(uow, actor, interaction, customer, state, keys)
        record = in_call_record(uow, policy, interaction, customer, state)
        uow.commit()
        return record


def record_in_call(
    uow: UnitOfWork, actor: Actor, policy: VerificationPolicy, interaction_id: int
) -> CustomerRecord:
    """The record as the caller on the line may hear it now, to redraw the screen after a
    check, a lock or a new caller: its timeline then shows what just happened.

    It reveals nothing that was not already disclosed in this call, so it is not audited
    again, and it works while verification is locked (masks only).
    """
    require(actor, Permission.VIEW_CUSTOMER)
    require(actor, Permission.VERIFY_CALLERS)
    with uow:
        interaction = verification.open_interaction(uow, actor, interaction_id)
        customer = verification.active_customer(uow, verification.customer_of(interaction))
        return in_call_record(uow, policy, interaction, customer)


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
) -> CustomerRecord:
    """Change fields of an existing record (MP-04, MP-10): validated, read back, with reasons.

    Each change needs one of the configured reasons and a confirmed read-back line; each is
    kept in field history with its reason. A move (the reason `MOVED` on an address field)
    keeps the old address as a past one. In a call (`interaction_id`), the caller's
    verification must allow changing each field's group. Raises FieldError naming the field
    for a bad value, EditConflict when another desk saved the record after
    `expected_version` was read.
    """
    require(actor, Permission.EDIT_CUSTOMER)
    if not edits:
        raise ServiceError("Nothing was changed.")
    normalised = {key: _normalise_edit(key, edit.value) for key, edit in edits.items()}
    reasons = {key: edit.reason for key, edit in edits.items()}
    for key, reason in reasons.items():
        if reason not in capture.change_reasons:
            raise ServiceError(f"{FIELDS[key].label}: choose a reason for the change.")
    now = datetime.now(UTC)
    with uow:
        customer = _customer(uow, customer_id, lock=True)
        interaction = None
        if interaction_id is not None:
            interaction = _editing_call(uow, actor, policy, interaction_id, customer, edits)
        if customer.version != expected_version:
            theirs = _theirs(uow, actor, policy, interaction, customer, normalised)
            uow.commit()  # nothing is saved, but what the conflict discloses stays audited
            raise EditConflict(customer.version, theirs)
        changed = {k: v for k, v in normalised.items() if _stored(customer, k) != v}
        if not changed:
            raise ServiceError("Nothing was changed: the values are the ones already held.")
        require_read_back([k for k, v in changed.items() if v is not None], read_back)
        special = any(changed.get(key) for key in SPECIAL_CATEGORY_FIELDS)
        if special and not _special_condition(uow, customer.id):
            raise SpecialCategoryRefused()
        moved = any(reasons[k] == MOVED and FIELDS[k].group is FieldGroup.ADDRESS for k in changed)
        old = {key: _stored(customer, key) for key in changed}
        _apply(uow, customer, changed, now, moved=moved)
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
        customer.updated_at = now
        caller = verification.caller_details(interaction) if interaction is not None else {}
        confirmed = sorted(k for k in changed if k in read_back.confirmed)
        audit.record(
            uow,
            actor,
            AuditAction.READ_BACK_CONFIRMED,
            customer_id=customer.id,
            interaction_id=interaction_id,
            fields=confirmed,
            details={
                "double_entry": sorted(read_back.double_entered & set(confirmed)),
                **caller,
            },
        )
        audit.record(
            uow,
            actor,
            AuditAction.CUSTOMER_UPDATED,
            customer_id=customer.id,
            interaction_id=interaction_id,
            fields=list(changed),
            reason="; ".join(dict.fromkeys(reasons[k] for k in changed)),
            details={"reasons": {k: reasons[k] for k in changed}, "moved": moved, **caller},
        )
        uow.commit()  # the version check in the UPDATE catches a save that raced this one
        if interaction is not None:
            return in_call_record(uow, policy, interaction, customer)
        return record_of(uow, customer)


def require_read_back(keys: Iterable[str], read_back: ReadBackConfirmation) -> None:
    """Refuse a save whose values were not all read back and confirmed by the caller."""
    unconfirmed = [key for key in keys if key not in read_back.confirmed]
    if unconfirmed:
        labels = ", ".join(FIELDS[key].label for key in unconfirmed)
        raise ServiceError(f"Read back and confirm with the caller first: {labels}.")


def _editing_call(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    interaction_id: int,
    customer: Customer,
    edits: Mapping[str, FieldEdit],
) -> Interaction:
    """The open call the edit is made in; each field's change must be allowed to the caller."""
    return verification.require_in_call(
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
        return {key: _shown(customer, key) for key in keys}
    state = verification.state_of(uow, policy, interaction, customer, datetime.now(UTC))
    theirs = {key: _shown(customer, key) if _readable(state, key) else None for key in keys}
    shown = [key for key, value in theirs.items() if value is not None]
    _disclose(uow, actor, interaction, customer, state, shown, context="edit_conflict")
    return theirs


def _special_condition(uow: UnitOfWork, customer_id: int) -> bool:
    """Whether an Article 9 condition is recorded and in force for the customer."""
    return any(
        c.purpose == SPECIAL_CATEGORY_PURPOSE and c.granted and c.withdrawn_at is None
        for c in uow.customers.consents_of(customer_id)
    )


def _apply(
    uow: UnitOfWork,
    customer: Customer,
    changed: Mapping[str, str | None],
    now: datetime,
    *,
    moved: bool,
) -> None:
    """Store the changed values. A move starts a new current address and keeps the old one."""
    address_keys = [k for k in changed if k in _ADDRESS_FIELDS]
    current = _current_address(customer)
    if address_keys and (moved or current is None):
        merged = {k: _stored(customer, k) for k in _ADDRESS_FIELDS} | {
            k: changed[k] for k in address_keys
        }
        missing = [k for k in _ADDRESS_FIELDS if not FIELDS[k].clearable and not merged[k]]
        if missing:
            labels = ", ".join(FIELDS[k].label for k in missing)
            raise ServiceError(f"A new address needs: {labels}.")
        if current is not None:
            current.is_current, current.valid_to = False, now
        address = Address(
            customer_id=customer.id,
            country=current.country if current is not None else "GB",
            is_current=True,
            valid_from=now,
        )
        terms = [term for k in _ADDRESS_FIELDS for term in _assign(address, k, merged[k])]
        uow.customers.add_address(address)
        customer.addresses.append(address)
        uow.customers.add_name_terms(terms)
        changed = {k: v for k, v in changed.items() if k not in _ADDRESS_FIELDS}
    for key, value in changed.items():
        _store(uow, customer, key, value, now)


def _disclosed(uow: UnitOfWork, interaction_id: int) -> set[str]:
    """Fields already disclosed to the caller now on the line."""
    return {
        key
        for event in verification.current_caller_events(uow, interaction_id)
        if event.action is AuditAction.FIELD_DISCLOSED
        for key in event.fields
    }


def _disclose(
    uow: UnitOfWork,
    actor: Actor,
    interaction: Interaction,
    customer: Customer,
    state: VerificationState,
    keys: Iterable[str],
    *,
    context: str | None = None,
) -> None:
    """Audit fields as disclosed to the caller on the line (`field.disclosed`), once each.

    Callers check first that the caller may read them: this only keeps the record.
    """
    already = _disclosed(uow, interaction.id)
    new = [key for key in dict.fromkeys(keys) if key not in already]
    if not new:
        return
    details: dict[str, object] = {
        **verification.caller_details(interaction),
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


def _readable(state: VerificationState, key: str) -> bool:
    """Whether the caller's level (and a representative's scope) allows reading the field."""
    group = FIELDS[key].group
    return group is FieldGroup.IDENTITY or state.allows(action_for(Access.READ, group))


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
    it; every other field carries only its mask. Field history is left out: its old values
    are not for a call.
    """
    if state is None:
        state = verification.state_of(uow, policy, interaction, customer, datetime.now(UTC))
    disclosed = _disclosed(uow, interaction.id)

    def visible(key: str) -> bool:
        if FIELDS[key].group is FieldGroup.IDENTITY or _stored(customer, key) is None:
            return True  # names pick the record; an empty field has nothing to disclose
        return key in disclosed and _readable(state, key)

    return _record(
        uow,
        customer,
        _field_values(customer, visible),
        changes=(),
        interaction_id=interaction.id,
        changes_hidden=True,
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


def clean_reason(text: str) -> str:
    return collapse_spaces(strip_control_characters(text))[:MAX_REASON_LENGTH]


def active_customer_for_update(uow: UnitOfWork, customer_id: int) -> Customer:
    """The active customer, loaded and row-locked until the transaction ends."""
    return _customer(uow, customer_id, lock=True)


def clear_special_category(
    uow: UnitOfWork,
    actor: Actor,
    customer: Customer,
    interaction_id: int | None,
    now: datetime,
) -> None:
    """Erase the special-category data once its Article 9 condition is withdrawn.

    The fields are emptied, and every value their field history held (old and new, from
    earlier changes) is erased too: keeping them there would defeat the withdrawal. Who
    changed the field, when and why stay; one more history row says it was removed, and why.
    """
    erased = []
    for key in SPECIAL_CATEGORY_FIELDS:
        held_in_history = uow.customers.erase_field_history(customer.id, key)
        if _stored(customer, key) is None and not held_in_history:
            continue
        _store(uow, customer, key, None, now)
        uow.customers.add_field_change(
            FieldChange(
                customer_id=customer.id,
                field=key,
                old_value=None,
                new_value=None,
                reason=WITHDRAWN_REASON,
                operator_id=actor.operator_id,
                interaction_id=interaction_id,
                changed_at=now,
            )
        )
        erased.append(key)
    if not erased:
        return
    audit.record(
        uow,
        actor,
        AuditAction.CUSTOMER_UPDATED,
        customer_id=customer.id,
        interaction_id=interaction_id,
        fields=erased,
        reason=WITHDRAWN_REASON,
        details={"reasons": dict.fromkeys(erased, WITHDRAWN_REASON), "moved": False},
    )


def _customer(uow: UnitOfWork, customer_id: int, *, lock: bool = False) -> Customer:
    customer = uow.customers.get_for_update(customer_id, lock=lock)
    if customer is None or customer.status != CustomerStatus.ACTIVE:
        raise NotFound("That customer record no longer exists.")
    return customer


def normalise_value(key: str, raw: str) -> str | None:
    """A field's value as stored, from what was typed; None for an emptied optional field.

    Raises FieldError with the field's label, for the screen to show at the field.
    """
    spec = FIELDS[key]
    if not raw.strip():
        if key in CLEARABLE_FIELDS:
            return None
        raise FieldError(f"{spec.label}: enter the {spec.label.lower()}.")
    try:
        return normaliser_for(key)(raw)
    except FieldError as error:
        raise FieldError(f"{spec.label}: {error}") from None


def _normalise_edit(key: str, raw: str) -> str | None:
    if key not in RECORD_FIELDS:
        raise ServiceError(f"Not a field of the record: {key}.")
    return normalise_value(key, raw)


def _current_address(customer: Customer) -> Address | None:
    return next((a for a in customer.addresses if a.is_current), None)


def _contact(customer: Customer, kind: str) -> ContactPoint | None:
    return next((c for c in customer.contact_points if c.kind == kind and c.is_primary), None)


def _storage(key: str) -> Storage:
    """Where the registry stores a record field; ServiceError for one the record lacks."""
    spec = FIELDS[key]
    if spec.storage is None or not spec.on_record:
        raise ServiceError(f"Not a field of the record: {key}.")
    return spec.storage


#: The record's fields held on its current address: a move replaces them together.
_ADDRESS_FIELDS = tuple(k for k in RECORD_FIELDS if _storage(k).on is StoredOn.ADDRESS)


def _holder(customer: Customer, key: str) -> Customer | ContactPoint | Address | None:
    """The row holding a record field's value; None while there is none (no e-mail yet)."""
    on = _storage(key).on
    if on is StoredOn.CUSTOMER:
        return customer
    if on is StoredOn.CONTACT_POINT:
        return _contact(customer, key)
    if on is StoredOn.ADDRESS:
        return _current_address(customer)
    raise ServiceError(f"Not a field of the record: {key}.")


def _stored(customer: Customer, key: str) -> str | None:
    """A field's stored (normalised) value, read where the registry says it lives."""
    holder = _holder(customer, key)
    value = getattr(holder, _storage(key).attribute) if holder is not None else None
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _assign(
    holder: Customer | ContactPoint | Address, key: str, value: str | None
) -> list[tuple[str, str]]:
    """Set a field's value on its row, and its search key beside it (a name's, a town's);
    returns the (kind, key) terms the name index must file the new value under."""
    storage = _storage(key)
    if storage.is_date and value is not None:
        setattr(holder, storage.attribute, date.fromisoformat(value))
    else:
        setattr(holder, storage.attribute, value)
    if storage.search_key is None or value is None:
        return []
    folded = storage.search_key.of(value)
    setattr(holder, storage.search_key.column, folded)
    return [(storage.search_key.value, folded)]


def _store(uow: UnitOfWork, customer: Customer, key: str, value: str | None, now: datetime) -> None:
    """Store one field's new value (None empties it) where the registry says it lives."""
    spec, holder = FIELDS[key], _holder(customer, key)
    if value is None and not spec.clearable:
        raise ServiceError(f"{spec.label} cannot be emptied.")
    if _storage(key).on is StoredOn.CONTACT_POINT:
        if value is None:
            if isinstance(holder, ContactPoint):
                customer.contact_points.remove(holder)
                uow.customers.remove_contact_point(holder)
            return
        if holder is None:
            holder = ContactPoint(
                customer_id=customer.id, kind=key, label="main", is_primary=True, created_at=now
            )
            uow.customers.add_contact_point(holder)
            customer.contact_points.append(holder)
    if holder is None:
        raise ServiceError("This customer has no current address to correct.")
    terms = _assign(holder, key, value)
    if terms:
        uow.customers.add_name_terms(terms)


def add_customer(
    uow: UnitOfWork, reference: str, values: Mapping[str, str], now: datetime
) -> Customer:
    """A new active customer holding the record fields in `values` (stored form), each where
    the registry stores it, added to the unit of work with its name-index terms.

    The address is kept once its first line is given; a required address line left out
    (a template may make them optional) is stored empty, an optional one as None.
    """
    customer = Customer(
        reference=reference,
        status=CustomerStatus.ACTIVE,
        created_at=now,
        updated_at=now,
        contact_points=[],
        addresses=[],
    )
    terms = []
    for key in (key for key in RECORD_FIELDS if key in values):
        if _storage(key).on is StoredOn.CUSTOMER:
            terms += _assign(customer, key, values[key])
        elif _storage(key).on is StoredOn.CONTACT_POINT:
            contact = ContactPoint(kind=key, label="main", is_primary=True, created_at=now)
            _assign(contact, key, values[key])
            customer.contact_points.append(contact)
    if _ADDRESS_FIELDS[0] in values:  # the first line, as the registry orders them
        address = Address(country="GB", is_current=True, valid_from=now)
        for key in _ADDRESS_FIELDS:
            terms += _assign(address, key, values.get(key, None if FIELDS[key].clearable else ""))
        customer.addresses.append(address)
    uow.customers.add(customer)
    uow.customers.add_name_terms(terms)
    return customer


def _shown(customer: Customer, key: str) -> str | None:
    """A field's stored value as the record shows it (a phone as dialled, a spoken date)."""
    stored = _stored(customer, key)
    return display_value(key, stored) if stored else stored


def record_of(uow: UnitOfWork, customer: Customer) -> CustomerRecord:
    """The whole record with its field history: for work outside a call only."""
    names = _operator_names(uow)
    changes = tuple(
        FieldChangeEntry(
            changed_at=c.changed_at,
            operator=names(c.operator_id),
            field=FIELDS[c.field].label,
            old_value=c.old_value,
            new_value=c.new_value,
            reason=c.reason,
        )
        for c in uow.customers.field_changes(customer.id)
    )
    return _record(uow, customer, _field_values(customer, lambda key: True), changes=changes)


def _field_values(customer: Customer, visible: Callable[[str], bool]) -> tuple[FieldValue, ...]:
    """Each record field with its value where `visible`, otherwise with only its mask."""
    fields = []
    for key in RECORD_FIELDS:
        spec, shown = FIELDS[key], visible(key)
        fields.append(
            FieldValue(
                key=key,
                label=spec.label,
                value=_shown(customer, key) if shown else _mask(customer, key),
                category=spec.category,
                group=spec.group,
                shown=shown,
            )
        )
    return tuple(fields)


def _record(
    uow: UnitOfWork,
    customer: Customer,
    fields: tuple[FieldValue, ...],
    *,
    changes: tuple[FieldChangeEntry, ...],
    interaction_id: int | None = None,
    changes_hidden: bool = False,
) -> CustomerRecord:
    """The record around the given fields: access history, consents and representatives,
    none of which holds a field's value."""
    names = _operator_names(uow)
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
        for c in uow.customers.consents_of(customer.id)
    )
    return CustomerRecord(
        consents=consents,
        representatives=tuple(
            verification.summary_of(r) for r in uow.interactions.representatives_of(customer.id)
        ),
        customer_id=customer.id,
        reference=format_reference(customer.reference),
        version=customer.version,
        fields=fields,
        changes=changes,
        history=history,
        interaction_id=interaction_id,
        changes_hidden=changes_hidden,
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
