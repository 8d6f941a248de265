"""A complaint says how far its caller was verified (MP-19, MP-08), on the real console.

Found trying a supervisor's day: a complaint raised in a call whose caller failed the date
of birth three times (verification locked: possible fraud) reached the supervisor with no
sign of it. Raising one still needs no verification; but the handler's form says how far
the caller got, and the supervisor sees it on the queue ("?" after the reference, the line
under the table) and in the complaint read in full, before calling anyone back.
"""

from __future__ import annotations

from textual.widgets import DataTable

from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from custinfo_tui.tui.screens.complaint_text import ComplaintTextScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from tests.support.complaints import plant_complaint
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import focus_out_of_view, region_text, screen_text, words
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
BILLING = 2  # "Billing or charges", counted from 1 under the prompt
COMPLAINT_RAISED = 4  # the wrap-up's outcome, counted the same way


async def _take_complaint(page: ConsolePage) -> str:
    """The complaint form open: what its line about the caller says; then the four steps
    typed and saved."""
    assert isinstance(page.pilot.app.screen, RaiseComplaintScreen)
    said = words(region_text(page.pilot.app, "#complaint-caller"))
    await page.keys("enter", *(["down"] * BILLING), "enter")
    await page.keys("tab", *"Charged twice in March", "tab", *"the double charge")
    await page.keys("tab", *"refund the second payment", "ctrl+s")
    assert not isinstance(page.pilot.app.screen, RaiseComplaintScreen)
    return said


async def _read_on_the_queue(page: ConsolePage) -> tuple[str, str, str, str]:
    """As the supervisor: the complaints table's reference, the line above it, the line
    under it, and the complaint read in full (`v`)."""
    await page.log_in(SUPERVISOR)
    await page.keys("ctrl+g", "f4")
    app = page.pilot.app
    assert isinstance(app.screen, QueueScreen)
    table = app.screen.query_one("#complaints-due-table", DataTable)
    reference = str(table.get_row_at(0)[0])
    status = words(region_text(app, "#queue-complaints-status"))
    detail = words(region_text(app, "#complaints-due-detail"))
    await page.keys("v")
    assert isinstance(app.screen, ComplaintTextScreen)
    whole = words(region_text(app, "#complaint-text"))
    return reference, status, detail, whole


async def test_a_complaint_from_a_caller_who_locked_the_record_warns_the_supervisor(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        assert "Locked" in await page.lock_verification()
        await page.end_call_to_wrap_up()
        await page.wrap_up(outcome=COMPLAINT_RAISED, save=False)
        await page.keys("f10")
        said = await _take_complaint(page)
        assert said == "Caller not verified (locked: possible fraud): the complaint says so."
        await page.keys("ctrl+s")
        await page.save_without_notes()
        await page.keys("ctrl+o")

        reference, status, detail, whole = await _read_on_the_queue(page)
        assert reference == "1001 2345 P?"
        assert "Complaints open: 1, 0 overdue, 1 from a caller not verified (?)." in status
        assert "caller not verified (locked: possible fraud)" in detail
        assert (
            "Raised in a call where the caller was not verified (verification locked: possible "
            "fraud; 3 failed checks). The real customer may never have complained: verify "
            "whoever you speak to before discussing it."
        ) in whole

    # Read from the call's events each time: nothing of it is kept with the complaint.
    with console_database(demo_settings) as uow:
        [complaint] = uow.complaints.of_customer(1)
        assert complaint.interaction_id is not None
        steps = [e.action.value for e in uow.audit.for_interaction(complaint.interaction_id)]
    assert steps.index("verification.locked") < steps.index("complaint.raised")


async def test_a_complaint_from_a_verified_caller_names_the_level_and_is_not_marked(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        assert "Standard" in await page.answer("SE1 2QT")
        await page.keys("f10")
        said = await _take_complaint(page)
        assert said == "Caller verified to Standard: the complaint says so."
        await page.end_call()
        await page.keys("ctrl+o")

        reference, status, detail, whole = await _read_on_the_queue(page)
        assert reference == "1001 2345 P"
        assert "not verified" not in status and "not verified" not in detail
        assert "Raised in a call where the caller was verified to Standard." in whole
        assert "may never have complained" not in whole


async def test_a_complaint_raised_outside_a_call_says_no_caller_was_verified(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await page.keys("f10")
        assert isinstance(console.screen, RaiseComplaintScreen)
        assert not console.screen.query("#complaint-caller")  # no caller to speak of
        await page.keys("escape", "escape", "ctrl+o")  # the form, the record, log out
        with console_uow_factory(demo_settings) as uows:
            plant_complaint(uows)  # taken from a letter, back office

        reference, _, detail, whole = await _read_on_the_queue(page)
        assert reference == "1001 2345 P" and "not verified" not in detail
        assert "Raised outside a call: no caller was verified for it." in whole


async def test_the_complaint_form_with_its_caller_line_fits_80x24_without_scrolling(
    console: CustinfoApp,
) -> None:
    """The line about the caller took the form one line past 80x24: as the follow-up box
    took the focus its bottom edge scrolled into view and the category row went out of it."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        assert "Locked" in await page.lock_verification()  # the longest line about the caller
        await page.keys("f10")
        app = page.pilot.app
        assert isinstance(app.screen, RaiseComplaintScreen)
        for box in ("category", "said", "apology", "solution", "follow-up"):
            assert app.focused is not None and app.focused.id == f"complaint-{box}"
            assert focus_out_of_view(app) is None
            shown = screen_text(app)
            assert "Complaint from John Smith (1001 2345 P), in this call" in shown
            assert "Caller not verified (locked: possible fraud)" in shown
            assert "1 Listen" in shown and "4 Follow up" in shown
            assert not app.screen.query_one("#complaint-form").scrollbars_enabled[0]
            await page.keys("tab")
