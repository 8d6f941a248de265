"""A scored training run as evidence of practice (MP-21; docs/training.md, "Evidence of
practice"): its kept timeline, each step with its marks for and against, and what an
assessor reads in `custinfo train report`: the score, each point's verdict with what it
rests on and what should have happened, and how the run ended when it was cut short or a
call ended at log-out.

Pure, over the scorecard the live database keeps (the run's sandbox may be gone). The
scorecard's words name fields, checks, levels and kinds of difference ("Address line 1: a
different value"), never a value; the one name a should-have gives is the scenario's
caller's, when a caller who is not the customer was checked as them, and "the caller"
stands for it here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.evidence import (
    ANONYMISED,
    WITH_TRAINERS_NOTES,
    EvidenceDocument,
    EvidencePoint,
    kept_step_words,
)
from custinfo_tui.domain.evidence_contacts import (
    EvidenceContact,
    EvidenceStep,
    contacts_of,
    placeholder,
)
from custinfo_tui.domain.training.marking_points import title_of
from custinfo_tui.domain.training.marks_who_is_calling import CHECKED_AS_THE_CUSTOMER
from custinfo_tui.domain.training.scorecard import MarkResult, Scorecard, TimelineStep
from custinfo_tui.domain.training.timeline import ENDED_WITH_THE_SESSION, mark_words, step_line

#: What the marks beside a run's steps mean. A step can count towards a point that was
#: not met ("Check failed: Date of birth", MP-08 +, beside "MP-08 not met" read as a
#: contradiction to an explorer), so the legend says how both hold.
RUN_LEGEND = (
    'Beside each step, the marking points it is evidence of: "MP-08 +" counts towards '
    'MP-08, the step done right for it; "MP-08 -" counts against it, the step being part '
    "of what failed it. A point not met can have steps counting towards it: each of those "
    "was done right (a check the caller failed was still rightly asked), and the point "
    'failed on another step or on something never done, which its "Should have" says.'
)

#: A should-have's name for a caller checked as the customer ("... before any check: Carys
#: Hughes was checked as the customer"; domain/training/marks_who_is_calling.py).
_CALLER_NAMED = re.compile(rf"(before any check: ).+?( {re.escape(CHECKED_AS_THE_CUSTOMER)})")


def run_evidence(
    scorecard: Scorecard,
    *,
    operator: str,
    covers: str,
    generated_at: datetime,
    trainer_notes: Mapping[str, str] | None = None,
) -> EvidenceDocument:
    """A scored training run as evidence: its kept timeline, contact by contact as live
    work's export splits it (each call, and each piece of work on a record outside a call,
    its own, customers as "Customer A", "Customer B", ...), with each step's marks; each
    point's verdict, the steps for and against it, what the verdict rests on and what
    should have happened; the score, and how the run ended when it did not end with the
    trainee's calls wrapped up. `trainer_notes` (by marking point), only when the trainer
    asks: typed text, left out otherwise, as all typed text is; the page then says so."""
    points = _points(scorecard)
    if trainer_notes is not None:
        points = tuple(
            point.model_copy(update={"trainer_note": trainer_notes.get(point.marking_point)})
            for point in points
        )
    return EvidenceDocument(
        source="training_run",
        operator=operator,
        covers=covers,
        generated_at=generated_at,
        legend=RUN_LEGEND,
        score=f"{scorecard.met} of {scorecard.scored} marking points met",
        ended=_how_it_ended(scorecard),
        points=points,
        anonymisation=ANONYMISED if trainer_notes is None else WITH_TRAINERS_NOTES,
        contacts=_contacts(scorecard.timeline),
    )


@dataclass(frozen=True)
class _StepPlace:
    """Where a kept step stands, as the contacts are split by (`evidence_contacts.Placed`)."""

    occurred_at: datetime
    action: str
    customer_id: int | None
    interaction_id: int | None
    console_session: str | None


def _contacts(timeline: tuple[TimelineStep, ...]) -> tuple[EvidenceContact, ...]:
    """The run's steps as contacts. Steps tied to no call and no customer (the login, a
    search, the lock) go with the call or record that came next, and any after the last
    (the log-out) with the last contact. A run kept before its steps knew their call and
    customer is one contact, in a call with "Customer A", as it always was exported."""
    steps = [
        EvidenceStep(
            at=step.at,
            words=kept_step_words(step.action, step.fields, step_line(step), step.outcome),
            marks=tuple(mark_words(mark) for mark in step.marks),
        )
        for step in timeline
    ]
    if not steps:
        return ()
    if not any(s.customer_id or s.interaction_id or s.console_session for s in timeline):
        return (
            EvidenceContact(number=1, customer=placeholder(0), in_call=True, steps=tuple(steps)),
        )
    placed = [
        (
            _StepPlace(
                step.at, step.action, step.customer_id, step.interaction_id, step.console_session
            ),
            made,
        )
        for step, made in zip(timeline, steps, strict=True)
    ]
    return contacts_of(
        placed,
        goes_with_next=lambda at: at.customer_id is None and at.interaction_id is None,
        left_over_with_the_last=True,
    )


def _points(scorecard: Scorecard) -> tuple[EvidencePoint, ...]:
    """Each marking point scored or marked on a step, in order: its verdict, the steps
    counting towards it and against it, what the verdict rests on, what should have
    happened."""
    towards: Counter[str] = Counter()
    against: Counter[str] = Counter()
    for step in scorecard.timeline:
        for mark in step.marks:
            (towards if mark.towards else against)[mark.marking_point] += 1
    results = {result.marking_point: result for result in scorecard.results}
    return tuple(
        EvidencePoint(
            marking_point=point,
            title=title_of(point),
            steps=towards[point] + against[point],
            steps_towards=towards[point],
            steps_against=against[point],
            **_verdict(results.get(point)),
        )
        for point in sorted({*results, *towards, *against})
    )


def _verdict(result: MarkResult | None) -> dict[str, str | None]:
    """A point's verdict in the report's words ("not reached" for a run cut short before
    it), what it rests on and what should have happened, with no name in them."""
    if result is None:
        return {}
    return {
        "verdict": "not reached" if result.not_reached else result.verdict.value,
        "note": _caller_unnamed(result.note).strip() or None,
        "should_have": _caller_unnamed(result.advice) or None,
    }


def _caller_unnamed(words: str) -> str:
    """`words` with the name a should-have gives a caller checked as the customer said
    as "the caller": the export names no one, the scenario's people included."""
    return _CALLER_NAMED.sub(r"\1the caller\2", words)


def _how_it_ended(scorecard: Scorecard) -> str | None:
    """What the report says of how the run ended, when not with its calls wrapped up: cut
    short (its console stopped and a trainer ended it), or each call ended when the
    trainee logged out (or the session ended); None otherwise."""
    timeline = scorecard.timeline
    cut = _last(timeline, AuditAction.TRAINING_RUN_CUT_SHORT)
    if cut is not None:
        unreached = any(result.not_reached for result in scorecard.results)
        said = "; the points it never reached are marked not reached" if unreached else ""
        return f"{step_line(cut)}{said}."
    ended = [
        step_line(step)
        for step in timeline
        if step.action == AuditAction.INTERACTION_ENDED.value
        and step.outcome in ENDED_WITH_THE_SESSION
    ]
    return "; ".join(ended) + "." if ended else None


def _last(timeline: Iterable[TimelineStep], action: AuditAction) -> TimelineStep | None:
    return next((step for step in reversed(list(timeline)) if step.action == action.value), None)
