"""Marking rules for keeping the record right (MP-10, MP-13, MP-14,
MP-19): changes and corrections saved with a reason, the planted error reported or
corrected, the existing record updated rather than a duplicate created, and a complaint
taken through its stages in order. The call wrapped up (MP-18) is marks_wrap_up's."""

from __future__ import annotations

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.training.scorecard import EvidenceStep
from custinfo_tui.domain.training.scored_run import (
    Mark,
    ScoredRun,
    labels,
    met,
    not_applicable,
    not_met,
    step,
)


def _planted_fields(run: ScoredRun) -> list[str]:
    customer = run.sandbox_customer()
    return [error.field for error in customer.planted_errors] if customer else []


def _corrected_with_reason(run: ScoredRun, customer_id: int | None, key: str) -> AuditEvent | None:
    for _, event in run.where(AuditAction.CUSTOMER_UPDATED, customer_id=customer_id):
        reasons = event.details.get("reasons", {})
        if key in event.fields and (reasons.get(key) or event.reason):
            return event
    return None


def _changed_with_reason(run: ScoredRun, customer_id: int | None, key: str) -> AuditEvent | None:
    """The last save on the record that changed `key` with a reason: the reason the field
    history now gives for its value."""
    found = None
    for _, event in run.where(AuditAction.CUSTOMER_UPDATED, customer_id=customer_id):
        reasons = event.details.get("reasons", {})
        if key in event.fields and (reasons.get(key) or event.reason):
            found = event
    return found


def _reported(run: ScoredRun, customer_id: int | None, key: str) -> AuditEvent | None:
    for _, event in run.where(AuditAction.DISCREPANCY_REPORTED, customer_id=customer_id):
        if key in event.fields:
            return event
    return None


def _planted_error_steps(run: ScoredRun) -> tuple[list[EvidenceStep], list[str]]:
    """For each planted error: the report or reasoned correction, or what is missing."""
    record = run.target_id()
    evidence, missing = [], []
    for key in _planted_fields(run):
        if report := _reported(run, record, key):
            evidence.append(step(report, f"the wrong {labels([key]).lower()} reported"))
        elif fix := _corrected_with_reason(run, record, key):
            evidence.append(
                step(fix, f"the wrong {labels([key]).lower()} corrected, with a reason")
            )
        else:
            missing.append(key)
    return evidence, missing


def audit_trail(run: ScoredRun) -> Mark:
    """MP-10: every change the caller's business needed saved on the record with its
    reason (so field history keeps old value, new value and why), the reason the scenario
    names where it names one (`expected.change_reason`: a house move is "Customer moved",
    not "Entry error corrected"), and the wrong value on file corrected with a reason or
    reported."""
    expected = run.scenario.expected
    changes = [] if expected.creates_customer else list(expected.changes)
    planted = _planted_fields(run)
    if not changes and not planted:
        return not_applicable("Nothing on an existing record needed changing or correcting.")
    record = run.target_id()
    evidence, missing = _planted_error_steps(run)
    wanted = expected.change_reason
    unlogged = []
    other_reason: dict[str, str] = {}
    for key in changes:
        fix = _changed_with_reason(run, record, key)
        if fix is None:
            unlogged.append(key)
            continue
        reason = str(fix.details.get("reasons", {}).get(key) or fix.reason)
        if wanted is not None and reason != wanted:
            other_reason[key] = reason
            evidence.append(
                step(
                    fix,
                    f"{labels([key])} changed, reason: {reason} (expected: {wanted})",
                    against=True,
                )
            )
        else:
            evidence.append(step(fix, f"{labels([key])} changed, reason: {reason}"))
    problems = []
    if unlogged:
        problems.append(f"saved the change to {labels(unlogged)} on the record with a reason")
    if other_reason:
        given = "; ".join(dict.fromkeys(other_reason.values()))
        problems.append(
            f'saved {labels(other_reason)} with the reason "{wanted}" (given: "{given}"), '
            "so the field history says what happened"
        )
    if missing:
        problems.append(f"corrected {labels(missing)} with a reason, or reported it")
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(problems) + ".")
    return met(evidence)


def no_duplicates(run: ScoredRun) -> Mark:
    """MP-13: a caller on file has their existing record updated, not a second one
    created (unless merged back into it); a new customer is created once."""
    expected = run.scenario.expected
    created = run.where(AuditAction.CUSTOMER_CREATED)
    if expected.creates_customer:
        made = [
            step(e, "new customer created")
            if n == 0
            else step(e, "the new customer created again: a second record", against=True)
            for n, (_, e) in enumerate(created)
        ]
        if len(created) == 1:
            return met(made)
        if not created:
            return not_met(made, "Should have: created a record for the new customer.")
        return not_met(made, "Should have: created the new customer once, not twice.")
    record = run.customer_id(expected.record)
    if record is None:
        return not_applicable("The scenario names no existing record to keep up to date.")
    merged_back = {
        e.customer_id
        for _, e in run.where(AuditAction.CUSTOMER_MERGED_INTO)
        if e.details.get("survivor_id") == record
    }
    evidence: list[EvidenceStep] = []
    duplicates = []
    for _, event in created:
        if event.customer_id in merged_back:
            evidence.append(step(event, "a second record created, later merged into the first"))
        else:
            duplicates.append(event)
            said = "a second record created for a caller already on file"
            if run.warning_ignored(event):
                said += ", saved despite the possible-duplicate warning that found them"
            evidence.append(step(event, said, against=True))
    updates = run.where(AuditAction.CUSTOMER_UPDATED, customer_id=record)
    evidence += [step(e, f"existing record updated: {labels(e.fields)}") for _, e in updates]
    if duplicates:
        should = (
            "Should have: found the caller's existing record and updated it instead of "
            "creating a new one"
        )
        if any(run.warning_ignored(event) for event in duplicates):
            should += (
                ": the duplicate check found it as a strong match while the details were "
                "typed, and the new record was saved as someone else all the same"
            )
        return not_met(evidence, f"{should}.")
    if expected.changes and not updates:
        return not_met(evidence, "Should have: updated the existing record during the call.")
    return met(evidence)


def _raised(run: ScoredRun, kind: str) -> AuditEvent | None:
    """The event that put an item of this kind on the supervisor queue, if any."""
    if kind == QueueKind.POSSIBLE_FRAUD:
        hits = run.where(AuditAction.VERIFICATION_LOCKED)
    elif kind == QueueKind.DISCREPANCY:
        hits = run.where(AuditAction.DISCREPANCY_REPORTED)
    elif kind == QueueKind.POSSIBLE_DUPLICATE:
        # Saved as a different person despite a match, or two records asked to be merged.
        hits = [
            (i, e)
            for i, e in run.where(AuditAction.CUSTOMER_CREATED, AuditAction.MERGE_ASKED)
            if e.action is AuditAction.MERGE_ASKED or e.details.get("possible_duplicates")
        ]
    else:
        hits = [
            (i, e) for i, e in run.where(AuditAction.COMPLAINT_RAISED) if e.details.get("follow_up")
        ]
    return hits[0][1] if hits else None


def report_errors(run: ScoredRun) -> Mark:
    """MP-14: the wrong value on file reported (or corrected with a reason), and each
    item the scenario expects on the supervisor queue raised."""
    raises = run.scenario.expected.raises
    if not raises and not _planted_fields(run):
        return not_applicable("There was no error on file and nothing to report.")
    evidence, missing = _planted_error_steps(run)
    problems = []
    if missing:
        problems.append(f"reported the wrong {labels(missing).lower()} to a supervisor")
    for kind in raises:
        label = QueueKind(kind).label if kind in set(QueueKind) else kind
        event = _raised(run, kind)
        if event is None:
            problems.append(f"raised a {label.lower()} item for a supervisor")
        else:
            evidence.append(step(event, f"a {label.lower()} item raised for a supervisor"))
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(dict.fromkeys(problems)) + ".")
    return met(evidence)


def complaint_stages(run: ScoredRun) -> Mark:
    """MP-19: the complaint taken as listen, apologise, put right (all three written) and
    follow up (a date, or moved on to the stage expected), its stages in order, none skipped."""
    expected = run.scenario.expected.complaint_stage
    raised = run.where(AuditAction.COMPLAINT_RAISED)
    if expected is None and not raised:
        return not_applicable("No complaint was made in this run.")
    if not raised:
        return not_met(
            (),
            "Should have: taken the caller's complaint (listen, apologise, put right, follow up).",
        )
    stages = run.complaints.stages
    evidence: list[EvidenceStep] = []
    problems: list[str] = []
    _, first = raised[0]
    steps = {"customer_said": "listened", "apology": "apologised", "solution": "proposed a fix"}
    done = [what for key, what in steps.items() if first.details.get(f"{key}_characters")]
    skipped = [what for key, what in steps.items() if what not in done]
    if skipped:
        problems.append(f"written down each step ({', '.join(skipped)} missing)")
    at = str(first.details.get("stage", stages[0]))
    complaint = first.details.get("complaint_id")
    moved = False
    for _, move in run.where(AuditAction.COMPLAINT_STAGE_CHANGED):
        if move.details.get("complaint_id") != complaint:
            continue
        moved = True
        to = str(move.details.get("to_stage", ""))
        between = _stages_between(stages, at, to)
        evidence.append(step(move, f"moved from {at} to {to}", against=bool(between)))
        if between:
            problems.append(f"taken the complaint through {', '.join(between)} in order")
        at = to
    known = expected is not None and at in stages and expected in stages
    if known and expected is not None and stages.index(at) < stages.index(expected):
        problems.append(f"taken the complaint on to {expected}")
    # Moving it on is a follow-up; merely raising it at the stage expected is not.
    followed_up = bool(first.details.get("follow_up")) or (moved and at == expected)
    if not followed_up:
        problems.append("agreed a follow-up date with the caller")
    # The raise comes first; it is at fault for a step left out or no follow-up agreed.
    said = f"complaint raised: {', '.join(done) or 'no steps written'}"
    evidence.insert(0, step(first, said, against=bool(skipped) or not followed_up))
    if problems:
        return not_met(evidence, "Should have: " + "; ".join(dict.fromkeys(problems)) + ".")
    return met(evidence)


def _stages_between(stages: tuple[str, ...], start: str, end: str) -> list[str]:
    """The policy's stages skipped by a move from `start` to `end`."""
    if start not in stages or end not in stages:
        return []
    return list(stages[stages.index(start) + 1 : stages.index(end)])
