"""A new customer's call on the real console (MP-18): stored as the channel is chosen, and
ended as any call is, driven by keys.

The call is stored as soon as how the customer is in touch is chosen; Escape out of the
form ends it with its wrap-up (no notes, with no record to keep them on), left for later it
waits in the calls to finish as "new customer, not saved", and a record chosen instead
takes the same call on.
"""

from __future__ import annotations

from sqlalchemy import func, select
from textual.widgets import DataTable

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.orm import Customer, Interaction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.call_record import CallRecordScreen
from custinfo_tui.tui.screens.calls_to_finish import CallsToFinishScreen
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.console_page import NO_ACTION, ConsolePage
from tests.support.database import console_database
from tests.support.screen import confirm_leaving, press, region_text, screen_text, settle

SIZE = (80, 24)


def _calls(settings: Settings) -> list[Interaction]:
    with console_database(settings) as uow:
        session = uow.session  # type: ignore[attr-defined]
        rows = list(session.scalars(select(Interaction).order_by(Interaction.id)))
        session.expunge_all()
        return rows


def _count(settings: Settings, model: type[object]) -> int:
    with console_database(settings) as uow:
        session = uow.session  # type: ignore[attr-defined]
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _finish_rows(app: CustinfoApp) -> list[list[str]]:
    table = app.screen.query_one("#finish-table", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_escape_on_the_form_ends_the_call_with_its_wrap_up(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Abandoned, the new customer's call ends as a call on a record does: the wrap-up
    comes next, keeping the enquiry type and outcome; no notes or words, with no record to
    keep them on, and nothing typed about the person is stored."""
    customers = _count(demo_settings, Customer)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.start_capture("Grace")
        (call,) = _calls(demo_settings)  # stored as the channel was chosen
        assert call.customer_id is None and call.ended_at is None

        await press(pilot, "escape")
        shown = " ".join(screen_text(console).replace("│", " ").split())
        assert "The call's wrap-up comes next." in shown
        await confirm_leaving(pilot)
        wrap = console.screen
        assert isinstance(wrap, WrapUpScreen)
        assert "Wrap up: Phone call with a new customer (not saved)" in screen_text(console)
        assert wrap.query_one("#wrap-notes", FreeTextArea).disabled
        assert wrap.query_one("#wrap-words", BoundedInput).disabled
        assert region_text(console, "#wrap-message").startswith("The new customer was not saved")

        await page.wrap_up(outcome=NO_ACTION)
        assert isinstance(console.screen, LookupScreen)

    (call,) = _calls(demo_settings)
    assert (call.customer_id, call.enquiry_type, call.outcome, call.notes) == (
        None,
        "New account",
        "no_action",
        None,
    )
    assert call.ended_at is not None and call.wrapped_up_at is not None
    assert _count(demo_settings, Customer) == customers
    with console_database(demo_settings) as uow:
        actions = [e.action for e in uow.audit.for_interaction(call.id)]
    assert actions == [
        AuditAction.INTERACTION_STARTED,
        AuditAction.INTERACTION_ENDED,
        AuditAction.INTERACTION_WRAPPED_UP,
    ]


async def test_a_wrap_up_left_for_later_waits_in_the_calls_to_finish(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Escape on the consent script, before anything is recorded, ends the call too; its
    wrap-up left for later, it is among the calls to finish as ended."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("f6", "enter")  # a phone call: the consent script opens
        await page.keys("escape")
        assert isinstance(console.screen, WrapUpScreen)
        await page.keys("escape")  # later
        await settle(pilot)
        assert isinstance(console.screen, LookupScreen)
        assert any("Wrap-up left for later" in n.message for n in console._notifications)

        await page.keys("ctrl+o")
        await page.log_in()
        assert isinstance(console.screen, CallsToFinishScreen)
        [[_, _, customer, state]] = _finish_rows(console)
        assert (customer, state) == ("new customer, not saved", "ended")


async def test_a_record_on_file_chosen_instead_goes_on_with_the_same_call(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """John Smith was on file after all: Enter on his match opens his record in the call
    the capture started, not in a second one."""
    async with console.run_test(size=(100, 30)) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("f6", "enter", "ctrl+s", "enter", "down", "enter", "tab")
        await page.keys(*"John", "tab", *"Smith", "tab", *"12/04/1980")
        await pilot.pause(0.6)  # the duplicate check waits for typing to stop
        await settle(pilot)
        assert isinstance(console.screen, CaptureScreen)
        (started,) = _calls(demo_settings)
        await page.keys("f4", "enter")
        record = console.screen
        assert isinstance(record, CallRecordScreen) and record.in_call

    (call,) = _calls(demo_settings)
    assert record.state is not None and record.state.interaction_id == call.id == started.id
    assert call.customer_id == record.record.customer_id and call.ended_at is None
