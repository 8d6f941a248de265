"""Merging two records of the same person (MP-13): the rules, and what the screens are shown.

The supervisor keeps one record (the survivor, shown on the left) and chooses, field by
field, whether its value or the other record's (on the right) is kept. Everything else the
other record holds moves to the survivor; the other record stays, marked merged into it,
so its reference and names still lead the lookup to the survivor.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.address_country import COUNTRY_FIELD, POSTCODE_FIELDS
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.fields import RECORD_FIELDS


class MergeSide(StrEnum):
    """Which record's value of a field the merged record keeps."""

    #: The surviving record's own value (the left column).
    SURVIVOR = "left"
    #: The value of the record merged into it (the right column).
    OTHER = "right"


#: The fields chosen side by side: every field the record shows, in the registry's order.
MERGE_FIELDS = RECORD_FIELDS


class MergeRow(BaseModel):
    """One field of the two records, as the record shows it (None: not held)."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    survivor: str | None
    other: str | None

    @property
    def differs(self) -> bool:
        return self.survivor != self.other


class MergePreview(BaseModel):
    """Both records side by side, and how much of the other record's history would move."""

    model_config = ConfigDict(frozen=True)

    survivor_id: int
    other_id: int
    survivor_reference: str
    other_reference: str
    rows: tuple[MergeRow, ...]
    #: What moves with the other record, by kind: {"interactions": 2, "consents": 3...}.
    moving: dict[str, int]
    #: Why the handler who took one of them said it was a different person from the other
    #: (a strong possible duplicate saved anyway), in their words: the supervisor weighs it.
    why_different: str | None = None


class MergeDone(BaseModel):
    """A merge that happened: which record survived, and what moved to it."""

    model_config = ConfigDict(frozen=True)

    survivor_id: int
    survivor_reference: str
    other_reference: str
    #: The fields whose value came from the other record.
    from_other: tuple[str, ...]
    moved: dict[str, int]


def merge_refusal(
    survivor_id: int,
    other_id: int,
    survivor_status: str,
    other_status: str,
    *,
    open_calls: int,
) -> str | None:
    """Why these two records cannot be merged now, in words for the supervisor; None if they
    can."""
    if survivor_id == other_id:
        return "A record cannot be merged into itself: choose the other record."
    if survivor_status == CustomerStatus.MERGED or other_status == CustomerStatus.MERGED:
        return "One of these records has already been merged: look it up again."
    if survivor_status != CustomerStatus.ACTIVE or other_status != CustomerStatus.ACTIVE:
        return "Only active records can be merged; an erased record cannot."
    if open_calls:
        return "One of these records is in a call now: merge them once the call has ended."
    return None


def fields_from_other(
    rows: tuple[MergeRow, ...], choices: Mapping[str, MergeSide]
) -> tuple[str, ...]:
    """The fields whose value the survivor takes from the other record: those chosen from
    the right where the two differ (an unchosen field keeps the survivor's value)."""
    return tuple(row.key for row in rows if choices.get(row.key) is MergeSide.OTHER and row.differs)


def mixed_address(rows: tuple[MergeRow, ...], taken: tuple[str, ...]) -> str | None:
    """Why the fields taken mix one record's country with the other's postcode, in words for
    the supervisor; None when they do not. Which postcode an address holds, its country says
    (domain/address_country.py), so where the two differ they come from one record."""
    keys = (COUNTRY_FIELD, *POSTCODE_FIELDS.values())
    differing = [row for row in rows if row.key in keys and row.differs]
    if len({row.key in taken for row in differing}) < 2:
        return None
    labels = ", ".join(row.label for row in differing)
    return f"Keep {labels} from the same record: an address's country says which postcode it has."


class AddressStay(BaseModel):
    """One address a record holds, and when the customer lived there."""

    model_config = ConfigDict(frozen=True)

    #: The address as stored, line by line (the same lines compare equal).
    lines: tuple[str | None, ...]
    since: datetime
    #: None: the customer still lives there (the record's current address).
    until: datetime | None


def one_stay(kept: AddressStay, joining: AddressStay) -> AddressStay | None:
    """The kept record's stay at an address and the merged record's as one, when they are
    the same address over times that meet: the same stay known to both records, kept once
    from the earlier start to the later end. None when they are two stays (another address,
    or the customer moved away and came back)."""
    if kept.lines != joining.lines:
        return None
    if kept.until is not None and joining.since > kept.until:
        return None
    if joining.until is not None and kept.since > joining.until:
        return None
    since = min(kept.since, joining.since)
    if kept.until is None or joining.until is None:
        return AddressStay(lines=kept.lines, since=since, until=None)
    return AddressStay(lines=kept.lines, since=since, until=max(kept.until, joining.until))


def moved_out_at(old_since: datetime, new_since: datetime, merged_at: datetime) -> datetime:
    """When the kept record's old address ends, as the merged record's current address
    becomes the kept record's: when the new one was first recorded (the customer lived
    there from then). Unless that is not after the old one started, or is after the merge
    (the records disagree): then at the merge, as an edit's move ends it when saved."""
    return new_since if old_since < new_since <= merged_at else merged_at


def merged_from_note(reference: str) -> str:
    """The lookup's note on a record found through one merged into it."""
    return f"merged from {reference}"
