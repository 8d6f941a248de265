"""A trainer's password not accepted at `custinfo train play`'s prompt, or Ctrl+C there,
started from the training screen (docs/training.md, "The debrief and the training
screen"): nothing was started and the trainee never had the terminal, so the console
neither locks for a desk never handed over nor says the run stopped. A scripted launcher
returns the status `train play` gives then (tests/support/training_launcher.py)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList

from custinfo_tui.composition import make_app
from custinfo_tui.interrupts import INTERRUPTED_STATUS
from custinfo_tui.services.training import run_detail
from custinfo_tui.settings import Settings
from custinfo_tui.tui.ports import PASSWORD_NOT_ACCEPTED, STOPPED_AT_PASSWORD
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.training import TrainingScreen
from tests.support.database import console_uow_factory
from tests.support.screen import press, region_text, screen_text, settle
from tests.support.tour import log_in
from tests.support.training_launcher import ScriptedLauncher, played

SIZE = (80, 24)
TRAINER = ("trainer", "trainer-demo-2026")


class _MistypedOnceLauncher(ScriptedLauncher):
    """The trainer mistypes their password the first time: `train play` starts nothing.
    Tried again, the run is played and scored."""

    def launch(self, run_id: int, trainer: str = "trainer") -> int:
        if self.launched:
            return super().launch(run_id, trainer)
        self.launched.append(("", "", run_id))
        return PASSWORD_NOT_ACCEPTED


class _StatusesLauncher(ScriptedLauncher):
    """`train play` ends with each of `statuses` in turn, having played nothing."""

    def __init__(self, live_url: str, training_dir: Path, statuses: list[int]) -> None:
        super().__init__(live_url, training_dir)
        self.statuses = statuses

    def launch(self, run_id: int, trainer: str = "trainer") -> int:
        self.launched.append(("", "", run_id))
        status = self.statuses.pop(0)
        if status not in (PASSWORD_NOT_ACCEPTED, STOPPED_AT_PASSWORD):
            played(self.live_url, run_id)  # past the password, as `train play` records it
        return status


async def _start_a_run_for_agent(pilot: Pilot[object]) -> None:
    """The trainer starts the first scenario for agent from the training screen."""
    app = pilot.app
    await log_in(pilot, TRAINER)
    await press(pilot, "f8", "ctrl+n", "enter")  # the first scenario
    trainees = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
    agent = next(i for i, t in enumerate(trainees) if t.startswith("agent - "))
    await press(pilot, *["down"] * agent, "enter")
    await app.workers.wait_for_complete()
    await settle(pilot)


def _told(app: App[object]) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_password_not_accepted_leaves_the_trainer_at_the_runs_told_to_try_again(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found by a trainer who mistyped their password at "Password for trainer:": the
    console came back locked, "Role-play run 1 has closed: hand the desk back to Terry
    Trainer", though the trainee never had the desk, then said the run "stopped before it
    was ended (status 1). Nothing is lost", of a run that never started."""
    launcher = _MistypedOnceLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await _start_a_run_for_agent(pilot)
        (_, _, run_id) = launcher.launched[0]
        # The trainer typed at their own prompt and is still at the desk: no lock.
        assert not isinstance(app.screen, LockScreen)
        assert isinstance(app.screen, TrainingScreen)
        assert "hand the desk back" not in screen_text(app)
        (told,) = _told(app)
        assert told.startswith(f"The password was not accepted; run {run_id} (")
        assert told.endswith("for agent was not started: Enter on it tries again.")
        assert "stopped before" not in told and "Nothing is lost" not in told
        assert region_text(app, "#training-status") == told
        assert "not started" in region_text(app, "#training-runs")  # its status

        await press(pilot, "enter")  # the run, highlighted: not "its console stopped"
        shown = screen_text(app)
        assert f"Run {run_id} (" in shown and "was not started" in shown
        assert "stopped before" not in shown and "Nothing is lost" not in shown
        assert "Start it: the trainee's console, in this terminal" in shown
        await press(pilot, "enter")  # "Start it": the same run, and this time the password
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert [played for _, _, played in launcher.launched] == [run_id, run_id]
        # Now the trainee had the desk: locked for the trainer, as ever.
        assert isinstance(app.screen, LockScreen)
        assert "hand the desk back to Terry Trainer" in region_text(app, "#lock-why")
    with console_uow_factory(demo_settings) as uow_factory:
        detail = run_detail(uow_factory(), None, run_id)
    assert detail.run.status == "finished" and detail.scorecard is not None


async def test_ctrl_c_at_the_password_prompt_is_a_run_not_started_and_after_it_one_stopped(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found by a trainer who pressed Ctrl+C at "Password for trainer:" to go back: the
    console came back locked and said the run "stopped before it was ended (status 130)",
    though nothing had started. `train play` now says that with a status of its own; Ctrl+C
    once the trainee's console has started (130) is still a run stopped."""
    launcher = _StatusesLauncher(
        sqlite_demo_url, tmp_path / "training", [STOPPED_AT_PASSWORD, INTERRUPTED_STATUS]
    )
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await _start_a_run_for_agent(pilot)
        (_, _, run_id) = launcher.launched[0]
        assert not isinstance(app.screen, LockScreen)  # the trainer never left the desk
        assert isinstance(app.screen, TrainingScreen)
        (told,) = _told(app)
        assert told.startswith(f"You stopped it at the password; run {run_id} (")
        assert told.endswith("for agent was not started: Enter on it tries again.")
        assert region_text(app, "#training-status") == told
        assert "stopped before" not in screen_text(app) and "130" not in screen_text(app)

        await press(pilot, "enter")  # the run, highlighted: tried again, or ended
        shown = screen_text(app)
        assert f"Run {run_id} (" in shown and "was not started" in shown
        assert "You stopped it at the password, so its console never opened" in shown
        assert "Start it: the trainee's console, in this terminal" in shown
        await press(pilot, "enter")  # "Start it": Ctrl+C once the trainee's console was up
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)  # the trainee had the desk this time
        await press(pilot, *TRAINER[1], "enter")
        await settle(pilot)
        assert isinstance(app.screen, TrainingScreen)
        assert region_text(app, "#training-status").startswith(f"Run {run_id} (")
        assert "stopped before it was ended (status 130)" in region_text(app, "#training-status")
        # Started this time: the runs say it is running, not that it was never started.
        assert "not started" not in region_text(app, "#training-runs")
        assert "running" in region_text(app, "#training-runs")
    with console_uow_factory(demo_settings) as uow_factory:
        assert run_detail(uow_factory(), None, run_id).run.status == "running"
