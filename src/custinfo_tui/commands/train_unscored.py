"""What `custinfo train` says of a run with no scorecard (docs/training.md, "Running a
role-play"): a console that stopped before the run ended (`train play`, `train start`),
and what `train report` says of a run still running: a console playing it now, one that
stopped with the trainee's work kept in its sandbox, or one tried from the training
screen and never started (`training.run_not_started`). Each with the command to type next.
"""

from __future__ import annotations

import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.commands.train_output import Typed, train_command
from custinfo_tui.terminal_lines import ToRun, say, terminal_lines

if TYPE_CHECKING:
    from custinfo_tui.domain.training.runs import TrainingRunSummary


def say_stopped(run_id: int, typed: Typed) -> None:
    """The console stopped before the run ended: it is still running, nothing lost, and
    the commands that play it on or end it, each on a line of its own, the words wrapped
    to the terminal. Not said when there is no terminal left to say it on (SIGHUP: its
    window was closed)."""
    with suppress(OSError):
        say(
            f"custinfo: run {run_id} stopped before it was ended and is not scored; what was "
            "done is kept in its sandbox. To play it on:",
            ToRun(train_command("play", run_id, typed)),
            "To end it and score what was done:",
            ToRun(train_command("end", run_id, typed)),
            to=sys.stderr,
        )


def not_scored(run: TrainingRunSummary, typed: Typed) -> list[str]:
    """What the report says of a run with no scorecard, and what can be done about it:
    wrapped at words to the terminal, each command to type next whole on a line of its own
    (they had been quoted inside one long sentence, which an 80-column terminal cut
    wherever its edge fell, the command with it)."""
    from custinfo_tui.domain.training.runs import TrainingRunStatus
    from custinfo_tui.services.training_play_lock import being_played

    if run.status is not TrainingRunStatus.RUNNING:
        return terminal_lines(f"Not scored: the run is {run.status.value}, so it has no scorecard.")
    if being_played(Path(run.sandbox_path), run.run_id):
        return terminal_lines(
            "Not scored yet: a console is playing it now. To follow it:",
            ToRun(train_command("watch", run.run_id, typed)),
        )
    if run.not_started is not None:
        return terminal_lines(
            f"Not started: it was tried from the training screen and {run.why_not_started()}, "
            "so nothing was done in it. To start it:",
            ToRun(train_command("play", run.run_id, typed)),
            "To end it, not played:",
            ToRun(train_command("end", run.run_id, typed)),
        )
    return terminal_lines(
        "Not scored yet: its console stopped before the run ended. To play it on:",
        ToRun(train_command("play", run.run_id, typed)),
        "To end it and score what was done:",
        ToRun(train_command("end", run.run_id, typed)),
    )
