"""What of a record a third party may be sent (MP-17), as the request form offers it and the
approver releases it: each record field on its own, and the address as one item.

A police request asked for "current address and phone number"; the handler ticked
*Address line 1*, then a field of its own in the picker, and the release sent "12 Acacia
Road": no town, no postcode. A requester asking for an address needs all of it, so the
address is one item (`ADDRESS_ITEM`): its lines, town, postcode and country, of which a
release shows those the record lists for the customer's address (`release_keys`: no country
for an address in the UK, whose postcode says where it is). A part of the address given
alone brings the rest (`whole_address`): the form offers no part, and the service asked
for one records the whole address.

A request recorded before the address was one item may still wait with a part alone: the
part is an item of its own, and the approver is told what it leaves out
(`address_part_alone`).

The approver may release fewer items than were asked for, the least that answers what was
asked, never one that was not (`approved_keys`); the address goes whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from custinfo_tui.domain.address_country import listed
from custinfo_tui.domain.call_words import call_named_in
from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.domain.validation import FieldError

#: The record's address fields, in the record's order: the address a third party is sent.
ADDRESS_KEYS = tuple(key for key in RECORD_FIELDS if FIELDS[key].group is FieldGroup.ADDRESS)
#: The whole address's name where fields are named together (the desk, the queue, the
#: timeline, the pack).
ADDRESS_LABEL = "Address"
#: ... and its box in the request form's picker, which says what it holds.
ADDRESS_ITEM = "Address (every line, town and postcode)"

#: Said when the approver unticked every field.
NOTHING_TICKED = "Tick at least one field to release, or refuse the request."
#: Said of a field the request did not ask for.
NOT_ASKED = "Only fields the request asked for are released: another needs a request of its own."


@dataclass(frozen=True, slots=True)
class ShareItem:
    """One box of a field picker: a field, or the whole address."""

    label: str
    keys: tuple[str, ...]


def whole_address(keys: Iterable[str]) -> tuple[str, ...]:
    """`keys` without repeats, in their order, a part of the address bringing the whole
    address in its place."""
    found: dict[str, None] = {}
    for key in keys:
        found.update(dict.fromkeys(ADDRESS_KEYS if key in ADDRESS_KEYS else (key,)))
    return tuple(found)


def share_items(keys: Iterable[str], *, offered: bool = False) -> tuple[ShareItem, ...]:
    """The items `keys` make, in their order: the whole address as one, where its first
    field stands (named as the picker offers it when `offered`); every other field on its
    own, a part of the address asked for alone included."""
    given = tuple(dict.fromkeys(keys))
    whole = set(ADDRESS_KEYS) <= set(given)
    items: list[ShareItem] = []
    for key in given:
        if whole and key in ADDRESS_KEYS:
            if not any(item.keys == ADDRESS_KEYS for item in items):
                items.append(ShareItem(ADDRESS_ITEM if offered else ADDRESS_LABEL, ADDRESS_KEYS))
            continue
        items.append(ShareItem(FIELDS[key].label if key in FIELDS else key, (key,)))
    return tuple(items)


#: The request form's picker: every record field, the address as one box.
OFFERED = share_items(RECORD_FIELDS, offered=True)


def share_labels(keys: Iterable[str]) -> tuple[str, ...]:
    """The fields' names, a whole address as "Address": "Address, Phone"."""
    return tuple(item.label for item in share_items(keys))


def address_part_alone(keys: Sequence[str]) -> str | None:
    """What the approver is told of a request asking for part of the address alone (one
    recorded before the address was one item), or None."""
    parts = [key for key in ADDRESS_KEYS if key in keys]
    if not parts or len(parts) == len(ADDRESS_KEYS):
        return None
    named = ", ".join(FIELDS[key].label for key in parts)
    return (
        f"Only part of the address was asked for ({named}): it is no address without the "
        "rest. If they need the address, refuse this and have it recorded again."
    )


def approved_keys(asked: Sequence[str], chosen: Iterable[str]) -> tuple[str, ...]:
    """The fields an approver releases of those `asked`: every item with one of `chosen`
    in it (the address whole), in the request's order. FieldError when none is chosen, or
    one the request did not ask for."""
    picked = set(chosen)
    if not picked:
        raise FieldError(NOTHING_TICKED)
    if not picked <= set(asked):
        raise FieldError(NOT_ASKED)
    return tuple(key for item in share_items(asked) if picked & set(item.keys) for key in item.keys)


def release_keys(keys: Sequence[str], country: str | None) -> tuple[str, ...]:
    """The fields a release shows of those approved: of a whole address, those the record
    lists for an address in `country` (its stored code; None: the UK); every other one."""
    whole = set(ADDRESS_KEYS) <= set(keys)
    return tuple(key for key in keys if not (whole and key in ADDRESS_KEYS) or listed(key, country))


def disclosure_step(what: str, keys: Sequence[str], details: Mapping[str, Any]) -> str:
    """A third-party request's step as the timeline says it: "Third-party disclosure
    approved (disclosure 4): Address, Phone; not approved: E-mail"; a request recorded in a
    call names it: "Third-party disclosure requested in the phone call of 14:02
    (disclosure 4): Address"."""
    named = call_named_in(details)
    where = f" in {named}" if named else ""
    line = f"{what}{where} (disclosure {details.get('disclosure_id', '?')}): "
    line += ", ".join(share_labels(keys))
    if left := details.get("not_approved"):
        line += f"; not approved: {', '.join(share_labels(left))}"
    return line
