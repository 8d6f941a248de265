"""A breach's record, whole (MP-20): what the ICO may ask to see, or an audit (Art. 33(5)).

Art. 33(5) asks the controller to document every breach: the facts, its effects and the
remedial action taken, so the ICO can check Art. 33 was complied with. The desk's list and
`custinfo breach list` show clocks and counts; this is the one breach in full, in the same
words on the desk (`BreachRecordScreen`) and on the command line (`custinfo breach show`):
when it was found, reported, assessed and closed, and by whom; the details Art. 33(3) asks
a notification to give (its nature, the data and roughly how many people and records, the
likely consequences, the measures taken or proposed); each decision with its reason; the
ICO's reference; and every assessment as the audit trail recorded it, with who saved it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.breaches import (
    CATEGORY_LABELS,
    INDIVIDUALS_DUE,
    TIME_FORMAT,
    BreachRisk,
    BreachView,
    Told,
    describe_lateness,
)

#: A section of the record: its heading, and its lines as (label, value).
RecordSection = tuple[str, tuple[tuple[str, str], ...]]
#: The width of the labels on the command line's record.
LABEL_WIDTH = 21
NOT_RECORDED = "not recorded"


class AssessmentStep(BaseModel):
    """One saving of the assessment as the audit trail holds it: who, when, and the risk
    and decisions then (never the reasons, which the trail does not keep)."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    by: str
    risk: BreachRisk | None
    ico: Told | None
    ico_told_late: bool
    individuals: Told | None

    def in_words(self) -> str:
        """ "risk: a high risk; the ICO: told, late; individuals: not decided"."""
        risk = self.risk.label.lower() if self.risk else "not assessed"
        ico = _decided(self.ico) + (", late" if self.ico_told_late else "")
        return f"risk: {risk}; the ICO: {ico}; individuals: {_decided(self.individuals)}"


def assessment_step(at: datetime, by: str, details: Mapping[str, object]) -> AssessmentStep:
    """A `breach.assessed` event's details as a step of the record; a value the trail does
    not hold reads as not decided."""
    risk = details.get("risk")
    return AssessmentStep(
        at=at,
        by=by,
        risk=BreachRisk(risk) if isinstance(risk, str) and risk in set(BreachRisk) else None,
        ico=_told(details.get("ico")),
        ico_told_late=details.get("ico_told_late") is True,
        individuals=_told(details.get("individuals")),
    )


def _told(value: object) -> Told | None:
    return Told(value) if isinstance(value, str) and value in set(Told) else None


class BreachRecord(BaseModel):
    """One breach in full, with the history of its assessment."""

    model_config = ConfigDict(frozen=True)

    breach: BreachView
    assessments: tuple[AssessmentStep, ...] = ()

    def title(self) -> str:
        """ "Breach 3: open, 41 h 05 min left"; "Breach 3: closed"."""
        breach = self.breach
        return f"Breach {breach.id}: " + ("open, " + breach.clock if breach.is_open else "closed")

    def sections(self) -> tuple[RecordSection, ...]:
        """The record, section by section, as both the desk and the command line show it."""
        breach = self.breach
        return (
            ("When (UTC)", _when(breach)),
            ("What happened (Art. 33(3))", _facts(breach)),
            ("Decisions", _decisions(breach)),
            (
                "Assessments as recorded in the audit trail",
                tuple(
                    (f"{step.at:{TIME_FORMAT}}", f"by {step.by}: {step.in_words()}")
                    for step in self.assessments
                )
                or (("", "none yet"),),
            ),
            ("Closing", (("Summary", breach.summary or "not closed yet"),)),
        )

    def as_text(self) -> str:
        """The record in lines for a terminal or a file: labels in a column, a value's own
        line breaks indented under it."""
        lines = [self.title()]
        for heading, rows in self.sections():
            lines += ["", heading]
            for label, value in rows:
                first, *rest = value.split("\n") or [""]
                lines.append(f"  {label:<{LABEL_WIDTH}} {first}".rstrip())
                lines += [f"  {'':<{LABEL_WIDTH}} {line}".rstrip() for line in rest]
        return "\n".join(lines)


def _decided(told: Told | None) -> str:
    return told.value.replace("_", " ") if told else "not decided"


def _at(when: datetime | None, by: str | None) -> str:
    return f"{when:{TIME_FORMAT}} by {by}" if when is not None else "not yet"


def _when(breach: BreachView) -> tuple[tuple[str, str], ...]:
    after = int((breach.reported_at - breach.discovered_at).total_seconds()) // 3600
    deadline = f"{breach.deadline:{TIME_FORMAT}}"
    return (
        ("Discovered", f"{breach.discovered_at:{TIME_FORMAT}}"),
        ("Reported", f"{_at(breach.reported_at, breach.reported_by)}, {after} h after discovery"),
        # The clock while it runs; once stopped, the ICO's line below says when it was told.
        ("Tell the ICO by", f"{deadline}: {breach.clock}" if _running(breach) else deadline),
        ("Assessed", _at(breach.assessed_at, breach.assessed_by) + _last(breach)),
        ("Closed", _at(breach.closed_at, breach.closed_by)),
    )


def _running(breach: BreachView) -> bool:
    return breach.is_open and breach.ico is None


def _last(breach: BreachView) -> str:
    return " (last saved; each saving below)" if breach.assessed_at is not None else ""


def _count(count: int | None, missing: str) -> str:
    return missing if count is None else f"{count:,}"


def _facts(breach: BreachView) -> tuple[tuple[str, str], ...]:
    return (
        ("Nature", breach.what_happened),
        ("Data involved", "; ".join(CATEGORY_LABELS[c] for c in breach.categories)),
        ("People, roughly", _count(breach.people_affected, "not known")),
        ("Records, roughly", _count(breach.records_affected, NOT_RECORDED)),
        ("Customers named", ", ".join(breach.customer_references) or "none named"),
        ("Likely consequences", breach.likely_consequences or NOT_RECORDED),
        ("Measures", breach.measures or NOT_RECORDED),
    )


def _decisions(breach: BreachView) -> tuple[tuple[str, str], ...]:
    rows = [
        ("Risk", breach.risk.label if breach.risk else "not assessed"),
        ("The ICO", _ico(breach)),
    ]
    if breach.ico is Told.TOLD:
        rows.append(("ICO's reference", breach.ico_reference or NOT_RECORDED))
    if breach.ico_reason:
        rows.append((_why(breach.ico, late=breach.ico_late_by is not None), breach.ico_reason))
    rows.append(("Individuals", _individuals(breach)))
    if breach.individuals_reason:
        rows.append((_why(breach.individuals, late=False), breach.individuals_reason))
    return tuple(rows)


def _why(told: Told | None, *, late: bool) -> str:
    """The label of a decision's reason, under the decision's own line."""
    if told is Told.NOT_TOLD:
        return "  why not told"
    return "  reasons for delay" if late else "  note"


def _ico(breach: BreachView) -> str:
    if breach.ico is Told.TOLD and breach.ico_told_at is not None:
        late = breach.ico_late_by
        return f"told {breach.ico_told_at:{TIME_FORMAT}}" + (
            f", {describe_lateness(late)}" if late else ", within the 72 hours"
        )
    return _decided(breach.ico)


def _individuals(breach: BreachView) -> str:
    if breach.individuals is Told.TOLD and breach.individuals_told_at is not None:
        return f"told {breach.individuals_told_at:{TIME_FORMAT}}"
    if breach.individuals_due:
        return f"not decided. {INDIVIDUALS_DUE}"
    return _decided(breach.individuals)
