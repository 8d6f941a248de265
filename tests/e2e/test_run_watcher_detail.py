"""The line under the watcher's tables (tui/run_watcher.py) follows the table with the
focus. Found by an explorer: at 80x24 marking-point titles are cut ("Verify the caller's
identity and any representative's auth"), and the line under the tables only ever gave the
highlighted step, so with the focus on the marking points no title was ever shown whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.widgets import DataTable

from custinfo_tui.domain.training.marking_points import title_of
from custinfo_tui.domain.training.scorecard import (
    EvidenceStep,
    MarkResult,
    StepMark,
    TimelineStep,
    Verdict,
)
from custinfo_tui.domain.training.watch import RunSoFar
from custinfo_tui.tui.run_watcher import RunWatcher
from tests.support.screen import goes_on_under_itself, press, region_lines, region_text
from tests.support.tour import wait_until

SIZE = (80, 24)
AT = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
STEPS = (
    TimelineStep(event_id=2, at=AT, action="operator.login_succeeded", words="Logged in"),
    TimelineStep(
        event_id=3,
        at=AT + timedelta(seconds=20),
        action="caller.check_passed",
        words="Check passed: Date of birth",
        marks=(StepMark(marking_point="MP-08", towards=False),),
    ),
    TimelineStep(
        event_id=4,
        at=AT + timedelta(seconds=25),
        action="caller.check_passed",
        words="Check passed: Postcode",
        marks=(StepMark(marking_point="MP-08", towards=True),),
    ),
)
MP08 = MarkResult(
    marking_point="MP-08",
    title=title_of("MP-08"),
    verdict=Verdict.NOT_MET,
    evidence=(
        EvidenceStep(event_id=3, at=STEPS[1].at, action="caller.check_passed", against=True),
        EvidenceStep(event_id=4, at=STEPS[2].at, action="caller.check_passed"),
    ),
    should_have="Should have: asked who was calling before any check.",
)
#: MP-08 as the first poll scores it, with only the first check logged.
MP08_EARLY = MP08.model_copy(update={"evidence": MP08.evidence[:1]})
MP03 = MarkResult(
    marking_point="MP-03",
    title=title_of("MP-03"),
    verdict=Verdict.NOT_APPLICABLE,
    note="Nothing was saved.",
)


def _detail(app: RunWatcher) -> str:
    return region_text(app, "#watch-detail")


async def test_with_the_focus_on_the_marking_points_the_line_under_gives_the_point_whole() -> None:
    polls: list[RunSoFar | None] = [
        RunSoFar(last_event_id=3, steps=STEPS[:2], results=(MP08_EARLY, MP03))
    ]
    app = RunWatcher(
        "run 7: spouse-without-authority, agent",
        lambda after: polls.pop(0) if polls else None,
        poll_seconds=0.05,
    )
    async with app.run_test(size=SIZE) as pilot:
        marks = app.query_one("#watch-marks", DataTable)
        await wait_until(pilot, lambda: marks.row_count == 2)
        await pilot.pause()
        assert _detail(app).startswith("10:30:20 Check passed: Date of birth")  # the step

        await press(pilot, "tab")  # to the marking points
        detail = _detail(app)
        assert "MP-08 Verify the caller's identity and any representative's authority first" in (
            detail
        )
        assert "not met so far" in detail
        assert (
            "Evidence so far: 0 steps towards, 1 against; the last against: 10:30:20 Check "
            "passed: Date of birth"
        ) in detail
        assert "Should have: asked who was calling before any check." in detail

        await press(pilot, "down")
        detail = _detail(app)
        assert "MP-03 Read details back and get the caller's confirmation before saving" in detail
        assert "n/a so far. Nothing was saved." in detail

        # A new step logged meanwhile leaves the highlighted point where it was.
        polls.append(RunSoFar(last_event_id=4, steps=STEPS, results=(MP08, MP03)))
        steps = app.query_one("#watch-steps", DataTable)
        await wait_until(pilot, lambda: steps.row_count == 3)
        await pilot.pause()
        assert marks.cursor_row == 1 and _detail(app).startswith("MP-03 ")

        await press(pilot, "up")
        assert "Evidence so far: 1 step towards, 1 against; the last against: 10:30:20" in (
            _detail(app)
        )

        await press(pilot, "shift+tab")  # back to the steps: the step again
        assert _detail(app).startswith("10:30:25 Check passed: Postcode · MP-08 +")


async def test_a_long_step_wraps_under_its_words_not_under_its_time() -> None:
    """The line under the tables gave a long step as one paragraph, its second line at the
    pane's left edge under the time, where it read as a line of its own; the debrief lays a
    step out as columns, and so does the watcher now."""
    words = (
        "Record opened as back-office work (no call): Training - the right record opened "
        "0 s after the first words, after one search"
    )
    step = TimelineStep(
        event_id=2,
        at=AT,
        action="record.viewed",
        words=words,
        marks=(StepMark(marking_point="MP-08", towards=False),),
    )
    seen = RunSoFar(last_event_id=2, steps=(step,), results=(MP03,))
    app = RunWatcher("run 7: change-of-address, agent", lambda after: seen if after < 2 else None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = region_lines(app, "#watch-detail")
        assert lines[0].startswith("10:30:00 Record opened")
        goes_on_under_itself(lines, "Record opened", f"{words} · MP-08 -")
