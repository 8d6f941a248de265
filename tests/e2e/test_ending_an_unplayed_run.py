"""Ctrl+Q's "End the role-play?" before the trainee has done anything (docs/training.md,
"Ctrl+Q is End run"). Found trying the console: it said "The console closes and the run is
scored from what you did." at the login screen and just after logging in, yet such a run
ends not played, nothing scored. What it says is read from the sandbox's events, as the
run's end reads them, so a run played on after a console that stopped counts that one's
work."""

from __future__ import annotations

from custinfo_tui.composition import make_app, sandbox_settings
from custinfo_tui.services.scenarios import load_scenarios
from custinfo_tui.services.training import sandbox_path
from custinfo_tui.settings import Settings
from tests.support.console_page import ConsolePage
from tests.support.role_play import training_console
from tests.support.screen import region_text

SIZE = (80, 24)
NOT_PLAYED = (
    "Nothing has been done in the role-play yet: the console closes and the run ends as "
    "not played, with nothing scored."
)
SCORED = "The console closes and the run is scored from what you did."


async def test_ending_a_run_before_doing_anything_says_it_ends_not_played(
    demo_settings: Settings,
) -> None:
    app = training_console(demo_settings, load_scenarios(None)["change-of-address"])
    async with app.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.keys("ctrl+q")  # at the login screen: never logged in
        assert region_text(app, ".choice-explain") == NOT_PLAYED
        await page.keys("enter")  # keep going
        await page.log_in()
        await page.keys("ctrl+q")  # logged in, no step of the call taken
        assert region_text(app, ".choice-explain") == NOT_PLAYED
        await page.keys("enter")
        await page.keys(*"john smith", "enter")  # a search is a step: the run is scored
        await page.keys("ctrl+q")
        assert region_text(app, ".choice-explain") == SCORED
        await page.keys("down", "enter")
    assert app.return_code == 0


async def test_a_run_played_on_counts_what_the_stopped_console_did(
    demo_settings: Settings,
) -> None:
    """The console now on the sandbox heard nothing of the search made before it: the
    sandbox's events, not this console, say the run is scored."""
    stopped = training_console(demo_settings, load_scenarios(None)["change-of-address"])
    async with stopped.run_test(size=SIZE) as pilot:  # left without quitting
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys(*"john smith", "enter")
    assert stopped.training is not None
    sandbox = sandbox_path(demo_settings.data_dir / "training", stopped.training.run_id)

    played_on = make_app(sandbox_settings(demo_settings, sandbox), training=stopped.training)
    async with played_on.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.keys("ctrl+q")  # at the login screen, before this console's login
        assert region_text(played_on, ".choice-explain") == SCORED
        await page.keys("down", "enter")
    assert played_on.return_code == 0
