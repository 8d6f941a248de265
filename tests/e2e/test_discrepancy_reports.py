"""Discrepancy reports on the real console (MP-14), driven by keys.

An agent in a call reports the e-mail on file as wrong (a card number typed in the report
is taken out at once, and the box says why); the supervisor shows only discrepancies on
the queue, reads the report, opens the record and corrects it through the normal edit
with the reason "Discrepancy report" and the read-back; the agent's own list then says
"corrected". The record's changes and timeline, and the audit trail, show it all without
the reported text on the event stream.
"""

from __future__ import annotations

from textual.widgets import DataTable, Input

from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.domain.discrepancies import DISCREPANCY_REPORT
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import RECORD_FIELDS
from custinfo_tui.services import complaints
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.discrepancy import MyReportsScreen, ReportDiscrepancyScreen
from custinfo_tui.tui.screens.discrepancy_decision import REASON_TYPED, DecideDiscrepancyScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import (
    footer_text,
    press,
    region_text,
    screen_text,
    screen_words,
    settle,
    words,
)
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
COMPLAINT = ComplaintIn(
    category="Billing or charges",
    customer_said="Charged twice for the March bill",
    apology="Sorry for the double charge",
    solution="Refund the second payment",
)
CARD = "4111 1111 1111 1111"
RIGHT_EMAIL = "john.smith@example.org"
WHY = "Caller says the old address was mistyped"


def _rows(app: CustinfoApp, selector: str) -> list[str]:
    table = app.screen.query_one(selector, DataTable)
    return [" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def _report_email_in_a_call(page: ConsolePage, app: CustinfoApp) -> None:
    """Agent: a call with John Smith, F4 to the fields, the e-mail row, Ctrl+D, the report."""
    await page.call("john smith")
    await page.keys("f4", *(["down"] * RECORD_FIELDS.index("email")), "ctrl+d")
    assert isinstance(app.screen, ReportDiscrepancyScreen)
    await page.keys(*f"{RIGHT_EMAIL} card {CARD} ok")
    value = app.screen.query_one("#discrepancy-value", BoundedInput)
    assert value.value == f"{RIGHT_EMAIL} card [card number removed] ok"
    assert "card number removed: never stored" in screen_text(app)
    await page.keys("ctrl+u", *RIGHT_EMAIL, "enter", *WHY, "ctrl+s")
    assert isinstance(app.screen, RecordScreen)


async def test_a_discrepancy_reported_in_a_call_is_corrected_by_a_supervisor(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await _report_email_in_a_call(page, console)
        await page.end_call()
        await press(pilot, "ctrl+o")  # log out
        await settle(pilot)

        # The supervisor shows only discrepancies, and reads the report.
        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        assert isinstance(console.screen, QueueScreen)
        await press(pilot, "f3")  # possible fraud
        assert "No open items (Possible fraud), as of" in screen_text(console)
        await press(pilot, "f3", "f3")  # disclosure request, discrepancy
        assert "1 open item (Discrepancy)" in screen_text(console)
        await press(pilot, "f3")  # complaint follow-up: complaints have their own table
        assert "are in the table below: F4" in region_text(console, "#queue-status")
        # possible duplicate, all, fraud, disclosure request, discrepancy
        await press(pilot, "f3", "f3", "f3", "f3", "f3")
        assert "1 open item (Discrepancy)" in screen_text(console)
        [row] = _rows(console, "#queue-table")
        assert "Discrepancy" in row and "agent" in row
        assert "E-mail on file reported wrong (report 1)" in screen_text(console)
        await press(pilot, "enter")
        assert isinstance(console.screen, DecideDiscrepancyScreen)
        shown = screen_text(console)
        assert f"Caller says: {RIGHT_EMAIL}" in shown and f"Why: {WHY}" in shown
        # Who was on the line when it was reported: the supervisor weighs the claim by it.
        assert "in a phone call with the customer" in words(shown)

        # Open the record (Enter: Ctrl+O logs out everywhere else), correct the e-mail
        # through the edit, read it back.
        assert "⏎ Open record" in footer_text(console)
        await press(pilot, "enter")
        record = console.screen
        assert isinstance(record, RecordScreen) and record.correcting is not None
        # Its Escape goes back to the queue, and the palette says so (it said the lookup).
        await press(pilot, "ctrl+p", *"back")
        assert "Back to the queue" in screen_text(console)
        assert "Back to the lookup" not in screen_text(console)
        await press(pilot, "escape", "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        assert edit.focused is edit.query_one("#email-input", Input)
        assert str(edit.query_one("#email-reason").value) == DISCREPANCY_REPORT  # type: ignore[attr-defined]
        await press(pilot, "ctrl+u", *RIGHT_EMAIL, "ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        # No caller is on the line: the lines are checked against the report, not read out.
        shown = screen_text(console)
        assert "Check the changed details" in shown and "against the source" in shown
        assert "the caller says it is right" not in shown
        # Nor is there anything to say: the value as it reads, to check (a tester read
        # "Say: J for Juliett ..." with no one to say it to).
        assert "Reads as" in shown and "Say" not in shown
        # Typing it twice is from the report too: it had said to ask the caller.
        await press(pilot, "ctrl+p", *"type twice")
        shown = screen_text(console)
        assert "Type it again from the source" in shown and "caller" not in shown
        await press(pilot, "escape", "ctrl+d")
        shown = screen_words(console)
        assert "Type it again from the source" in shown and "caller" not in shown
        await press(pilot, *RIGHT_EMAIL, "enter")
        assert isinstance(console.screen, ReadBackScreen)
        assert "(typed twice)" in region_text(console, "#readback-table")
        await press(pilot, "ctrl+s")
        assert console.screen is record
        assert record.record.value("email") == RIGHT_EMAIL
        await press(pilot, "2")
        assert any(DISCREPANCY_REPORT in row for row in _rows(console, "#changes-table"))
        await press(pilot, "3")
        timeline = " / ".join(_rows(console, "#history-table"))
        assert "Discrepancy report corrected: E-mail" in timeline
        assert "Discrepancy reported: E-mail" in timeline
        # A complaint raised meanwhile: the queue's complaints are read again on the way
        # back ("Complaints open: none." stayed until F5).
        with console_uow_factory(demo_settings) as uows:
            complaints.raise_complaint(
                uows(), actor_for(uows, "supervisor"), ComplaintPolicy(), 1, COMPLAINT
            )
        await press(pilot, "escape")
        assert isinstance(console.screen, QueueScreen)
        await settle(pilot)
        assert "No open items (Discrepancy), as of" in screen_text(console)
        assert "Complaints open: 1, 0 overdue." in screen_text(console)
        await press(pilot, "escape", "ctrl+o")
        await settle(pilot)

        # The agent's own list says what was decided.
        await page.log_in()
        await press(pilot, "f9")
        assert isinstance(console.screen, MyReportsScreen)
        [mine] = _rows(console, "#reports-table")
        assert "E-mail" in mine and "corrected" in mine

    with console_database(demo_settings) as uow:
        trail = [
            e for e in uow.audit.list_recent(customer_id=1) if e.action.startswith("discrepancy.")
        ][::-1]
        assert [e.action for e in trail] == [
            AuditAction.DISCREPANCY_REPORTED,
            AuditAction.DISCREPANCY_VIEWED,
            AuditAction.DISCREPANCY_CORRECTED,
        ]
        assert trail[0].interaction_id is not None  # reported in the call
        assert all(RIGHT_EMAIL not in repr(e.model_dump()) for e in trail)
        # Not in what the events hold; their hashes and clock are left out, where four hex
        # digits or microseconds read "4111" about once a hundred runs.
        stored = [repr(e.model_dump(exclude={"hash", "prev_hash", "occurred_at"})) for e in trail]
        assert all("4111" not in text for text in stored)
        [updated] = uow.audit.list_recent(action=AuditAction.CUSTOMER_UPDATED.value)
        assert updated.reason == DISCREPANCY_REPORT and updated.fields == ("email",)


async def test_a_rejected_report_tells_the_reporter_why(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, *"zoe taylor", "enter")  # to the results
        await press(pilot, "ctrl+d")
        await press(pilot, "down", "down", "enter")  # the date of birth
        assert isinstance(console.screen, ReportDiscrepancyScreen)
        await press(pilot, *"30/08/1996", "enter", *"Caller read it from her passport", "ctrl+s")
        await press(pilot, "ctrl+o")
        await settle(pilot)

        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "enter")
        assert isinstance(console.screen, DecideDiscrepancyScreen)
        # As typed, and as the record would show it: a day and month swapped shows here.
        assert "Caller says: 30/08/1996 (30 August 1996)" in screen_text(console)
        await press(pilot, "ctrl+r")
        assert "Say why the report is rejected" in screen_text(console)
        # "No" tells the reporter nothing: refused as every reason under five characters.
        await press(pilot, *"No", "ctrl+r")
        assert isinstance(console.screen, DecideDiscrepancyScreen)
        refused = region_text(console, "#decide-message")
        assert refused == (
            "Give at least 5 characters (2 so far). Say why the report is rejected (the "
            "reporter sees it)."
        )
        # Typed over (it is selected to retype), long enough: the refusal goes.
        await press(pilot, *"Passport seen in branch shows 1995")
        assert region_text(console, "#decide-message") == ""
        # Enter, as if to send the reason: it opens nothing, and says how the reason goes.
        await press(pilot, "enter")
        assert isinstance(console.screen, DecideDiscrepancyScreen)
        assert region_text(console, "#decide-message") == REASON_TYPED
        await press(pilot, "ctrl+r")
        assert isinstance(console.screen, QueueScreen)
        assert "The queue is empty, as of" in screen_text(console)
        await press(pilot, "escape", "ctrl+o")
        await settle(pilot)

        await page.log_in()
        await press(pilot, "f9")
        [mine] = _rows(console, "#reports-table")
        assert "Date of birth" in mine and "rejected: Passport seen in branch" in mine


async def test_the_key_the_confirmation_names_is_the_lookups_and_in_its_palette(
    console: CustinfoApp,
) -> None:
    """The confirmation says "F9 on the lookup (My reports)": the footer has no room for it,
    so the command palette lists it under that name, and F9 opens the report just sent."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, *"zoe taylor", "ctrl+d", "down", "down", "down", "enter")
        await press(pilot, *"0113 496 0998", "enter", *"Typed wrong at setup", "ctrl+s")
        # On the line over the results, where it stays until the next search: a
        # notification was drawn over the results while the words were read out.
        told = region_text(console, "#search-status")
        assert told.startswith('Report 1 sent to a supervisor. Tell the caller: "I have passed')
        assert "No date is set for it: promise none." in told
        assert "F9 on the lookup (My reports)" in told
        assert list(console._notifications) == []
        assert "f9" not in footer_text(console)

        await press(pilot, "ctrl+p", *"my reports")
        assert "My reports (f9)" in screen_text(console)
        await press(pilot, "escape", "f9")

        assert isinstance(console.screen, MyReportsScreen)
        [mine] = _rows(console, "#reports-table")
        assert "Phone" in mine and "waiting" in mine


async def test_a_claimed_value_the_field_cannot_hold_is_refused_at_its_box(
    console: CustinfoApp,
) -> None:
    """The caller is still on the line to say it again; the supervisor who corrects the
    record later needs a value the field can hold."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, *"zoe taylor", "enter")  # to the results
        await press(pilot, "ctrl+d", "down", "down", "enter")  # the date of birth
        form = console.screen
        assert isinstance(form, ReportDiscrepancyScreen)
        await press(pilot, *"31/02/1996", "enter", *"Caller read it from her passport", "ctrl+s")

        assert console.screen is form  # not sent
        shown = screen_words(console)
        assert "Date of birth: That date does not exist" in shown
        value = form.query_one("#discrepancy-value", Input)
        assert console.focused is value and value.value == "31/02/1996"  # nothing lost
        assert form.query_one("#discrepancy-why", Input).value == "Caller read it from her passport"

        # Back in the refused box, the next key adds to what it holds, not replaces it.
        await press(pilot, "backspace", "backspace", "backspace", "backspace", *"1997")
        assert value.value == "31/02/1997"


async def test_a_box_the_focus_comes_back_to_keeps_its_text_when_typing_goes_on(
    console: CustinfoApp,
) -> None:
    """Found trying the console: after Ctrl+S sent the focus back to the e-mail it refused,
    the box's text was selected, and typing ".com" replaced the whole address with it."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, *"zoe taylor", "enter")
        email = RECORD_FIELDS.index("email")
        await press(pilot, "ctrl+d", *(["down"] * email), "enter")
        form = console.screen
        assert isinstance(form, ReportDiscrepancyScreen)
        await press(pilot, *"zoe.taylor@example", "enter", *"New address", "ctrl+s")
        value = form.query_one("#discrepancy-value", Input)
        assert console.focused is value
        await press(pilot, *".com")
        assert value.value == "zoe.taylor@example.com"
        # A Tab back into a box leaves its text whole too.
        await press(pilot, "tab", "shift+tab", "x")
        assert value.value == "zoe.taylor@example.comx"


async def test_ctrl_d_in_the_search_box_reports_on_the_highlighted_customer(
    console: CustinfoApp,
) -> None:
    """Found trying the console: the command palette offers Ctrl+D on the lookup, but in
    the search box the box's own Ctrl+D deleted a letter of the search instead."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        box = console.screen.query_one("#search", Input)
        await press(pilot, "ctrl+d")
        assert "Find the customer first, then Ctrl+D on their row." in [
            n.message for n in console._notifications
        ]
        await press(pilot, *"zoe taylor")
        await settle(pilot)
        await press(pilot, "home", "ctrl+d")
        assert box.value == "zoe taylor"
        await press(pilot, "down", "down", "enter")  # the date of birth
        assert isinstance(console.screen, ReportDiscrepancyScreen)


async def test_support_needs_sent_without_an_article_9_condition_are_refused_on_the_form(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """From the lookup the console cannot know the customer's consents: the form sends the
    report itself, and the refusal is said on it with what was typed kept, nothing stored."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, *"zoe taylor", "enter")
        needs = RECORD_FIELDS.index("accessibility_needs")
        await press(pilot, "ctrl+d", *(["down"] * needs), "enter")
        form = console.screen
        assert isinstance(form, ReportDiscrepancyScreen)
        await press(pilot, *"Wheelchair user", "enter", *"Caller says none are on file", "ctrl+s")
        await settle(pilot)

        assert console.screen is form
        shown = region_text(console, "#discrepancy-message")
        assert "Not reported: Support needs: special-category data" in shown
        assert "What you typed is kept." in shown
        assert form.query_one("#discrepancy-value", Input).value == "Wheelchair user"
    with console_database(demo_settings) as uow:
        assert uow.audit.list_recent(action=AuditAction.DISCREPANCY_REPORTED.value) == []


async def test_on_the_record_support_needs_without_a_condition_say_so_before_anything_is_typed(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office("john smith")
        await press(pilot, "f4", *(["down"] * RECORD_FIELDS.index("accessibility_needs")))
        await press(pilot, "ctrl+d")
        assert console.screen is record  # no form to type what cannot be kept
        told = [n.message for n in console._notifications]
        assert any("Record one first (F9 Consent on the record)" in m for m in told)

        # The edit form's box is closed up front too, not refused after the read-back.
        await press(pilot, "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        box = edit.query_one("#accessibility_needs-input", Input)
        assert box.disabled and box.placeholder == "Needs an Art. 9 condition: F9 Consent"


async def test_a_report_made_in_a_call_is_on_the_timeline_at_once(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await _report_email_in_a_call(page, console)
        await settle(pilot)
        await press(pilot, "3")
        # Newest first: highlighted, and whole in the line under the narrow in-call table.
        assert "Discrepancy reported" in region_text(console, "#history-table")
        assert "Discrepancy reported: E-mail · agent" in region_text(console, "#row-detail")


async def test_an_empty_reports_list_says_how_a_report_gets_there(console: CustinfoApp) -> None:
    """Found on a keyboard tour: F9 with no report said only "You have not reported any
    discrepancy.", not where one is reported from."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("f9")
        assert isinstance(console.screen, MyReportsScreen)
        await settle(pilot)
        said = region_text(console, "#reports-status")
        assert said.startswith("You have not reported any discrepancy. To report a detail")
        assert "Ctrl+D on the customer's row in the lookup or on the field" in said
        assert said.endswith("it is listed here with what a supervisor decides.")
        assert "Reported" in region_text(console, "#reports-table")  # the headings stay
