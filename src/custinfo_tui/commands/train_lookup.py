"""`custinfo train`'s look-ups shared by its subcommands: a run still running, the
scenarios on the shelf, and a run's own scenario, each said on standard error when missing."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from custinfo_tui.domain.text import printable

if TYPE_CHECKING:
    from custinfo_tui.domain.training.runs import TrainingRunSummary
    from custinfo_tui.domain.training.scenario import Scenario
    from custinfo_tui.services.scenarios import ScenarioShelf
    from custinfo_tui.settings import Settings


def still_running(run: TrainingRunSummary, only: str) -> bool:
    """Whether the run is still running; if not, said on standard error, then `only`."""
    from custinfo_tui.domain.training.runs import TrainingRunStatus

    if run.status is TrainingRunStatus.RUNNING:
        return True
    print(f"custinfo: run {run.run_id} is {run.status}; {only}.", file=sys.stderr)
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
        print(
            printable(f"custinfo: run {run.run_id}'s scenario {run.scenario_id!r} is not found."),
            file=sys.stderr,
        )
    return scenario
