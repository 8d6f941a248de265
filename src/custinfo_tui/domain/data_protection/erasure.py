"""Erasure by anonymisation (UK GDPR Art. 17, MP-16): the rules, without storage.

An erased record keeps its row, its reference and its non-personal facts (dates, channels,
outcomes, categories) for statistics; every personal value is replaced by nothing or by
`ERASED_PLACEHOLDER`, and the record is never shown or found again. A legal hold -- an open
complaint, found automatically, or one the DPO recorded (a legal claim, a regulatory
retention) -- blocks erasure and the retention runs, with its reason
(docs/data-protection.md, "Erasure and retention").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.customers import CustomerStatus

#: What a personal value that cannot be empty (a name, a complaint's text) becomes.
ERASED_PLACEHOLDER = "(erased)"


class HoldKind(StrEnum):
    """Why a customer's data must be kept for now."""

    #: Found automatically: the complaint must be answered, and its record kept with it.
    OPEN_COMPLAINT = "open_complaint"
    #: Recorded by the DPO: the data is needed for a legal claim (Art. 17(3)(e)).
    LEGAL_CLAIM = "legal_claim"
    #: Recorded by the DPO: a regulator or a law requires it kept (Art. 17(3)(b)).
    REGULATORY_RETENTION = "regulatory_retention"

    @property
    def label(self) -> str:
        return _HOLD_LABELS[self]

    @property
    def ground(self) -> str | None:
        """The exception of UK GDPR Art. 17(3) an erasure request is refused on while the
        hold stands; None for an open complaint, which none of (a) to (e) honestly fits
        (docs/data-protection.md, "Legal holds"): its request is kept open until the
        complaint ends, not refused."""
        letter = _GROUND_LETTERS.get(self)
        return f"{_GROUNDS[self]} (UK GDPR Art. 17(3)({letter}))" if letter else None


_HOLD_LABELS = {
    HoldKind.OPEN_COMPLAINT: "Open complaint",
    HoldKind.LEGAL_CLAIM: "Legal claim",
    HoldKind.REGULATORY_RETENTION: "Regulatory retention",
}

#: The Art. 17(3) exception each recorded hold relies on, by its letter, and as the person
#: is told it.
_GROUND_LETTERS = {HoldKind.LEGAL_CLAIM: "e", HoldKind.REGULATORY_RETENTION: "b"}
_GROUNDS = {
    HoldKind.LEGAL_CLAIM: "the data is needed to establish, exercise or defend legal claims",
    HoldKind.REGULATORY_RETENTION: "a legal obligation requires the data to be kept",
}

#: What an open complaint means for an erasure request: no ground to refuse it.
NO_GROUND_FOR_A_COMPLAINT = (
    "An open complaint is no ground to refuse erasure (none of UK GDPR Art. 17(3)(a) to "
    "(e) fits it): keep the erasure request open until the complaint is closed, then erase "
    "the record; its month keeps running (extend it once if the complaint will outlast it)."
)

#: The holds a DPO records by hand; open complaints are found, never recorded.
RECORDED_HOLD_KINDS = (HoldKind.LEGAL_CLAIM, HoldKind.REGULATORY_RETENTION)


class LegalHold(BaseModel):
    """One reason the record may not be erased yet."""

    model_config = ConfigDict(frozen=True)

    kind: HoldKind
    reason: str
    #: The recorded hold's id (to lift it); None for an open complaint.
    hold_id: int | None = None
    since: datetime

    @property
    def described(self) -> str:
        return f"{self.kind.label}: {self.reason}"

    @property
    def with_ground(self) -> str:
        """`described`, then the ground it gives to refuse erasure, or that it gives none:
        "Legal claim: Litigation (ground to refuse erasure: ... Art. 17(3)(e)))"."""
        ground = self.kind.ground
        said = f"ground to refuse erasure: {ground}" if ground else "no ground to refuse erasure"
        return f"{self.described.rstrip('.')} ({said})"


class Recipient(BaseModel):
    """A third party the customer's data was disclosed to (a released request of the
    disclosure log): to be told of an erasure or a restriction (UK GDPR Art. 19)."""

    model_config = ConfigDict(frozen=True)

    organisation: str
    disclosed_on: date


def recipients_to_tell(recipients: Sequence[Recipient], *, erased: bool) -> str:
    """ "Data was disclosed to Example Constabulary on 05 Dec 2026: tell them of the
    erasure (UK GDPR Art. 19)."; "" for none. Before erasing (`erased` False) it says to
    tell them once it is done."""
    tell = "tell them of the erasure" if erased else "once erased, tell them of the erasure"
    return disclosed_to(recipients, tell)


def disclosed_to(recipients: Sequence[Recipient], tell: str) -> str:
    """ "Data was disclosed to Example Constabulary on 05 Dec 2026: `tell` (UK GDPR
    Art. 19)."; "" for none. Each organisation once, with every day it was sent data: an
    erasure, a rectification or a restriction is to be told to each (Art. 19)."""
    if not recipients:
        return ""
    days: dict[str, list[date]] = {}
    for recipient in recipients:
        sent = days.setdefault(recipient.organisation, [])
        if recipient.disclosed_on not in sent:
            sent.append(recipient.disclosed_on)
    each = [
        f"to {organisation} on {_and([f'{day:%d %b %Y}' for day in sorted(sent)])}"
        for organisation, sent in days.items()
    ]
    return f"Data was disclosed {_and(each)}: {tell} (UK GDPR Art. 19)."


def _and(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"; "a and b, and c" when a part has an "and" of its own."""
    if len(parts) == 1:
        return parts[0]
    last = ", and " if any(" and " in part for part in parts) else " and "
    return f"{', '.join(parts[:-1])}{last}{parts[-1]}"


class ErasurePreview(BaseModel):
    """What the DPO sees before erasing: the record by reference, what holds it, and how
    much would be anonymised (never the values themselves)."""

    model_config = ConfigDict(frozen=True)

    customer_id: int
    reference: str
    holds: tuple[LegalHold, ...] = ()
    #: Records merged into this one: the same person, erased with it.
    merged_records: int = 0
    #: Calls, complaints, discrepancy reports, field changes... by kind, with a value to erase.
    holding: dict[str, int] = {}
    #: What to weigh before erasing, though it does not block it: an open request of access
    #: or portability (erasing leaves nothing to send), a restriction of processing in force.
    cautions: tuple[str, ...] = ()
    #: Calls about the customer not yet ended, in words (`open_call`): they block it too.
    open_calls: tuple[str, ...] = ()
    #: Third parties the data was disclosed to: told once it is erased (Art. 19).
    recipients: tuple[Recipient, ...] = ()
    #: The customer's open erasure request on the register, if any: refusing erasure for a
    #: hold closes it as refused; or it is kept open while the hold stands.
    erasure_request: int | None = None
    #: When that request is due: its month runs while it is kept open.
    erasure_request_due: date | None = None

    @property
    def blocked(self) -> bool:
        return bool(self.holds or self.open_calls)


class ErasureDone(BaseModel):
    """What an erasure anonymised: values by `table.column`, and how many records."""

    model_config = ConfigDict(frozen=True)

    customer_id: int
    reference: str
    records: int
    values: dict[str, int]
    #: Third-party disclosure requests still open, closed as the record was erased.
    disclosures_closed: tuple[int, ...] = ()
    #: Third parties the data was disclosed to, to tell of the erasure (Art. 19).
    recipients: tuple[Recipient, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.values.values())

    @property
    def recipients_line(self) -> str:
        """Whom to tell of the erasure (`recipients_to_tell`); "" for no one."""
        return recipients_to_tell(self.recipients, erased=True)

    @property
    def closed_line(self) -> str:
        """ "Third-party requests 4, 7 closed: the record was erased."; "" for none."""
        if not self.disclosures_closed:
            return ""
        numbers = ", ".join(str(number) for number in self.disclosures_closed)
        noun = "requests" if len(self.disclosures_closed) > 1 else "request"
        return f"Third-party {noun} {numbers} closed: the record was erased."


#: How a refusal for a legal hold begins (the refusal is recorded, with the reason given).
HELD = "Erasure is blocked by a legal hold."

#: What the DPO does once an erasure request is refused for a hold (UK GDPR Art. 12(3),
#: 12(4)): the console records the refusal, the reply is theirs to send.
REFUSAL_NEXT_STEPS = (
    "Reply to the person within one month of their request (Art. 12(3)): why their data "
    "is kept, and that they may complain to the ICO and seek a court's remedy (Art. 12(4))."
)


def grounded(holds: Sequence[LegalHold]) -> tuple[LegalHold, ...]:
    """The holds that give a ground of Art. 17(3) to refuse erasure (not an open
    complaint)."""
    return tuple(hold for hold in holds if hold.kind.ground is not None)


def held_ground(holds: Sequence[LegalHold]) -> str:
    """Why an erasure request is refused for a hold, as the request keeps it for the person
    (their pack's *Refused because*): the kinds of the holds that give a ground, each with
    the ground of Art. 17(3) it relies on, never their typed reasons."""
    kinds = list(dict.fromkeys(hold.kind for hold in grounded(holds)))
    named = "; ".join(kind.label.lower() for kind in kinds)
    grounds = "; and ".join(str(kind.ground) for kind in kinds)
    return f"The record is held ({named}): {grounds}, so it is not erased while the hold stands."


def grounds_cited(holds: Sequence[LegalHold]) -> str:
    """ "Art. 17(3)(e)", "Art. 17(3)(b) and (e)": the exceptions a refusal relies on."""
    letters = sorted({_GROUND_LETTERS[hold.kind] for hold in grounded(holds)})
    return "Art. 17(3)" + " and ".join(f"({letter})" for letter in letters)


class ErasureRefused(BaseModel):
    """An erasure request refused because the record is held, the refusal recorded: what
    held it, the erasure request on the register it answered (if one was open), and what
    the DPO does next."""

    model_config = ConfigDict(frozen=True)

    reference: str
    holds: tuple[LegalHold, ...]
    #: The customer's open erasure request, closed as refused with the hold its ground
    #: (None: none was open, and the refusal is recorded on the record alone).
    request_id: int | None = None
    #: When that request was due: the reply goes by then.
    request_due: date | None = None

    @property
    def message(self) -> str:
        blocked = "; ".join(hold.described for hold in self.holds)
        closed = (
            f" Erasure request {self.request_id} is closed as refused, on the ground of "
            f"{grounds_cited(self.holds)}; its reply is due by {self.request_due:%d %b %Y}."
            if self.request_id is not None and self.request_due is not None
            else ""
        )
        return (
            f"Refusal recorded: {self.reference} is held ({blocked}), so it is not erased."
            f"{closed} {REFUSAL_NEXT_STEPS}"
        )


class ErasureKeptOpen(BaseModel):
    """An erasure request the DPO keeps open while its record is held, refusing nothing:
    erased once the hold ends, its due date still counting."""

    model_config = ConfigDict(frozen=True)

    reference: str
    holds: tuple[LegalHold, ...]
    request_id: int
    request_due: date

    @property
    def message(self) -> str:
        """What the desk says, its key to extend the request named."""
        return self.said(extend="E on the list")

    def said(self, *, extend: str) -> str:
        """What keeping it open means, `extend` naming how the request is extended where it
        is said (the desk's key, or the command that does it)."""
        kinds = "; ".join(dict.fromkeys(hold.kind.label.lower() for hold in self.holds))
        return (
            f"Erasure request {self.request_id} is kept open while {self.reference} is held "
            f"({kinds}): nothing is refused; erase the record once the hold ends. It is still "
            f"due by {self.request_due:%d %b %Y}: reply by then (Art. 12(3)), or extend it "
            f"once ({extend}) if the hold will outlast the month."
        )


def erasure_refusal(
    status: str, holds: tuple[LegalHold, ...], open_calls: Sequence[str]
) -> str | None:
    """Why this record may not be erased now, in words for the DPO; None when it may.
    `open_calls` are the calls about the customer not yet ended, in words (`open_call`)."""
    if status == CustomerStatus.ERASED:
        return "This record has already been erased."
    if status == CustomerStatus.MERGED:
        return "This record was merged into another: erase the record it was merged into."
    if status != CustomerStatus.ACTIVE:
        return "Only an active record can be erased."
    if holds:
        blocked = "; ".join(hold.described for hold in holds)
        return f"{HELD} {blocked}."
    if open_calls:
        return (
            f"A call about this customer is not ended: {'; '.join(open_calls)}. Erase the "
            "record once it ends. A console closed during a call leaves it open: the handler "
            "ends it by wrapping it up from their Calls to finish, or a supervisor closes "
            "it from the supervisor queue (Ctrl+G, then F6)."
        )
    return None


def open_call(operator: str, channel: str, started_at: datetime) -> str:
    """A call not yet ended, in words: "agent's phone call, since 04 Dec 2026 13:40 UTC"."""
    return f"{operator}'s {channel.lower()}, since {started_at:%d %b %Y %H:%M} UTC"


#: Where the values to erase are held, as the desk and `erase --check` say it ("5 in
#: addresses"): the tables in words.
PLACE_WORDS = {
    "customers": "the record's fields",
    "contact_points": "phones and e-mails",
    "addresses": "addresses",
    "representatives": "representatives' details",
    "interactions": "call notes",
    "complaints": "complaints",
    "complaint_stage_changes": "complaint notes",
    "discrepancy_reports": "discrepancy reports",
    "field_history": "field history",
    "queue_items": "queue notes",
    "verification_locks": "lock notes",
    "legal_holds": "hold notes",
    "subject_access_requests": "subject access requests",
    "processing_restrictions": "restriction notes",
    "disclosures": "third-party requests",
}
