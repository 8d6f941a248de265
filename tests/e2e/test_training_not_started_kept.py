"""A run `custinfo train play` never started (the trainer's password not accepted, or
Ctrl+C at its prompt) is on the live stream, `training.run_not_started`, and the training
screen says so from there (docs/training.md, "The debrief and the training screen").

Found by a trainer: the screen kept it alone, so once it was closed and opened again, or
the console restarted, the run read "running" and Enter on it said "Its console stopped
before the run ended ... Nothing is lost", of a run nobody had played.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from custinfo_tui.composition import make_app
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.roles import Role
from custinfo_tui.services.operators import create_operator
from custinfo_tui.settings import Settings
from custinfo_tui.tui.ports import PASSWORD_NOT_ACCEPTED, STOPPED_AT_PASSWORD
from custinfo_tui.tui.screens.training import TrainingScreen
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import footer_text, press, region_text, screen_text, settle
from tests.support.tour import log_in
from tests.support.training_launcher import ScriptedLauncher

SIZE = (80, 24)
TRAINER = ("trainer", "trainer-demo-2026")
#: A second trainer, who did not try the run.
OTHER_TRAINER = ("tess", "tess-trains-2026-demo")


class _StartsNothing(ScriptedLauncher):
    """`train play` ends with `status`, having started nothing."""

    def __init__(self, live_url: str, training_dir: Path, status: int) -> None:
        super().__init__(live_url, training_dir)
        self.status = status

    def launch(self, run_id: int, trainer: str = "trainer") -> int:
        self.launched.append(("", "", run_id))
        return self.status


async def _start_a_run_for_agent(pilot: Pilot[object]) -> None:
    app = pilot.app
    await press(pilot, "f8", "ctrl+n", "enter")  # the first scenario
    trainees = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
    agent = next(i for i, t in enumerate(trainees) if t.startswith("agent - "))
    await press(pilot, *["down"] * agent, "enter")
    await app.workers.wait_for_complete()
    await settle(pilot)


async def _open_the_runs(pilot: Pilot[object]) -> None:
    await press(pilot, "f8")
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    assert isinstance(pilot.app.screen, TrainingScreen)


async def _says_not_started(pilot: Pilot[object], run_id: int, why: str) -> None:
    """The runs, opened afresh: the run's status, the line under the table and Enter."""
    app = pilot.app
    assert "not started" in region_text(app, "#training-runs")
    detail = region_text(app, "#training-run-detail")
    assert detail.startswith(f"Run {run_id}, ")
    assert f"not started ({why.lower()}" in detail
    footer = footer_text(app)  # nothing to play on, nor to score
    assert "Start or end" in footer and "Play on" not in footer
    await press(pilot, "enter")
    shown = screen_text(app)
    assert f"Run {run_id} (" in shown and "was not started" in shown
    assert f"{why}, so its console never opened" in shown
    assert "Its console stopped" not in shown and "Nothing is lost" not in shown
    await press(pilot, "escape")


def _not_started_events(settings: Settings) -> list[AuditEvent]:
    with console_database(settings) as uow:
        return uow.audit.list_recent(action=AuditAction.TRAINING_RUN_NOT_STARTED.value)


async def test_a_password_not_accepted_is_kept_on_the_stream_past_the_screen_and_a_restart(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    launcher = _StartsNothing(sqlite_demo_url, tmp_path / "training", PASSWORD_NOT_ACCEPTED)
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await _start_a_run_for_agent(pilot)
        (_, _, run_id) = launcher.launched[0]
        await press(pilot, "escape")  # the training screen closed...
        await _open_the_runs(pilot)  # ...and opened again: the run still says it
        await _says_not_started(pilot, run_id, "Your password was not accepted")

    restarted = make_app(demo_settings, training_launcher=launcher)
    async with restarted.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await _open_the_runs(pilot)
        await _says_not_started(pilot, run_id, "Your password was not accepted")

    (event,) = _not_started_events(demo_settings)  # one event, the trainer's
    assert event.operator_id is not None and event.customer_id is None
    assert (event.outcome, event.fields) == ("ok", ())  # its action says it was not started
    assert event.details == {"run": run_id, "why": "password_not_accepted"}
    assert TRAINER[1] not in event.model_dump_json()


async def test_ctrl_c_at_the_prompt_is_kept_and_said_in_its_own_words(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    launcher = _StartsNothing(sqlite_demo_url, tmp_path / "training", STOPPED_AT_PASSWORD)
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await _start_a_run_for_agent(pilot)
        (_, _, run_id) = launcher.launched[0]
        await press(pilot, "escape")
        await _open_the_runs(pilot)
        await _says_not_started(pilot, run_id, "You stopped it at the password")

    (event,) = _not_started_events(demo_settings)
    assert event.details == {"run": run_id, "why": "stopped_at_password"}


async def test_another_trainer_is_told_who_stopped_it_at_the_password(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found touring as a new trainer: "You stopped it at the password" was said to every
    trainer, though another had stopped it; the runs name who did."""
    with console_uow_factory(demo_settings) as uows:
        username, password = OTHER_TRAINER
        create_operator(
            uows(), None, username, "Tess Trainer", Role.TRAINER, password, temporary=False
        )
    launcher = _StartsNothing(sqlite_demo_url, tmp_path / "training", STOPPED_AT_PASSWORD)
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await _start_a_run_for_agent(pilot)
        (_, _, run_id) = launcher.launched[0]

    other = make_app(demo_settings, training_launcher=launcher)
    async with other.run_test(size=SIZE) as pilot:
        await log_in(pilot, OTHER_TRAINER)
        await _open_the_runs(pilot)
        assert "not started" in region_text(other, "#training-runs")
        detail = region_text(other, "#training-run-detail")
        assert detail.startswith(f"Run {run_id}, ")
        assert "not started (trainer stopped it at the password)" in detail
        await press(pilot, "enter")
        shown = screen_text(other)
        assert "trainer stopped it at the password, so its console never opened" in shown
        assert "You stopped it" not in shown and "you stopped it" not in detail
