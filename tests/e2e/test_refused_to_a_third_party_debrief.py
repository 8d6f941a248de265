"""A reveal the console refused to a representative, played at the console, in MP-17's
debrief as well as MP-08's (docs/training.md, "A disclosure the console refused").

The trainee chooses David Parr (the attorney) as the caller and presses F5 before any
check: the console refuses, and tells him nothing. MP-17 (third parties only through the
proper route) is still met, as the verdict never counts an attempt the console stopped,
and its debrief names the attempt as a step against it, with what should have been done.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable

from custinfo_tui.composition import make_app
from custinfo_tui.domain.training.scorecard import Verdict
from custinfo_tui.domain.verification import CheckKind
from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.debrief import DebriefScreen
from tests.support.role_play import ask_check, play, take_call, wrap_up_call
from tests.support.screen import press, region_text, settle
from tests.support.tour import log_in

SIZE = (80, 24)
TRAINER = ("trainer", "trainer-demo-2026")
TRIED = "tried to disclose"
SHOULD = "verified the caller before trying to disclose"


async def _f5_for_david_before_his_checks(pilot: Pilot[None]) -> None:
    page = await take_call(pilot, "edith parr", caller=1)
    assert "Caller: David Parr" in region_text(pilot.app, "#verification-panel")
    await page.keys("f5")  # refused: nothing is told before a check
    await ask_check(page, CheckKind.DATE_OF_BIRTH, "30/01/1965")
    await ask_check(page, CheckKind.POSTCODE, "NR1 3QP")
    await ask_check(page, CheckKind.SECURITY_ANSWER, "Ashby Road")
    await wrap_up_call(page, outcome="no_action", notes="Son (attorney) verified; no change")


async def test_f5_refused_to_the_attorney_is_said_in_mp17s_debrief(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    run = await play(
        sqlite_demo_url, tmp_path, "attorney-within-authority", _f5_for_david_before_his_checks
    )
    assert run.scorecard is not None
    mp17 = next(r for r in run.scorecard.results if r.marking_point == "MP-17")
    assert mp17.verdict is Verdict.MET  # David was told nothing: the console refused
    [tried] = [step for step in mp17.evidence if step.against]
    assert tried.action == "field.disclosure_refused" and TRIED in tried.note
    assert SHOULD in mp17.should_have

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
        table.move_cursor(row=points.index("MP-17"))
        await settle(pilot)
        detail = region_text(app, "#point-detail")
        for _ in range(6):  # paged down (Shift+Down) until the should-have is in sight
            if "Should have:" in detail:
                break
            await press(pilot, "shift+down")
            detail = region_text(app, "#point-detail")
        assert "Should have:" in detail and SHOULD in detail

        await press(pilot, "2")  # the timeline: the attempt against MP-08 and MP-17
        steps = region_text(app, "#timeline-table")
        [line] = [row for row in steps.splitlines() if "Refused: tried to disclose" in row]
        assert "MP-08 -" in line and "MP-17 -" in line, line
