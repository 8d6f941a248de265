"""What a training run's debrief says in words (docs/training.md, "The debrief and the
training screen"): the run in one line, and the highlighted marking point or timeline step
whole, in the pane under its list. Never a personal value: the scorecard holds none.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text

from custinfo_tui.domain.training.runs import TrainingNote, TrainingRunDetail
from custinfo_tui.domain.training.scorecard import MarkResult, TimelineStep
from custinfo_tui.domain.training.timeline import step_line
from custinfo_tui.tui.printable_text import printable_text


def run_line(detail: TrainingRunDetail) -> str:
    """The run in one line: number, scenario, trainee, date and score."""
    run = detail.run
    score = run.score or run.status.value
    return (
        f"Run {run.run_id}: {run.scenario_title} - {run.trainee}, "
        f"{run.started_at:%d %b %Y %H:%M} - {score}"
    )


def shown_lines(lines: list[str]) -> Text:
    """Lines of text, each inert (a stored note's own line breaks kept as lines)."""
    return Text("\n").join(printable_text(line) for text in lines for line in text.splitlines())


def point_detail(
    result: MarkResult, note: TrainingNote | None, words: Mapping[int, str] | None = None
) -> list[str]:
    """One marking point whole: verdict, why, what should have happened, its evidence (in
    the timeline's `words` by event id where it has them) and the trainer's note. Never a
    personal value: the scorecard holds none."""
    words = words or {}
    lines = [f"{result.marking_point} {result.title}: {result.verdict.value}."]
    if result.note:
        lines.append(result.note)
    if result.advice:
        lines.append(result.advice)
    for step in result.evidence:
        said = f" - {step.note}" if step.note else ""
        done = words.get(step.event_id, step.action) if step.event_id else step.action
        lines.append(f"  {step.at:%H:%M:%S} {done}{said}")
    if note is not None:
        lines.append(f"Trainer's note ({note.written_by}, {note.written_at:%d %b %H:%M}):")
        lines.append(note.text)
    else:
        lines.append("No trainer's note on this point yet.")
    return lines


def step_detail(step: TimelineStep) -> list[str]:
    """One step whole, with what it shows for each point it is marked for."""
    lines = [f"{step.at:%H:%M:%S} {step_line(step)}"]
    for mark in step.marks:
        way = "towards" if mark.towards else "against"
        said = f": {mark.note}" if mark.note else ""
        lines.append(f"  Counts {way} {mark.marking_point}{said}")
    if not step.marks:
        lines.append("  Not evidence for any marking point.")
    return lines
