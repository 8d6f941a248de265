"""Personal-data breaches (MP-20): the report, the 72-hour clock, the DPO's assessment.

Anyone at the console reports a suspected breach: what happened, when it was discovered,
the data categories involved, roughly how many people, and the customers affected if
known. From discovery the organisation has 72 hours to tell the ICO (UK GDPR Art. 33(1));
telling it later needs the reasons for the delay, and not telling it is recorded with why,
and allowed only for a breach assessed as unlikely to result in a risk to people. The
individuals are told without undue delay when the risk to them is high (Art. 34), or the
record says which Art. 34(3) exception applies. The clock stops once the ICO decision is
recorded; a breach closes with a summary once both decisions are. Times are UTC, as
everywhere on the console.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.reference import format_reference, normalise_reference
from custinfo_tui.domain.text import clean_free_text, counted
from custinfo_tui.domain.validation import FieldError

#: The ICO must be told within this long of the breach being discovered (Art. 33(1)).
REPORTING_WINDOW = timedelta(hours=72)
#: The most characters each text of a breach (what happened, a reason, the summary) holds.
MAX_BREACH_TEXT = 2000
#: "Roughly how many people": anything above this is a typing slip.
MAX_PEOPLE = 100_000_000
#: Customers named on one report; more than this belong in an attached list, not the form.
MAX_CUSTOMERS = 50
#: How a date and time is typed and shown on the breach screens.
TIME_FORMAT = "%d/%m/%Y %H:%M"

#: Each data category as the breach screens name it.
CATEGORY_LABELS = {
    DataCategory.PERSONAL: "Personal (names, contact details, addresses)",
    DataCategory.SPECIAL_CATEGORY: "Special category (health, accessibility)",
    # What the field registry files under it (the reference, domain/fields.py), in the
    # subject access pack's words ("your reference and what you did with us"); not
    # "orders, payments", which the console does not hold.
    DataCategory.TRANSACTIONAL: "Transactional (reference, what they did with us)",
    DataCategory.ENQUIRY: "Enquiry (what customers asked, notes)",
}


class BreachRisk(StrEnum):
    """The DPO's assessment of the risk to the people whose data was involved."""

    UNLIKELY = "unlikely"
    RISK = "risk"
    HIGH_RISK = "high_risk"

    @property
    def label(self) -> str:
        return {
            BreachRisk.UNLIKELY: "Unlikely to result in a risk to individuals",
            BreachRisk.RISK: "A risk to individuals",
            BreachRisk.HIGH_RISK: "A high risk to individuals",
        }[self]


class Told(StrEnum):
    """Whether the ICO (or the individuals) were told; no decision yet is None."""

    TOLD = "told"
    NOT_TOLD = "not_told"


class BreachIn(BaseModel):
    """A suspected breach as reported. `customer_references` in any spacing."""

    model_config = ConfigDict(frozen=True)

    what_happened: str
    discovered_at: datetime
    categories: tuple[DataCategory, ...]
    #: Roughly how many people; None when nobody can say yet.
    people_affected: int | None = None
    customer_references: tuple[str, ...] = ()


class AssessmentIn(BaseModel):
    """What the DPO records: the risk, and the two decisions about telling. A decision left
    None is not made yet; its time and reason are then ignored."""

    model_config = ConfigDict(frozen=True)

    risk: BreachRisk
    ico: Told | None = None
    ico_told_at: datetime | None = None
    #: Why the ICO was not told, or the reasons for telling it after 72 hours.
    ico_reason: str = ""
    individuals: Told | None = None
    individuals_told_at: datetime | None = None
    #: Why the individuals were not told.
    individuals_reason: str = ""


class BreachInvalid(FieldError):
    """What is wrong, field by field: field key -> message. Messages never repeat values."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def deadline_for(discovered_at: datetime) -> datetime:
    """When the ICO must have been told."""
    return discovered_at + REPORTING_WINDOW


def _text(value: str, words: str, problems: dict[str, str], key: str) -> str:
    cleaned = clean_free_text(value)
    if not cleaned:
        problems[key] = f"Type {words}."
    elif len(cleaned) > MAX_BREACH_TEXT:
        problems[key] = f"{words.capitalize()}: at most {MAX_BREACH_TEXT} characters."
    return cleaned


def check_breach(given: BreachIn, now: datetime) -> BreachIn:
    """The report as stored (text cleaned, references in canonical form), or BreachInvalid
    naming every field that is wrong."""
    problems: dict[str, str] = {}
    what = _text(given.what_happened, "what happened", problems, "what_happened")
    if given.discovered_at > now + timedelta(minutes=1):
        problems["discovered_at"] = "The discovery cannot be in the future."
    if not given.categories:
        problems["categories"] = "Choose at least one kind of data involved."
    if given.people_affected is not None and not 0 <= given.people_affected <= MAX_PEOPLE:
        problems["people_affected"] = f"Give a number of people from 0 to {MAX_PEOPLE:,}."
    references, misread = _references(given.customer_references)
    if misread:  # each said, by its place in the box: "Reference 2: ..."
        problems["customer_references"] = " ".join(misread.values())
    if len(references) > MAX_CUSTOMERS:
        problems["customer_references"] = f"Name at most {MAX_CUSTOMERS} customers here."
    # Every customer typed, those misread too: each is someone (a slip of a digit names
    # no fewer people), so the count is of what the box holds, not of what it read.
    named = len(references) + len(misread)
    people = given.people_affected
    if "people_affected" not in problems and people is not None and people < named:
        problems["people_affected"] = (
            f"At least {named}: the report names {counted(named, 'customer')}."
        )
    if problems:
        raise BreachInvalid(problems)
    return given.model_copy(
        update={
            "what_happened": what,
            "categories": tuple(dict.fromkeys(given.categories)),
            "customer_references": tuple(references),
        }
    )


def _references(typed: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    """The references typed, read (canonical, each once), and those that could not be
    read, each once by what was typed, with its problem ("Reference 2: That reference's
    check letter does not match: ...")."""
    references: list[str] = []
    misread: dict[str, str] = {}
    for position, raw in enumerate(typed, start=1):
        try:
            reference = normalise_reference(raw)
        except FieldError as error:
            misread.setdefault("".join(raw.split()).upper(), f"Reference {position}: {error}")
            continue
        if reference not in references:
            references.append(reference)
    return references, misread


def check_assessment(given: AssessmentIn, discovered_at: datetime, now: datetime) -> AssessmentIn:
    """The assessment as stored (reasons cleaned; a decision not made carries no time or
    reason), or BreachInvalid naming every field that is wrong."""
    problems: dict[str, str] = {}
    ico = _decision(
        given.ico, given.ico_told_at, given.ico_reason, "ico", discovered_at, now, problems
    )
    individuals = _decision(
        given.individuals,
        given.individuals_told_at,
        given.individuals_reason,
        "individuals",
        discovered_at,
        now,
        problems,
    )
    ico_told_at, ico_reason = ico
    _check_against_risk(given, individuals[1], problems)
    if (
        given.ico is Told.TOLD
        and ico_told_at is not None
        and "ico_told_at" not in problems  # a time refused says so; the delay waits for it
        and ico_told_at > deadline_for(discovered_at)
        and not ico_reason
    ):
        problems["ico_reason"] = "Told after 72 hours: give the reasons for the delay."
    if problems:
        raise BreachInvalid(problems)
    return given.model_copy(
        update={
            "ico_told_at": ico_told_at,
            "ico_reason": ico_reason,
            "individuals_told_at": individuals[0],
            "individuals_reason": individuals[1],
        }
    )


#: Said at the ICO's box when a breach assessed as a risk is recorded as not told.
ICO_MUST_BE_TOLD = (
    "A breach assessed as a risk or a high risk to individuals must be reported to the "
    "ICO (Art. 33). To not report it, assess it as unlikely to result in a risk, with "
    "the reason."
)
#: Said at the individuals' reason when a high risk is recorded as not told, with no reason.
HIGH_RISK_NEEDS_EXCEPTION = (
    "A high risk: tell the individuals (Art. 34), or give the Art. 34(3) exception that "
    "applies (the data encrypted, the risk no longer likely, a public notice instead)."
)


def _check_against_risk(
    given: AssessmentIn, individuals_reason: str, problems: dict[str, str]
) -> None:
    """The decisions the risk allows: only a breach unlikely to result in a risk may go
    unreported to the ICO (Art. 33(1)); a high-risk breach is told to the individuals
    unless an Art. 34(3) exception applies, which the reason records."""
    if given.ico is Told.NOT_TOLD and given.risk is not BreachRisk.UNLIKELY:
        problems.pop("ico_reason", None)  # no reason excuses it: asking for one misleads
        problems["ico"] = ICO_MUST_BE_TOLD
    if (
        given.individuals is Told.NOT_TOLD
        and given.risk is BreachRisk.HIGH_RISK
        and not individuals_reason
    ):
        problems["individuals_reason"] = HIGH_RISK_NEEDS_EXCEPTION


def _decision(
    told: Told | None,
    told_at: datetime | None,
    reason: str,
    who: str,
    discovered_at: datetime,
    now: datetime,
    problems: dict[str, str],
) -> tuple[datetime | None, str]:
    """(when told, reason) as kept for one decision; problems noted under `who`'s keys."""
    if told is None:
        return None, ""
    cleaned = clean_free_text(reason)
    if len(cleaned) > MAX_BREACH_TEXT:
        problems[f"{who}_reason"] = f"The reason: at most {MAX_BREACH_TEXT} characters."
    if told is Told.NOT_TOLD:
        if not cleaned:
            problems[f"{who}_reason"] = "Say why they were not told."
        return None, cleaned
    if told_at is None:
        problems[f"{who}_told_at"] = "Enter when they were told."
    elif told_at < discovered_at.replace(second=0, microsecond=0):
        problems[f"{who}_told_at"] = "They cannot have been told before the discovery."
    elif told_at > now + timedelta(minutes=1):
        problems[f"{who}_told_at"] = "That time is in the future."
    return told_at, cleaned


def check_summary(summary: str) -> str:
    """The closing summary as kept, or FieldError."""
    problems: dict[str, str] = {}
    cleaned = _text(summary, "a summary of what was done", problems, "summary")
    if problems:
        raise FieldError(problems["summary"])
    return cleaned


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def describe_lateness(delta: timedelta) -> str:
    """ "16 h late", "16 h 05 min late", "30 min late": how far past the 72 hours."""
    minutes = max(int(delta.total_seconds()) // 60, 1)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min late"
    return f"{hours} h late" if not minutes else f"{hours} h {minutes:02d} min late"


def describe_clock(
    deadline: datetime, now: datetime, *, ico_decided: bool, closed: bool
) -> tuple[str, bool]:
    """What the clock shows and whether it is overdue: "41 h 05 min left", "overdue by
    3 h 10 min", or where the breach stands once the clock has stopped."""
    if closed:
        return "closed", False
    if ico_decided:
        return "stopped: ICO decision recorded", False
    left = deadline - now
    if left >= timedelta(0):
        return f"{_span(left)} left", False
    return f"overdue by {_span(-left)}", True


class BreachView(BaseModel):
    """A breach as the DPO's desk shows it; `clock` and `overdue` as of when it was read."""

    model_config = ConfigDict(frozen=True)

    id: int
    reported_at: datetime
    reported_by: str
    discovered_at: datetime
    deadline: datetime
    what_happened: str
    categories: tuple[DataCategory, ...]
    people_affected: int | None
    customer_references: tuple[str, ...]
    risk: BreachRisk | None
    ico: Told | None
    ico_told_at: datetime | None
    ico_reason: str
    individuals: Told | None
    individuals_told_at: datetime | None
    individuals_reason: str
    closed_at: datetime | None
    summary: str | None
    clock: str
    overdue: bool

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def missing_to_close(self) -> str | None:
        """What must be recorded before the breach can close, or None."""
        if self.risk is None:
            return "Record the risk assessment before closing the breach."
        if self.ico is None:
            return "Record whether the ICO was told (when, or why not) before closing."
        if self.individuals is None:
            return "Record whether the individuals were told (when, or why not) before closing."
        return None

    @property
    def ico_late_by(self) -> timedelta | None:
        """How long after the 72 hours the ICO was told, or None (told in time, not told,
        not decided): the late report stays on show once its clock has stopped, with the
        reasons for the delay Art. 33(1) asks for."""
        if self.ico is not Told.TOLD or self.ico_told_at is None:
            return None
        late = self.ico_told_at - self.deadline
        return late if late > timedelta(0) else None

    @property
    def ico_short(self) -> str:
        """The ICO decision in a table's cell: "told", "told 16 h late", "not told", "-"."""
        if self.ico is None:
            return "-"
        late = self.ico_late_by
        return f"told {describe_lateness(late)}" if late else self.ico.value.replace("_", " ")

    def told_line(self, who: str) -> str:
        """ "ICO: told 20/11/2026 10:00", "Individuals: not told (reason)", "...: not decided"."""
        told, at, reason = (
            (self.ico, self.ico_told_at, self.ico_reason)
            if who == "ICO"
            else (self.individuals, self.individuals_told_at, self.individuals_reason)
        )
        if told is None:
            return f"{who}: not decided"
        if told is Told.TOLD and at is not None:
            late_by = self.ico_late_by if who == "ICO" else None
            late = f", {describe_lateness(late_by)}" if late_by else ""
            why = f" ({reason})" if reason else ""
            return f"{who}: told {at:{TIME_FORMAT}}{late}{why}"
        return f"{who}: not told ({reason})"


class OverdueClocks(BaseModel):
    """What supervisors and the DPO are told at login: no personal data, numbers only."""

    model_config = ConfigDict(frozen=True)

    count: int
    #: How far past its deadline the most overdue breach is, e.g. "overdue by 5 h 00 min".
    worst: str | None


def format_references(references: tuple[str, ...]) -> str:
    return ", ".join(format_reference(r) for r in references)
