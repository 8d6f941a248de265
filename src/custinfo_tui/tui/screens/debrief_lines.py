"""What a training run's debrief says in words (docs/training.md, "The debrief and the
training screen"): the run in two lines, and the highlighted marking point or timeline step
whole, in the pane under its list. Never a personal value: the scorecard holds none.
"""

from __future__ import annotations

from collections.abc import Mapping

from custinfo_tui.domain.training.runs import TrainingNote, TrainingRunDetail
from custinfo_tui.domain.training.scorecard import MarkResult, TimelineStep
from custinfo_tui.domain.training.timeline import step_line
from custinfo_tui.tui.labelled_lines import Labelled


def run_lines(detail: TrainingRunDetail) -> list[str]:
    """The run in two lines, to fit 80 columns: its number and scenario; then its trainee,
    when it started and its score, with why it has none. As one line ("Run 1: A change of
    address after verification - agent, 20 Nov 2026 10:30 - 1 of 7 met") it wrapped at 80
    columns, the score cut from its number."""
    run, scorecard = detail.run, detail.scorecard
    said = f"Trainee: {run.trainee}, started {run.started_at:%d %b %Y %H:%M} - "
    said += run.score or run.status.value
    if scorecard is None:
        said += " (not scored: the run did not finish)"
    elif not scorecard.played:
        said += f" ({scorecard.not_played})"
    return [f"Run {run.run_id}: {run.scenario_title}", said]


def point_detail(
    result: MarkResult, note: TrainingNote | None, words: Mapping[int, str] | None = None
) -> list[str | Labelled]:
    """One marking point whole: verdict, why, what should have happened, its evidence (in
    the timeline's `words` by event id where it has them), each step under its time and
    wrapping under its own words, and the trainer's note. Never a personal value: the
    scorecard holds none."""
    words = words or {}
    verdict = f"{result.marking_point} {result.title}: {result.verdict.value}."
    lines: list[str | Labelled] = [verdict]
    if result.note:
        lines.append(result.note)
    if result.advice:
        lines.append(result.advice)
    for step in result.evidence:
        said = f" - {step.note}" if step.note else ""
        done = words.get(step.event_id, step.action) if step.event_id else step.action
        lines.append(Labelled(f"  {step.at:%H:%M:%S}", f"{done}{said}"))
    if note is not None:
        lines.append(f"Trainer's note ({note.written_by}, {note.written_at:%d %b %H:%M}):")
        lines.append(note.text)
    else:
        lines.append("No trainer's note on this point yet.")
    return lines


def step_detail(step: TimelineStep) -> list[str | Labelled]:
    """One step whole under its time, then what it shows for each point it is marked for,
    under the step's words (each wrapping under its own words, not at the pane's edge)."""
    lines: list[str | Labelled] = [Labelled(f"{step.at:%H:%M:%S}", step_line(step))]
    for mark in step.marks:
        way = "towards" if mark.towards else "against"
        said = f": {mark.note}" if mark.note else ""
        lines.append(Labelled("", f"Counts {way} {mark.marking_point}{said}"))
    if not step.marks:
        lines.append(Labelled("", "Not evidence for any marking point."))
    return lines
