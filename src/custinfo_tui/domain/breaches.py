"""Personal-data breaches (MP-20): the report, the 72-hour clock, the DPO's assessment.

Anyone at the console reports a suspected breach: what happened, when it was discovered,
the data categories involved, roughly how many people, and the customers affected if
known. From discovery the organisation has 72 hours to tell the ICO (UK GDPR Art. 33(1));
telling it later needs the reasons for the delay, and not telling it is recorded with why,
and allowed only for a breach assessed as unlikely to result in a risk to people. The
individuals are told without undue delay when the risk to them is high (Art. 34), or the
record says which Art. 34(3) exception applies: until that is decided a high-risk breach
says so on the desk and at the DPO's login, as its ICO clock does. The clock stops once
the ICO decision is recorded; a breach closes with a summary once both decisions, the
likely consequences and the measures taken are recorded. The decisions are checked in
`domain.breach_assessment`. Times are UTC, as everywhere on the console.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.breach_exceptions import Art34Exception
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
#: "Roughly how many records" (Art. 33(3)(a)): anything above this is a typing slip.
MAX_RECORDS = 1_000_000_000
#: The ICO's case reference for a breach reported to it, at most this long.
MAX_ICO_REFERENCE = 40
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
    """What the DPO records: the risk, the two decisions about telling, and the facts of
    Art. 33(3) the report does not give. A decision left None is not made yet; its time,
    reason and reference are then ignored."""

    model_config = ConfigDict(frozen=True)

    risk: BreachRisk
    #: Roughly how many personal data records were involved; None while nobody can say.
    records_affected: int | None = None
    #: The likely consequences of the breach for the people (Art. 33(3)(c)).
    likely_consequences: str = ""
    #: The measures taken or proposed to deal with it, and to lessen its possible adverse
    #: effects (Art. 33(3)(d)).
    measures: str = ""
    ico: Told | None = None
    ico_told_at: datetime | None = None
    #: The ICO's case reference, once it was told and gave one.
    ico_reference: str = ""
    #: Why the ICO was not told, or the reasons for telling it after 72 hours.
    ico_reason: str = ""
    individuals: Told | None = None
    individuals_told_at: datetime | None = None
    #: Why the individuals were not told: for a high risk, how `individuals_exception`
    #: applies (kept after its words once checked: domain/breach_exceptions.py).
    individuals_reason: str = ""
    #: For a high risk not told: the Art. 34(3) exception that applies.
    individuals_exception: Art34Exception | None = None


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


def check_summary(summary: str) -> str:
    """The closing summary as kept, or FieldError."""
    problems: dict[str, str] = {}
    cleaned = _text(summary, "a summary of what was done", problems, "summary")
    if problems:
        raise FieldError(problems["summary"])
    return cleaned


def span(delta: timedelta) -> str:
    """ "41 h 05 min": a length of time in hours and minutes, as the clocks say it."""
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


#: Where the clock was, once the ICO decision is recorded on a high-risk breach whose
#: people are not told yet: what is left to do, Art. 34's "without undue delay".
TELL_THE_INDIVIDUALS = "tell the individuals (Art. 34)"


def describe_clock(
    deadline: datetime,
    now: datetime,
    *,
    ico_decided: bool,
    closed: bool,
    individuals_due: bool = False,
) -> tuple[str, bool]:
    """What the clock shows and whether it is overdue: "41 h 05 min left", "overdue by
    3 h 10 min", or where the breach stands once the clock has stopped (the individuals
    still to tell of a high risk, `individuals_due`)."""
    if closed:
        return "closed", False
    if ico_decided:
        if individuals_due:
            return TELL_THE_INDIVIDUALS, False
        return "stopped: ICO decision recorded", False
    left = deadline - now
    if left >= timedelta(0):
        return f"{span(left)} left", False
    return f"overdue by {span(-left)}", True


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
    records_affected: int | None = None
    likely_consequences: str = ""
    measures: str = ""
    ico: Told | None
    ico_told_at: datetime | None
    ico_reference: str = ""
    ico_reason: str
    individuals: Told | None
    individuals_told_at: datetime | None
    individuals_reason: str
    #: Who last saved the assessment, and when; None until assessed.
    assessed_by: str | None = None
    assessed_at: datetime | None = None
    closed_by: str | None = None
    closed_at: datetime | None
    summary: str | None
    clock: str
    overdue: bool

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def individuals_due(self) -> bool:
        """Open, assessed as a high risk, and nothing decided about telling the people: Art.
        34 asks that they be told without undue delay, so this is said until it is."""
        return self.is_open and self.risk is BreachRisk.HIGH_RISK and self.individuals is None

    def missing_to_close(self) -> str | None:
        """What must be recorded before the breach can close, or None: the record the ICO
        may ask for is complete (Art. 33(5): the facts, its effects, the remedial action).
        Each names F2, which records it: only the consequences' and measures' had."""
        if self.risk is None:
            return "Record the risk assessment (F2) before closing the breach."
        if self.ico is None:
            return "Record whether the ICO was told (when, or why not; F2) before closing."
        if self.individuals is None:
            return "Record whether the individuals were told (when, or why not; F2) before closing."
        if not self.likely_consequences or not self.measures:
            return (
                "Record the likely consequences and the measures taken (F2) before closing: "
                "the breach's record needs them (Art. 33(5))."
            )
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
            if who != "ICO" and self.individuals_due:
                return f"{who}: not decided. {INDIVIDUALS_DUE}"
            return f"{who}: not decided"
        if told is Told.TOLD and at is not None:
            late_by = self.ico_late_by if who == "ICO" else None
            late = f", {describe_lateness(late_by)}" if late_by else ""
            ours = (
                f", reference {self.ico_reference}" if who == "ICO" and self.ico_reference else ""
            )
            why = f" ({reason})" if reason else ""
            return f"{who}: told {at:{TIME_FORMAT}}{late}{ours}{why}"
        return f"{who}: not told ({reason})"


#: Said of a high-risk breach whose people are not told yet, with no decision recorded.
INDIVIDUALS_DUE = (
    "A high risk: tell them without undue delay (Art. 34), or record the Art. 34(3) "
    "exception that applies."
)


class OverdueClocks(BaseModel):
    """What supervisors and the DPO are told at login: no personal data, numbers only."""

    model_config = ConfigDict(frozen=True)

    count: int
    #: How far past its deadline the most overdue breach is, e.g. "overdue by 5 h 00 min".
    worst: str | None


def format_references(references: tuple[str, ...]) -> str:
    return ", ".join(format_reference(r) for r in references)
