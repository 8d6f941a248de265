"""Marking rules for who is told and shown what (MP-08, MP-09, MP-12, MP-17): verification
before any disclosure, nothing to an impostor or a caller with no authority, a reason for a
record opened outside a call, and the right record found quickly."""

from __future__ import annotations

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.training.marks_refused import with_refused_attempts
from custinfo_tui.domain.training.marks_who_is_calling import (
    as_the_customer_note,
    ask_who_is_calling,
    taken_for_the_customer,
)
from custinfo_tui.domain.training.scenario import CallerIs
from custinfo_tui.domain.training.scorecard import EvidenceStep
from custinfo_tui.domain.training.scored_run import (
    Indexed,
    Mark,
    ScoredRun,
    check_label,
    clock,
    is_personal_disclosure,
    labels,
    met,
    not_applicable,
    not_met,
    seconds_between,
    step,
)
from custinfo_tui.domain.verification import NO_LEVEL, Access, CallerKind, action_for

#: Callers a good handler tells nothing about the customer.
TOLD_NOTHING = (CallerIs.IMPOSTOR, CallerIs.NO_AUTHORITY)
CHECKS = (AuditAction.CALLER_CHECK_PASSED, AuditAction.CALLER_VERIFICATION_FAILED)
VERIFICATION_STEPS = (
    AuditAction.CALLER_IDENTIFIED,
    AuditAction.CALLER_CHECK_PASSED,
    AuditAction.CALLER_VERIFICATION_FAILED,
    AuditAction.CALLER_VERIFIED,
    AuditAction.VERIFICATION_LOCKED,
)


def _level_title(run: ScoredRun, level: str) -> str:
    if run.level_rank(level) < 0:
        return level
    return run.verification.level_title(level)


def _allowed(run: ScoredRun, level: str, key: str) -> bool:
    spec = FIELDS.get(key)
    if spec is None:
        return False
    return run.verification.level_allows(level, action_for(Access.READ, spec.group))


def _verification_steps(run: ScoredRun) -> list[EvidenceStep]:
    """Every step of the caller's verification, as evidence. No note: the step's own words
    ("Check passed: Date of birth", "Customer verified: Standard") say all there is. A step
    on another customer's record (`_checked_someone_else`) is not the caller's
    verification, and is left out. A step done while a caller who is not the customer was
    taken for them (never asked who was calling) counts against, saying who they are."""
    as_customer = taken_for_the_customer(run)
    return [
        step(event, as_the_customer_note(run, event), against=True)
        if event.id in as_customer
        else step(event, "")
        for _, event in run.where(*VERIFICATION_STEPS)
        if not run.on_another_customer(event)
    ]


def _who_is_calling_problems(run: ScoredRun) -> list[str]:
    """The should-have for checks asked of a caller taken for the customer, if any."""
    return [ask_who_is_calling(run)] if taken_for_the_customer(run) else []


def _checked_someone_else(run: ScoredRun, before: int | None = None) -> list[Indexed]:
    """The verification steps asked against another customer's record (the wrong one of
    two John Smiths), before the stream position `before` when given: the trainee took
    that customer for the caller."""
    return [
        (index, event)
        for index, event in run.where(*VERIFICATION_STEPS)
        if run.on_another_customer(event) and (before is None or index < before)
    ]


def _highest_level(run: ScoredRun) -> str:
    """The highest level the caller reached on their own record (a level reached on
    another customer's is someone else's)."""
    reached = NO_LEVEL
    for _, event in run.where(AuditAction.CALLER_VERIFIED):
        if run.on_another_customer(event):
            continue
        level = str(event.details.get("level", NO_LEVEL))
        if run.level_rank(level) > run.level_rank(reached):
            reached = level
    return reached


def back_office_steps(run: ScoredRun) -> list[EvidenceStep]:
    """The caller's record opened or changed outside the call while they were in touch
    (`ScoredRun.back_office_work`), each as the step that broke the rule."""
    found = []
    for _, event in run.back_office_work():
        if event.action is AuditAction.CUSTOMER_VIEWED:
            note = (
                "opened as back-office work while the caller was in touch: every detail "
                "shown unmasked, with no verification"
            )
        else:
            note = (
                f"{labels(event.fields)} changed as back-office work while the caller was in "
                "touch, with no verification"
            )
        found.append(step(event, note, against=True))
    return found


#: What a handler does instead of opening the caller's record as back-office work.
IN_THE_CALL = (
    "opened the caller's record in the call and verified them there, not as back-office "
    "work (which shows everything and takes changes unverified)"
)


def verify_before_disclosing(run: ScoredRun) -> Mark:
    """MP-08: nothing disclosed before the caller reached the level that allows it, nothing
    at all to an impostor or a caller with no authority, and the caller verified to the
    level the scenario's business needs. The caller's record opened or changed as
    back-office work while they are in touch skips verification altogether: not met. A
    disclosure the console refused is none, so it leaves the verdict as it is; the attempt
    is said besides, against the point and in its should-have (`marks_refused`)."""
    return with_refused_attempts(run, _as_disclosed(run))


def _as_disclosed(run: ScoredRun) -> Mark:
    """MP-08 on what was disclosed and verified, the refused attempts left out."""
    caller_is = run.scenario.caller.is_
    expected = run.scenario.expected.verification_level
    needs_level = expected is not None and expected != NO_LEVEL and caller_is not in TOLD_NOTHING
    disclosures = list(run.disclosures())
    back_office = back_office_steps(run)
    evidence = _verification_steps(run)
    if not disclosures and not back_office and not needs_level and caller_is not in TOLD_NOTHING:
        return not_applicable("Nothing was disclosed and the scenario needs no verification.")
    problems: list[str] = []
    wrong_person = _checked_someone_else(run)
    for _, event in wrong_person:
        if event.action is AuditAction.CALLER_VERIFIED:
            evidence.append(step(event, OTHER_CUSTOMER_VERIFIED, against=True))
            problems.append(OWN_RECORD_ONLY)
    for _, event, caller, level in disclosures:
        personal = [k for k in event.fields if is_personal_disclosure(k)]
        if run.on_another_customer(event):
            said = f"disclosed {labels(personal)} from another customer's record"
            evidence.append(step(event, said, against=True))
            problems.append("disclosed nothing from another customer's record")
            continue
        if caller_is in TOLD_NOTHING or caller == CallerKind.NO_AUTHORITY:
            evidence.append(
                step(
                    event, f"disclosed {labels(personal)} to a caller to tell nothing", against=True
                )
            )
            verb = "was" if len(personal) == 1 else "were"
            problems.append(f"disclosed nothing ({labels(personal)} {verb} disclosed)")
            continue
        early = [k for k in personal if not _allowed(run, level, k)]
        title = _level_title(run, level)
        if early:
            evidence.append(
                step(event, f"disclosed {labels(early)} at {title}, too early", against=True)
            )
            problems.append(f"verified the caller further before disclosing {labels(early)}")
        else:
            evidence.append(step(event, f"disclosed {labels(personal)} at {title}"))
    if back_office:
        evidence += back_office
        problems.append(IN_THE_CALL)
    if needs_level and expected is not None:
        reached = _highest_level(run)
        if run.level_rank(reached) < max(run.level_rank(expected), 1):
            problems.append(
                f"verified the caller to {_level_title(run, expected)} "
                f"(reached: {_level_title(run, reached)})"
            )
    problems += _who_is_calling_problems(run)
    note = _not_counted(wrong_person)
    if problems:
        should = "Should have: " + "; ".join(dict.fromkeys(problems)) + "."
        return not_met(evidence, should, note)
    return met(evidence, note)


#: A caller verified on a record that is not theirs (MP-08).
OTHER_CUSTOMER_VERIFIED = "verified against another customer's record: taken for someone else"
OWN_RECORD_ONLY = (
    "checked the caller against their own record only: they were verified against another "
    "customer's"
)


def _not_counted(wrong_person: list[Indexed]) -> str:
    """MP-08's word on checks asked against another customer's record (found by a tester:
    "Check failed: Date of birth" against the other John Smith was marked "MP-08 +"). They
    are not the caller's verification, neither towards it nor against: the caller failed a
    check that was never theirs to pass. Taking the other customer for the caller is
    MP-12's (the right record found)."""
    checks = [e for _, e in wrong_person if e.action in CHECKS]
    if not checks:
        return ""
    asked = ", ".join(
        f"{check_label(str(e.details.get('check', '')))} at {clock(e.occurred_at)}" for e in checks
    )
    what = "the check" if len(checks) == 1 else "the checks"
    return (
        f"Not counted: {what} asked against another customer's record ({asked}): the caller "
        "is not that customer. Taking them for the caller is counted by MP-12."
    )


def third_parties(run: ScoredRun) -> Mark:
    """MP-17: a representative identified as such before anything was disclosed to them
    (and only what their verification allows); nothing to an impostor; a caller with no
    authority identified as such and told nothing."""
    caller_is = run.scenario.caller.is_
    if caller_is is CallerIs.CUSTOMER:
        return not_applicable("The caller is the customer: no third party asked for anything.")
    evidence = _verification_steps(run)
    disclosures = list(run.disclosures())
    problems: list[str] = []
    identified = [
        str(e.details.get("caller", "")) for _, e in run.where(AuditAction.CALLER_IDENTIFIED)
    ]
    back_office = back_office_steps(run)
    if back_office:
        evidence += back_office
        problems.append(
            "opened the customer's record only in the call, where what this caller may be "
            "told is checked, not as back-office work, which shows them everything"
        )
    problems += _who_is_calling_problems(run)
    if caller_is is CallerIs.REPRESENTATIVE:
        if CallerKind.REPRESENTATIVE not in identified:
            problems.append("identified the caller as the customer's representative")
        for _, event, caller, level in disclosures:
            keys = [k for k in event.fields if is_personal_disclosure(k)]
            if caller != CallerKind.REPRESENTATIVE:
                said = f"{labels(keys)} disclosed before they were"
                evidence.append(step(event, said, against=True))
                problems.append("disclosed only after identifying them as the representative")
            elif any(not _allowed(run, level, k) for k in keys):
                said = f"{labels(keys)} disclosed beyond their level"
                evidence.append(step(event, said, against=True))
                problems.append("disclosed only what their verification allows")
            else:
                evidence.append(step(event, f"disclosed {labels(keys)} to the representative"))
    else:
        for _, event, _, _ in disclosures:
            keys = [k for k in event.fields if is_personal_disclosure(k)]
            said = f"disclosed {labels(keys)} to a caller to tell nothing"
            evidence.append(step(event, said, against=True))
            problems.append("disclosed nothing to this caller")
        if caller_is is CallerIs.NO_AUTHORITY and CallerKind.NO_AUTHORITY not in identified:
            problems.append(
                "recorded the caller as someone with no authority on file, and given them "
                "the no-authority script"
            )
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(dict.fromkeys(problems)) + ".")
    return met(evidence)


def need_to_know(run: ScoredRun) -> Mark:
    """MP-09: every record opened outside a call was opened with a reason; a call is the
    reason for one opened in it."""
    views = run.where(AuditAction.CUSTOMER_VIEWED)
    if not views:
        return not_applicable("No record was opened.")
    evidence: list[EvidenceStep] = []
    without = 0
    in_touch = {event.id for _, event in run.back_office_work()}
    for _, event in views:
        if event.details.get("in_call") or event.interaction_id is not None:
            evidence.append(step(event, "opened in a call: the call is the reason"))
        elif event.id in in_touch:
            evidence.append(
                step(
                    event,
                    "opened outside the call while the caller was in touch: the call was "
                    "the reason, not the one given",
                    against=True,
                )
            )
        elif event.reason and event.reason.strip():
            evidence.append(step(event, "opened outside a call, with a reason"))
        else:
            without += 1
            evidence.append(step(event, "opened outside a call without a reason", against=True))
    problems = []
    if without:
        problems.append("given the reason for opening a record outside a call")
    if any(event.id in in_touch for _, event in views):
        problems.append("opened the caller's record in the call they were in touch by")
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(problems) + ".")
    return met(evidence)


def quick_retrieval(run: ScoredRun) -> Mark:
    """MP-12: the right record opened within the scenario's limit of the caller's first
    words (`expected.find_within_seconds`), and no other customer taken for the caller on
    the way: a check asked against another customer's record (the wrong one of two John
    Smiths) before the right one was opened is not met, however quick the right one came
    after, since the caller was checked against someone else's details. Merely opening
    another record and moving on is part of finding the right one, within the limit."""
    expected = run.scenario.expected
    if expected.record is None:
        return not_applicable("The caller is not on file: there was no record to find.")
    record = run.customer_id(expected.record)
    limit = expected.find_within_seconds
    opened = run.where(AuditAction.CUSTOMER_VIEWED, customer_id=record) if record else []
    index = opened[0][0] if opened else None
    wrong = _wrong_record_steps(run, _checked_someone_else(run, before=index))
    problems = [TELL_THEM_APART] if wrong else []
    if index is None:
        should = [f"found and opened the caller's record within {limit} s", *problems]
        return not_met(wrong, "Should have: " + "; ".join(should) + ".")
    first = opened[0][1]
    took = seconds_between(run.transcript.started_at, first.occurred_at)
    said = f"the right record opened {took:.0f} s after the first words"
    said += _searches_before(run, index)
    if wrong:
        said += "; another customer's record was taken for the caller first"
    evidence = [*wrong, step(first, said, against=took > limit)]
    if took > limit:
        problems.insert(
            0,
            f"found the record within {limit} s (search by name, phone, postcode or "
            "reference as the caller gives them)",
        )
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(problems) + ".")
    return met(evidence)


#: What a handler does instead of checking the caller against another customer's record.
TELL_THEM_APART = (
    "made sure a record was the caller's before checking them against it: with more than "
    "one match, told them apart by what the caller gives (their postcode, the last digits "
    "of their phone) and opened theirs"
)


def _wrong_record_steps(run: ScoredRun, checked: list[Indexed]) -> list[EvidenceStep]:
    """The steps that took another customer for the caller, each against MP-12: the first
    opening of each such record, and each check asked against it."""
    found: list[EvidenceStep] = []
    for customer_id in dict.fromkeys(event.customer_id for _, event in checked):
        views = run.where(AuditAction.CUSTOMER_VIEWED, customer_id=customer_id)
        if views:
            found.append(step(views[0][1], "another customer's record opened", against=True))
    for _, event in checked:
        said = "asked against" if event.action in CHECKS else "on"
        found.append(step(event, f"{said} another customer's record", against=True))
    return found


def _searches_before(run: ScoredRun, index: int) -> str:
    """The searches before the event at `index`, counted as the timeline shows them: the
    searches fired one after another while a query is typed are one search ("after one
    search, 3 as typed")."""
    searches = typed = 0
    before = None
    for event in run.events[:index]:
        if event.action is AuditAction.CUSTOMER_SEARCHED:
            typed += 1
            if before is not AuditAction.CUSTOMER_SEARCHED:
                searches += 1
        before = event.action
    if not searches:
        return ""
    said = "one search" if searches == 1 else f"{searches} searches"
    as_typed = f", {typed} as typed" if typed > searches else ""
    return f", after {said}{as_typed}"
