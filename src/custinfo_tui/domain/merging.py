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

from custinfo_tui.domain.access_reasons import duplicate_item_detail
from custinfo_tui.domain.address_country import COUNTRY_FIELD, POSTCODE_FIELDS
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.fields import RECORD_FIELDS
from custinfo_tui.domain.limits import MAX_REASON_LENGTH, MIN_REASON_LENGTH
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.verification import Channel, channels_in_words


class MergeSide(StrEnum):
    """Which record's value of a field the merged record keeps."""

    #: The surviving record's own value (the left column).
    SURVIVOR = "left"
    #: The value of the record merged into it (the right column).
    OTHER = "right"


#: The fields chosen side by side: every field the record shows, in the registry's order.
MERGE_FIELDS = RECORD_FIELDS

#: Why the two records are read, on their `customer.viewed` events: followed by the
#: supervisor's own words, or by the possible-duplicate item that asked for the comparison.
PREVIEW_REASON = "Merging duplicate records"


#: A merge's reason is missing, or a word too short to say anything on the trail ("test").
MERGE_REASON_NEEDED = (
    "Give the reason for merging in a few words (for example: same person, new phone)."
)


def comparing_problem(words: str) -> str | None:
    """What is wrong with the reason a supervisor types for opening another record to
    compare it with the one open (None: nothing). Opening it shows all of it, so it needs a
    reason as opening any record outside a call does (MP-09); a few words at least, as every
    supervisor's reason: "x" says nothing on the trail."""
    if len(clean_free_text(words, MAX_REASON_LENGTH)) < MIN_REASON_LENGTH:
        return (
            "Say why you are opening the other record, in a few words (for example: same "
            "date of birth, new phone)."
        )
    return None


def comparing_reason(words: str) -> AccessReason:
    """The reason recorded for comparing two records, in the supervisor's words."""
    return AccessReason(reason=PREVIEW_REASON, detail=words)


def duplicate_item_reason(item_id: int) -> AccessReason:
    """The reason recorded for comparing the two records a possible-duplicate item names:
    the item, which a handler raised saying why."""
    return AccessReason(reason=PREVIEW_REASON, detail=duplicate_item_detail(item_id))


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


class MergeWarning(StrEnum):
    """Something the supervisor must have been shown, and have confirmed, before a merge
    goes on: it is then recorded on the merge's event."""

    #: The names and the dates of birth both differ: these look like two people.
    TWO_PEOPLE = "two_people"
    #: The kept record is locked for possible fraud (or has a possible-fraud item open).
    KEPT_LOCKED = "kept_record_locked"
    #: The merged record is: its lock and items move to the kept record.
    OTHER_LOCKED = "merged_record_locked"


class FraudHold(BaseModel):
    """A record's verification locked for possible fraud, or its possible-fraud item open
    on the queue, as the merge screen warns of it."""

    model_config = ConfigDict(frozen=True)

    side: MergeSide
    reference: str
    #: The channels its verification is locked on (empty: not locked, an item open only).
    channels: tuple[str, ...] = ()
    open_items: int = 0


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
    #: What the supervisor is warned of before merging, in words, each to be confirmed
    #: (`merge_records` is given the keys): two people, or a record locked for fraud.
    warnings: dict[MergeWarning, str] = {}


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


def _as_compared(value: str) -> str:
    return " ".join(value.split()).casefold()


def looks_like_two_people(rows: tuple[MergeRow, ...]) -> bool:
    """Whether the two records look like two different people: their names differ (the
    given or the family name, whatever the case or spacing) and so do their dates of
    birth, both held. A duplicate differs in one (a new surname, a date of birth mistyped),
    seldom in both."""

    def differs(key: str) -> bool:
        row = next((row for row in rows if row.key == key), None)
        if row is None or row.survivor is None or row.other is None:
            return False
        return _as_compared(row.survivor) != _as_compared(row.other)

    named_apart = differs("given_name") or differs("family_name")
    return named_apart and differs("date_of_birth")


def merge_warnings(
    rows: tuple[MergeRow, ...], holds: tuple[FraudHold, ...], survivor_reference: str
) -> dict[MergeWarning, str]:
    """What the supervisor must be warned of before merging, each in words: two people, a
    record locked for possible fraud and what the merge does with its lock (it moves with
    the record, as everything does: docs/after-the-call.md)."""
    warnings = {}
    if looks_like_two_people(rows):
        warnings[MergeWarning.TWO_PEOPLE] = (
            "These look like two different people: their names and dates of birth differ."
        )
    for hold in holds:
        kept = hold.side is MergeSide.SURVIVOR
        key = MergeWarning.KEPT_LOCKED if kept else MergeWarning.OTHER_LOCKED
        warnings[key] = _hold_words(hold, kept, survivor_reference)
    return warnings


def _hold_words(hold: FraudHold, kept: bool, survivor_reference: str) -> str:
    if not hold.channels:
        then = "it stays with it" if kept else f"it moves to {survivor_reference}"
        return f"{hold.reference} has a possible-fraud item open on the queue: {then}."
    channels = channels_in_words(Channel(channel) for channel in hold.channels)
    locked = f"Locked for possible fraud: {hold.reference} ({channels} verification)"
    if kept:
        return f"{locked}. It stays locked after the merge, until a supervisor lifts it."
    return (
        f"{locked}. The lock moves with it, so {survivor_reference} cannot be verified by "
        f"{channels} until a supervisor lifts it on the queue."
    )


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


#: What moves with the other record, in words (one, several), by the kinds counted
#: (`MergePreview.moving`): said on the merge screen before merging. A lock lifted and a
#: queue item closed move too, but as history: said so, not as a live lock or open work.
MOVING_WORDS = {
    "interactions": ("call", "calls"),
    "consents": ("consent", "consents"),
    "complaints": ("complaint", "complaints"),
    "representatives": ("representative", "representatives"),
    "field_history": ("field change", "field changes"),
    "verification_locks": ("verification lock", "verification locks"),
    "lifted_locks": ("lifted lock", "lifted locks"),
    "queue_items": ("open queue item", "open queue items"),
    "closed_items": ("closed queue item", "closed queue items"),
    "discrepancy_reports": ("open discrepancy report", "open discrepancy reports"),
    "rights_requests": ("data protection request", "data protection requests"),
    "disclosures": ("third-party disclosure", "third-party disclosures"),
    "restrictions": ("past restriction", "past restrictions"),
    "breaches": ("breach naming it", "breaches naming it"),
    "duplicate_items": ("open duplicate item", "open duplicate items"),
    "merged_records": ("record merged before", "records merged before"),
    "contact_points": ("phone or e-mail", "phones and e-mails"),
    "addresses": ("address", "addresses"),
}


def moving_in_words(moving: Mapping[str, int]) -> str:
    """ "2 calls, 1 open discrepancy report"; "nothing else" when nothing moves."""
    said = []
    for kind, count in moving.items():
        one, several = MOVING_WORDS.get(kind, (kind.replace("_", " "),) * 2)
        said.append(f"{count} {one if count == 1 else several}")
    return ", ".join(said) or "nothing else"
