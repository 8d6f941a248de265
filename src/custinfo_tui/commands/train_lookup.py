"""`custinfo train`'s look-ups shared by its subcommands: the live database (not a run's
sandbox), a run still running, the scenarios on the shelf, and a run's own scenario, each
said on standard error when missing."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from custinfo_tui.terminal_lines import fail

if TYPE_CHECKING:
    from custinfo_tui.domain.training.runs import TrainingRunSummary
    from custinfo_tui.domain.training.scenario import Scenario
    from custinfo_tui.services.scenarios import ScenarioShelf
    from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
    from custinfo_tui.settings import Settings


def a_sandbox_given(settings: Settings, uow_factory: UnitOfWorkFactory) -> bool:
    """Whether the database given is a run's sandbox rather than the live database that
    keeps the runs; if so, said on standard error with the live database to give instead
    where one is found beside the sandbox's folder. A sandbox holds no runs, so every run
    would otherwise be "no training run N"."""
    from sqlalchemy.engine import make_url

    from custinfo_tui.database_files import live_beside_sandbox
    from custinfo_tui.services.training_sandbox import sandbox_marker

    marker = sandbox_marker(uow_factory())
    if marker is None:
        return False
    sandbox = Path(make_url(settings.resolved_database_url()).database or "")
    live = live_beside_sandbox(sandbox)
    instead = (
        f"give `--db {shlex.quote(str(live))}` instead"
        if live is not None
        else "give --db the live database the run was started on"
    )
    fail(
        f"{sandbox} is the role-play sandbox of run {marker.run_id}, not the live database "
        f"that keeps the training runs: {instead}."
    )
    return True


def still_running(run: TrainingRunSummary, only: str) -> bool:
    """Whether the run is still running; if not, said on standard error, then `only`."""
    from custinfo_tui.domain.training.runs import TrainingRunStatus

    if run.status is TrainingRunStatus.RUNNING:
        return True
    # In the words the services refuse an ended run in ("Run 4 is finished: only ...").
    fail(f"Run {run.run_id} is {run.status}: {only}.")
    return False


def scenario_shelf(settings: Settings) -> ScenarioShelf:
    """The scenarios, checked against the names the policy file configures; bad files apart."""
    from custinfo_tui.services.scenarios import configured_names, read_scenarios

    return read_scenarios(settings.scenarios_dir, configured_names(settings.policy_file))


def scenario_of(settings: Settings, run: TrainingRunSummary) -> Scenario | None:
    """The run's scenario; None, said on standard error, when it is no longer found (its
    file's problem, when it has become a bad one)."""
    shelf = scenario_shelf(settings)
    if run.scenario_id in shelf.problems:
        raise shelf.problems[run.scenario_id]
    scenario = shelf.scenarios.get(run.scenario_id)
    if scenario is None:
        fail(f"run {run.run_id}'s scenario {run.scenario_id!r} is not found.")
    return scenario
