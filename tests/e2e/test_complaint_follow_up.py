"""A complaint's follow-up date set, changed or cleared as it moves on a stage (MP-19), on
the real console at 80x24, from the supervisor queue and from the record's Complaints tab.

Found by a supervisor: "we'll call you back on Friday", agreed at a later stage, could not
be recorded: the follow-up date was set only as the complaint was raised, and the due list
kept the old date.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import DataTable, Input, Select

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.follow_up_window import FOLLOW_UP_PASSED
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens import complaint_stage
from custinfo_tui.tui.screens.complaint_stage import MoveStageScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.widgets import complaints_table
from tests.support.complaints import JOHN_SMITH, plant_complaint
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import (
    cut_off_keys,
    footer_text,
    region_text,
    screen_text,
    screen_words,
    words,
)
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)


def _follow_up_box(console: CustinfoApp) -> Input:
    screen = console.screen
    assert isinstance(screen, MoveStageScreen)
    return screen.query_one("#stage-follow-up", Input)


def _stage_message(console: CustinfoApp) -> str:
    return region_text(console, "#stage-message")


def _timeline(console: CustinfoApp) -> list[str]:
    """What each entry of the record's timeline says, whole (the column is cut at 80)."""
    table = console.screen.query_one("#history-table", DataTable)
    return [str(table.get_row_at(row)[1]) for row in range(table.row_count)]


def _stage_events(demo_settings: Settings) -> list[dict[str, object]]:
    with console_database(demo_settings) as uow:
        events = uow.audit.list_recent(action=AuditAction.COMPLAINT_STAGE_CHANGED.value)
    return [dict(e.details) for e in reversed(events)]


async def test_a_follow_up_agreed_at_a_later_stage_is_recorded_and_the_due_list_shows_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    agreed = date.today() + timedelta(days=2)
    friday = date.today() + timedelta(days=9)
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows, follow_up_on=agreed)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f4", "enter")
        assert isinstance(console.screen, MoveStageScreen)
        # The date held is shown, as it is typed, for the supervisor to keep or change;
        # the whole dialog and its keys fit at 80x24.
        assert _follow_up_box(console).value == f"{agreed:%d/%m/%Y}"
        shown = screen_text(console)
        assert "Follow-up date agreed (empty for none; Enter or Ctrl+S to move it)" in shown
        assert "^s Move" in footer_text(console) and cut_off_keys(console) == []

        # A date the console cannot read is refused at its box, as the raise form says it,
        # and what was typed is kept; so is one in the past. The date shown is selected as
        # the box is reached, so what is typed replaces it; so is one refused.
        await page.keys(*"Called back, will ring on Friday", "tab", *"31/02/2027", "enter")
        assert isinstance(console.screen, MoveStageScreen)
        box = _follow_up_box(console)
        assert box.value == "31/02/2027" and console.focused is box
        assert "Follow-up date: that date does not exist" in screen_text(console)  # at the box
        assert region_text(console, "#stage-message") == (
            "Not moved: Follow-up date: that date does not exist: that month has only 28 days "
            "that year."
        )
        yesterday = date.today() - timedelta(days=1)
        await page.keys(*f"{yesterday:%d/%m/%Y}", "ctrl+s")
        assert isinstance(console.screen, MoveStageScreen)
        assert _follow_up_box(console).value == f"{yesterday:%d/%m/%Y}"
        assert _stage_message(console) == f"Not moved: {FOLLOW_UP_PASSED}"
        # So is one more than a year ahead (a slip of the year: it had been kept, and the
        # complaint owed a call back years away); each says which date to give.
        slip = friday.replace(year=friday.year + 10)
        await page.keys("ctrl+u", *f"{slip:%d/%m/%Y}", "ctrl+s")
        assert isinstance(console.screen, MoveStageScreen)
        assert _follow_up_box(console).value == f"{slip:%d/%m/%Y}"
        assert _stage_message(console) == (
            "Not moved: Follow-up date: more than a year ahead; give one from today to a year "
            "ahead."
        )
        await page.keys("ctrl+u")

        # Any date the console reads will do.
        await page.keys(*f"{friday.day} {friday:%B %Y}", "enter")
        assert isinstance(console.screen, QueueScreen)
        detail = region_text(console, "#complaints-due-detail")
        on_friday = f"follow-up on {friday:%d %b %Y}"
        assert f"now acknowledged: final response due in 56 days; {on_friday}" in detail
        told = [n.message for n in console._notifications]
        assert f"Complaint moved to acknowledged; {on_friday}." in told
        await page.keys("escape")

        # The record's timeline says it was changed, the Complaints tab shows the new date.
        await page.open_back_office("john smith")
        # The line under the timeline shows the highlighted entry whole (its column is cut).
        await page.keys("3", "down")
        assert "Complaint acknowledged: Billing or charges; follow-up date changed" in (
            screen_words(console)
        )
        await page.keys("6")
        assert f"{friday:%d %b %Y}" in region_text(console, "#complaints-table")

    with console_database(demo_settings) as uow:
        [complaint] = uow.complaints.of_customer(JOHN_SMITH)
        assert complaint.follow_up_on == friday and complaint.stage == "acknowledged"
    [moved] = _stage_events(demo_settings)
    assert moved["follow_up_date"] == "changed"
    assert str(friday.year) not in str(moved)  # what happened to the date, never the date


async def test_a_follow_up_left_as_it_is_is_kept_even_gone_by_and_emptied_it_is_cleared(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    agreed = date.today() + timedelta(days=2)
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows, follow_up_on=agreed)
    # The day agreed has gone by: kept as it is, it is not refused as a date in the past.
    later = lambda: agreed + timedelta(days=1)  # noqa: E731
    monkeypatch.setattr(complaints_table, "today", later)
    monkeypatch.setattr(complaint_stage, "today", later)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        await page.keys("6", "enter")
        assert _follow_up_box(console).value == f"{agreed:%d/%m/%Y}"
        await page.keys(*"Acknowledged by letter", "enter")
        assert not isinstance(console.screen, MoveStageScreen)
        assert f"{agreed:%d %b %Y} passed" in region_text(console, "#complaints-table")

        # Emptied, the next move clears it: no follow-up is owed any more.
        await page.keys("enter", *"Customer wants no call", "tab", "backspace", "enter")
        assert not isinstance(console.screen, MoveStageScreen)
        assert "investigating" in region_text(console, "#complaints-table")
        assert str(agreed.year) not in region_text(console, "#complaints-table")
        await page.keys("3")
        timeline = _timeline(console)
        assert "Complaint investigating: Billing or charges; follow-up date cleared" in timeline
        # Kept as it was, the move says nothing of the date.
        assert "Complaint acknowledged: Billing or charges" in timeline

    with console_database(demo_settings) as uow:
        [complaint] = uow.complaints.of_customer(JOHN_SMITH)
        assert complaint.follow_up_on is None and complaint.stage == "investigating"
    assert [e["follow_up_date"] for e in _stage_events(demo_settings)] == ["kept", "cleared"]


async def test_a_date_typed_in_the_stage_dialog_asks_before_it_is_dropped(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f4", "enter", "tab", "tab", *"12/01/2099", "escape")
        shown = words(screen_text(console).replace("│", ""))
        assert "you lose: the follow-up date typed for the move." in shown


async def test_closing_a_complaint_takes_no_follow_up_date_and_clears_the_one_set(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a supervisor: the stage dialog took a follow-up date for a complaint being
    closed, and kept the one agreed before; the queue and the record then owed a call back
    on a closed complaint. With the last stage chosen the box takes nothing and says so."""
    agreed = date.today() + timedelta(days=2)
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows, stage="resolved", follow_up_on=agreed)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f4", "enter")
        box = _follow_up_box(console)
        assert box.disabled and console.focused is not box and box.value == ""
        shown = screen_text(console)
        assert "Follow-up date: none once closed (a date set is cleared)" in shown
        assert "none: the complaint closes" in shown
        assert cut_off_keys(console) == []
        await page.keys(*"Customer happy with the refund", "tab")
        assert console.focused is not box  # no stop on a box that takes nothing
        await page.keys("ctrl+s")
        assert isinstance(console.screen, QueueScreen)
        told = [n.message for n in console._notifications]
        assert "Complaint moved to closed; follow-up date cleared." in told

    with console_database(demo_settings) as uow:
        [complaint] = uow.complaints.of_customer(JOHN_SMITH)
        assert complaint.stage == "closed" and complaint.follow_up_on is None
    closed = _stage_events(demo_settings)[-1]
    assert (closed["to_stage"], closed["follow_up_date"]) == ("closed", "cleared")


async def test_a_move_of_stage_is_one_row_on_the_timeline_with_its_date_and_note(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a handler: each move of stage showed two rows on the record's timeline,
    "Complaint acknowledged: Billing or charges; follow-up date changed" and "Complaint
    acknowledged (Billing or charges), note: ...", for one thing a supervisor did. It is one
    row now, the note as its why; the audit trail keeps its event as it was."""
    friday = date.today() + timedelta(days=9)
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows, follow_up_on=date.today() + timedelta(days=2))
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        await page.keys("6", "enter", *"Rang back, will call on Friday", "tab")
        await page.keys(*f"{friday:%d/%m/%Y}", "enter")
        assert not isinstance(console.screen, MoveStageScreen)
        await page.keys("3")
        table = console.screen.query_one("#history-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]
        moves = [row for row in rows if "acknowledged" in row[1]]
        assert [(row[1], row[3]) for row in moves] == [
            (
                "Complaint acknowledged: Billing or charges; follow-up date changed",
                "Rang back, will call on Friday",
            )
        ]
        # The line under the table says the highlighted row whole: the move and its note.
        await page.keys("down", "up")
        assert table.cursor_row == rows.index(moves[0])
        shown = screen_words(console)
        assert "Complaint acknowledged: Billing or charges; follow-up date changed" in shown
        assert "supervisor · Rang back, will call on Friday" in shown

    [moved] = _stage_events(demo_settings)
    assert (moved["to_stage"], moved["follow_up_date"]) == ("acknowledged", "changed")
    assert moved["note_characters"] == len("Rang back, will call on Friday")


async def test_a_date_typed_comes_back_when_a_stage_before_closing_is_chosen_again(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Choosing *closed* empties the follow-up box; nothing typed is lost: choosing a
    stage before it again brings back the date typed."""
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows)
    friday = date.today() + timedelta(days=9)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f4", "enter", *"Will ring Friday", "tab", *f"{friday:%d/%m/%Y}")
        box = _follow_up_box(console)
        await page.keys("shift+tab", "shift+tab", "enter", "down", "down", "down", "enter")
        assert console.screen.query_one("#stage-next", Select).value == "closed"
        assert box.disabled and box.value == ""
        await page.keys("enter", "up", "enter")
        assert console.screen.query_one("#stage-next", Select).value == "resolved"
        assert not box.disabled and box.value == f"{friday:%d/%m/%Y}"
        assert "Follow-up date agreed (empty for none" in screen_text(console)
