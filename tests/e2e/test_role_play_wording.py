"""What a role-play's timeline and the call's F5 say, played at the console (80x24). Found
by an explorer: a call ended by the trainee logging out read "Call ended when the trainee
logged out" without saying which call; choosing the caller with F2 put a second "Record
opened in a call" on the timeline though nothing new was opened (the record is shown again,
as the caller now chosen may see it); and with a named contact verified, F5 said
"Everything Standard allows is shown" though her scope, not the level, was the limit."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from custinfo_tui.composition import open_sandbox
from custinfo_tui.domain.training.timeline import step_line
from custinfo_tui.services import auth
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.scenarios import load_scenarios
from custinfo_tui.services.training import sandbox_path
from custinfo_tui.settings import Settings
from tests.support.role_play import (
    call_with_no_authority,
    play,
    take_call,
    training_console,
    verify_to_standard,
    wrap_up_call,
)
from tests.support.screen import panel_line, press, screen_text, settle
from tests.support.tour import AGENT, log_in

SIZE = (80, 24)


async def test_the_timeline_names_the_call_ended_at_log_out_and_the_record_shown_again(
    sqlite_demo_url: str, tmp_path: Path
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        page = await take_call(pilot, "gareth hughes", caller=-1)  # no authority (F2)
        await page.keys("ctrl+q")  # the run ended mid-call: End run, not a log-out
        assert "End the role-play?" in screen_text(pilot.app)
        await page.keys("down", "enter")

    run = await play(sqlite_demo_url, tmp_path, "spouse-without-authority", walk)

    assert run.scorecard is not None
    steps = run.scorecard.timeline
    lines = [step_line(step) for step in steps]
    started = next(step for step in steps if step.action == "interaction.started")
    assert lines.count("Record opened in a call") == 1
    assert "Record shown again for the caller now chosen: someone with no authority" in lines
    # End run (Ctrl+Q) is not a log-out: the explorer read "ended when the trainee logged
    # out" for a run they had ended themselves. Runs stored before say `logged_out`.
    ended = f"Call of {started.at:%H:%M:%S} ended when the trainee ended the run"
    assert ended in lines, lines
    assert run.scorecard.timeline[-2].outcome == "run_ended"


async def test_the_call_ends_and_its_wrap_up_answers_show_each_at_its_own_time(
    sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found by an explorer: "22:31:34 Phone call ended: Other, no action" at the call's
    end, though the type and the outcome were chosen at wrap-up, at 22:31:47."""

    async def walk(pilot: Pilot[None]) -> None:
        page = await call_with_no_authority(pilot, "gareth hughes")
        await wrap_up_call(page, outcome="no_action", notes="Spouse, no authority")
        await page.keys("ctrl+q")
        await page.keys("down", "enter")

    run = await play(sqlite_demo_url, tmp_path, "spouse-without-authority", walk)

    assert run.scorecard is not None
    steps = {step.action: step for step in run.scorecard.timeline}
    ended, wrapped = steps["interaction.ended"], steps["interaction.wrapped_up"]
    assert step_line(ended) == "Phone call ended"
    assert step_line(wrapped).startswith("Wrapped up: ")
    assert step_line(wrapped).endswith(", no action")
    assert ended.at <= wrapped.at


async def test_f5_for_a_named_contact_says_her_scope_is_what_limits_what_is_shown(
    sqlite_demo_url: str, tmp_path: Path
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        page = await take_call(pilot, "alan whitaker", caller=1)  # Sarah, his named contact
        await verify_to_standard(page, "17/06/1980", "S11 8YB")
        await press(pilot, "f5")  # what her scope allows at Standard, revealed
        await press(pilot, "f5")
        told = panel_line(pilot.app)
        assert told.startswith("Everything within Sarah Whitaker's scope is shown."), told
        assert "Standard allows" not in told

    await play(sqlite_demo_url, tmp_path, "named-contact-outside-scope", walk)


async def test_logging_in_to_play_a_run_on_says_the_console_before_stopped(
    sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found by an explorer: on `train play N` after the run's console was killed, login
    said "You are also logged in at another console, last active 22:37 (unless it stopped
    without logging out)". A run is played at one console at a time: in training mode
    that session is always a console that stopped, and the login says so plainly."""
    settings = Settings(database_url=sqlite_demo_url, data_dir=tmp_path, log_dir=tmp_path / "l")
    app = training_console(settings, load_scenarios(None)["change-of-address"])
    assert app.training is not None
    sandbox_file = sandbox_path(tmp_path / "training", app.training.run_id)
    with open_sandbox(sandbox_file) as sandbox:  # the console before: a search, then kill -9
        trainee = auth.authenticate(sandbox(), *AGENT).actor
        assert trainee is not None
        search_customers(sandbox(), trainee, "john smith")

    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, AGENT)
        await settle(pilot)
        told = [str(n.message) for n in app._notifications]

    assert any(
        m.startswith("The console this run was played at before stopped without logging out")
        and m.endswith("you are playing the run on from here.")
        for m in told
    ), told
    assert not any("also logged in at another console" in m for m in told)
