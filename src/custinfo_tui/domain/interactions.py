"""What the verification service hands the screens: an interaction's verification state.

Nothing here carries a stored answer. A check is `passed`, `failed` or `not asked`; the
question to ask is shown, the value it is compared with never is.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.verification import Authority, CallerKind, Channel, CheckKind


class CheckStatus(StrEnum):
    NOT_ASKED = "not asked"
    PASSED = "passed"
    FAILED = "failed"
    #: Nothing on file to compare with (no security answer set, no phone held).
    NOT_ON_FILE = "not on file"


class QueueItemStatus(StrEnum):
    """A supervisor queue item's status, as stored in `queue_items.status`."""

    OPEN = "open"
    CLOSED = "closed"


class QueueKind(StrEnum):
    """What a supervisor queue item is about, as stored in `queue_items.kind`; declared in
    the order the queue lists them (`QUEUE_ORDER`), which its kind filter (F3) steps
    through too: one order, so the two cannot drift apart (they had)."""

    POSSIBLE_FRAUD = "possible_fraud"
    #: A third party's request for a customer's data, waiting for approval (MP-17).
    DISCLOSURE_REQUEST = "disclosure_request"
    DISCREPANCY = "discrepancy"
    COMPLAINT_FOLLOW_UP = "complaint_follow_up"
    POSSIBLE_DUPLICATE = "possible_duplicate"

    @property
    def label(self) -> str:
        """How the queue names the kind to a supervisor."""
        return _QUEUE_KIND_LABELS[self]


_QUEUE_KIND_LABELS = {
    QueueKind.POSSIBLE_FRAUD: "Possible fraud",
    QueueKind.DISCREPANCY: "Discrepancy",
    QueueKind.COMPLAINT_FOLLOW_UP: "Complaint follow-up",
    QueueKind.POSSIBLE_DUPLICATE: "Possible duplicate",
    QueueKind.DISCLOSURE_REQUEST: "Disclosure request",
}

#: The order the queue lists its kinds, whatever their age: what needs a supervisor now
#: first. Possible fraud (a customer's verification locked, someone may be trying to take
#: over the account; closed items whose lock was kept come right after the open ones),
#: then a third party waiting for a customer's data, then a handler's report of a wrong
#: detail, then complaint follow-ups, and last the possible duplicates, which a legacy
#: import raises by the hundred. Oldest first within a kind (docs/after-the-call.md).
#: The order `QueueKind` declares its kinds in: a new kind takes its place there.
QUEUE_ORDER: tuple[QueueKind, ...] = tuple(QueueKind)


class CheckState(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: CheckKind
    label: str
    question: str
    status: CheckStatus
    failures: int = 0


class RepresentativeSummary(BaseModel):
    """An authorised third party as the "who is calling" list shows them."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    relationship: str
    authority: Authority
    #: Actions they may take for the customer, e.g. ("read:contact", "change:address").
    scope: tuple[str, ...]

    @property
    def description(self) -> str:
        return f"{self.name} ({self.relationship}, {self.authority.label.lower()})"


class Caller(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: CallerKind
    #: "the customer", or the representative's description.
    description: str
    representative: RepresentativeSummary | None = None


class VerificationState(BaseModel):
    """Where ID&V stands in one interaction, for the verification panel."""

    model_config = ConfigDict(frozen=True)

    interaction_id: int
    customer_id: int
    channel: Channel
    started_at: datetime
    ended: bool = False
    caller: Caller
    #: Which caller of the call this is: 0 for the one it began with, one more each time
    #: who is calling was said (F2). An answer is checked for the caller the handler saw
    #: (`check_answer`'s `caller_number`), never for one who has come on the line since.
    caller_number: int = 0
    #: The level reached (`none` until enough checks pass) and its title.
    level: str
    level_title: str
    passes: int
    checks: tuple[CheckState, ...]
    #: What the next level still needs, or None at the top.
    next_step: str | None
    #: The check that next level names and the caller has not passed, to ask next.
    ask_next: CheckKind | None = None
    #: Another check could raise the level in this call (False at the top level, and
    #: where every level above needs something not on file).
    can_rise: bool = True
    #: Actions the caller may take now: the level's, narrowed to a representative's scope.
    allowed: tuple[str, ...]
    #: `allowed` in words for the panel, in brief (`allowed_in_brief`): "Read: everything
    #: but support needs. Change: enquiries. Withdraw: marketing consent.".
    allowed_text: str
    #: Verification is locked for this customer on this channel after repeated failures.
    locked: bool
    #: The channels the customer's verification is locked on, this one or not (none while
    #: no lock stands): a visit in person goes on when phone calls are locked.
    locked_on: tuple[Channel, ...] = ()
    #: Where the lock that stops this call was set, when not in this call: "Locked 06 Dec
    #: 13:47 in another call: agent's phone call." None otherwise.
    locked_elsewhere: str | None = None
    #: Failed checks still allowed before the lock (within the policy's window).
    failures_left: int
    #: Failed checks on this customer within the window, this call's and earlier calls'
    #: (any caller's: the lock is the customer's), and the window's length in hours.
    failed_recently: int = 0
    failure_window_hours: float = 24.0
    #: The line for the handler to read out when verification cannot go on, if any.
    script: str | None = None
    #: For each action not allowed, why: "needs High", "outside their scope".
    needs: dict[str, str] = {}
    #: Levels this caller cannot reach in this call, by title, with why ({"High": "no
    #: security answer on file"}): what needs one cannot be done in this call at all.
    unreachable: dict[str, str] = {}
    #: Fields already disclosed to the caller now on the line (`field.disclosed`), read
    #: with the checks: the record shows their values while the level still allows it.
    disclosed: frozenset[str] = frozenset()

    def allows(self, action: str) -> bool:
        return action in self.allowed


class CheckOutcome(BaseModel):
    """The answer to one check: pass or fail, never the stored value."""

    model_config = ConfigDict(frozen=True)

    kind: CheckKind
    passed: bool
    #: The caller reached a new level with this pass.
    level_reached: str | None = None
    #: This failure locked verification for the customer.
    locked: bool = False
    #: What to say to the caller now, from the policy's scripts (after a failure).
    say: str | None = None
    #: After a failure that leaves one more before the lock: the check to ask instead of
    #: those that failed (`VerificationPolicy.another_check`), if any can verify them.
    ask_instead: CheckKind | None = None
    state: VerificationState


class QueueItem(BaseModel):
    """A supervisor queue entry, e.g. possible fraud after a verification lock."""

    model_config = ConfigDict(frozen=True)

    id: int
    kind: str
    kind_label: str
    customer_reference: str | None
    channel: str | None
    raised_at: datetime
    raised_by: str
    summary: str
    status: QueueItemStatus
    #: The customer has an active verification lock this item can lift.
    lock_active: bool
    #: A possible-fraud item closed with its lock kept: when, by whom and why ("Closed 04
    #: Dec 19:20 by supervisor, the lock kept: ..."). It stays on the queue, where the lock
    #: is lifted, until it is.
    lock_kept: str | None = None
    customer_id: int | None = None
    #: A possible duplicate's other record (MP-13): the two a supervisor may merge.
    other_customer_id: int | None = None
    #: A possible duplicate's reason, typed by the handler who saved the new record as a
    #: different person: what the supervisor weighs before merging or closing.
    why_different: str | None = None
    #: A possible duplicate a handler raised asking for the merge: why they say the two
    #: records are one person (services/same_person.py).
    why_same: str | None = None
    #: A discrepancy item whose report was made on a record merged since into this one:
    #: "Reported on 1020 5429 F, since merged into 1001 2345 P."
    merged_since: str | None = None


class QueuePage(BaseModel):
    """What the queue shows: its first items, most urgent first (`QUEUE_ORDER`), and how
    many there are in all, so a supervisor knows when only some are listed."""

    model_config = ConfigDict(frozen=True)

    items: list[QueueItem]
    #: Every open item of the kind shown, listed or not.
    open_total: int
    #: Every possible-fraud item closed with its lock kept, listed or not.
    kept_total: int = 0

    @property
    def total(self) -> int:
        """Every item the queue would list without its limit."""
        return self.open_total + self.kept_total

    @property
    def partial(self) -> bool:
        """Only the first items are listed: more wait behind them."""
        return len(self.items) < self.total


class FailedCheck(BaseModel):
    """One of the failed checks that locked a customer's verification, as a supervisor
    weighs lifting the lock: when, by whom, on which channel, which check and who was
    calling. Never the answer given: none is stored."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    operator: str
    channel: str
    check: str
    #: "the customer", the representative's description, or "someone with no authority".
    caller: str
    #: The level the same caller reached later in that call ("High"), if any: a caller who
    #: slipped once and then passed is not an impostor.
    reached_after: str | None = None


class LockedCustomer(BaseModel):
    """Whom a possible-fraud item locked and where the call that locked it stands, for the
    supervisor weighing a lift: "Photo ID seen in Leeds branch" reads wrong for a customer
    in Edinburgh, and a call still going on may have the caller waiting. Shown only to a
    supervisor, who may open the record anyway."""

    model_config = ConfigDict(frozen=True)

    name: str
    #: The current address's town; None with no address on file.
    town: str | None
    #: The call that locked it, in words ("still in progress: agent's phone call, at a
    #: desk active 22:31"); None when it is no longer on file.
    call: str | None = None

    @property
    def line(self) -> str:
        """ "Zoë Taylor, Leeds. The call that locked it: ..." """
        who = f"{self.name}, {self.town}" if self.town else f"{self.name} (no address on file)"
        return f"{who}. The call that locked it: {self.call}" if self.call else f"{who}."


class QueueCounts(BaseModel):
    """How much waits on the queue, for a supervisor who has not opened it: the open items,
    and of them those for possible fraud, where a caller may be waiting; and the
    possible-fraud items closed with their lock kept, which stay on the queue until a
    supervisor lifts the lock."""

    model_config = ConfigDict(frozen=True)

    open: int
    fraud: int
    kept: int = 0


class RepresentativeIn(BaseModel):
    """A representative as typed by the handler; `add_representative` validates each field."""

    model_config = ConfigDict(frozen=True)

    given_name: str
    family_name: str
    relationship: str
    authority: Authority
    scope: tuple[str, ...]
    date_of_birth: str = ""
    postcode: str = ""
    address_line1: str = ""
    phone: str = ""
    security_question: str = ""
    security_answer: str = ""
    #: They have one name only, given as the family name, the given name left empty, as a
    #: customer's is (domain/one_name.py): none is invented, and one typed is refused.
    one_name_only: bool = False
