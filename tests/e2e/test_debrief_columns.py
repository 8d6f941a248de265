"""The debrief at 80 columns (tui/screens/debrief.py; docs/training.md, "The debrief and
the training screen"): a step's words are what a trainer reads, so they are not cut to make
room for its marks, and the detail under each list scrolls with keys the footer names."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable

from custinfo_tui.composition import make_app
from custinfo_tui.domain.training.scorecard import EvidenceStep, StepMark, TimelineStep
from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.debrief import DebriefScreen
from tests.support.cohort_runs import MET, add_scored_run
from tests.support.database import console_uow_factory
from tests.support.screen import (
    goes_on_under_itself,
    press,
    region_lines,
    region_text,
    screen_text,
)
from tests.support.tour import log_in
from tests.support.training_launcher import ScriptedLauncher

SIZE = (80, 24)
TRAINER = ("trainer", "trainer-demo-2026")
POINTS = ("MP-01", "MP-02", "MP-03", "MP-05", "MP-06", "MP-18", "MP-10")
WORDS = "Read back and confirmed: Address line 1, Postcode"


def _a_run_with_a_step_marked_for_many_points(demo_settings: Settings) -> None:
    step = TimelineStep(
        event_id=1,
        at=datetime(2026, 11, 2, 10, 1, tzinfo=UTC),
        action="readback.confirmed",
        words=WORDS,
        marks=tuple(StepMark(marking_point=point, towards=True) for point in POINTS),
    )
    with console_uow_factory(demo_settings) as uows, uows() as uow:
        agent = uow.operators.get_by_username("agent")
        assert agent is not None
        add_scored_run(uows, agent.id, 2, dict.fromkeys(POINTS, MET), timeline=(step,))


async def test_a_step_marked_for_many_points_keeps_its_words_and_its_marks_give_way(
    demo_settings: Settings,
) -> None:
    """A trainer found the timeline's Marks column 48 columns wide ("MP-01 + MP-02 + ...")
    and every step's words cut to 18 ("Read back and conf…")."""
    _a_run_with_a_step_marked_for_many_points(demo_settings)
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "enter", "2")
        assert isinstance(app.screen, DebriefScreen)
        steps = region_text(app, "#timeline-table")
        assert WORDS in steps
        assert "MP-01 +" in steps and "MP-18" not in steps and "…" in steps  # marks give way
        detail = region_text(app, "#step-detail")
        assert all(f"Counts towards {point}" in detail for point in POINTS[:5])


async def test_the_detail_under_the_scorecard_scrolls_with_keys_the_footer_names(
    demo_settings: Settings, sqlite_demo_url: str, tmp_path: Path
) -> None:
    """MP-08's detail ran past the pane's 7 lines at 80x24: the rest of its evidence and
    the trainer's note showed only as a scrollbar, with no key said to reach them. More is
    named always, so the footer stays put as the trainer moves through the list; Less only
    once the detail has been read on: at its top, where each row's detail starts, it did
    nothing, yet the footer named it."""
    launcher = ScriptedLauncher(sqlite_demo_url, tmp_path / "training")
    launcher.start_and_play("change-of-address", "agent")
    app = make_app(demo_settings, training_launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "enter")
        assert isinstance(app.screen, DebriefScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "⇧↓ More" in footer and "⇧↑ Less" not in footer  # at the top: nothing less
        last = "No trainer's note on this point yet."
        assert last not in region_text(app, "#scorecard .debrief-detail")

        await press(pilot, "shift+down", "shift+down")
        assert last in region_text(app, "#scorecard .debrief-detail")
        assert app.screen.query_one(DataTable).cursor_row == 0  # the list stays put
        footer = screen_text(app).splitlines()[-1]
        assert "⇧↓ More" in footer and "⇧↑ Less" in footer

        await press(pilot, "shift+up", "shift+up")
        assert region_text(app, "#scorecard .debrief-detail").startswith("MP-08 Verify")
        assert "⇧↑ Less" not in screen_text(app).splitlines()[-1]  # back at the top

        await press(pilot, "shift+down", "down")  # read on, then the next point
        footer = screen_text(app).splitlines()[-1]
        assert app.screen.query_one(DataTable).cursor_row == 1
        assert "⇧↓ More" in footer and "⇧↑ Less" not in footer  # its detail from its top


LONG_WORDS = (
    "Record opened as back-office work (no call): Training - the right record opened 0 s "
    "after the first words, after one search"
)
MARK_NOTE = "the record was found by name and postcode before the caller had finished"


async def test_evidence_and_a_step_that_wrap_go_on_under_their_own_words(
    demo_settings: Settings,
) -> None:
    """A point's evidence too long for a line went on at the pane's left edge, under its
    time, where the rest read as a line of its own; so did a step's words on the timeline,
    and what it counts towards."""
    at = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)
    step = TimelineStep(
        event_id=1,
        at=at,
        action="record.opened",
        words=LONG_WORDS,
        marks=(StepMark(marking_point="MP-12", towards=True, note=MARK_NOTE),),
    )
    proof = EvidenceStep(event_id=1, at=at, action="record.opened")
    with console_uow_factory(demo_settings) as uows, uows() as uow:
        agent = uow.operators.get_by_username("agent")
        assert agent is not None
        add_scored_run(
            uows, agent.id, 2, {"MP-12": MET}, timeline=(step,), evidence={"MP-12": (proof,)}
        )
    app = make_app(demo_settings)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, TRAINER)
        await press(pilot, "f8", "enter")
        assert isinstance(app.screen, DebriefScreen)
        lines = region_lines(app, "#point-detail")
        goes_on_under_itself(lines, "Record opened", LONG_WORDS)
        assert lines[1].startswith("  10:30:00 Record opened")  # under the point, indented

        await press(pilot, "2")
        lines = region_lines(app, "#step-detail")
        goes_on_under_itself(lines, "Record opened", LONG_WORDS)
        goes_on_under_itself(lines, "Counts towards", f"Counts towards MP-12: {MARK_NOTE}")
        [counts] = [line for line in lines if "Counts towards" in line]
        assert counts.index("Counts") == lines[0].index("Record")  # under the step's words
