"""Third-party disclosures (MP-17): a request from outside the customer's own authorised
representatives -- the police, another organisation, a solicitor -- for some of the
customer's data, and the decision on it.

Any handler records the request: who asks, for which organisation, how their identity and
authority were checked, the lawful basis or exemption they claim, what they asked for,
which fields (registry keys) would be shared and how. Only the data protection officer or
a supervisor other than the handler who recorded it approves or refuses it, with a reason
(while the record is restricted, only a DPO approves; the one DPO there is decides a
request they recorded themselves, as nobody else may); nothing is released before
approval. Once approved, the approver is shown the approved
fields to send and the release is recorded (`field.disclosed`, with the disclosure's id).

The request's texts are cleaned like every free text (card numbers taken out) and kept on
the request only: events and the queue item's summary carry ids, field keys, the basis and
the channel, never a value.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.call_words import call_named
from custinfo_tui.domain.disclosure_fields import share_labels, whole_address
from custinfo_tui.domain.discrepancies import OpenReportOn
from custinfo_tui.domain.fields import RECORD_FIELDS
from custinfo_tui.domain.text import clean_free_text, too_long
from custinfo_tui.domain.validation import FieldError

#: The lawful bases and exemptions a requester may claim (UK GDPR Art. 6 and the Data
#: Protection Act 2018's exemptions). The first is the one the police usually cite.
LAWFUL_BASES: tuple[str, ...] = (
    "Crime prevention (DPA 2018 Sch. 2 para 2)",
    "Taxation (DPA 2018 Sch. 2 para 2)",
    "Legal proceedings (DPA 2018 Sch. 2 para 5)",
    "Required by law or court order (DPA 2018 Sch. 2 para 5)",
    "Vital interests (UK GDPR Art. 6(1)(d))",
    "Regulatory functions (DPA 2018 Sch. 2 para 7)",
)

#: The bases whose exemption covers the person's own right of access too (DPA 2018 Sch. 2
#: para 2, crime and taxation): telling them of such a request may tip off a suspect, so
#: their subject access pack asks the DPO to weigh it (docs/data-protection.md).
TIPPING_OFF_BASES = frozenset(basis for basis in LAWFUL_BASES if "Sch. 2 para 2)" in basis)

#: The reason a record is opened again with once a third-party request is recorded on it
#: (the record screen's reload): a pack that leaves the request out leaves this out too.
RELOADED_AFTER_REQUEST = "Reloaded after recording a third-party request"

#: How approved data may leave: channels the organisation trusts for personal data.
CHANNELS: tuple[str, ...] = (
    "Secure e-mail to an official address",
    "Letter by recorded delivery",
    "Collected in person with ID",
    "Secure file transfer",
)

#: The most characters kept of each of the request's texts, and of a decision's reason.
MAX_NAME = 120
MAX_CHECK = 300
MAX_ASKED_FOR = 500
MAX_DECISION_REASON = 300


class DisclosureStatus(StrEnum):
    """Where a request stands, as stored in `disclosures.status`."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    RELEASED = "released"
    #: The requester no longer wants it: closed before anything was released.
    WITHDRAWN = "withdrawn"
    #: Closed, still open, when the customer's record was erased: nothing left to release.
    ERASED = "erased"

    @property
    def label(self) -> str:
        return {
            "pending": "waiting for approval",
            "approved": "approved, not yet released",
            "refused": "refused",
            "released": "released",
            "withdrawn": "withdrawn by the requester",
            "erased": "closed: the record was erased",
        }[self.value]


#: The requests still open: waiting for a decision, or approved and not yet released.
OPEN_STATUSES = (DisclosureStatus.PENDING, DisclosureStatus.APPROVED)


class DisclosureRequestIn(BaseModel):
    """A request as the handler typed it; `check_request` cleans and checks it."""

    model_config = ConfigDict(frozen=True)

    #: Who asks: a person's name and role ("DC 4321 Jones").
    requester: str
    #: For which organisation ("Metropolitan Police").
    organisation: str
    #: How their identity and authority were checked ("called back on the force's switchboard").
    identity_check: str
    #: One of `LAWFUL_BASES`.
    lawful_basis: str
    #: What they asked for, in their words.
    asked_for: str
    #: The record fields (domain.fields keys) that would be shared.
    fields: tuple[str, ...]
    #: One of `CHANNELS`.
    channel: str


class RequestProblem(FieldError):
    """What is wrong with one answer of a request; `field` names the answer
    (`DisclosureRequestIn`'s attribute) so the form can show it at its box."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _text(field: str, value: str, limit: int, missing: str, name: str) -> str:
    text = clean_free_text(value)
    if not text:
        raise RequestProblem(field, missing)
    if len(text) > limit:
        raise RequestProblem(field, too_long(name, len(text), limit))
    return text


def check_request(given: DisclosureRequestIn) -> DisclosureRequestIn:
    """The request cleaned (card numbers out, spaces collapsed), or FieldError saying what
    is missing or too long. The message never repeats what was typed."""
    requester = _text(
        "requester", given.requester, MAX_NAME, "Type who is asking.", "The requester"
    )
    organisation = _text(
        "organisation",
        given.organisation,
        MAX_NAME,
        "Type the organisation they act for.",
        "The organisation",
    )
    check = _text(
        "identity_check",
        given.identity_check,
        MAX_CHECK,
        "Say how their identity and authority were checked.",
        "The identity check",
    )
    if given.lawful_basis not in LAWFUL_BASES:
        raise RequestProblem(
            "lawful_basis", "Choose the lawful basis or exemption they claim from the list."
        )
    asked_for = _text(
        "asked_for",
        given.asked_for,
        MAX_ASKED_FOR,
        "Type what they asked for.",
        "What they asked for",
    )
    # The address is one item: a part of it alone is no address (domain/disclosure_fields.py).
    fields = whole_address(given.fields)
    if not fields:
        raise RequestProblem("fields", "Choose at least one field to share.")
    if any(key not in RECORD_FIELDS for key in fields):
        raise RequestProblem("fields", "Choose the fields to share from the list.")
    if given.channel not in CHANNELS:
        raise RequestProblem("channel", "Choose how the data would be sent from the list.")
    return DisclosureRequestIn(
        requester=requester,
        organisation=organisation,
        identity_check=check,
        lawful_basis=given.lawful_basis,
        asked_for=asked_for,
        fields=fields,
        channel=given.channel,
    )


def check_decision_reason(reason: str) -> str:
    """A decision's reason cleaned, or FieldError when it is empty or too long."""
    return _text(
        "reason",
        reason,
        MAX_DECISION_REASON,
        "Give the reason for the decision (it is kept with the request).",
        "The reason",
    )


#: Why the one who recorded a request may not decide it: a second pair of eyes on every
#: disclosure, whatever the recorder's role.
RECORDER_MAY_NOT_DECIDE = (
    "You recorded this request, so someone else decides it: a data protection officer or a "
    "supervisor other than you."
)
#: The same while the record is restricted, when only a data protection officer approves.
RECORDER_MAY_NOT_DECIDE_RESTRICTED = (
    "You recorded this request, so someone else decides it: a data protection officer other "
    "than you, as only a DPO approves it while the record is restricted."
)


def recorder_may_not_decide(
    requested_by_id: int, operator_id: int, *, restricted: bool, recorder_alone: bool
) -> str | None:
    """Why `operator_id` may not decide a request recorded by `requested_by_id`, or None.

    The four-eyes rule gives way only where it would leave nobody to approve: a request
    about a restricted record (which only a DPO approves, and only a DPO can open to
    record one) recorded by the one data protection officer there is (`recorder_alone`).
    Their decision is then recorded as the recorder's own."""
    if requested_by_id != operator_id or recorder_alone:
        return None
    return RECORDER_MAY_NOT_DECIDE_RESTRICTED if restricted else RECORDER_MAY_NOT_DECIDE


#: Said to the decider of a request about a record whose processing is restricted.
RESTRICTED_GROUNDS = (
    "The record is restricted (UK GDPR Art. 18): disclose only with the customer's consent, "
    "for legal claims, to protect another's rights, or for an important public interest."
)
RESTRICTED_RECORD = f"{RESTRICTED_GROUNDS} Only a data protection officer approves it."
#: The same to the one DPO there is, deciding a request they recorded themselves.
RESTRICTED_RECORD_OWN = (
    f"{RESTRICTED_GROUNDS} Only a data protection officer approves it, and you are the only "
    "one, so you decide it although you recorded it: give the ground in the reason. It is "
    "recorded as decided by the one who recorded it."
)


def restricted_line(disclosure: Disclosure, operator_id: int) -> str | None:
    """What the decider is told of the record's restriction, or None when it has none."""
    if not disclosure.restricted:
        return None
    own = disclosure.requested_by_id == operator_id and disclosure.recorder_alone
    return RESTRICTED_RECORD_OWN if own else RESTRICTED_RECORD


def restricted_may_not_approve(restricted: bool, data_protection_officer: bool) -> str | None:
    """Why a request about a restricted record may not be approved (or released) by this
    decider, or None: while a record is restricted (Art. 18(2)) only the DPO weighs whether
    one of the few grounds for processing it applies."""
    return RESTRICTED_RECORD if restricted and not data_protection_officer else None


def who_decides(disclosure: Disclosure, *, recorder_is_dpo: bool = False) -> str:
    """Who decides a request, as the one who has just recorded it is told. A DPO who
    recorded it is told of another DPO: "the DPO or a supervisor" named them, who may not
    decide it."""
    if not disclosure.restricted:
        deciders = "another data protection officer" if recorder_is_dpo else "the DPO"
        return (
            f"Someone other than you decides it: {deciders} or a supervisor (the supervisor "
            "queue, the DPO's desk)."
        )
    if disclosure.recorder_alone:
        return (
            "The record is restricted, so only a data protection officer approves it, and "
            "you are the only one: decide it yourself on the desk (F7, Third-party "
            "disclosures), giving the Art. 18(2) ground in the reason."
        )
    return (
        "The record is restricted, so a data protection officer other than you decides it "
        "(F7, Third-party disclosures)."
    )


def field_labels(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The fields' labels as the registry names them ("Phone"), a whole address as one:
    "Address" (`share_labels`)."""
    return share_labels(keys)


def queue_summary(disclosure_id: int, fields: tuple[str, ...], lawful_basis: str) -> str:
    """The queue item's summary: the request's number, the fields' labels and the basis,
    never a value or who asked."""
    return (
        f"Third-party request (disclosure {disclosure_id}) for {', '.join(field_labels(fields))}; "
        f"basis: {lawful_basis}"
    )


class Disclosure(BaseModel):
    """A request as the approver and the desk see it (no customer values: those only in a
    `DisclosureRelease`)."""

    model_config = ConfigDict(frozen=True)

    id: int
    customer_id: int
    customer_reference: str
    requester: str
    organisation: str
    identity_check: str
    lawful_basis: str
    asked_for: str
    #: The fields asked for (registry keys), and their names (a whole address as one).
    fields: tuple[str, ...]
    field_labels: tuple[str, ...]
    channel: str
    status: DisclosureStatus
    requested_at: datetime
    requested_by: str
    requested_by_id: int
    decided_by: str | None = None
    decided_by_id: int | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None
    #: The fields the approver released of those asked for (all of them, or fewer: the
    #: least that answers); empty until it is approved, and for a request not approved.
    approved_fields: tuple[str, ...] = ()
    approved_labels: tuple[str, ...] = ()
    released_at: datetime | None = None
    queue_item_id: int | None = None
    #: The call it was recorded in, by its channel and start; None outside a call.
    call_channel: str | None = None
    call_started_at: datetime | None = None
    #: The customer's record is restricted (Art. 18) now: only the DPO approves.
    restricted: bool = False
    #: Restricted, and recorded by the one active data protection officer: nobody else may
    #: approve it, so they decide it themselves (`recorder_may_not_decide`).
    recorder_alone: bool = False
    #: Discrepancy reports still open on the fields asked for (MP-14): a value a handler
    #: says is wrong is settled before it is released.
    open_reports: tuple[OpenReportOn, ...] = ()

    def recorded_in_call(self) -> str | None:
        """The call it was recorded in, in words ("the phone call of 14:02", with its day
        when that is not the day it was recorded); None for one recorded outside a call,
        or before requests kept their call."""
        if self.call_channel is None or self.call_started_at is None:
            return None
        return call_named(self.call_channel, self.call_started_at, self.requested_at)

    def reports_on(self, fields: tuple[str, ...]) -> tuple[OpenReportOn, ...]:
        """The open reports on `fields` (those approved, on the release)."""
        return tuple(report for report in self.open_reports if report.field in fields)


class ReleasedValue(BaseModel):
    """One approved field's value, for the approver to send."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    value: str


class DisclosureRelease(BaseModel):
    """What the approver sends, by the request's channel, once it is approved."""

    model_config = ConfigDict(frozen=True)

    disclosure: Disclosure
    values: tuple[ReleasedValue, ...]


class SubjectAccessDisclosure(BaseModel):
    """A disclosure as the customer's subject access pack lists it: who received what,
    under which basis, when and who approved it -- the fields by name, never their values."""

    model_config = ConfigDict(frozen=True)

    id: int
    requester: str
    organisation: str
    lawful_basis: str
    fields: tuple[str, ...]
    field_labels: tuple[str, ...]
    #: The fields approved of those asked for, by name (empty: not approved).
    approved_labels: tuple[str, ...]
    channel: str
    status: DisclosureStatus
    requested_at: datetime
    decided_at: datetime | None
    approved_by: str | None
    released_at: datetime | None
