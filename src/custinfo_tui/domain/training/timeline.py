"""A run's timeline for the debrief: every event of the run in words, oldest first, each
step marked with the marking points it is evidence for (from the scorecard's evidence, by
event id) and whether it counts towards them (the point was met) or against (not met).

Pure: it reads the transcript's events and the scorecard. Events carry no personal values,
so a step never shows one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.timeline import describe
from custinfo_tui.domain.training.scorecard import Scorecard, StepMark, TimelineStep, Verdict

#: Words for the events the record's timeline never shows (it is about one customer).
_RUN_ONLY = {
    AuditAction.LOGIN_SUCCEEDED: "Logged in",
    AuditAction.LOGGED_OUT: "Logged out",
    AuditAction.SCREEN_LOCKED: "Screen locked",
    AuditAction.SCREEN_UNLOCKED: "Screen unlocked",
}


def run_timeline(events: Iterable[AuditEvent], scorecard: Scorecard) -> tuple[TimelineStep, ...]:
    """The run's events as timeline steps, in the order the stream holds them, each with
    the marking points whose evidence names it. A step that is evidence for a point not
    applicable is left unmarked for it: it counts neither way."""
    marks: dict[int, list[StepMark]] = {}
    for result in scorecard.results:
        if result.verdict is Verdict.NOT_APPLICABLE:
            continue
        towards = result.verdict is Verdict.MET
        for step in result.evidence:
            if step.event_id is None:
                continue
            on_step = marks.setdefault(step.event_id, [])
            if all(m.marking_point != result.marking_point for m in on_step):
                on_step.append(
                    StepMark(marking_point=result.marking_point, towards=towards, note=step.note)
                )
    steps: list[TimelineStep] = []
    for event in events:
        made = TimelineStep(
            event_id=event.id,
            at=event.occurred_at,
            action=event.action.value,
            words=step_words(event.action, event.fields, event.details, event.outcome),
            fields=event.fields,
            outcome=event.outcome,
            marks=tuple(marks.get(event.id, ())),
        )
        if steps and _same_search(steps[-1], made):
            # The newest search's own words, saying how many searches the step stands for.
            repeats = steps[-1].repeats + 1
            words = f"{made.words} ({repeats} searches as typed)"
            steps[-1] = made.model_copy(update={"repeats": repeats, "words": words})
        else:
            steps.append(made)
    return tuple(steps)


def _same_search(before: TimelineStep, step: TimelineStep) -> bool:
    """A search-as-you-type: searches one after another, none of them evidence."""
    search = AuditAction.CUSTOMER_SEARCHED.value
    return before.action == step.action == search and not before.marks and not step.marks


def step_words(
    action: AuditAction, fields: tuple[str, ...], details: Mapping[str, Any], outcome: str
) -> str:
    """One event in words: the record timeline's line, or the run's own ("Logged in",
    "Searched by name: 2 found")."""
    if action in _RUN_ONLY:
        return _RUN_ONLY[action]
    if action is AuditAction.CUSTOMER_SEARCHED:
        kind = str(details.get("kind", "")).replace("_", " ")
        found = details.get("results")
        by = f" by {kind}" if kind else ""
        return f"Searched{by}: {found} found" if found is not None else f"Searched{by}"
    return describe(action, fields, details, outcome)


def mark_words(mark: StepMark) -> str:
    """A mark as the debrief and the report show it: "MP-03 +" or "MP-08 -"."""
    return f"{mark.marking_point} {'+' if mark.towards else '-'}"
