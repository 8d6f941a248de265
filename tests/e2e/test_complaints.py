"""Complaints on the real console (MP-19), driven by keys.

An agent raises a complaint from a record in a call, in the four steps; a card number typed
in what the customer said is taken out at the box, and the agent is told. A supervisor then
finds it on the queue with its acknowledgement due, moves it through acknowledged,
investigating and resolved with a note each time; the record's timeline shows each stage
and the audit trail holds every event, without the complaint's text.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import DataTable

from custinfo_tui.domain.card_numbers import CARD_NUMBER_NOTE
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services import complaints
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from custinfo_tui.tui.screens.complaint_stage import MoveStageScreen
from custinfo_tui.tui.screens.complaint_text import ComplaintTextScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.widgets import complaints_table
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.actors import actor_for
from tests.support.complaints import plant_complaint
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import (
    footer_text,
    goes_on_under_itself,
    region_lines,
    region_text,
    screen_text,
    screen_words,
    settle,
    words,
)
from tests.support.second_record import second_john_smith
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
CARD = "4111 1111 1111 1111"
BILLING = 2  # "Billing or charges", counted from 1 under the prompt
DATA_PROTECTION = 4  # "Data protection", counted the same way
JOHN_SMITH = 1
COMPLAINT_RAISED = 4  # the wrap-up's outcome, counted the same way


def _rows(app: CustinfoApp, selector: str, column: int) -> list[str]:
    table = app.screen.query_one(selector, DataTable)
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


async def test_a_complaint_raised_in_a_call_is_moved_through_its_stages_by_a_supervisor(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    follow_up = date.today() + timedelta(days=7)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")

        # The command palette offers it (F10); then listen, apologise, put it right, follow up.
        await page.keys("ctrl+p", *"complaint")
        assert "Complaint (f10)" in screen_text(console)
        await page.keys("enter")
        form = console.screen
        assert isinstance(form, RaiseComplaintScreen)
        await page.keys("enter", *(["down"] * BILLING), "enter")
        await page.keys("tab", *f"Charged twice on card {CARD} in March")
        said = form.query_one("#complaint-said", FreeTextArea)
        assert said.text == "Charged twice on card [card number removed] in March"
        assert said.border_subtitle == CARD_NUMBER_NOTE  # told at the box
        await page.keys("tab", *"the double charge", "tab", *"refund the second payment")

        # A problem is shown at its box and nothing typed is lost.
        await page.keys("tab", *"31/02/2027", "ctrl+s")
        assert isinstance(console.screen, RaiseComplaintScreen)
        assert "Follow-up date" in screen_text(console)
        assert form.query_one("#complaint-solution", FreeTextArea).text == (
            "refund the second payment"
        )
        await page.keys("ctrl+a", "ctrl+k", *f"{follow_up:%d/%m/%Y}", "ctrl+s")

        record = console.screen
        assert isinstance(record, RecordScreen) and record.in_call
        # The timeline shows it, and the next answer still goes to the answer box: digits
        # typed there must not switch tabs.
        assert record.active_tab == "history"
        assert console.focused is not None and console.focused.id == "answer"
        in_call = _rows(console, "#history-table", 1)
        assert "Complaint received: Billing or charges" in in_call
        # The caller is not verified yet: what they said stays masked on the screen.
        assert "Complaint (Billing or charges), customer said: hidden: needs Standard" in in_call
        # The complaint is taken: the wrap-up's outcome "Complaint raised" saves, and the
        # form is not offered again (F10) to take a second one.
        await page.end_call_to_wrap_up()
        await page.wrap_up(outcome=COMPLAINT_RAISED, save=False)
        assert "f10 Complaint" not in screen_text(console).splitlines()[-1]
        await page.keys("ctrl+s")
        await page.save_without_notes()
        await page.keys("ctrl+o")

        # The supervisor finds it due on the queue and moves it on three times.
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g")
        assert isinstance(console.screen, QueueScreen)
        queue = region_text(console, "#complaints-due-table")
        assert "Billing or charges" in queue and "acknowledgement due in 3 days" in queue
        await page.keys("f4")
        detail = region_text(console, "#complaints-due-detail")
        assert f"follow-up on {follow_up:%d %b %Y}" in detail
        for note in ("Acknowledged by phone", "Looked at the March bill", "Refund sent"):
            await page.keys("enter")
            assert isinstance(console.screen, MoveStageScreen)
            await page.keys(*note, "enter")
            assert isinstance(console.screen, QueueScreen)
        assert _rows(console, "#complaints-due-table", 2) == ["resolved"]
        assert "answered" in region_text(console, "#complaints-due-table")
        await page.keys("escape")

        # The record's timeline shows each stage, and each note.
        await page.open_back_office("john smith")
        await page.keys("3")
        timeline = _rows(console, "#history-table", 1)
        for stage in ("received", "acknowledged", "investigating", "resolved"):
            assert f"Complaint {stage}: Billing or charges" in timeline
        # Each move one row, its note as its why.
        whys = dict(zip(timeline, _rows(console, "#history-table", 3), strict=True))
        assert whys["Complaint resolved: Billing or charges"] == "Refund sent"
        assert not [row for row in timeline if "), note:" in row]
        assert CARD not in screen_text(console)
        await page.keys("6")
        assert _rows(console, "#complaints-table", 1) == ["resolved"]
        assert _rows(console, "#complaints-table", 2) == ["answered"]

    with console_database(demo_settings) as uow:
        events = [
            e
            for e in reversed(uow.audit.list_recent(limit=200))
            if e.action.value.startswith("complaint.")
        ]
    raised = [e for e in events if e.action is AuditAction.COMPLAINT_RAISED]
    moved = [e for e in events if e.action is AuditAction.COMPLAINT_STAGE_CHANGED]
    assert len(raised) == 1 and raised[0].interaction_id is not None
    assert [e.details["to_stage"] for e in moved] == ["acknowledged", "investigating", "resolved"]
    assert "Refund" not in str([e.details for e in events])


async def test_a_problem_said_at_the_wrap_ups_foot_goes_once_it_is_put_right(
    console: CustinfoApp,
) -> None:
    """Found trying the console: "Not saved: Choose the outcome from the list." stayed at
    the foot after the outcome was chosen."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")  # verified: the wrap-up starts with no outcome
        await page.answer("SE1 2QT")
        wrap = await page.end_call_to_wrap_up()
        await page.keys("enter", "down", "enter")  # an enquiry type; no outcome
        await page.keys("ctrl+s")
        assert console.screen is wrap
        assert "Not saved: Choose the outcome" in screen_words(console)
        await page.keys("enter", "down", "enter")  # the outcome box has the focus
        shown = screen_text(console)
        assert "Not saved" not in shown and "Card numbers are taken out of notes" in shown


async def test_complaint_raised_at_wrap_up_needs_the_complaint_f10_there_takes_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The outcome alone would say a complaint was taken that nobody will ever answer."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        wrap = await page.end_call_to_wrap_up()
        await page.wrap_up(outcome=COMPLAINT_RAISED, notes="Unhappy about the March bill")
        assert console.screen is wrap  # not saved
        assert "No complaint is recorded for this call yet: F10 raises it." in (
            screen_words(console)
        )

        await page.keys("f10")
        assert isinstance(console.screen, RaiseComplaintScreen)
        await page.keys("enter", *(["down"] * BILLING), "enter")
        await page.keys("tab", *"Charged twice in March", "tab", *"the double charge")
        await page.keys("tab", *"refund the second payment", "ctrl+s")
        assert console.screen is wrap
        # The foot no longer says no complaint is recorded, and F10 is not offered again.
        shown = screen_text(console)
        assert "No complaint is recorded" not in shown
        said = words(shown)
        assert 'raised. Tell the caller: "Your reference is Complaint' in said
        assert "Ctrl+S saves the wrap-up and finishes the call." in said
        assert "Complaint" not in shown.splitlines()[-1]
        await page.keys("ctrl+s")
        assert console.screen is not wrap

    with console_database(demo_settings) as uow:
        [complaint] = uow.complaints.of_customer(1)
        interaction = uow.interactions.get(complaint.interaction_id or 0)
        assert interaction is not None and interaction.outcome == "complaint_raised"
        assert interaction.notes == "Unhappy about the March bill"


def _plant_complaint(settings: Settings, customer_said: str) -> None:
    """A billing complaint on John Smith's record, taken by the agent."""
    with console_uow_factory(settings) as uows:
        plant_complaint(uows, customer_said)


async def test_a_complaint_is_read_in_full_from_the_record_and_from_the_queue(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The tables list complaints without their texts; a supervisor answering one needs
    what was said, apologised for and offered. Reading one is on the audit trail."""
    _plant_complaint(demo_settings, "[bold]Charged twice[/bold] for March")
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        await page.keys("6", "v")
        assert isinstance(console.screen, ComplaintTextScreen)
        shown = region_text(console, "#complaint-text")
        assert "Customer said: [bold]Charged twice[/bold] for March" in shown  # inert
        assert "Apology: Sorry for the double charge" in shown
        assert "Solution: Refund the second payment" in shown
        assert "received (agent)" in shown
        lines = region_lines(console, "#complaint-text")
        assert "␊" not in shown and lines[0].startswith("Received ")  # one item a line
        assert any(line.startswith("Apology: ") for line in lines)
        await page.keys("escape")
        assert isinstance(console.screen, RecordScreen)
        await page.keys("escape", "ctrl+g", "f4")
        assert "(v: read in full)" in region_text(console, "#complaints-due-detail")
        # Beside its reference, going on under itself, not under the reference.
        goes_on_under_itself(region_lines(console, "#complaints-due-detail"), "Billing or")
        assert "v Read" in footer_text(console)  # the table's key, in the footer and palette
        await page.keys("ctrl+p", *"read")
        assert "Read (v)" in screen_text(console)
        await page.keys("enter")
        assert isinstance(console.screen, ComplaintTextScreen)
        assert "Refund the second payment" in screen_text(console)
        await page.keys("escape")

    with console_database(demo_settings) as uow:
        read = uow.audit.list_recent(action=AuditAction.COMPLAINTS_VIEWED.value)
    assert len(read) == 2 and all(e.customer_id == 1 for e in read)
    assert "Refund" not in str([e.details for e in read])


async def test_a_long_text_or_stage_note_goes_on_under_itself_not_at_the_edge(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """What the customer said, the apology and the solution are beside their labels, and
    the stages a list under their dates: a long text's second line starting at the
    dialog's left edge, under "Customer said:", read as a line of its own, not as the rest
    of the text."""
    note = "Acknowledged by phone; letter sent first class the same day"
    said = (
        "Charged twice for the March bill, once on the 3rd and again on the 17th, after "
        "being told the second payment had been stopped"
    )
    with console_uow_factory(demo_settings) as uows:
        taken = plant_complaint(uows, said)
        supervisor = actor_for(uows, "supervisor")
        policy = ComplaintPolicy()
        complaints.move_complaint(uows(), supervisor, policy, taken, "acknowledged", note)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        await page.keys("6", "v")
        lines = region_lines(console, "#complaint-text")
        goes_on_under_itself(lines, "Charged twice", said)
        column = next(line for line in lines if "Customer said:" in line).index("Charged")
        for label, value in (("Apology:", "Sorry"), ("Solution:", "Refund")):
            assert next(line for line in lines if label in line).index(value) == column
        [first] = [i for i, line in enumerate(lines) if "acknowledged (supervisor)" in line]
        column = lines[first].index("acknowledged")
        wrapped = lines[first + 1]
        assert wrapped[:column].strip() == "" and wrapped[column] != " "  # under the stage
        said = " ".join(lines[first][column:].split() + wrapped.split())
        assert said == f"acknowledged (supervisor): {note}"
        assert lines[first].startswith("  ") and lines[first][2].isdigit()  # under its date


async def test_escape_on_a_move_with_a_note_typed_asks_before_dropping_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _plant_complaint(demo_settings, "Charged twice")
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        await page.keys("6", "enter", *"Acknowledged by phone", "escape")
        shown = screen_words(console)
        assert "you lose: the note typed for the move" in shown
        await page.keys("enter")  # go back to it
        assert isinstance(console.screen, MoveStageScreen)
        note = console.screen.query_one("#stage-note", BoundedInput)
        assert note.value == "Acknowledged by phone"


async def test_the_category_problem_goes_from_the_foot_once_a_category_is_chosen(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.keys("f10", "ctrl+s")
        assert "Not saved: Choose the complaint's category" in screen_text(console)
        await page.keys("enter", *(["down"] * BILLING), "enter")
        assert "Choose the complaint's category" not in screen_text(console)


async def test_what_the_customer_said_typed_straight_after_the_category_is_kept(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: the category chosen with Enter, what the customer said typed next
    went nowhere: the drop-down kept the focus and dropped every character."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office("john smith")
        await page.keys("f10", "enter", *(["down"] * DATA_PROTECTION), "enter")
        await page.keys(*"My letter went to a neighbour")
        form = console.screen
        assert isinstance(form, RaiseComplaintScreen)
        said = form.query_one("#complaint-said", FreeTextArea)
        assert said.text == "My letter went to a neighbour"
        assert console.focused is said
        await page.keys("tab", *"the letter sent to the wrong address")
        await page.keys("tab", *"a new letter by hand", "ctrl+s")
        assert console.screen is record

    with console_database(demo_settings) as uow:
        [complaint] = uow.complaints.of_customer(JOHN_SMITH)
        assert complaint.category == "Data protection"
        assert complaint.customer_said == "My letter went to a neighbour"


async def test_a_complaint_raised_in_the_call_is_not_offered_again_at_the_wrap_up(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.keys("f10", "enter", *(["down"] * BILLING), "enter")
        await page.keys("tab", *"Charged twice", "tab", *"the double charge")
        await page.keys("tab", *"refund the second payment", "ctrl+s")
        await page.end_call_to_wrap_up()
        await page.wrap_up(outcome=COMPLAINT_RAISED, save=False)
        footer = screen_text(console).splitlines()[-1]
        assert "f10" not in footer.lower()  # one complaint taken: no second one invited
        await page.keys("ctrl+s")
        await page.save_without_notes()
        assert isinstance(console.screen, LookupScreen)


async def test_a_complaint_raised_from_the_fields_in_a_call_leaves_the_keys_somewhere_seen(
    console: CustinfoApp,
) -> None:
    """Found trying it: raised with the fields table focused, the timeline was shown and
    the focus came back to the hidden fields table, so keys went nowhere."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        await page.keys("f4")  # to the fields
        await page.keys("f10", "enter", *(["down"] * BILLING), "enter")
        await page.keys("tab", *"Charged twice", "tab", *"the double charge")
        await page.keys("tab", *"refund the second payment", "ctrl+s")
        await settle(pilot)
        assert record.active_tab == "history"
        assert console.focused is not None and console.focused.id == "answer"


async def test_the_last_complaint_closed_from_the_queue_leaves_the_focus_on_the_items(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: moving the last complaint to "closed" left the focus on the empty
    complaints table, where Enter and F4 did nothing, while the line above said "Enter on
    an item to resolve it" and the footer had lost Work and Calls: only Shift+Tab, shown
    nowhere, got back."""
    with console_uow_factory(demo_settings) as uows:
        complaint_id = plant_complaint(uows, stage="resolved")
        twin = second_john_smith(uows)  # an item on the queue, for Enter to work
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f4")
        queue = console.screen
        assert isinstance(queue, QueueScreen)
        # From the complaints, F4 goes back to the items, and says so.
        footer = screen_text(console).splitlines()[-1]
        assert "⏎ Move stage" in footer and "f4 Items" in footer
        await page.keys("f4")
        assert console.focused is queue.query_one("#queue-table")
        await page.keys("f4", "enter")
        assert isinstance(console.screen, MoveStageScreen)
        await page.keys(*"Customer happy with the refund", "enter")

        assert console.screen is queue
        # Empty, the line says what fills it: a complaint raised on a record, with F10.
        assert "Complaints open: none. One raised on a record (F10) is listed here." in (
            screen_text(console)
        )
        assert console.focused is queue.query_one("#queue-table")
        footer = screen_text(console).splitlines()[-1]
        assert "⏎ Work" in footer and "f6 Calls" in footer
        assert "f4" not in footer  # no complaint to move to: the key is not offered
        await page.keys("f4")
        assert console.focused is queue.query_one("#queue-table")
        await page.keys("enter")  # the line above says so: Enter works the item
        assert f"Possible duplicate: {twin}" in screen_text(console)

    with console_database(demo_settings) as uow:
        [moved] = [
            e
            for e in uow.audit.list_recent(action=AuditAction.COMPLAINT_STAGE_CHANGED.value)
            if e.details.get("to_stage") == "closed"
        ]
        assert moved.details["complaint_id"] == complaint_id


async def test_a_follow_up_day_gone_by_is_flagged_on_the_queue_and_the_record(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by a supervisor: a follow-up day agreed with the customer that had passed was
    shown only as a date on the line under the queue's table, like any other."""
    agreed = date.today() + timedelta(days=2)
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows, follow_up_on=agreed)
    monkeypatch.setattr(complaints_table, "today", lambda: agreed + timedelta(days=1))
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g")
        assert "follow-up passed" in region_text(console, "#complaints-due-table")
        await page.keys("f4")
        detail = region_text(console, "#complaints-due-detail")
        assert f"the follow-up agreed for {agreed:%d %b %Y} has passed" in detail
        await page.keys("escape")
        await page.open_back_office("john smith")
        await page.keys("6")
        assert f"{agreed:%d %b %Y} passed" in screen_text(console)
