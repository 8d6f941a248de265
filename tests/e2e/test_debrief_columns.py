"""The debrief at 80 columns (tui/screens/debrief.py; docs/training.md, "The debrief and
the training screen"): a step's words are what a trainer reads, so they are not cut to make
room for its marks."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.composition import make_app
from custinfo_tui.domain.training.scorecard import StepMark, TimelineStep
from custinfo_tui.settings import Settings
from custinfo_tui.tui.screens.debrief import DebriefScreen
from tests.support.cohort_runs import MET, add_scored_run
from tests.support.database import console_uow_factory
from tests.support.screen import press, region_text
from tests.support.tour import log_in

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
