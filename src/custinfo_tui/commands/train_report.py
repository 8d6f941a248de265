"""What `custinfo train report RUN` prints: the run, its scorecard (each marking point's
verdict, what it rests on, the evidence, what should have happened, the trainer's note)
and its timeline, wrapped at words to the terminal's width (`terminal_lines.py`).

Each line had been printed whole, and an 80-column terminal cut the long ones (a note, a
step with what it shows, the advice) wherever its edge fell. Now each item wraps with its
further lines under its own text: a note's under the note, a step's under what was done,
not under its time, so the times still stand in a column of their own. Stored text (a
trainer's note, the scenario's words) is made inert (`printable`) before it is wrapped, so
a control character is shown as its stand-in, never taken for a line break.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from custinfo_tui.commands.train_output import score_line
from custinfo_tui.domain.text import printable
from custinfo_tui.terminal_lines import Aligned, terminal_lines

if TYPE_CHECKING:
    from custinfo_tui.domain.training.runs import TrainingNote, TrainingRunDetail
    from custinfo_tui.domain.training.scorecard import MarkResult, Scorecard, TimelineStep

#: A step's time and the two spaces after it ("  10:31:05  "): its words continue under
#: the first of them.
_STEP_LEAD = "  {:%H:%M:%S}  "


def report_lines(
    detail: TrainingRunDetail,
    not_scored: Sequence[str] = ("Not scored yet.",),
    width: int | None = None,
) -> list[str]:
    """The report's lines, wrapped to `width` (the terminal's by default); `not_scored`,
    lines already wrapped, is said of a run with no scorecard (what can be done,
    `train_unscored.not_scored`)."""
    run = detail.run
    # When it started and when it ended, each on a line of its own: as one sentence (80
    # columns with a running run's "ended not yet") it wrapped between a day and its time.
    ended = f"Ended {run.ended_at:%Y-%m-%d %H:%M} UTC" if run.ended_at else "Not ended yet"
    lines = terminal_lines(
        printable(f"Run {run.run_id}: {run.scenario_title} ({run.scenario_id})"),
        printable(
            f"Trainee: {run.trainee}. Started {run.started_at:%Y-%m-%d %H:%M} UTC by "
            f"{run.started_by}."
        ),
        printable(f"{ended}; {run.shown_status}."),
        width=width,
    )
    notes = {note.marking_point: note for note in detail.notes}
    scorecard = detail.scorecard
    if scorecard is None:
        lines += not_scored
    else:
        lines += terminal_lines(printable(score_line(scorecard)), width=width)
        for result in scorecard.results:
            lines += ["", *terminal_lines(*_point(result, scorecard, notes), width=width)]
    left = [  # notes on points the scorecard does not (yet) hold
        Aligned(
            printable(f"{note.marking_point}: "),
            printable(f"trainer's note ({note.written_by}): {note.text}"),
        )
        for note in notes.values()
    ]
    lines += terminal_lines(*left, width=width)
    if scorecard is not None and scorecard.timeline:
        marked = " (+ counts towards a marking point, - against)" if scorecard.played else ""
        steps = [_timeline_step(step) for step in scorecard.timeline]
        lines += ["", *terminal_lines(f"Timeline{marked}:", *steps, width=width)]
    return lines


def print_report(
    detail: TrainingRunDetail, not_scored: Sequence[str] = ("Not scored yet.",)
) -> None:
    """The report, as `report_lines` gives it, at the terminal's width."""
    for line in report_lines(detail, not_scored):
        print(printable(line))


def _point(
    result: MarkResult, scorecard: Scorecard, notes: dict[str, TrainingNote]
) -> list[Aligned]:
    """A marking point's title and verdict, what the verdict rests on (for "not
    applicable", why), its evidence, what should have happened and the trainer's note on
    it (taken from `notes`)."""
    from custinfo_tui.domain.training.timeline import step_line

    # Each step in the timeline's words where it has them, as the debrief shows it: its
    # line whole, with why a call ended ("... ended when the trainee logged out"), as the
    # timeline below prints it.
    words = {step.event_id: step_line(step) for step in scorecard.timeline}
    verdict = "not reached" if result.not_reached else result.verdict.value
    title = printable(f"{result.title}:")
    said = [Aligned(f"{result.marking_point} ", title, verdict, gap=" ")]  # "not met" whole
    if result.note:
        said.append(Aligned("  ", printable(result.note)))
    for step in result.evidence:
        if step.event_id in words:
            done = words[step.event_id]
        else:
            done = step.action + (f" [{', '.join(step.fields)}]" if step.fields else "")
        shows = f"  {step.note}" if step.note else ""
        said.append(Aligned(_STEP_LEAD.format(step.at), printable(f"{done}{shows}")))
    if result.advice:
        said.append(Aligned("  ", printable(result.advice)))
    if note := notes.pop(result.marking_point, None):
        written = f"{note.written_by}, {note.written_at:%Y-%m-%d %H:%M}"
        said.append(Aligned("  ", printable(f"Trainer's note ({written}): {note.text}")))
    return said


def _timeline_step(step: TimelineStep) -> Aligned:
    """One step of the run: time, what was done (its outcome in words when not ok), and
    its marks, which are never split across lines."""
    from custinfo_tui.domain.training.timeline import mark_words, step_line

    marks = f"[{', '.join(mark_words(mark) for mark in step.marks)}]" if step.marks else ""
    return Aligned(_STEP_LEAD.format(step.at), printable(step_line(step)), printable(marks))
