"""Marking rules for the data protection processes a handler takes part in (MP-16, MP-17,
MP-20; docs/data-protection.md): a caller's subject access request passed on without the
record read out, a third party's request for a customer's data recorded for approval with
nothing disclosed in the call, and a breach reported with what data and how many people."""

from __future__ import annotations

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.domain.training import marks_access
from custinfo_tui.domain.training.marks_refused import with_refused_attempts
from custinfo_tui.domain.training.scorecard import EvidenceStep
from custinfo_tui.domain.training.scored_run import (
    Mark,
    ScoredRun,
    is_personal_disclosure,
    labels,
    met,
    not_applicable,
    not_met,
    step,
)
from custinfo_tui.domain.verification import NO_LEVEL

#: The enquiry type a subject access request is wrapped up under when the scenario names
#: none (one of the built-in enquiry types).
DATA_PROTECTION_ENQUIRY = "Data protection request"
#: The level a subject access request needs when the scenario names none: the pack goes
#: only to the person it is about.
SUBJECT_ACCESS_LEVEL = "standard"
#: What a handler does instead of opening the record as back-office work mid-call.
_OPENED_IN_THE_CALL = (
    "opened the customer's record only in the call, where nothing is shown before the "
    "caller is verified, not as back-office work, which shows every detail"
)
_UNSEEN = (
    "What was said (no pack promised on the spot, the month explained) is not in the "
    "events: it is left to the trainer's observation."
)


def _disclosure_steps(run: ScoredRun) -> tuple[list[EvidenceStep], list[str]]:
    """Each personal field disclosed in the run, as evidence, and the fields' keys."""
    evidence, keys = [], []
    for _, event, _, _ in run.disclosures():
        personal = [k for k in event.fields if is_personal_disclosure(k)]
        keys += personal
        evidence.append(step(event, f"disclosed {labels(personal)} in the call", against=True))
    return evidence, list(dict.fromkeys(keys))


def _level_title(run: ScoredRun, level: str) -> str:
    return run.verification.level_title(level) if run.level_rank(level) >= 0 else level


def subject_access(run: ScoredRun) -> Mark:
    """MP-16, the handler's part of a subject access request by phone: the caller verified
    before the request is taken, nothing read out from the record (the answer is the pack
    the data protection officer sends within a month), and the request passed on: logged
    (`dsar.logged`) or the call wrapped up as a data protection request with notes of what
    was asked."""
    expected = run.scenario.expected
    if not expected.subject_access_request:
        return not_applicable("No subject access request was made in this run.")
    record = run.target_id()
    evidence: list[EvidenceStep] = []
    problems: list[str] = []
    wanted = expected.verification_level or SUBJECT_ACCESS_LEVEL
    reached = NO_LEVEL
    for _, event in run.where(AuditAction.CALLER_VERIFIED, customer_id=record):
        level = str(event.details.get("level", NO_LEVEL))
        evidence.append(step(event, f"verified to {_level_title(run, level)}"))
        if run.level_rank(level) > run.level_rank(reached):
            reached = level
    if run.level_rank(reached) < max(run.level_rank(wanted), 1):
        problems.append(
            f"verified the caller to {_level_title(run, wanted)} before taking the request "
            "(the pack goes only to the person it is about)"
        )
    read_out, keys = _disclosure_steps(run)
    evidence += read_out
    if keys:
        problems.append(
            f"read nothing out from the record ({labels(keys)} was): the answer is the "
            "pack the data protection officer sends within a month"
        )
    back_office = marks_access.back_office_steps(run)
    if back_office:
        evidence += back_office
        problems.append(_OPENED_IN_THE_CALL)
    enquiry = expected.enquiry_type or DATA_PROTECTION_ENQUIRY
    logged = run.where(AuditAction.SUBJECT_ACCESS_LOGGED, customer_id=record)
    evidence += [step(event, "subject access request logged") for _, event in logged]
    wraps = run.where(AuditAction.INTERACTION_WRAPPED_UP, customer_id=record)
    passing = [_passes_it_on(event, enquiry) for _, event in wraps]
    passed_on = bool(logged) or any(passing)
    for (_, event), passes in zip(wraps, passing, strict=True):
        notes = int(event.details.get("notes_characters", 0) or 0)
        kind = str(event.details.get("enquiry_type", ""))
        said = f"wrapped up as {kind}, {'with' if notes else 'no'} notes"
        # A wrap-up that does not pass the request on is a fault only if none does.
        evidence.append(step(event, said, against=not passed_on and not passes))
    if not passed_on:
        problems.append(
            f"passed the request on: wrapped up the call as {enquiry} with notes of what "
            "was asked, for the data protection officer to log (the month runs from today)"
        )
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(problems) + ".", _UNSEEN)
    return met(evidence, _UNSEEN)


def _passes_it_on(wrap_up: AuditEvent, enquiry: str) -> bool:
    """Whether a wrap-up passes a subject access request on: recorded as `enquiry`, with
    notes of what was asked."""
    notes = int(wrap_up.details.get("notes_characters", 0) or 0)
    return str(wrap_up.details.get("enquiry_type", "")) == enquiry and notes > 0


def third_parties(run: ScoredRun) -> Mark:
    """MP-17: when someone outside the customer's representatives asks for their data
    (`expected.disclosure_request`), the request recorded in the disclosure log for a DPO
    or supervisor to approve and nothing disclosed in the call; otherwise the
    representatives' rule (`marks_access.third_parties`). A disclosure the console refused
    to a third party is none, so it leaves the verdict as it is; the attempt is said
    besides, against the point and in its should-have, as MP-08 says it (`marks_refused`)."""
    return with_refused_attempts(run, _third_parties(run), to_third_parties=True)


def _third_parties(run: ScoredRun) -> Mark:
    """MP-17 on what was recorded and disclosed, the refused attempts left out."""
    if not run.scenario.expected.disclosure_request:
        return marks_access.third_parties(run)
    record = run.target_id()
    evidence: list[EvidenceStep] = []
    problems: list[str] = []
    requests = run.where(AuditAction.DISCLOSURE_REQUESTED, customer_id=record)
    for _, event in requests:
        evidence.append(
            step(event, f"third-party request recorded for approval: {labels(event.fields)}")
        )
    if not requests:
        problems.append(
            "recorded the request as a third-party disclosure request (Ctrl+T on the "
            "record), for a DPO or another supervisor to approve"
        )
    told, keys = _disclosure_steps(run)
    evidence += told
    if keys:
        verb = "was" if len(keys) == 1 else "were"
        problems.append(
            f"disclosed nothing in the call ({labels(keys)} {verb} disclosed): nothing is "
            "released before approval"
        )
    back_office = marks_access.back_office_steps(run)
    if back_office:
        evidence += back_office
        problems.append(_OPENED_IN_THE_CALL)
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(problems) + ".")
    return met(evidence)


def breach_reported(run: ScoredRun) -> Mark:
    """MP-20: a breach the caller tells of (`expected.reports_breach`) reported during the
    run (`breach.reported`, which starts the DPO's 72-hour clock), with the kinds of data
    involved and roughly how many people. A report when none was expected is met: a
    suspicion reported is never wrong."""
    reports = run.where(AuditAction.BREACH_REPORTED)
    if not run.scenario.expected.reports_breach and not reports:
        return not_applicable("No breach was told of or reported in this run.")
    if not reports:
        return not_met(
            (),
            "Should have: reported the breach at once with Ctrl+B (what happened, when it "
            "was discovered, the kinds of data, roughly how many people), so the data "
            "protection officer's 72-hour clock starts.",
        )
    evidence: list[EvidenceStep] = []
    complete = False
    for _, event in reports:
        categories = [
            DataCategory(c).label
            for c in event.details.get("categories", ())
            if c in set(DataCategory)
        ]
        people = event.details.get("people_affected")
        customers = int(event.details.get("customers", 0) or 0)
        whole = bool(categories) and people is not None
        evidence.append(
            step(
                event,
                f"breach reported: {', '.join(categories) or 'no kinds of data'}, "
                f"people affected: {people if people is not None else 'not said'}, "
                f"customers named: {customers}",
                against=not whole,
            )
        )
        complete = complete or whole
    if not complete:
        return not_met(
            evidence,
            "Should have: said in the report which kinds of data were involved and roughly "
            "how many people are affected.",
        )
    return met(evidence)
