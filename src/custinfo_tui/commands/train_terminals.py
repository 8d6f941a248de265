"""`custinfo train caller RUN` and `custinfo train watch RUN`: the terminals a trainer
runs beside a trainee's console -- the caller to voice, and the run's steps and marks as
they come (docs/training.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.commands.train_lookup import scenario_of, still_running
from custinfo_tui.commands.train_output import train_command, watch_ended
from custinfo_tui.domain.text import printable, printable_in_lines
from custinfo_tui.terminal_lines import ToRun, fail, terminal_lines

if TYPE_CHECKING:
    from custinfo_tui.commands.train_output import Typed
    from custinfo_tui.domain.training.scenario import Scenario
    from custinfo_tui.domain.training.watch import RunEnded, RunSoFar
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings


def run_caller(scenario: Scenario, cue_file: Path) -> int | None:
    """Run the caller terminal in this terminal until the trainer quits (a test replaces
    it); its exit status, 143 when SIGTERM closed it."""
    from custinfo_tui.tui.caller_terminal import run_caller_terminal

    return run_caller_terminal(scenario, cue_file)


def run_watch(heading: str, poll: Callable[[int], RunSoFar | RunEnded | None]) -> int | None:
    """Run the watcher in this terminal until the trainer quits (a test replaces it); its
    exit status, 143 when SIGTERM closed it."""
    from custinfo_tui.tui.run_watcher import run_watcher

    return run_watcher(heading, poll)


def caller(settings: Settings, uow_factory: UnitOfWorkFactory, run_id: int, typed: Typed) -> int:
    from custinfo_tui.services.training import cue_file_path, run_detail

    run = run_detail(uow_factory(), typed.actor, run_id).run
    if not still_running(run, "the caller speaks only in a running one"):
        return 1
    scenario = scenario_of(settings, run)
    if scenario is None:
        return 1
    return run_caller(scenario, cue_file_path(Path(run.sandbox_path), run_id)) or 0


def watch(settings: Settings, uow_factory: UnitOfWorkFactory, run_id: int, typed: Typed) -> int:
    from custinfo_tui.composition import open_sandbox
    from custinfo_tui.domain.training.runs import TrainingRunStatus
    from custinfo_tui.services.cohort import run_so_far
    from custinfo_tui.services.scenarios import scoring_policies
    from custinfo_tui.services.training import check_console_database, run_detail

    run = run_detail(uow_factory(), typed.actor, run_id).run
    report = ToRun(train_command("report", run_id, typed))
    if run.status is TrainingRunStatus.FINISHED:
        # Nothing more will be logged: the watcher would wait for steps that never come.
        _say(f"Run {run_id} is finished: nothing more to watch. Its scorecard and steps:", report)
        return 0
    if run.status is TrainingRunStatus.NOT_PLAYED:
        _say(f"Run {run_id} ended not played: nothing to watch. To read why:", report)
        return 0
    if run.status is not TrainingRunStatus.RUNNING:
        _say(f"Run {run_id} is {run.status.value}: it was never scored; nothing to watch.")
        return 0
    sandbox = Path(run.sandbox_path)
    if not run.sandbox_path or not sandbox.is_file():
        return fail(f"run {run_id} has no sandbox to watch.")
    scenario = scenario_of(settings, run)
    if scenario is None:
        return 1
    policies = scoring_policies(settings.policy_file)
    with open_sandbox(sandbox) as sandbox_uows:
        check_console_database(sandbox_uows(), training_run_id=run_id)
        heading = printable(f"run {run_id}: {run.scenario_id}, {run.trainee}")

        def poll(after: int) -> RunSoFar | RunEnded | None:
            """The steps since `after`; once nothing more is new, whether the run has
            ended (the trainee's console scores it in the live database, not the sandbox:
            its last step, the logout, comes before)."""
            seen = run_so_far(sandbox_uows(), scenario, run.started_at, after, policies)
            return seen if seen is not None else run_ended(uow_factory, run_id, typed)

        status = run_watch(heading, poll) or 0
    if status == 0 and (ended := run_ended(uow_factory, run_id, typed)) is not None:
        # Said again once the watcher has given the terminal back, where the command can
        # be copied whole: on the watcher's screen a long one wraps with its line.
        _say(ended.words, ToRun(ended.to_run))
    return status


def _say(*parts: str | ToRun) -> None:
    """What `train watch` says at the terminal: wrapped at words to its width, each command
    to type next whole on a line of its own (`terminal_lines.py`)."""
    print(printable_in_lines("\n".join(terminal_lines(*parts))))


def run_ended(uow_factory: UnitOfWorkFactory, run_id: int, typed: Typed) -> RunEnded | None:
    """How the run ended, for the watcher to say; None while it is still running."""
    from custinfo_tui.domain.training.runs import TrainingRunStatus
    from custinfo_tui.domain.training.watch import RunEnded
    from custinfo_tui.services.training import run_detail

    detail = run_detail(uow_factory(), typed.actor, run_id)
    if detail.run.status is TrainingRunStatus.RUNNING:
        return None
    words, report = watch_ended(detail, typed)
    return RunEnded(printable(words), printable(report))
