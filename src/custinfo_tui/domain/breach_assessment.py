"""The DPO's assessment of a breach, checked (MP-20): the decisions the risk allows, what
each decision needs, and the facts the ICO is told (UK GDPR Art. 33(3)).

Only a breach assessed as unlikely to result in a risk may go unreported to the ICO
(Art. 33(1)); told after the 72 hours, the reasons for the delay are needed. A high-risk
breach is told to the people affected without undue delay (Art. 34(1)), or the record says
which of the three Art. 34(3) exceptions applies, and how (domain/breach_exceptions.py);
a breach that is only "a risk" is not, so the reason not to tell them is whatever the DPO
says. The ICO's case reference is kept once the ICO is told. Beside the decisions the
assessment holds what Art. 33(3) asks a notification to describe that the report does
not: roughly how many records, the likely consequences, and the measures taken or
proposed; each may wait for a later save, as the decisions may, but a breach does not
close without the last two (`BreachView.missing_to_close`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from custinfo_tui.domain.breach_exceptions import EXCEPTION_DETAIL, with_exception
from custinfo_tui.domain.breaches import (
    MAX_BREACH_TEXT,
    MAX_ICO_REFERENCE,
    MAX_RECORDS,
    AssessmentIn,
    BreachInvalid,
    BreachRisk,
    Told,
    deadline_for,
)
from custinfo_tui.domain.text import clean_free_text

#: Said at the ICO's box when a breach assessed as a risk is recorded as not told.
ICO_MUST_BE_TOLD = (
    "A breach assessed as a risk or a high risk to individuals must be reported to the "
    "ICO (Art. 33). To not report it, assess it as unlikely to result in a risk, with "
    "the reason."
)
#: Said at the exception's box when a high risk is recorded as not told, with none chosen.
HIGH_RISK_NEEDS_EXCEPTION = (
    "A high risk: tell the individuals (Art. 34), or choose the Art. 34(3) exception that "
    "applies (the data encrypted, the risk no longer likely, a public notice instead)."
)


def individuals_reason_hint(risk: BreachRisk | None) -> str:
    """What the individuals' reason box asks for at this risk: the Art. 34(3) exception only
    for a high risk, since Art. 34 asks nothing of a lesser one and the box must not
    suggest the DPO needs an exception to leave people untold."""
    if risk is BreachRisk.HIGH_RISK:
        return "how the exception above applies"
    if risk is None:
        return "why they were not told"
    return "why not told (not a high risk: no exception needed)"


def check_assessment(given: AssessmentIn, discovered_at: datetime, now: datetime) -> AssessmentIn:
    """The assessment as stored (texts cleaned; a decision not made carries no time, reason
    or reference), or BreachInvalid naming every field that is wrong."""
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
    facts = _facts(given, problems)
    if problems:
        raise BreachInvalid(problems)
    return given.model_copy(
        update={
            "ico_told_at": ico_told_at,
            "ico_reason": ico_reason,
            # The ICO's case reference belongs to a report to the ICO; none is kept without.
            "ico_reference": clean_free_text(given.ico_reference) if given.ico is Told.TOLD else "",
            "individuals_told_at": individuals[0],
            **_individuals_reason(given, individuals[1]),
            **facts,
        }
    )


def _facts(given: AssessmentIn, problems: dict[str, str]) -> dict[str, object]:
    """The Art. 33(3) facts as kept: the records count, the consequences, the measures; and
    the ICO's reference checked. Problems noted under each one's key."""
    if given.records_affected is not None and not 0 <= given.records_affected <= MAX_RECORDS:
        problems["records_affected"] = f"Give a number of records from 0 to {MAX_RECORDS:,}."
    kept: dict[str, object] = {"records_affected": given.records_affected}
    for key, words in (
        ("likely_consequences", "The likely consequences"),
        ("measures", "The measures"),
    ):
        cleaned = clean_free_text(getattr(given, key))
        if len(cleaned) > MAX_BREACH_TEXT:
            problems[key] = f"{words}: at most {MAX_BREACH_TEXT} characters."
        kept[key] = cleaned
    if given.ico is Told.TOLD and len(clean_free_text(given.ico_reference)) > MAX_ICO_REFERENCE:
        problems["ico_reference"] = f"The ICO's reference: at most {MAX_ICO_REFERENCE} characters."
    return kept


def _check_against_risk(
    given: AssessmentIn, individuals_reason: str, problems: dict[str, str]
) -> None:
    """The decisions the risk allows: only a breach unlikely to result in a risk may go
    unreported to the ICO (Art. 33(1)); a high-risk breach is told to the individuals
    unless an Art. 34(3) exception applies, which the reason records."""
    if given.ico is Told.NOT_TOLD and given.risk is not BreachRisk.UNLIKELY:
        problems.pop("ico_reason", None)  # no reason excuses it: asking for one misleads
        problems["ico"] = ICO_MUST_BE_TOLD
    if given.individuals is Told.NOT_TOLD and given.risk is BreachRisk.HIGH_RISK:
        if given.individuals_exception is None:
            problems["individuals_exception"] = HIGH_RISK_NEEDS_EXCEPTION
        if not individuals_reason:
            problems["individuals_reason"] = EXCEPTION_DETAIL


def _individuals_reason(given: AssessmentIn, reason: str) -> dict[str, object]:
    """The individuals' reason as kept: for a high risk not told, after the words of the
    exception chosen (any other risk needs none: Art. 34 asks nothing of it)."""
    exception = given.individuals_exception
    if given.individuals is not Told.NOT_TOLD or given.risk is not BreachRisk.HIGH_RISK:
        return {"individuals_reason": reason, "individuals_exception": None}
    assert exception is not None  # checked above
    return {"individuals_reason": with_exception(exception, reason)}


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
