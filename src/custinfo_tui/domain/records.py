"""What the record screen shows: a customer's fields, their change history and access history."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.access_reasons import as_recorded
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.complaints import ComplaintSummary
from custinfo_tui.domain.consent import (
    SPECIAL_CATEGORY_PURPOSE,
    ConsentAnswers,
    ConsentEntry,
    LawfulBasis,
    Purpose,
    SpecialCategoryCondition,
)
from custinfo_tui.domain.field_spec import FieldGroup
from custinfo_tui.domain.interactions import RepresentativeSummary
from custinfo_tui.domain.one_name import FAMILY_NAME, GIVEN_NAME, full_name


class AccessReason(BaseModel):
    """Why a record is opened outside a verified call (MP-09): a configured reason plus detail."""

    model_config = ConfigDict(frozen=True)

    reason: str
    detail: str = ""

    def text(self) -> str:
        """As the trail records it: "Other: <detail>" for "Other (describe below)"."""
        reason = as_recorded(self.reason)
        return f"{reason}: {self.detail}" if self.detail else reason


class FieldValue(BaseModel):
    """One field as the screen may show it. Masked fields carry only their mask.

    Before the caller is verified (and for a field not yet revealed in the call), `value` is
    the mask from the field registry ("SW1A 1**", "...123") or None; the stored value is not
    in the object at all, so no screen can show it by mistake.
    """

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    value: str | None
    category: DataCategory
    group: FieldGroup
    shown: bool = True
    #: A row of the record's table: not for a field that does not apply to this customer's
    #: address (domain/address_country.py, `listed`), which the edit form still offers.
    listed: bool = True


class FieldChangeEntry(BaseModel):
    """One correction: old and new value, who, when and why (MP-10)."""

    model_config = ConfigDict(frozen=True)

    changed_at: datetime
    operator: str
    field: str
    old_value: str | None
    new_value: str | None
    reason: str


class HistoryEntry(BaseModel):
    """One event of the customer's timeline: calls, checks, disclosures, changes, consents,
    and who opened the record and why. `what` is the event in words."""

    model_config = ConfigDict(frozen=True)

    occurred_at: datetime
    operator: str
    action: str
    what: str
    fields: tuple[str, ...]
    reason: str | None
    outcome: str


class CallTimeline(BaseModel):
    """The record's timeline in a call as the caller on the line may hear it, without the
    rest of the record: what the timeline's tab reads while it is shown
    (`services.call_timeline.timeline_in_call`)."""

    model_config = ConfigDict(frozen=True)

    customer_id: int
    #: Newest first, as `CustomerRecord.history`.
    history: tuple[HistoryEntry, ...]
    #: The customer has more events than it lists, as `CustomerRecord.older_events_hidden`.
    older_events_hidden: bool = False


class OpenRectification(BaseModel):
    """A rectification request (UK GDPR Art. 16) open on the record: while it is, the data
    protection officer corrects the record (domain/data_protection/rectification.py)."""

    model_config = ConfigDict(frozen=True)

    request_id: int
    #: Taken from a caller not verified: their identity is checked before it is acted on.
    identity_to_verify: bool = False


class CustomerRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    customer_id: int
    reference: str
    version: int
    fields: tuple[FieldValue, ...]
    changes: tuple[FieldChangeEntry, ...]
    #: The timeline: the customer's events, the calls' notes and the complaints' texts,
    #: newest first. None where it was not read: a record in a call carries it only when
    #: asked for (`record_in_call(timeline=True)`, as the console's reload asks while its
    #: tab is shown; the tab itself reads a `CallTimeline`), since every step of a call
    #: returns the record and the timeline is the dearest part of it to read.
    history: tuple[HistoryEntry, ...] | None
    #: The customer has more events than the timeline lists (`TIMELINE_EVENTS`, newest):
    #: the audit trail and a subject access pack have the older ones.
    older_events_hidden: bool = False
    #: Set when the record was opened in a call: fields are masked per its verification.
    interaction_id: int | None = None
    #: Field history holds old personal values: it is not shown during a call.
    changes_hidden: bool = False
    #: People authorised to act for the customer (names, authority and scope only).
    representatives: tuple[RepresentativeSummary, ...] = ()
    #: Every consent recorded, newest first, withdrawn ones included (MP-06).
    consents: tuple[ConsentEntry, ...] = ()
    #: In a call whose caller may not hear who may act for the customer or what they
    #: agreed to (yet): the one line the Authorised and Consent tabs show instead
    #: ("Shown once the caller passes Standard: 1 more check."); `representatives` and
    #: `consents` are then empty, so no rendering mistake can show them.
    contacts_withheld: str | None = None
    #: The customer's complaints, oldest first: category, stage and due dates, no text (MP-19).
    complaints: tuple[ComplaintSummary, ...] = ()
    #: Processing is restricted (Art. 18) since then: only the DPO opens such a record, and
    #: they must see that it is.
    restricted_since: datetime | None = None
    #: The oldest rectification request open on the record, if any (only the DPO acts on it).
    rectification: OpenRectification | None = None
    #: The references of the records an open possible-duplicate queue item pairs with this
    #: one, whichever of the two it was raised on (a supervisor merges them or closes the
    #: item), oldest item first: those found by what matched alone (an import).
    possible_duplicate_of: tuple[str, ...] = ()
    #: The same for the items a handler raised having said, with a reason, that the two are
    #: different people (a new customer saved past a strong match): the supervisor still
    #: reviews the item, but the record is not called a possible duplicate meanwhile.
    said_different_from: tuple[str, ...] = ()

    def value(self, key: str) -> str | None:
        return next((f.value for f in self.fields if f.key == key), None)

    def with_timeline(self, timeline: CallTimeline) -> CustomerRecord:
        """This record with the timeline read for it in its call (its other parts kept)."""
        return self.model_copy(
            update={
                "history": timeline.history,
                "older_events_hidden": timeline.older_events_hidden,
            }
        )

    def asked_same_as(self, reference: str) -> CustomerRecord:
        """This record once a handler has asked for it to be merged with the record
        `reference`: the item raised pairs the two, newest, as reading it again shows."""
        return self.model_copy(
            update={"possible_duplicate_of": (*self.possible_duplicate_of, reference)}
        )

    @property
    def name(self) -> str:
        """The customer's name as shown ("John Smith"; one name only, that name alone)."""
        return full_name(self.value(GIVEN_NAME), self.value(FAMILY_NAME))

    def consent_answers(self) -> ConsentAnswers:
        """The consents in force, as the consent screen edits them."""
        active = [c for c in self.consents if c.active and c.granted]
        basis = next(
            (LawfulBasis(c.basis) for c in active if c.purpose == Purpose.SERVICE),
            LawfulBasis.CONTRACT,
        )
        condition = next(
            (
                SpecialCategoryCondition(c.basis)
                for c in active
                if c.purpose == SPECIAL_CATEGORY_PURPOSE
            ),
            None,
        )
        marketing = frozenset(
            c.channel for c in active if c.purpose == Purpose.MARKETING and c.channel is not None
        )
        return ConsentAnswers(service_basis=basis, marketing=marketing, special_condition=condition)
