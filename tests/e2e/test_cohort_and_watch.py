"""The trainer's cohort view (tui/screens/cohort.py) and watching a run live
(tui/run_watcher.py), driven by keys (docs/training.md, "The cohort", "Watching a run")."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable, Sparkline

from custinfo_tui.commands.train_output import Typed
from custinfo_tui.commands.train_terminals import run_ended
from custinfo_tui.composition import make_app, open_sandbox
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.training.watch import RunEnded, RunSoFar
from custinfo_tui.services.auth import authenticate
from custinfo_tui.services.cohort import run_so_far
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.scenarios import load_scenario
from custinfo_tui.services.training import finish_run, start_run
from custinfo_tui.settings import Settings
from custinfo_tui.tui.run_watcher import RunWatcher
from custinfo_tui.tui.screens.cohort import CohortScreen
from custinfo_tui.tui.screens.debrief import DebriefScreen
from tests.support.actors import actor_for
from tests.support.cohort_runs import MET, NOT_MET, add_scored_run
from tests.support.database import console_uow_factory
from tests.support.screen import footer_text, press, region_text, screen_text, screen_words
from tests.support.tour import log_in, wait_until

SIZE = (80, 24)
TRAINER = ("trainer", "trainer-demo-2026")
AGENT_PASSWORD = "agent-demo-2026"


def operator_id(demo_settings: Settings, username: str) -> int:
    with console_uow_factory(demo_settings) as uows, uows() as uow:
        operator = uow.operators.get_by_username(username)
        assert operator is not None
        return operator.id


async def test_a_trainer_sees_two_trainees_runs_the_weakest_point_first_and_opens_a_debrief(
    demo_settings: Settings,
) -> None:
    agent, supervisor = (operator_id(demo_settings, u) for u in ("agent", "supervisor"))
    with console_uow_factory(demo_settings) as uows:
        add_scored_run(uows, agent, 2, {"MP-03": NOT_MET, "MP-08": MET})
        add_scored_run(uows, agent, 3, {"MP-03": MET, "MP-08": MET})
        newest = add_scored_run(uows, supervisor, 4, {"MP-03": NOT_MET, "MP-08": NOT_MET})
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "f6")
        assert isinstance(app.screen, CohortScreen)
        await pilot.pause()
        points = app.screen.query_one("#cohort-points", DataTable)
        assert [str(key.value) for key in points.rows] == ["MP-03", "MP-08"]
        assert " 1/3 " in region_text(app, "#cohort-points")  # MP-03: met in 1 of 3 runs
        shown = screen_text(app)
        assert "2 trainees." in shown and "weakest point first" in shown
        runs = app.screen.query_one("#cohort-runs", DataTable)
        assert next(str(key.value) for key in runs.rows) == str(newest)
        assert "supervisor" in shown and "agent" in shown and "0 of 2 met" in shown
        assert "supervisor: share met" in region_text(app, "#cohort-progress-label")

        await press(pilot, "down")
        assert app.screen.query_one(Sparkline).data == [0.5, 1.0]  # agent's two runs
        assert "agent: share met" in region_text(app, "#cohort-progress-label")

        await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
        shown = screen_text(app)
        assert "Run 2: A change of address after verification" in shown
        assert "Trainee: agent, started " in shown
        # Its Escape comes back here, and the palette says so (it said the training runs).
        await press(pilot, "ctrl+p", *"back")
        assert "Back to the cohort" in screen_text(app)
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, CohortScreen)
    with console_uow_factory(demo_settings) as uows, uows() as uow:
        listed = uow.audit.list_recent(action=AuditAction.OPERATORS_LISTED.value)
    assert listed[0].details == {"count": 2, "purpose": "training cohort"}


async def test_one_trainee_is_counted_as_one(demo_settings: Settings) -> None:
    with console_uow_factory(demo_settings) as uows:
        add_scored_run(uows, operator_id(demo_settings, "agent"), 2, {"MP-03": MET})
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "f6")
        await pilot.pause()
        assert "1 trainee. Met of scored" in screen_text(app)


async def test_runs_scored_meanwhile_are_listed_on_coming_back_to_the_training_screen(
    demo_settings: Settings,
) -> None:
    """Found trying the trainer's screen: a run started and scored with `custinfo train`
    while the screen was open stayed off the list until it was left and opened again."""
    agent = operator_id(demo_settings, "agent")
    with console_uow_factory(demo_settings) as uows:
        add_scored_run(uows, agent, 2, {"MP-03": MET})
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8")
        await pilot.pause()
        runs = app.screen.query_one("#training-runs", DataTable)
        assert runs.row_count == 1
        await press(pilot, "f6")  # the cohort; meanwhile another desk's run is scored
        with console_uow_factory(demo_settings) as uows:
            add_scored_run(uows, agent, 3, {"MP-03": NOT_MET})
        await press(pilot, "escape")
        await wait_until(pilot, lambda: runs.row_count == 2)


async def test_the_watcher_shows_the_trainees_steps_as_they_are_logged(
    demo_settings: Settings, tmp_path: Path
) -> None:
    scenario = load_scenario("change-of-address")
    with console_uow_factory(demo_settings) as live:
        started = start_run(live(), None, scenario, "agent", tmp_path / "training", open_sandbox)
    at = started.run.started_at
    with open_sandbox(started.sandbox) as sandbox:
        app = RunWatcher(
            "run 1: change-of-address, agent",
            lambda after: run_so_far(sandbox(), scenario, at, after),
            poll_seconds=0.05,
        )
        async with app.run_test(size=SIZE) as pilot:
            steps = app.query_one("#watch-steps", DataTable)
            marks = app.query_one("#watch-marks", DataTable)
            await wait_until(pilot, lambda: "0 steps so far" in screen_text(app))
            assert steps.row_count == 0
            # As the run's end would say it, not "0 met, 7 not met".
            shown = screen_words(app)
            assert "Not played so far: the trainee never logged in to the role-play." in shown
            assert "not met" not in shown and marks.row_count == 0

            actor = authenticate(sandbox(), "agent", AGENT_PASSWORD).actor  # the other terminal
            assert actor is not None
            await wait_until(pilot, lambda: steps.row_count == 1)
            shown = screen_words(app)
            assert "Not played so far: the trainee logged in but took no step" in shown
            assert "not met" not in shown and marks.row_count == 0

            search_customers(sandbox(), actor, "john smith")
            await wait_until(pilot, lambda: steps.row_count == 2)
            shown = screen_text(app)
            assert "Logged in" in shown and "Searched by name: 2 found" in shown
            assert "2 steps so far" in shown and "On the events so far: " in shown
            assert "Not played" not in shown
            assert "MP-08" in shown and "Smith" not in shown
            # The newest step whole under the table, with the points it marks (none yet).
            await pilot.pause()
            detail = region_text(app, "#watch-detail")
            assert "Searched by name: 2 found · " in detail
    assert datetime.now(UTC) >= at


async def test_the_watcher_says_when_the_run_has_ended_and_stops_asking(
    demo_settings: Settings, tmp_path: Path
) -> None:
    """After the trainee's End run the watcher still read "11 steps so far ... On the events
    so far: 3 met, 4 not met": the run is scored in the live database, which it never
    looked at."""
    scenario = load_scenario("change-of-address")
    with console_uow_factory(demo_settings) as live:
        started = start_run(live(), None, scenario, "agent", tmp_path / "training", open_sandbox)
        run_id, at = started.run.run_id, started.run.started_at
        watching = Typed(actor_for(live, "trainer"))  # `train watch --as trainer`
        with open_sandbox(started.sandbox) as sandbox:
            asked: list[int] = []

            def poll(after: int) -> RunSoFar | RunEnded | None:  # as `train watch` asks
                asked.append(after)
                seen = run_so_far(sandbox(), scenario, at, after)
                return seen if seen is not None else run_ended(live, run_id, watching)

            app = RunWatcher("run 1: change-of-address, agent", poll, poll_seconds=0.05)
            async with app.run_test(size=SIZE) as pilot:
                actor = authenticate(sandbox(), "agent", AGENT_PASSWORD).actor
                assert actor is not None
                search_customers(sandbox(), actor, "john smith")
                steps = app.query_one("#watch-steps", DataTable)
                await wait_until(pilot, lambda: steps.row_count == 2)
                assert app.ended is None

                finish_run(live(), None, run_id, scenario, sandbox())  # End run, scored
                await wait_until(pilot, lambda: app.ended is not None)
                shown = screen_text(app)
                lines = [line.rstrip() for line in shown.splitlines()]
                said = lines.index(" Run 1 ended: 0 of 7 met. The scorecard:")
                # The command that shows the report whole, on a line of its own.
                assert lines[said + 1] == "   custinfo train report 1 --as trainer"
                assert "steps so far" not in shown
                assert steps.row_count == 2  # the last steps stay in view
                polls = len(asked)
                await pilot.pause(0.3)
                assert len(asked) == polls  # nothing more asked


async def test_a_long_marking_point_title_is_cut_with_an_ellipsis(
    demo_settings: Settings,
) -> None:
    """The cohort cut MP-08's title mid-word with nothing to say so ("Verify the caller's
    identity and any representativ"), where the debrief ends a cut title with "…"."""
    agent, supervisor = (operator_id(demo_settings, u) for u in ("agent", "supervisor"))
    with console_uow_factory(demo_settings) as uows:
        add_scored_run(uows, agent, 2, {"MP-08": NOT_MET})
        add_scored_run(uows, supervisor, 3, {"MP-08": MET})
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "f6")
        assert isinstance(app.screen, CohortScreen)
        await pilot.pause()
        shown = region_text(app, "#cohort-points")
        assert "Verify the caller's identity and" in shown
        assert shown.rstrip().endswith("…")


async def test_on_the_points_the_line_under_gives_the_title_whole_and_enter_opens_nothing(
    demo_settings: Settings,
) -> None:
    """A keyboard-only tester tabbed to the points: a title was cut ("Read details back and
    get the caller's confirmatio…") with nothing under it whole, and the footer still said
    "⏎ Debrief", Enter opening the debrief of the run highlighted in the other table. The
    line over the points went on saying "Enter opens a run's debrief" there."""
    agent, supervisor = (operator_id(demo_settings, u) for u in ("agent", "supervisor"))
    with console_uow_factory(demo_settings) as uows:
        add_scored_run(uows, agent, 2, {"MP-03": NOT_MET, "MP-08": MET})
        newest = add_scored_run(uows, supervisor, 3, {"MP-03": MET, "MP-08": MET})
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "f6")
        await pilot.pause()
        assert footer_text(app).startswith("⏎ Debrief")
        assert region_text(app, "#cohort-detail").startswith(f"Run {newest}, ")
        on_the_runs = "Enter opens the highlighted run's debrief."
        assert region_text(app, "#cohort-status").endswith(on_the_runs)

        await press(pilot, "shift+tab")  # to the points, weakest first: MP-03
        assert app.focused is app.screen.query_one("#cohort-points")
        # Enter opens nothing here: the line over the points says where it does.
        status = region_text(app, "#cohort-status")
        assert status.endswith("Tab goes to the runs, where Enter opens a run's debrief.")
        title = "Read details back and get the caller's confirmation before saving"
        assert title not in region_text(app, "#cohort-points")  # cut there
        assert region_text(app, "#cohort-detail") == (
            f"MP-03 {title}: met 1/2 in the cohort; agent 0/1, supervisor 1/1."
        )
        assert "Debrief" not in footer_text(app)

        await press(pilot, "enter")
        assert isinstance(app.screen, CohortScreen)  # no run's debrief opened from here

        await press(pilot, "tab")  # back to the runs: Enter opens the highlighted one
        assert footer_text(app).startswith("⏎ Debrief")
        assert region_text(app, "#cohort-status").endswith(on_the_runs)
        await press(pilot, "enter")
        assert isinstance(app.screen, DebriefScreen)
