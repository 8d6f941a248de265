"""Discrepancy reports (MP-14): a handler says a detail on file is wrong, a supervisor
decides.

A handler who hears that a detail on the record is wrong, and may not change it (the
caller is not verified for it, or their role changes nothing), reports it: which field,
what the caller says is right, and why. It goes to the supervisor queue as a
`QueueKind.DISCREPANCY` item. The supervisor either corrects the record through the normal
edit, with the change reason `DISCREPANCY_REPORT` and the usual read-back, which marks the
report corrected, or rejects it with a reason. The reporter sees the outcome in their own
list.

What the caller says is right is personal data: it is cleaned like every free text (card
numbers taken out), kept on the report only, and never put on the event stream or in the
queue item's summary.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS, check_field
from custinfo_tui.domain.limits import MIN_REASON_LENGTH
from custinfo_tui.domain.text import clean_free_text, too_long, too_short
from custinfo_tui.domain.validation import FieldError

#: The change reason of a correction made from a report: offered (and filled in) only on
#: the edit a supervisor opens from a discrepancy item.
DISCREPANCY_REPORT = "Discrepancy report"

#: The most characters kept of what the caller says is right, of why, and of a rejection.
MAX_CLAIMED_VALUE = 500
MAX_DISCREPANCY_REASON = 300


class DiscrepancyStatus(StrEnum):
    """Where a report stands, as stored in `discrepancy_reports.status`."""

    OPEN = "open"
    CORRECTED = "corrected"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"open": "waiting", "corrected": "corrected", "rejected": "rejected"}[self.value]


class DiscrepancyIn(BaseModel):
    """A report as the handler typed it; `check_discrepancy` cleans and checks it."""

    model_config = ConfigDict(frozen=True)

    #: A record field's key (domain.fields.RECORD_FIELDS).
    field: str
    #: What the caller says is right, in their words.
    claimed_value: str
    why: str


class ClaimedValueInvalid(FieldError):
    """What the caller says is right is missing, too long, or not a value the field holds."""


def check_discrepancy(given: DiscrepancyIn) -> DiscrepancyIn:
    """The report cleaned (card numbers out, spaces collapsed), or FieldError saying what
    is missing or too long. The message never repeats what was typed."""
    if given.field not in RECORD_FIELDS:
        raise FieldError("Choose the field that is wrong from the list.")
    claimed = clean_free_text(given.claimed_value)
    why = clean_free_text(given.why)
    if not claimed:
        raise ClaimedValueInvalid("Type what the caller says is right.")
    if len(claimed) > MAX_CLAIMED_VALUE:
        raise ClaimedValueInvalid(too_long("What the caller says", len(claimed), MAX_CLAIMED_VALUE))
    if FIELDS[given.field].normalise is not None:
        # Checked as the field itself would be, while the caller is still on the line to
        # say it again: the supervisor who corrects the record needs a value it can hold.
        result = check_field(given.field, claimed)
        if not result.ok:
            raise ClaimedValueInvalid(f"{FIELDS[given.field].label}: {result.message}")
    if not why:
        raise FieldError("Say why the details on file are wrong.")
    if len(why) > MAX_DISCREPANCY_REASON:
        raise FieldError(too_long("The reason", len(why), MAX_DISCREPANCY_REASON))
    return DiscrepancyIn(field=given.field, claimed_value=claimed, why=why)


def needs_special_condition(field: str) -> str:
    """Said when a report on a special-category field is refused: what the caller says
    would be held without the Article 9 condition such data needs (MP-07)."""
    return (
        f"{FIELDS[field].label}: special-category data, held only under an Article 9 "
        "condition, and none is recorded. Record one first (F9 Consent on the record); "
        "nothing was reported."
    )


#: Asked of a supervisor rejecting a report with no reason, or one too short to say why.
REJECTION_NEEDED = "Say why the report is rejected (the reporter sees it)."


def check_rejection(reason: str) -> str:
    """A rejection's reason cleaned, or FieldError when it is empty, too short to say
    anything to the reporter ("No": at least `MIN_REASON_LENGTH` characters, as every
    reason a supervisor gives) or too long."""
    text = clean_free_text(reason)
    if not text:
        raise FieldError(REJECTION_NEEDED)
    if len(text) < MIN_REASON_LENGTH:
        raise FieldError(f"{too_short(len(text))} {REJECTION_NEEDED}")
    if len(text) > MAX_DISCREPANCY_REASON:
        raise FieldError(too_long("The reason", len(text), MAX_DISCREPANCY_REASON))
    return text


def queue_summary(field: str, report_id: int) -> str:
    """The queue item's summary: the field's label and the report's number, never a value."""
    return f"{FIELDS[field].label} on file reported wrong (report {report_id})"


def reported_on_merged(made_on: str, kept: str) -> str:
    """A report made on the record `made_on`, moved by its merge into `kept`, where it is
    decided: said on the queue and with the report, as the reporter knew the record."""
    return f"Reported on {made_on}, since merged into {kept}."


class DiscrepancyReport(BaseModel):
    """A report as a screen shows it. `claimed_value` and `why` are given only to the
    supervisor deciding it; the reporter's own list shows the field, status and outcome."""

    model_config = ConfigDict(frozen=True)

    id: int
    customer_id: int
    customer_reference: str
    field: str
    field_label: str
    reported_at: datetime
    reported_by: str
    #: In a call: the interaction it was reported in.
    interaction_id: int | None
    #: In a call: the channel, who was calling and how far they were verified, in words
    #: ("a phone call with the customer, not verified, 1 failed check"), for the supervisor
    #: weighing what the caller said; given with the report in full only (as its texts).
    reported_in: str | None = None
    #: The record it was made on, when that record was merged since into the one it is now
    #: on (`customer_reference`), where it is decided: "1020 5429 F".
    reported_on: str | None = None
    status: DiscrepancyStatus
    outcome_reason: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    queue_item_id: int | None = None
    claimed_value: str | None = None
    why: str | None = None
    #: The field's value on file as the record shows it, beside what the caller says, for
    #: the supervisor deciding it (given with the report in full only; "" for none on file).
    on_file: str | None = None

    @property
    def merged_since(self) -> str | None:
        """ "Reported on 1020 5429 F, since merged into 1001 2345 P." for a report moved by a
        merge (None for any other): the reporter and the caller knew it by that record."""
        if self.reported_on is None:
            return None
        return reported_on_merged(self.reported_on, self.customer_reference)

    @property
    def outcome(self) -> str:
        """The status in words, with the supervisor's reason when rejected."""
        if self.status is DiscrepancyStatus.REJECTED and self.outcome_reason:
            return f"rejected: {self.outcome_reason}"
        return self.status.label


#: Said of a report made outside a call (from the lookup's results, or a record opened for
#: a letter): the supervisor weighs a claim nobody on the line was verified for. It follows
#: "Reported by agent, 20 Nov 10:30, ", so it does not say "reported" again.
OUTSIDE_A_CALL = "from the lookup or a record, outside a call: nobody was verified"


def reported_words(report_id: int, *, caller_on_the_line: bool = True) -> str:
    """What the handler is told once a report is sent: its reference and what happens
    next, with a caller on the line (in a call, or at the lookup) as words to tell them.
    No date is promised: none is set for a supervisor to decide a report
    (docs/after-the-call.md), so none is invented here."""
    follow = "F9 on the lookup (My reports) shows what they decide."
    if not caller_on_the_line:
        return f"Report {report_id} sent to a supervisor, who corrects it or says why not. {follow}"
    return (
        f'Report {report_id} sent to a supervisor. Tell the caller: "I have passed that on '
        f'to be checked and corrected. Your reference is report {report_id}." No date is '
        f"set for it: promise none. {follow}"
    )


class OpenReportOn(BaseModel):
    """A report still open on a field a third party asked for (MP-17): the approver is
    told of it beside the decision and on the release, to settle it before a value the
    reporter says is wrong is sent. The field and who reported it, never the value."""

    model_config = ConfigDict(frozen=True)

    field: str
    field_label: str
    reported_at: datetime
    reported_by: str

    @property
    def line(self) -> str:
        """ "Open discrepancy report on Address line 1 (reported 05 Dec by agent)"."""
        return (
            f"Open discrepancy report on {self.field_label} "
            f"(reported {self.reported_at:%d %b} by {self.reported_by})"
        )
