"""A merge's phones, e-mails and addresses: the other record's join the survivor's, each once.

The other rows a merge moves only change their customer id (`repository/merging.py`);
these change shape. A phone or e-mail the survivor already holds is not added twice; one
taken from the other record becomes the survivor's main one, and the survivor's own stays
as an extra one. Address lines taken from the other record are a move, as an edit's
"Customer moved" is: the survivor's current address is kept as a past one. The other
record's addresses join as past ones, each stay at an address kept once, with its dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from custinfo_tui.domain.merging import AddressStay, moved_out_at, one_stay
from custinfo_tui.repository.orm import Address, Customer
from custinfo_tui.services.record_fields import (
    ADDRESS_FIELDS,
    CONTACT_FIELDS,
    address_lines,
    current_address,
    move_address,
    store_value,
    stored_value,
)
from custinfo_tui.services.unit_of_work import UnitOfWork


def joining_counts(survivor: Customer, other: Customer, now: datetime) -> dict[str, int]:
    """How many of the other record's phones and e-mails, and addresses, a merge would add
    to the survivor's (not those it holds already), before any field is chosen."""
    held = {(contact.kind, contact.value) for contact in survivor.contact_points}
    contacts = [c for c in other.contact_points if (c.kind, c.value) not in held]
    stays = [_stay(address, now) for address in survivor.addresses]
    addresses = [
        address
        for address in other.addresses
        if not any(one_stay(kept, _stay(address, now)) for kept in stays)
    ]
    return {"contact_points": len(contacts), "addresses": len(addresses)}


def join_contacts_and_addresses(
    uow: UnitOfWork,
    survivor: Customer,
    other: Customer,
    taken: Mapping[str, str | None],
    now: datetime,
) -> dict[str, int]:
    """Give the survivor the other record's phones, e-mails and addresses, with the values
    `taken` from it (by field) in use; how many rows of each joined it."""
    contacts = _join_contacts(uow, survivor, other)
    for key in (key for key in taken if key in CONTACT_FIELDS):
        _make_main(uow, survivor, key, taken[key], now)
    address_taken = {key: value for key, value in taken.items() if key in ADDRESS_FIELDS}
    addresses = _take_address(uow, survivor, other, address_taken, now) if address_taken else 0
    addresses += _join_addresses(uow, survivor, other, now)
    return {"contact_points": contacts, "addresses": addresses}


def _join_contacts(uow: UnitOfWork, survivor: Customer, other: Customer) -> int:
    """The other record's phones and e-mails join the survivor's as extra ones, except those
    it holds already (the same kind and value), which go; how many joined."""
    held = {(contact.kind, contact.value) for contact in survivor.contact_points}
    joined = 0
    for contact in list(other.contact_points):
        if (contact.kind, contact.value) in held:
            other.contact_points.remove(contact)
            uow.customers.remove_contact_point(contact)
            continue
        contact.is_primary = False
        contact.customer = survivor
        held.add((contact.kind, contact.value))
        joined += 1
    return joined


def _make_main(
    uow: UnitOfWork, survivor: Customer, key: str, value: str | None, now: datetime
) -> None:
    """The survivor's phone or e-mail holding `value` becomes its main one, the others of
    that kind kept as extra ones. None (the other record had none) empties the field, as an
    edit does."""
    if value is None:
        store_value(uow, survivor, key, None, now)
        return
    for contact in survivor.contact_points:
        if contact.kind == key:
            contact.is_primary = contact.value == value


def _take_address(
    uow: UnitOfWork,
    survivor: Customer,
    other: Customer,
    taken: Mapping[str, str | None],
    now: datetime,
) -> int:
    """The survivor moves to the address chosen (its current lines, with those `taken` from
    the other record). The other record's current address as it stands becomes the
    survivor's current one, from when it was recorded; a mix of both is a new address from
    the merge, as an edit's move is. How many of the other record's addresses joined."""
    theirs = current_address(other)
    chosen = {key: stored_value(survivor, key) for key in ADDRESS_FIELDS} | dict(taken)
    if theirs is None or chosen != {key: stored_value(other, key) for key in ADDRESS_FIELDS}:
        move_address(uow, survivor, taken, now)
        return 0
    mine = current_address(survivor)
    if mine is not None:
        mine.is_current = False
        mine.valid_to = moved_out_at(mine.valid_from, theirs.valid_from, now)
    theirs.customer = survivor
    return 1


def _join_addresses(uow: UnitOfWork, survivor: Customer, other: Customer, now: datetime) -> int:
    """The other record's addresses join the survivor's as past ones (its current one ending
    now), except a stay the survivor holds already (the same address, over times that meet):
    that one is kept once, from the earlier start to the later end. How many joined."""
    joined = 0
    for address in list(other.addresses):
        if address.is_current:
            address.is_current, address.valid_to = False, now
        if _fold_into(survivor, address, now):
            other.addresses.remove(address)
            uow.customers.remove_address(address)
            continue
        address.customer = survivor
        joined += 1
    return joined


def _fold_into(survivor: Customer, address: Address, now: datetime) -> bool:
    """Whether `address` is a stay the survivor holds already; if so, that one now spans
    both."""
    for kept in survivor.addresses:
        one = one_stay(_stay(kept, now), _stay(address, now))
        if one is not None:
            kept.valid_from = one.since
            if not kept.is_current:
                kept.valid_to = one.until
            return True
    return False


def _stay(address: Address, now: datetime) -> AddressStay:
    """An address as a stay: a current one has no end yet; a past one stored without an
    end is taken to end `now`."""
    until = None if address.is_current else address.valid_to or now
    return AddressStay(lines=address_lines(address), since=address.valid_from, until=until)
