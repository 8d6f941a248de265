"""The training screen and the debrief (docs/training.md, "The debrief and the training
screen"), driven by keys on the demo database. The terminal is not handed over: a scripted
launcher plays the run as `custinfo train play` would (tests/support/training_launcher.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from custinfo_tui.composition import make_app, open_sandbox
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.scenario import Scenario
from custinfo_tui.services import auth
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.scenarios import load_scenarios, shipped_scenarios
from custinfo_tui.services.training import run_detail, start_run
from custinfo_tui.services.training_play_lock import playing
from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.debrief import DebriefScreen, NoteScreen
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.scenario_choice import PROBLEM_LINES, ScenarioScreen, not_offered
from custinfo_tui.tui.screens.training import TrainingScreen
from tests.support.database import console_uow_factory
from tests.support.screen import (
    press,
    region_text,
    screen_text,
    screen_words,
    settle,
    static_text,
    typed_in_one_go,
)
from tests.support.tour import AGENT, SUPERVISOR, log_in
from tests.support.training_launcher import ScriptedLauncher

SIZE = (80, 24)
TRAINER = ("trainer", "trainer-demo-2026")
CARD = "4111 1111 1111 1111"


async def test_a_trainer_starts_a_run_and_writes_a_note_on_its_debrief(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8")
        assert isinstance(app.screen, TrainingScreen)
        assert "No training runs yet; Ctrl+N starts a run." in screen_text(app)

        await press(pilot, "ctrl+n")
        assert isinstance(app.screen, ScenarioScreen)
        scenarios = [str(k.value) for k in app.screen.query_one(DataTable).rows]
        await press(pilot, *["down"] * scenarios.index("change-of-address"))
        points = region_text(app, "#scenario-points")
        assert points.startswith("change-of-address: practises MP-08, MP-12, MP-03")
        summary = region_text(app, "#scenario-summary")
        assert summary.startswith("A change of address after verification. John Smith rings")
        await press(pilot, "enter")
        trainees = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert not any(t.startswith("nobody") for t in trainees)
        agent = next(i for i, t in enumerate(trainees) if t.startswith("agent - "))
        await press(pilot, *["down"] * agent, "enter")
        await app.workers.wait_for_complete()  # the run recorded and its sandbox built
        await pilot.pause()  # then played

        (started,) = launcher.launched
        assert started[:2] == ("change-of-address", "agent")
        # The trail and the run name the trainer who started it, not "system".
        with console_uow_factory(demo_settings) as uow_factory:
            detail = run_detail(uow_factory(), None, started[2])
            assert detail.run.started_by == "trainer"
            with uow_factory() as uow:
                (event,) = uow.audit.list_recent(action=AuditAction.TRAINING_RUN_STARTED.value)
                trainer = uow.operators.get_by_username("trainer")
                assert trainer is not None and event.operator_id == trainer.id
        # The trainee had the terminal: the trainer's console is locked until they are back.
        assert isinstance(app.screen, LockScreen)
        # Said to the trainee, still at the desk: what to do next, and not the score.
        assert region_text(app, "#lock-why") == (
            f"Role-play run {started[2]} has closed: hand the desk back to Terry Trainer, "
            "whose password unlocks it."
        )
        # The run's score waits for the trainer: a notification over the lock faded before
        # they were back to unlock it.
        with console_uow_factory(demo_settings) as uow_factory:
            scorecard = run_detail(uow_factory(), None, started[2]).scorecard
        assert scorecard is not None
        # Enter's work said on the line too: only the footer's "Debrief" had said it.
        score = (
            f"Run {started[2]} (change-of-address) for agent ended: "
            f"{scorecard.met} of {scorecard.scored} marking points met. "
            "Enter opens its debrief."
        )
        assert _told(app) == [] and "marking points met" not in screen_text(app)
        await press(pilot, *TRAINER[1], "enter")
        await settle(pilot)
        assert isinstance(app.screen, TrainingScreen)
        assert _told(app) == [score]  # told once they are back
        await pilot.pause()  # the table takes its rows' size at its next idle moment
        # And kept on the status line over the runs, after the notification has gone.
        assert region_text(app, "#training-status") == score
        shown = screen_text(app)
        assert "change-of-address" in shown and "finished" in shown and " met" in shown

        await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        shown = screen_text(app)
        assert " Run 1: A change of address after verification\n Trainee: agent, started " in (
            "\n".join(line.rstrip() for line in shown.splitlines())
        )
        assert "MP-08" in shown and "Should have:" in shown
        # The scripted trainee opened John's record as back-office work while he was on the
        # phone: MP-08 says so at length, and the note line is under it in the detail.
        detail = static_text(app, "#point-detail")
        assert "No trainer's note on this point yet." in detail

        await press(pilot, "down", "f2")  # a note on MP-12, the second point
        assert isinstance(app.screen, NoteScreen)
        assert "Note on MP-12" in screen_text(app)
        await press(pilot, *f"Asked for the card {CARD} twice; otherwise calm.", "ctrl+s")
        assert isinstance(app.screen, DebriefScreen)
        detail = static_text(app, "#point-detail")
        assert "Trainer's note (trainer" in detail
        assert "Asked for the card [card number removed] twice" in detail

        await press(pilot, "2")
        shown = screen_text(app)
        assert "Logged in" in shown and "Searched by name: 2 found" in shown
        assert "MP-12 +" in shown

        # F2 on the timeline: the note is on the highlighted step's point, not the point
        # the hidden scorecard had highlighted (MP-12, just noted).
        debrief = app.screen
        steps = debrief.steps  # type: ignore[attr-defined]
        marked = next(i for i, step in enumerate(steps) if step.marks)
        debrief.query_one("#timeline-table", DataTable).move_cursor(row=marked)
        await press(pilot, "f2")
        assert isinstance(app.screen, NoteScreen)
        point = steps[marked].marks[0].marking_point
        assert point != "MP-12"  # the scorecard had MP-12 highlighted
        assert f"Note on {point}" in screen_text(app)
        await press(pilot, "escape")

    with console_uow_factory(demo_settings) as uow_factory:
        detail = run_detail(uow_factory(), None, 1)
    (note,) = detail.notes
    assert (note.marking_point, note.written_by) == ("MP-12", "trainer")
    assert CARD not in note.text
    assert detail.scorecard is not None and detail.scorecard.timeline


async def test_a_run_that_cannot_start_says_why_and_hands_nothing_over(
    demo_settings: Settings,
    sqlite_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(*_args: object) -> None:
        raise ServiceError("The sandbox folder cannot be written.")

    monkeypatch.setattr(ConsoleServices, "start_training_run", refused)
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "ctrl+n", "enter", "enter")  # a scenario, the first trainee
        await app.workers.wait_for_complete()
        await pilot.pause()
        told = [n.message for n in app._notifications]
        assert told == ["The sandbox folder cannot be written."]
        # The status line is back to the runs, not left at "Starting ...".
        assert "No training runs yet; Ctrl+N starts a run." in screen_text(app)
    assert launcher.launched == []


async def test_a_bad_scenario_file_is_said_and_the_good_ones_are_still_offered(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    own = tmp_path / "scenarios"
    own.mkdir()
    shipped = load_scenarios()["change-of-address"]
    text = (Path(str(shipped_scenarios())) / "change-of-address.toml").read_text()
    (own / "typo.toml").write_text(text.replace("checks.postcode =", "checks.dob ="))
    (own / "pigeon.toml").write_text(text.replace('channel = "phone"', 'channel = "pigeon"'))
    (own / "syntax.toml").write_text('title = "unfinished\n')
    settings = demo_settings.model_copy(update={"scenarios_dir": own})
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "ctrl+n")
        await app.workers.wait_for_complete()
        await pilot.pause()

        assert isinstance(app.screen, ScenarioScreen)
        offered = [str(k.value) for k in app.screen.query_one(DataTable).rows]
        assert "change-of-address" in offered and "typo" not in offered
        problems = app.screen.query_one("#scenario-problems", Static)
        said = str(problems.render()).splitlines()
        assert problems.region.height >= len(said)  # every line in sight
        # Each file on its own line, every one in sight at 80x24 (they ran together, and
        # the last was cut off under a long summary).
        assert said[0].startswith("Not offered (3 files; `custinfo train scenarios` says why")
        assert [line.split(",")[0].split(":")[0].strip() for line in said[1:]] == [
            "pigeon.toml",
            "syntax.toml",
            "typo.toml",
        ]
        assert "caller.checks.dob: not a key" in said[3]
        # Under the longest summary too.
        titles = [
            str(row[0])
            for row in map(app.screen.query_one(DataTable).get_row_at, range(len(offered)))
        ]
        longest = max(range(len(offered)), key=lambda i: len(app.screen.scenarios[i].summary))
        app.screen.query_one(DataTable).move_cursor(row=longest)
        await pilot.pause()
        assert problems.region.height >= len(said), titles[longest]
        assert "typo.toml, line 19" in screen_text(app), titles[longest]  # the last, seen
        assert shipped.title in screen_text(app)


async def test_an_agent_sees_only_their_own_runs_and_cannot_write_notes(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    launcher.start_and_play("change-of-address", "supervisor")
    launcher.start_and_play("impostor-without-date-of-birth", "agent")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, AGENT)
        await press(pilot, "f8")
        shown = screen_text(app)
        assert "Your training runs, newest first." in shown
        assert "impostor-without-date-of-birth" in shown
        assert "change-of-address" not in shown and "supervisor" not in shown
        assert "New run" not in shown
        # At 80 columns the score is whole (it was cut to "5 of"); the line under the
        # table has the run in full, its scenario's title too.
        [row] = [line for line in shown.splitlines() if "impostor-" in line and "Run" not in line]
        assert " of 5 met" in row
        detail = region_text(app, "#training-run-detail")
        assert "Run 2, impostor-without-date-of-birth (An impostor who knows" in detail
        assert "for agent, started by system" in detail
        await press(pilot, "ctrl+n")
        assert isinstance(app.screen, TrainingScreen)  # not offered, so nothing opens

        await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        shown = screen_text(app)
        assert "Run 2: An impostor who knows the name and postcode" in shown
        assert "Trainee: agent, started " in shown
        assert "Note" not in shown.splitlines()[-1]  # the footer offers no note
        await press(pilot, "f2")
        assert isinstance(app.screen, DebriefScreen)


class _ScenarioHost(App[object]):
    """Opens the scenario chooser and keeps the scenario it is dismissed with."""

    def __init__(self) -> None:
        super().__init__()
        # As the chooser lists them: by title.
        self.scenarios = sorted(load_scenarios().values(), key=lambda s: s.title.casefold())
        self.chosen: list[Scenario | None] = []

    def on_mount(self) -> None:
        self.push_screen(ScenarioScreen(self.scenarios), self.chosen.append)


async def test_arrows_and_enter_typed_ahead_start_the_scenario_the_arrows_reached() -> None:
    """Down three times and Enter read in one go choose the fourth scenario, not the first
    (the chooser's Enter is a priority binding; the arrows keep their place before it)."""
    app = _ScenarioHost()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("down", "down", "down", "enter"):
            app.post_message(events.Key(key, None))
        await settle(pilot)

    assert app.chosen == [app.scenarios[3]]


async def test_a_supervisor_opens_training_with_f8_though_the_footer_has_no_room_for_it(
    demo_settings: Settings,
) -> None:
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, SUPERVISOR)
        footer = screen_text(app).splitlines()[-1]
        assert "^g Queue" in footer and "^q Quit" in footer and "f8" not in footer

        await press(pilot, "f8")
        assert isinstance(app.screen, TrainingScreen)


async def _start_the_first_scenario_for_the_trainer_themselves(pilot: Pilot[None]) -> None:
    """Logged in as the trainer: F8, Ctrl+N, the first scenario, the trainer as trainee;
    the run started and handed to the launcher."""
    app = pilot.app
    await log_in(pilot, TRAINER)
    await press(pilot, "f8", "ctrl+n", "enter")
    trainees = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
    itself = next(i for i, t in enumerate(trainees) if t.startswith("trainer - "))
    await press(pilot, *["down"] * itself, "enter")
    await app.workers.wait_for_complete()
    await settle(pilot)


async def test_a_trainer_who_plays_a_run_themselves_comes_back_unlocked(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """The lock after a run is for a terminal that was someone else's: a trainer trying a
    scenario as their own trainee is not asked for their password again."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await _start_the_first_scenario_for_the_trainer_themselves(pilot)
        assert launcher.launched[0][1] == "trainer"
        assert isinstance(app.screen, TrainingScreen)


async def test_the_run_just_ended_is_highlighted_and_enter_opens_its_debrief(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """The highlight stayed on the run highlighted before, one row down once the new run
    was listed first, and Enter opened that older run's debrief."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await _start_the_first_scenario_for_the_trainer_themselves(pilot)
        await press(pilot, "ctrl+n", "enter")
        trainees = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        itself = next(i for i, t in enumerate(trainees) if t.startswith("trainer - "))
        await press(pilot, *["down"] * itself, "enter")
        await app.workers.wait_for_complete()
        await settle(pilot)

        _, (_, _, second) = launcher.launched
        assert isinstance(app.screen, TrainingScreen)
        assert region_text(app, "#training-run-detail").startswith(f"Run {second},")
        await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        assert f"Run {second}:" in screen_text(app)


async def test_the_news_of_a_run_gives_way_to_the_newest_once_others_are_listed(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found by an explorer: "Run 2 (...) for agent ended: 1 of 5 marking points met." over
    the runs while runs 3 to 6, played since with `custinfo train play`, were listed."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await _start_the_first_scenario_for_the_trainer_themselves(pilot)
        assert " marking points met." in region_text(app, "#training-status")
        with console_uow_factory(demo_settings) as uow_factory:  # `custinfo train start`
            later = start_run(
                uow_factory(),
                None,
                load_scenarios()["card-number-read-out"],
                "agent",
                tmp_path / "training",
                open_sandbox,
            )
        await press(pilot, "f5")
        await app.workers.wait_for_complete()
        await settle(pilot)

        status = region_text(app, "#training-status")
        assert status.startswith(
            f"Latest: run {later.run.run_id} (card-number-read-out) for agent,"
        )
        assert "marking points met" not in status


class _KilledOnceLauncher(ScriptedLauncher):
    """The run's console killed the first time it is played (SIGKILL), the trainee having
    logged in and searched: nothing finished the run. Played again, it is scored."""

    def launch(self, run_id: int, trainer: str = "trainer") -> int:
        if self.launched:
            return super().launch(run_id, trainer)
        self.launched.append(("", "", run_id))
        return -9


def _told(app: App[object]) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_run_whose_console_was_killed_stays_running_and_is_played_on_from_the_screen(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found in a role-play: the trainee's console killed (kill -9), the run was marked
    abandoned ("stopped without a score (status -9): marked abandoned"); `train play`
    refused it and `train report` said "Not scored yet." for ever, while a run started with
    `custinfo train start` and killed stayed running and could be played on. Now both stay
    running, nothing lost, and Enter on the run plays it on."""
    launcher = _KilledOnceLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await _start_the_first_scenario_for_the_trainer_themselves(pilot)
        (_, _, run_id) = launcher.launched[0]
        assert isinstance(app.screen, TrainingScreen)
        assert any(
            "stopped before it was ended (status -9). Nothing is lost: Enter on it plays it on"
            in told
            for told in _told(app)
        )
        assert "running" in region_text(app, "#training-runs")
        assert "abandoned" not in screen_text(app)
        assert "⏎ Play on or end" in screen_text(app)  # not a debrief: nothing is scored

        await press(pilot, "enter")
        assert f"Run {run_id} (" in screen_text(app) and "is not scored" in screen_text(app)
        await press(pilot, "enter")  # "Play it on": the same run, in this terminal
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert [played for _, _, played in launcher.launched] == [run_id, run_id]
        assert isinstance(app.screen, TrainingScreen)
        assert "finished" in region_text(app, "#training-runs")
    with console_uow_factory(demo_settings) as uow_factory:
        detail = run_detail(uow_factory(), None, run_id)
    assert detail.run.status == "finished" and detail.scorecard is not None


async def test_a_run_killed_while_the_trainee_had_the_terminal_is_told_once_unlocked(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found by a tester playing trainer: "Run 4 ... stopped before it was ended (status
    -9). Nothing is lost..." popped up over the lock screen and was gone after five seconds,
    before the trainer could unlock: they came back to a run left running and no word of
    why. It now waits for them, and stays on the status line."""
    launcher = _KilledOnceLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "ctrl+n", "enter")  # the first scenario
        trainees = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        agent = next(i for i, t in enumerate(trainees) if t.startswith("agent - "))
        await press(pilot, *["down"] * agent, "enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        (_, _, run_id) = launcher.launched[0]
        assert isinstance(app.screen, LockScreen)
        assert _told(app) == [] and "stopped before" not in screen_text(app)

        await press(pilot, *TRAINER[1], "enter")
        await settle(pilot)
        assert isinstance(app.screen, TrainingScreen)
        (told,) = _told(app)
        assert told.startswith(f"Run {run_id} (")
        assert told.endswith(
            "for agent stopped before it was ended (status -9). Nothing is lost: Enter on it "
            "plays it on, or ends it and scores what was done."
        )
        assert region_text(app, "#training-status") == told
        assert "running" in region_text(app, "#training-runs")


async def test_news_held_under_the_lock_is_not_told_to_whoever_ends_the_session_there(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """The trainer never came back: the session is ended at the lock for the next operator,
    who must not be told of the trainer's runs."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "ctrl+n", "enter")
        trainees = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        agent = next(i for i, t in enumerate(trainees) if t.startswith("agent - "))
        await press(pilot, *["down"] * agent, "enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await press(pilot, "ctrl+e")  # end the session for another operator
        await settle(pilot)
        await log_in(pilot, AGENT)
        await settle(pilot)
        assert not any("marking points met" in told for told in _told(app))


async def test_a_run_whose_console_stopped_is_ended_and_scored_on_what_was_done(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """The other way on for a run whose console stopped: end it now, and score the steps
    its sandbox holds (the trainee logged in and searched before the console died)."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    with console_uow_factory(demo_settings) as uow_factory:
        started = start_run(
            uow_factory(),
            None,
            load_scenarios()["change-of-address"],
            "agent",
            tmp_path / "training",
            open_sandbox,
        )
    with open_sandbox(started.sandbox) as sandbox:  # what the trainee did before the crash
        trainee = auth.authenticate(sandbox(), *AGENT).actor
        assert trainee is not None
        search_customers(sandbox(), trainee, "john smith")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8")
        assert "running" in region_text(app, "#training-runs")
        await press(pilot, "enter", "down", "enter")  # "End it now and score what was done"
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert launcher.launched == []  # not played: scored as it stands
        assert "finished" in region_text(app, "#training-runs")
        assert any(
            told.startswith(f"Run {started.run.run_id} (change-of-address) for agent ended: ")
            and told.endswith(" marking points met. Enter opens its debrief.")
            for told in _told(app)
        )
        await press(pilot, "enter")  # a scored run: its debrief
        assert isinstance(app.screen, DebriefScreen)
        await press(pilot, "2")
        assert "Logged in" in screen_text(app)


async def test_a_run_nobody_played_is_ended_not_played_and_its_debrief_says_why(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """A run whose console stopped at the login screen, ended from the training screen: it
    was scored 0 of 3, each point "not met" for a call nobody took."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    with console_uow_factory(demo_settings) as uow_factory:
        started = start_run(
            uow_factory(),
            None,
            load_scenarios()["card-number-read-out"],
            "agent",
            tmp_path / "training",
            open_sandbox,
        )
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8")
        await press(pilot, "enter", "down", "enter")  # "End it now and score what was done"
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert f"Run {started.run.run_id} (card-number-read-out) for agent ended not played " in (
            " ".join(_told(app))
        )
        runs = region_text(app, "#training-runs")
        assert "not played" in runs and " of " not in runs  # a status, no score
        await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        await settle(pilot)
        shown = " ".join(line.strip() for line in screen_text(app).splitlines())
        assert "- not played (the trainee never logged in to the role-play)" in shown
        assert "Not played: the trainee never logged in to the role-play. No marking" in shown
        assert "not met" not in shown


async def test_a_run_another_console_is_playing_is_neither_played_nor_ended_here(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    with console_uow_factory(demo_settings) as uow_factory:
        started = start_run(
            uow_factory(),
            None,
            load_scenarios()["change-of-address"],
            "agent",
            tmp_path / "training",
            open_sandbox,
        )
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        with playing(started.sandbox, started.run.run_id):  # `train start` at another desk
            await log_in(pilot, TRAINER)
            await press(pilot, "f8", "enter")
            await app.workers.wait_for_complete()
            await settle(pilot)
            assert isinstance(app.screen, TrainingScreen)  # no choice offered
            assert any("is being played in another console now" in t for t in _told(app))
            assert launcher.launched == []


async def test_escape_on_who_is_training_goes_back_to_the_scenarios(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Escape on "Who is training?" gave up the whole new run; the scenarios are listed by
    title (they were in the order of their ids, which looked like no order at all)."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "ctrl+n")
        assert isinstance(app.screen, ScenarioScreen)
        titles = [s.title for s in app.screen.scenarios]
        assert titles == sorted(titles, key=str.casefold)
        await press(pilot, "down", "down", "enter")
        assert "Who is training?" in screen_text(app)
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, ScenarioScreen)
        assert app.screen.query_one(DataTable).cursor_row == 2
        assert launcher.launched == []


async def test_ctrl_n_and_the_arrows_typed_in_one_go_choose_among_the_scenarios(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Ctrl+N, Down, Down, Enter typed together on the runs: the Downs moved through the
    runs and Enter opened a run's debrief; the scenarios were never shown."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    launcher.start_and_play("change-of-address", "agent")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8")
        assert isinstance(app.screen, TrainingScreen)
        typed_in_one_go(app, "ctrl+n", "down", "down", "enter")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await settle(pilot)
        assert not isinstance(app.screen, DebriefScreen)
        assert "Who is training?" in screen_text(app)
        titles = sorted((s.title for s in load_scenarios().values()), key=str.casefold)
        assert titles[2] in screen_words(app)


def test_many_files_not_offered_are_counted_after_the_first_ones() -> None:
    problems = tuple(f"bad-{n}.toml, line 1: not valid TOML" for n in range(5))
    lines = str(not_offered(problems)).splitlines()
    assert len(lines) == PROBLEM_LINES
    assert lines[1:] == [
        "bad-0.toml, line 1: not valid TOML",
        "bad-1.toml, line 1: not valid TOML",
        "... and 3 more",
    ]


async def test_who_is_training_lists_those_who_take_calls_and_says_why_not_the_others(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found in a role-play: the chooser listed agent, supervisor and trainer while
    docs/training.md said "the enabled operators": the DPO and the administrator are left
    out on purpose (a role-play is a call, played with the trainee's own role), and the
    chooser now says so, as the docs do."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "ctrl+n", "enter")
        trainees = [str(o.prompt).split(" - ")[0] for o in app.screen.query_one(OptionList).options]
        assert trainees == ["agent", "supervisor", "trainer"]
        said = region_text(app, ".choice-explain")
        assert said.endswith(
            "A role-play is a call: a DPO or an administrator, whose role takes no calls, "
            "is not listed."
        )


async def test_the_debrief_cuts_a_long_marking_point_with_an_ellipsis_and_shows_it_below(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """At 80 columns the scorecard cut MP-08's title mid-word at the screen's edge ("...any
    representative's"), as if that were all of it."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    launcher.start_and_play("change-of-address", "agent")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "enter")
        assert isinstance(app.screen, DebriefScreen)
        title = "Verify the caller's identity and any representative's authority first"
        row = next(line for line in screen_text(app).splitlines() if " MP-08 " in line)
        assert row.rstrip().endswith("…")
        assert title[:40] in row and title not in row
        assert region_text(app, "#point-detail").startswith(f"MP-08 {title}:")

        await press(pilot, "2")  # the timeline: a long step is cut the same way
        steps = region_text(app, "#timeline-table")
        assert "Record opened as back-office work" in steps and "…" in steps
