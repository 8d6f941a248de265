"""What `custinfo train` prints: the runs, a run's score and the command to read its report
(`train_report.py` prints the report), and the cohort's shares of each marking point
(commands/train.py runs the commands)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.domain.text import printable
from custinfo_tui.terminal_lines import Aligned, ToRun, terminal_lines, terminal_width

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.training.cohort import Cohort
    from custinfo_tui.domain.training.runs import TrainingRunDetail, TrainingRunSummary
    from custinfo_tui.domain.training.scorecard import Scorecard

RUN_COLUMNS = ("run", "scenario", "trainee", "started (UTC)", "status", "score")


@dataclass(frozen=True)
class Typed:
    """The trainer a `custinfo train` command acts for (`--as`) and its database's file
    when a `--db` must name it (`commands.database.database_to_name`): the commands it
    prints to run next carry both, so they work as printed."""

    actor: Actor
    db: Path | None = None


def train_command(subcommand: str, run_id: int, typed: Typed) -> str:
    """`custinfo train SUBCOMMAND RUN` as the trainer can type it next: with the `--db` the
    command was given, or it would look at another database ("no training run 2"), and
    `--as` the trainer it acted for."""
    command = f"custinfo train {subcommand} {run_id}"
    if typed.db is not None:
        command = f"{command} --db {shlex.quote(str(typed.db))}"
    return f"{command} --as {shlex.quote(typed.actor.username)}"


def cohort_lines(seen: Cohort, since: date | None = None, width: int | None = None) -> list[str]:
    """The cohort as `train cohort` prints it: each marking point, weakest first, with the
    cohort's and each trainee's met of scored over their last runs; then the runs. With
    `since`, the runs started on or after that day. Wrapped at words to `width` (the
    terminal's by default): a point's title continues under the title column, where it
    ran past an 80-column terminal's edge."""
    if not seen.trainees:
        if since is not None:  # runs before it may exist: "yet" would say there are none
            return [f"No training runs since {since.day} {since:%B %Y}."]
        return ["No training runs yet."]
    width = terminal_width() if width is None else width
    names = [printable(t.trainee) for t in seen.trainees]
    rows: list[tuple[str, ...]] = [("point", "cohort", *names, "title")]
    for point in seen.points:
        of = [
            t.shares[point.marking_point].words if point.marking_point in t.shares else "-"
            for t in seen.trainees
        ]
        rows.append((point.marking_point, point.words, *of, printable(point.title)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = terminal_lines(
        f"Met of scored over each trainee's last {seen.last_runs} scored runs, weakest points "
        "first.",  # 84 columns with "weakest marking points first"
        width=width,
    )
    for row in rows:
        lead = "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), ""])
        if len(lead) + _NARROWEST_TITLE <= width:
            lines += terminal_lines(Aligned(lead, row[-1]), width=width)
        else:  # too many trainees for the terminal: a title column would be a word wide
            lines.append(f"{lead}{row[-1]}")
    lines += ["", "Runs, newest first:"]
    for run in seen.runs:
        lines.append(
            f"  {run.run_id:>4}  {run.started_at:%Y-%m-%d %H:%M}  {run.trainee}  "
            f"{run.scenario_id}  {run.score}"
        )
    return lines


#: The fewest columns a marking point's title is wrapped into, beside the shares.
_NARROWEST_TITLE = 24


def print_cohort(seen: Cohort, since: date | None) -> None:
    for line in cohort_lines(seen, since):
        print(printable(line))


def print_runs(runs: list[TrainingRunSummary]) -> None:
    if not runs:
        print("No training runs yet.")
        return
    rows: list[tuple[str, ...]] = [RUN_COLUMNS]
    for run in runs:
        rows.append(
            tuple(
                printable(cell)
                for cell in (
                    str(run.run_id),
                    run.scenario_id,
                    run.trainee,
                    run.started_at.strftime("%Y-%m-%d %H:%M"),
                    run.shown_status,
                    run.score or "",
                )
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(RUN_COLUMNS))]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def score_line(scorecard: Scorecard) -> str:
    """ "Score: 4 of 6 marking points met.", or for a run the trainee never played, that it
    was not played, why, and that it counts in no score."""
    if not scorecard.played:
        return (
            f"Not played: {scorecard.not_played}. Nothing is scored, and the run counts in "
            "no score, the trainee's or the cohort's."
        )
    return f"Score: {scorecard.met} of {scorecard.scored} marking points met."


def watch_ended(detail: TrainingRunDetail, typed: Typed) -> tuple[str, str]:
    """What the watcher says once the run has ended, and the command that shows its
    report: ("Run 6 ended: 4 of 7 met. The scorecard:", "custinfo train report 6 ..."),
    or that it ended not played, and why. The command stands on a line of its own, whole:
    quoted inside the sentence, it was broken wherever the line wrapped."""
    run, scorecard = detail.run, detail.scorecard
    report = train_command("report", run.run_id, typed)
    if scorecard is None:
        return f"Run {run.run_id} is {run.status.value}, not scored. The run:", report
    if not scorecard.played:
        return f"Run {run.run_id} ended, not played ({scorecard.not_played}). The run:", report
    return (
        f"Run {run.run_id} ended: {scorecard.met} of {scorecard.scored} met. The scorecard:",
        report,
    )


def ended_lines(detail: TrainingRunDetail, typed: Typed) -> list[str]:
    """What `train start`, `play` and `end` print once the run has ended: its score (or
    that it was not played) wrapped at words to the terminal, then the command that shows
    it whole, on a line of its own (each had been one long line, which an 80-column
    terminal cut mid-word)."""
    said = [score_line(detail.scorecard)] if detail.scorecard is not None else []
    what = "The scorecard" if detail.scorecard is None or detail.scorecard.played else "The run"
    report = ToRun(train_command("report", detail.run.run_id, typed))
    return terminal_lines(*said, f"{what}:", report)
