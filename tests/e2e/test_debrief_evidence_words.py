"""A point's evidence in the debrief is in the timeline's words whole (docs/training.md,
"The debrief and the training screen"). Found touring as a new trainer: MP-18's evidence
read "Call of 13:45:44 ended", where the timeline, from the same event, said "Call of
13:45:44 ended when the trainee ended the run"; why the call ended was left out of what
the point was scored on (and so in `custinfo train report`)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable

from custinfo_tui.composition import make_app
from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.debrief import DebriefScreen
from tests.support.role_play import play, take_call
from tests.support.screen import press, region_text, settle
from tests.support.tour import log_in

SIZE = (80, 24)
TRAINER = ("trainer", "trainer-demo-2026")
WHY = "ended when the trainee ended the run"


async def _ends_the_run_mid_call(pilot: Pilot[None]) -> None:
    page = await take_call(pilot, "john smith se1")
    await page.keys("ctrl+q")  # End the role-play?
    await settle(pilot)
    await page.keys("down", "enter")


async def test_mp18s_evidence_says_why_the_call_ended_as_the_timeline_does(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    run = await play(sqlite_demo_url, tmp_path, "change-of-address", _ends_the_run_mid_call)
    assert run.scorecard is not None

    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8")
        await app.workers.wait_for_complete()
        await press(pilot, "enter")  # the newest run: this one
        await app.workers.wait_for_complete()
        await settle(pilot)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        table = debrief.query_one("#scorecard-table", DataTable)
        points = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        table.move_cursor(row=points.index("MP-18"))
        await settle(pilot)
        detail = region_text(app, "#point-detail")
        assert f"{WHY} - the call ended without a wrap-up" in detail, detail

        await press(pilot, "2")  # the timeline says the same of the step
        assert WHY in region_text(app, "#timeline-table")
