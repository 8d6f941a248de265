"""Complaints (MP-19): the stages a complaint goes through and when each answer is due.

A handler takes a complaint in four steps (listen, apologise, put it right, follow up);
the complaint then moves forward through the configured stages, each change with a note,
the operator and the time. Two service levels set its due dates: the acknowledgement and
the final response (eight weeks is the Financial Ombudsman Service's limit for a final
response, and the default here). Days are calendar days, counted in UTC.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from custinfo_tui.domain.complaint_callers import CallerStanding
from custinfo_tui.domain.complaint_follow_up import follow_up_as_typed
from custinfo_tui.domain.dates import format_spoken_date
from custinfo_tui.domain.follow_up_window import follow_up_refused
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.validation import FieldError

DEFAULT_STAGES = ("received", "acknowledged", "investigating", "resolved", "closed")
DEFAULT_CATEGORIES = (
    "Service",
    "Billing or charges",
    "Staff conduct",
    "Data protection",
    "Product",
    "Other",
)


class ComplaintPolicy(BaseModel):
    """The `[complaints]` table: categories, stages and the two service levels."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    #: In order; a complaint only moves forward. The first is where every complaint starts.
    stages: tuple[str, ...] = DEFAULT_STAGES
    #: Reaching this stage (or a later one) is the acknowledgement.
    acknowledged_stage: str = "acknowledged"
    #: Reaching this stage (or a later one) is the final response.
    final_response_stage: str = "resolved"
    acknowledge_within_days: int = Field(default=3, ge=0, le=365)
    final_response_within_days: int = Field(default=56, ge=1, le=365)

    @model_validator(mode="after")
    def _usable(self) -> Self:
        if not self.categories:
            raise ValueError("at least one complaint category must be configured")
        if len(self.stages) < 2 or len(set(self.stages)) != len(self.stages):
            raise ValueError("complaint stages must be two or more different names")
        for key in ("acknowledged_stage", "final_response_stage"):
            if getattr(self, key) not in self.stages:
                raise ValueError(f"{key} must be one of the stages")
        if self.position(self.acknowledged_stage) > self.position(self.final_response_stage):
            raise ValueError("the acknowledgement must come before the final response")
        if self.acknowledge_within_days > self.final_response_within_days:
            raise ValueError("the acknowledgement cannot be due after the final response")
        return self

    @property
    def first_stage(self) -> str:
        return self.stages[0]

    def position(self, stage: str) -> int:
        return self.stages.index(stage)

    def next_stages(self, stage: str) -> tuple[str, ...]:
        """Where a complaint at `stage` may move: any later stage (none from the last)."""
        return self.stages[self.position(stage) + 1 :]

    def reached(self, stage: str, milestone: str) -> bool:
        """Whether a complaint at `stage` has reached `milestone` or gone past it."""
        return self.position(stage) >= self.position(milestone)


class DueDates(BaseModel):
    """When a complaint received on a day must be acknowledged and finally answered."""

    model_config = ConfigDict(frozen=True)

    acknowledge_by: date
    final_response_by: date


def due_dates(policy: ComplaintPolicy, received_at: datetime) -> DueDates:
    received = received_at.date()
    return DueDates(
        acknowledge_by=received + timedelta(days=policy.acknowledge_within_days),
        final_response_by=received + timedelta(days=policy.final_response_within_days),
    )


def next_due(policy: ComplaintPolicy, stage: str, dues: DueDates) -> tuple[str, date] | None:
    """The answer still owed at `stage` and its date, or None when both are given."""
    if not policy.reached(stage, policy.acknowledged_stage):
        return "acknowledgement", dues.acknowledge_by
    if not policy.reached(stage, policy.final_response_stage):
        return "final response", dues.final_response_by
    return None


def days_left(due: date, today: date) -> int:
    """Whole days until `due`: 0 on the day, negative once overdue."""
    return (due - today).days


def describe_due(policy: ComplaintPolicy, stage: str, dues: DueDates, today: date) -> str:
    """What a queue or a timeline says about a complaint's next deadline, e.g.
    "final response due in 12 days", "acknowledgement overdue by 2 days"."""
    owed = next_due(policy, stage, dues)
    if owed is None:
        return "answered"
    what, due = owed
    left = days_left(due, today)
    if left > 1:
        return f"{what} due in {left} days"
    if left == 1:
        return f"{what} due tomorrow"
    if left == 0:
        return f"{what} due today"
    late = -left
    return f"{what} overdue by {late} day{'s' if late > 1 else ''}"


def is_overdue(policy: ComplaintPolicy, stage: str, dues: DueDates, today: date) -> bool:
    owed = next_due(policy, stage, dues)
    return owed is not None and days_left(owed[1], today) < 0


#: The most characters each of a complaint's free-text answers and stage notes may hold.
MAX_COMPLAINT_TEXT = 2000


class ComplaintIn(BaseModel):
    """A complaint as the handler takes it, in four steps: listen, apologise, put it right,
    follow up. The three texts are the handler's own words (free text)."""

    model_config = ConfigDict(frozen=True)

    category: str
    customer_said: str
    apology: str
    solution: str
    follow_up_on: date | None = None


class ComplaintInvalid(FieldError):
    """What is wrong with a complaint, field by field: field key -> message to show there.

    Messages never repeat what was typed.
    """

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


#: The three texts of a complaint, with the words a message uses for each.
COMPLAINT_TEXTS = {
    "customer_said": "what the customer said",
    "apology": "what was apologised for",
    "solution": "the proposed solution",
}


def check_complaint(given: ComplaintIn, policy: ComplaintPolicy, today: date) -> ComplaintIn:
    """The complaint as stored (its texts cleaned: card numbers out, one line), or
    ComplaintInvalid naming each field that is wrong and why."""
    problems: dict[str, str] = {}
    if given.category not in policy.categories:
        problems["category"] = "Choose the complaint's category from the list."
    cleaned = {key: clean_free_text(getattr(given, key)) for key in COMPLAINT_TEXTS}
    for key, words in COMPLAINT_TEXTS.items():
        if not cleaned[key]:
            problems[key] = f"Type {words}."
        elif len(cleaned[key]) > MAX_COMPLAINT_TEXT:
            problems[key] = f"{words.capitalize()}: at most {MAX_COMPLAINT_TEXT} characters."
    if given.follow_up_on is not None and (refused := follow_up_refused(given.follow_up_on, today)):
        problems["follow_up_on"] = refused
    if problems:
        raise ComplaintInvalid(problems)
    return given.model_copy(update=cleaned)


def complaint_as_typed(
    category: str,
    texts: dict[str, str],
    follow_up: str,
    policy: ComplaintPolicy,
    today: date,
) -> ComplaintIn:
    """A complaint from the raise screen's boxes (the follow-up date as typed, empty for
    none), checked by `check_complaint`; ComplaintInvalid names every wrong field at once."""
    problems: dict[str, str] = {}
    follow_up_on: date | None = None
    try:
        follow_up_on = follow_up_as_typed(follow_up)
    except FieldError as error:
        problems["follow_up_on"] = str(error)
    given = ComplaintIn(
        category=category,
        customer_said=texts.get("customer_said", ""),
        apology=texts.get("apology", ""),
        solution=texts.get("solution", ""),
        follow_up_on=follow_up_on,
    )
    try:
        checked = check_complaint(given, policy, today)
    except ComplaintInvalid as invalid:
        raise ComplaintInvalid({**invalid.problems, **problems}) from None
    if problems:
        raise ComplaintInvalid(problems)
    return checked


class ComplaintStep(BaseModel):
    """One stage a complaint reached: when, by whom, and the note given (None for the first)."""

    model_config = ConfigDict(frozen=True)

    stage: str
    changed_at: datetime
    operator: str
    note: str | None


class ComplaintView(BaseModel):
    """A complaint on the customer's record."""

    model_config = ConfigDict(frozen=True)

    id: int
    customer_reference: str
    category: str
    stage: str
    received_at: datetime
    customer_said: str
    apology: str
    solution: str
    follow_up_on: date | None
    acknowledge_by: date
    final_response_by: date
    closed_at: datetime | None
    steps: tuple[ComplaintStep, ...]
    #: How far the caller was verified in the call it was raised in (read, never stored).
    caller: CallerStanding


class ComplaintSummary(BaseModel):
    """A complaint as the record's Complaints tab lists it: no text, only where it stands.

    The category and stages are shown on the timeline in a call too; the texts are not here.
    """

    model_config = ConfigDict(frozen=True)

    id: int
    category: str
    stage: str
    received_at: datetime
    acknowledge_by: date
    final_response_by: date
    follow_up_on: date | None
    closed_at: datetime | None

    def describe_due(self, policy: ComplaintPolicy, today: date) -> str:
        """What is owed next and when ("acknowledgement due in 3 days"), "closed" once
        closed, or "unknown stage" for a stage the policy no longer lists."""
        if self.closed_at is not None:
            return "closed"
        if self.stage not in policy.stages:
            return "unknown stage"
        dues = DueDates(
            acknowledge_by=self.acknowledge_by, final_response_by=self.final_response_by
        )
        return describe_due(policy, self.stage, dues, today)

    def next_stages(self, policy: ComplaintPolicy) -> tuple[str, ...]:
        """The stages it may move to (none once closed or at an unknown stage)."""
        if self.closed_at is not None or self.stage not in policy.stages:
            return ()
        return policy.next_stages(self.stage)


def raised_words(complaint: ComplaintSummary, *, caller_on_the_line: bool) -> str:
    """What the handler is told once `complaint` is raised: its reference and the two
    answers it is owed, by the dates the policy's service levels set when it was received;
    with a caller on the line, as words to tell them. "Complaint raised." gave neither. The
    reference is given as the console names a complaint everywhere, "Complaint 7": the
    caller had been told a bare "7"."""
    acknowledge = format_spoken_date(complaint.acknowledge_by)
    final = format_spoken_date(complaint.final_response_by)
    if not caller_on_the_line:
        return (
            f"Complaint {complaint.id} raised: acknowledgement due by {acknowledge}, final "
            f"response by {final}."
        )
    return (
        f'Complaint {complaint.id} raised. Tell the caller: "Your reference is Complaint '
        f"{complaint.id}. We will acknowledge it by {acknowledge} and send our final "
        f'response by {final}."'
    )


class DueComplaint(BaseModel):
    """An open complaint in the due list: what is owed next and how many days are left."""

    model_config = ConfigDict(frozen=True)

    id: int
    customer_reference: str
    category: str
    stage: str
    received_at: datetime
    owed: str | None
    due_on: date | None
    days_left: int | None
    overdue: bool
    described: str
    #: The follow-up date agreed with the customer, if any.
    follow_up_on: date | None = None
    #: The stages it may move to next, in order.
    next_stages: tuple[str, ...] = ()
    #: How far the caller was verified in the call it was raised in (read, never stored).
    caller: CallerStanding
