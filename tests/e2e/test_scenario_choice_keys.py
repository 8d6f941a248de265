"""Keys on the scenario chooser (tui/screens/scenario_choice.py; docs/training.md, "The
training screen"): Home and End move through the scenarios, never the titles sideways."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from custinfo_tui.composition import make_app
from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.scenario_choice import ScenarioScreen
from tests.support.screen import press, region_text
from tests.support.tour import log_in
from tests.support.training_launcher import ScriptedLauncher

SIZE = (80, 24)
TRAINER = ("trainer", "trainer-demo-2026")


async def test_end_and_home_go_to_the_last_and_first_scenario_and_never_shift_the_titles(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """A trainer pressed End: the list scrolled one column sideways and every title lost
    its first letter ("cenario", "pelling a name, ...") for the rest of the dialog."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "ctrl+n")
        assert isinstance(app.screen, ScenarioScreen)
        titles = [scenario.title for scenario in app.screen.scenarios]
        table = app.screen.query_one("#scenario-table", DataTable)

        await press(pilot, "end")
        assert table.cursor_row == len(titles) - 1
        assert region_text(app, "#scenario-summary").startswith(f"{titles[-1]}.")
        shown = region_text(app, "#scenario-table")
        assert shown.startswith("Scenario ")
        assert titles[-1] in shown

        await press(pilot, "home")
        assert table.cursor_row == 0
        shown = region_text(app, "#scenario-table")
        assert shown.startswith("Scenario ") and titles[0] in shown
        assert region_text(app, "#scenario-summary").startswith(f"{titles[0]}.")

        await press(pilot, "right", "end")  # nothing is wider than the list: no sideways
        assert region_text(app, "#scenario-table").startswith("Scenario ")
