"""Subject access requests (MP-16, UK GDPR Art. 15) and restricting processing (Art. 18):
the due-date rule and what a request holds (the export pack's shape:
domain/data_protection/pack.py).

A request is due one calendar month after the day it was received (Art. 12(3)): the same
day number next month, or that month's last day when it has no such day (31 January ->
28 or 29 February). It may be extended once, by one or two further months, with a reason:
the period is then two or three calendar months from receipt, counted the same way.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.data_protection.pack_exports import PackExport
from custinfo_tui.domain.data_protection.recipients_told import RecipientToTell, Rectified
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.text import counted

#: How many further months a request may be extended by (Art. 12(3)).
MAX_EXTENSION_MONTHS = 2

#: The most characters kept for who asked, how their identity was checked, and a reason.
MAX_REQUEST_TEXT = 300


#: Said once a request of an erased record is closed with text typed: it is not kept.
NOT_KEPT = "What was typed is not kept: the record is erased, and so is what is typed on it."


def add_months(day: date, months: int) -> date:
    """The same day number `months` calendar months later, or that month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def extension_told(request: SubjectAccessRequest) -> str:
    """What the DPO must do once a request is extended (Art. 12(3)): tell the person of
    the extension and why, within the first month."""
    by = due_date(request.received_on)
    return (
        f"Request {request.id} extended: now due {request.due_on:%d %b %Y}. Tell the person "
        f"of the extension and why by {by:%d %b %Y}, within a month of receiving it "
        "(Art. 12(3)); the console does not send letters."
    )


def due_date(received_on: date, extended_by_months: int = 0) -> date:
    """When the answer is due: one calendar month after receipt, plus any extension."""
    if not 0 <= extended_by_months <= MAX_EXTENSION_MONTHS:
        raise ValueError("a request is extended by one or two months")
    return add_months(received_on, 1 + extended_by_months)


def days_left(due_on: date, today: date) -> int:
    """Days until the answer is due: 0 on the day itself, negative once overdue."""
    return (due_on - today).days


def describe_days_left(left: int) -> str:
    """ "12 days left", "due today", "3 days overdue"."""
    if left == 0:
        return "due today"
    if left > 0:
        return f"{left} day{'s' if left != 1 else ''} left"
    return f"{-left} day{'s' if left != -1 else ''} overdue"


class SubjectAccessIn(BaseModel):
    """A request as the DPO logs it: whose data, the right it exercises, who asked, how
    their identity was checked, and the day it was received."""

    model_config = ConfigDict(frozen=True)

    #: The customer's reference, in any spacing or case.
    customer_reference: str
    #: Who made the request: "the customer", "their solicitor, Example LLP".
    requested_by: str
    #: How their identity (and any authority to act) was checked.
    identity_check: str
    received_on: date
    #: The right it exercises: access (a subject access request) unless another is given.
    right: DataRight = DataRight.ACCESS
    #: The DPO confirmed a received day more than three months back (it is not a year
    #: mistyped: domain/data_protection/request_days.py).
    received_long_ago: bool = False


class OtherRecord(BaseModel):
    """Another record that strongly matches the one a request is about (the duplicate
    check, MP-13): likely the same person, whom a request about one record does not cover.
    """

    model_config = ConfigDict(frozen=True)

    reference: str
    #: What matched, without the values: "similar name", "same date of birth".
    reasons: tuple[str, ...]
    #: The number of an open request about that record, if one is logged: it is covered.
    open_request: int | None = None


class MovedByMerge(BaseModel):
    """Where a request came from when the record it was logged on was merged into another
    (the same person, MP-13): the request moved with the rest of that record."""

    model_config = ConfigDict(frozen=True)

    #: The record it was logged on (merged now), and the one it was merged into.
    reference: str
    into: str
    merged_on: date


def describe_moved(moved: MovedByMerge) -> str:
    """ "Logged on 1049 5055 V, merged into 1044 6784 T on 07 Dec 2026: the request moved
    with it, and its pack covers both."."""
    return (
        f"Logged on {format_reference(moved.reference)}, merged into "
        f"{format_reference(moved.into)} on {moved.merged_on:%d %b %Y}: the request moved "
        "with it, and its pack covers both."
    )


def describe_other_records(others: tuple[OtherRecord, ...]) -> str:
    """What the DPO is told of the other records that may be the person's (empty when
    none): a request and its pack cover one record, so each needs its own, or a merge."""
    if not others:
        return ""
    listed = "; ".join(
        f"{format_reference(other.reference)} ({', '.join(other.reasons)}"
        + (f"; request {other.open_request} covers it)" if other.open_request else ")")
        for other in others
    )
    if all(other.open_request for other in others):
        return f"Other records may be this person's too: {listed}."
    return (
        f"Other records may be this person's too: {listed}. A request covers one record: "
        "log one for each that is theirs, received the same day, or merge them first."
    )


class SubjectAccessRequest(BaseModel):
    """A logged request as the desk and `custinfo dsar list` show it: of access, or of
    another right (`right`; domain/data_protection/rights.py), on the one register."""

    model_config = ConfigDict(frozen=True)

    id: int
    customer_id: int
    customer_reference: str
    requested_by: str
    identity_check: str
    received_on: date
    due_on: date
    extended_by_months: int
    extension_reason: str | None
    logged_by: str
    logged_at: datetime
    answered_at: datetime | None
    answered_by: str | None
    #: The reason the person was given, for a request refused as manifestly unfounded or
    #: excessive (Art. 12(5)); None for one answered with its pack, or still open.
    refusal_reason: str | None
    #: Days until due as of the listing day (negative: overdue); None once answered.
    days_left: int | None
    #: How many times the request's pack was exported (`customer.exported` events).
    exports: int = 0
    #: Said as the request is logged: about a record already erased, when and by whom (the
    #: request is still answered: the pack says nothing is held); else the other records
    #: that strongly match this one, which a request about one record does not cover.
    note: str | None = None
    #: For an open request, the other records that strongly match its record as it was
    #: last listed, logged or extended (none once answered): shown with the request until
    #: each has its own request or is merged, since they decide whether more are needed.
    other_records: tuple[OtherRecord, ...] = ()
    #: The right it exercises: access (answered with the pack), or another (answered with
    #: what was done, `answer_note`).
    right: DataRight = DataRight.ACCESS
    #: The call a handler took it in (None: logged at the desk).
    interaction_id: int | None = None
    #: Taken from a caller not verified as the customer or an authorised representative:
    #: the DPO checks who they are before acting (the clock runs all the same).
    identity_to_verify: bool = False
    #: What the DPO did to answer a request other than access ("Address corrected").
    answer_note: str | None = None
    #: How many times it was asked for again while open, in a later call or logged again
    #: at the desk (noted, not logged twice: `dsar.asked_again` events).
    asked_again: int = 0
    #: Said as a request is logged at the desk: one for the same right was open already
    #: for the customer, so the new one was noted on it (this one), not logged twice.
    already_open: bool = False
    #: The day its record was erased (or anonymised whole by a retention run), if it was:
    #: what the right asks for to the record can no longer be done, or is done already.
    erased_on: date | None = None
    #: Who erased it: an operator's username, "the system" (`custinfo erase`) or "a
    #: retention run"; None while it is not erased, or when the trail does not say.
    erased_by: str | None = None
    #: Logged on a record since merged into this one: the request moved with it.
    moved_by_merge: MovedByMerge | None = None
    #: For an open request answered with a pack (access, portability): the third-party
    #: requests on its record made for crime prevention or taxation, which the pack may
    #: leave out (DPA 2018 Sch. 2 para 2): the desk asks before writing it.
    crime_requests: tuple[int, ...] = ()
    #: The packs written for it, oldest first and numbered so (`exports` counts them).
    pack_exports: tuple[PackExport, ...] = ()
    #: The one its answer recorded as sent (how: `answer_note`); None for none.
    sent: PackExport | None = None
    #: For an open erasure request: what holds its record now, by kind ("open complaint"):
    #: it is not erased while they stand (docs/data-protection.md, "Legal holds").
    held_by: tuple[str, ...] = ()
    #: The day the DPO kept it open, unrefused, while the record is held (`dsar.kept_open`).
    kept_open_on: date | None = None
    #: For an open restriction request: the day its record's restriction in force began.
    restricted_since: date | None = None
    #: Its record's recipients to tell of what it changed, and what was told (Art. 19).
    recipients: tuple[RecipientToTell, ...] = ()
    #: For a rectification request: what it corrected, and of how many releases its
    #: recipients are those that sent it before the correction.
    rectified: Rectified | None = None

    @property
    def answered(self) -> bool:
        """Closed: answered with the pack, or refused."""
        return self.answered_at is not None

    @property
    def refused(self) -> bool:
        return self.refusal_reason is not None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        """How many days after its due date it was answered (0: in time, or not yet)."""
        if self.answered_at is None:
            return 0
        return max((self.answered_at.date() - self.due_on).days, 0)

    @property
    def lateness(self) -> str:
        """How late it was answered, in words ("4 days late"); empty when in time."""
        return f"{counted(self.days_late, 'day')} late" if self.days_late else ""


class RequestsDue(BaseModel):
    """What the DPO hears of as they log in: the open requests on the register, how many
    are overdue, and how many wait for the identity of whoever made them to be checked."""

    model_config = ConfigDict(frozen=True)

    open: int = 0
    overdue: int = 0
    to_verify: int = 0

    def notice(self) -> str:
        """ "3 data protection requests open (1 overdue, 1 to verify who asked). ..."; empty
        when none is open."""
        if not self.open:
            return ""
        also = [f"{self.overdue} overdue"] if self.overdue else []
        if self.to_verify:
            also.append(f"{self.to_verify} to verify who asked")
        extra = f" ({', '.join(also)})" if also else ""
        noun = "request" if self.open == 1 else "requests"
        return (
            f"{self.open} data protection {noun} open{extra}. The DPO desk (F7) has them "
            "under Data protection requests."
        )


class ProcessingRestriction(BaseModel):
    """A record whose processing is restricted (Art. 18): hidden from ordinary handlers."""

    model_config = ConfigDict(frozen=True)

    customer_id: int
    customer_reference: str
    reason: str
    restricted_at: datetime
    restricted_by: str
    #: Third parties the record's data was released to, to be told of the restriction
    #: (UK GDPR Art. 19): "Data was disclosed to ...: tell them of the restriction ...";
    #: "" when none was, and on lists of restrictions.
    recipients_line: str = ""


#: Art. 18(3): a person who obtained a restriction is told before it is lifted. Said on
#: the desk's lift form (`LIFT_TELL_FIRST`), and once it is lifted (`LIFTED`), on the desk
#: and by `custinfo dsar lift`.
LIFT_TELL_FIRST = "Tell the person before you lift it (UK GDPR Art. 18(3))."
LIFTED = (
    "Restriction lifted. The person is to be told before a restriction is lifted (UK GDPR "
    "Art. 18(3)): if they were not, tell them now."
)
