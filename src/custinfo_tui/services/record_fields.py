"""Where each record field is stored, and its stored form: what the record use cases share.

The field registry (`domain.fields`) says where a field lives (`Storage`: the customer, its
primary contact point or its current address); these functions read and write a field there,
with its search key, so no service keeps its own list of columns. An address is written
whole, its country first: which of the two postcodes its postcode column holds, the country
says (domain/address_country.py). A customer with one name only has no given name
(domain/one_name.py): read as None, as any value not held, and held as "" with an empty
search key, filed under no name-index term (the column is NOT NULL, as it was before one
name only was taken: no migration, and no reader of it meets a NULL).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from custinfo_tui.domain.address_country import (
    COUNTRY_FIELD,
    POSTCODE_FIELDS,
    asked,
    check_postcodes,
)
from custinfo_tui.domain.capture import ReadBackConfirmation
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.countries import UNITED_KINGDOM
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.field_spec import Storage, StoredOn
from custinfo_tui.domain.fields import CLEARABLE_FIELDS, FIELDS, RECORD_FIELDS, normaliser_for
from custinfo_tui.domain.one_name import GIVEN_NAME, GIVEN_NAME_WITH_ONE_NAME
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.repository.orm import Address, ContactPoint, Customer
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.unit_of_work import UnitOfWork

#: The record's special-category fields: held only under an Article 9 condition (MP-07).
SPECIAL_CATEGORY_FIELDS = tuple(
    key for key in RECORD_FIELDS if FIELDS[key].category is DataCategory.SPECIAL_CATEGORY
)


def normalise_value(key: str, raw: str, *, one_name_only: bool = False) -> str | None:
    """A field's value as stored, from what was typed; None for an emptied optional field,
    and for the given name of a customer with `one_name_only`, which must be left empty.

    Raises FieldError with the field's label, for the screen to show at the field.
    """
    spec = FIELDS[key]
    if one_name_only:
        if key != GIVEN_NAME:
            raise ServiceError(f"One name only is said of the given name, not {spec.label}.")
        if raw.strip():
            raise FieldError(f"{spec.label}: {GIVEN_NAME_WITH_ONE_NAME}.")
        return None
    if not raw.strip():
        if key in CLEARABLE_FIELDS:
            return None
        raise FieldError(f"{spec.label}: enter the {spec.label.lower()}.")
    try:
        return normaliser_for(key)(raw)
    except FieldError as error:
        raise FieldError(f"{spec.label}: {error}") from None


def read_back_needed(changed: Mapping[str, str | None]) -> list[str]:
    """The changed fields the caller must confirm: every new value, and a given name
    emptied, which only one name only does ("One name only: Suharto" is read back); other
    fields emptied have nothing to read."""
    return [key for key, value in changed.items() if value is not None or key == GIVEN_NAME]


def require_read_back(keys: Iterable[str], read_back: ReadBackConfirmation) -> None:
    """Refuse a save whose values were not all read back and confirmed by the caller."""
    unconfirmed = [key for key in keys if key not in read_back.confirmed]
    if unconfirmed:
        labels = ", ".join(FIELDS[key].label for key in unconfirmed)
        raise ServiceError(f"Read back and confirm with the caller first: {labels}.")


def read_back_details(read_back: ReadBackConfirmation, saved: Iterable[str]) -> dict[str, object]:
    """A `readback.confirmed` event's details for the fields saved: which were typed twice
    and, when any were, which were corrected after an earlier read-back showed them."""
    keys = set(saved)
    details: dict[str, object] = {"double_entry": sorted(read_back.double_entered & keys)}
    if corrected := sorted(read_back.corrected & keys):
        details["corrected"] = corrected
    return details


def current_address(customer: Customer) -> Address | None:
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
ADDRESS_FIELDS = tuple(k for k in RECORD_FIELDS if _storage(k).on is StoredOn.ADDRESS)
#: The record's fields held on its main contact point of their kind (phone, e-mail).
CONTACT_FIELDS = tuple(k for k in RECORD_FIELDS if _storage(k).on is StoredOn.CONTACT_POINT)


def _holder(customer: Customer, key: str) -> Customer | ContactPoint | Address | None:
    """The row holding a record field's value; None while there is none (no e-mail yet)."""
    return _row(customer, key, _storage(key).on)


def _row(customer: Customer, key: str, on: StoredOn) -> Customer | ContactPoint | Address | None:
    if on is StoredOn.CUSTOMER:
        return customer
    if on is StoredOn.CONTACT_POINT:
        return _contact(customer, key)
    if on is StoredOn.ADDRESS:
        return current_address(customer)
    raise ServiceError(f"Not a field of the record: {key}.")


def stored_value(customer: Customer, key: str) -> str | None:
    """A record field's stored (normalised) value, read where the registry says it lives."""
    return _read(_holder(customer, key), key)


def kept_value(customer: Customer, key: str) -> str | None:
    """A field's stored value wherever the registry keeps it with the customer, whether the
    record lists it or not (the address's country); None when empty, or when the field is
    kept with each call or not on its own (`Storage` None)."""
    storage = FIELDS[key].storage
    if storage is None or storage.on is StoredOn.INTERACTION:
        return None
    return _read(_row(customer, key, storage.on), key)


def _read(holder: Customer | ContactPoint | Address | None, key: str) -> str | None:
    """The field's value on `holder` (a date as ISO text); None when there is none, and for
    a postcode not for the address's country."""
    storage = FIELDS[key].storage
    if holder is None or storage is None:
        return None
    if isinstance(holder, Address) and not asked(key, holder.country):
        return None
    value = getattr(holder, storage.attribute)
    if value is None or (value == "" and (FIELDS[key].address_in is not None or key == GIVEN_NAME)):
        # A postcode column is never NULL: a place without postcodes holds "". Nor is the
        # given name's: a customer with one name only holds "".
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def assign(
    holder: Customer | ContactPoint | Address, key: str, value: str | None
) -> list[tuple[str, str]]:
    """Set a field's value on its row, and its search key beside it (a name's, a town's);
    returns the (kind, key) terms the name index must file the new value under. The given
    name None (one name only) is held as "", with an empty key filed under no term."""
    storage = _storage(key)
    if key == GIVEN_NAME and value is None:
        value = ""
    if storage.is_date and value is not None:
        setattr(holder, storage.attribute, date.fromisoformat(value))
    else:
        setattr(holder, storage.attribute, value)
    if storage.search_key is None or value is None:
        return []
    folded = storage.search_key.of(value)
    setattr(holder, storage.search_key.column, folded)
    return [(storage.search_key.value, folded)] if folded else []


def store_value(
    uow: UnitOfWork, customer: Customer, key: str, value: str | None, now: datetime
) -> None:
    """Store one field's new value (None empties it) where the registry says it lives; an
    address line corrects the current address, written whole (`correct_address`)."""
    spec, holder = FIELDS[key], _holder(customer, key)
    if value is None and not spec.clearable and key != GIVEN_NAME:  # see `normalise_value`
        raise ServiceError(f"{spec.label} cannot be emptied.")
    if _storage(key).on is StoredOn.ADDRESS:
        correct_address(uow, customer, {key: value})
        return
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
    assert holder is not None, "a customer's own field, or a contact point made above"
    terms = assign(holder, key, value)
    if terms:
        uow.customers.add_name_terms(terms)


def address_lines(address: Address) -> tuple[str | None, ...]:
    """An address's lines as stored, in the registry's order, its country among them: two
    addresses with the same lines are the same address."""
    return tuple(_read(address, key) for key in ADDRESS_FIELDS)


def with_postcode_dropped(
    customer: Customer, changed: Mapping[str, str | None], reasons: Mapping[str, str]
) -> tuple[dict[str, str | None], dict[str, str]]:
    """An edit's changes and their reasons, with the postcode a change of country leaves
    behind (a UK one when the customer moves abroad) emptied, for the country's reason: the
    field history keeps what it was."""
    dropped = {
        key: None
        for key in POSTCODE_FIELDS.values()
        if COUNTRY_FIELD in changed
        and key not in changed
        and not asked(key, changed[COUNTRY_FIELD])
        and stored_value(customer, key) is not None
    }
    reason = reasons.get(COUNTRY_FIELD, "")
    return {**changed, **dropped}, {**reasons, **dict.fromkeys(dropped, reason)}


def _address_after(customer: Customer, changed: Mapping[str, str | None]) -> dict[str, str | None]:
    """The current address's lines with the `changed` ones over them, checked whole:
    FieldError names a postcode given that is not for its country, ServiceError the lines
    it lacks."""
    lines = {key: stored_value(customer, key) for key in ADDRESS_FIELDS} | dict(changed)
    check_postcodes(lines, required=(), given=changed)
    country = lines.get(COUNTRY_FIELD)
    missing = [
        key
        for key in ADDRESS_FIELDS
        if not FIELDS[key].clearable and asked(key, country) and not lines[key]
    ]
    if missing:
        labels = ", ".join(FIELDS[key].label for key in missing)
        raise ServiceError(f"A new address needs: {labels}.")
    return lines


def _fill_address(address: Address, lines: Mapping[str, str | None]) -> list[tuple[str, str]]:
    """Write an address's lines (field key -> stored form), its country first (none given:
    the UK), then each line for that country: the postcode column holds the postcode for it
    ("" for a place without one). The (kind, key) terms the name index files it under."""
    country = lines.get(COUNTRY_FIELD) or UNITED_KINGDOM
    terms = assign(address, COUNTRY_FIELD, country)
    for key in (key for key in ADDRESS_FIELDS if key != COUNTRY_FIELD and asked(key, country)):
        value = lines.get(key)
        terms += assign(address, key, "" if value is None and FIELDS[key].address_in else value)
    return terms


def correct_address(uow: UnitOfWork, customer: Customer, changed: Mapping[str, str | None]) -> None:
    """Correct the current address in place with the `changed` lines (not a move)."""
    address = current_address(customer)
    if address is None:
        raise ServiceError("This customer has no current address to correct.")
    uow.customers.add_name_terms(_fill_address(address, _address_after(customer, changed)))


def move_address(
    uow: UnitOfWork, customer: Customer, changed: Mapping[str, str | None], now: datetime
) -> Address:
    """The customer moved: the current address is kept as a past one, ending `now`, and a new
    current one starts `now`, holding the `changed` address lines over the current ones.
    ServiceError names the lines a new address still lacks."""
    lines = _address_after(customer, changed)
    current = current_address(customer)
    if current is not None:
        current.is_current, current.valid_to = False, now
    address = Address(customer_id=customer.id, is_current=True, valid_from=now)
    terms = _fill_address(address, lines)
    uow.customers.add_address(address)
    customer.addresses.append(address)
    uow.customers.add_name_terms(terms)
    return address


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
        # One name only (no given name in `values`) until the values are assigned.
        given_name="",
        given_key="",
        status=CustomerStatus.ACTIVE,
        created_at=now,
        updated_at=now,
        contact_points=[],
        addresses=[],
    )
    terms = []
    for key in (key for key in RECORD_FIELDS if key in values):
        if _storage(key).on is StoredOn.CUSTOMER:
            terms += assign(customer, key, values[key])
        elif _storage(key).on is StoredOn.CONTACT_POINT:
            contact = ContactPoint(kind=key, label="main", is_primary=True, created_at=now)
            assign(contact, key, values[key])
            customer.contact_points.append(contact)
    if ADDRESS_FIELDS[0] in values:  # the first line, as the registry orders them
        address = Address(is_current=True, valid_from=now)
        lines = {
            key: values.get(key, None if FIELDS[key].clearable else "") for key in ADDRESS_FIELDS
        }
        terms += _fill_address(address, lines)
        customer.addresses.append(address)
    uow.customers.add(customer)
    uow.customers.add_name_terms(terms)
    return customer
