"""A new customer's call on the real console (MP-18): stored as the channel is chosen, and
ended as any call is, driven by keys.

Found by an administrator: as agent, F6, Phone call, consent, details typed, then the
console killed (`kill -9`) on the form: nothing of the call was left, not in the calls to
finish nor in the supervisors' count; the trail held only the duplicate check. Now the
call waits to be finished at the next login ("new customer, not saved"); Escape out of the
form ends it with its wrap-up, and a record chosen instead takes the same call on.
"""

from __future__ import annotations

import os
import signal

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from textual.widgets import DataTable, Select

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.orm import Consent, Customer, Interaction
from custinfo_tui.services import wrap_up
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.call_record import CallRecordScreen
from custinfo_tui.tui.screens.calls_to_finish import CallsToFinishScreen
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.actors import actor_for
from tests.support.console_page import NO_ACTION, ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import confirm_leaving, press, region_text, screen_text, settle, words
from tests.support.terminal import on_a_terminal

SIZE = (80, 24)
#: Keys as a terminal sends them.
F6, ENTER, CTRL_S, TAB, DOWN = b"\x1b[17~", b"\r", b"\x13", b"\t", b"\x1b[B"


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


async def test_a_console_killed_on_the_capture_form_leaves_the_call_to_finish(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The console is killed (SIGKILL: nothing runs on the way out) with details typed
    on the form: the call is in the agent's calls to finish, never ended, about a new
    customer not saved, with nothing about them stored; the supervisors count it."""
    assert demo_settings.database_url is not None
    customers, consents = _count(demo_settings, Customer), _count(demo_settings, Consent)
    with on_a_terminal("--db", str(make_url(demo_settings.database_url).database)) as terminal:

        def keys(*typed: bytes, then: str) -> None:
            os.write(terminal.master, b"".join(typed))
            terminal.wait_for(then)

        terminal.wait_for("Operator login")
        keys(b"agent", ENTER, b"agent-demo-2026", ENTER, then="New customer")
        keys(F6, then="How is the new customer in touch?")
        keys(ENTER, then="Consent before taking details")
        keys(CTRL_S, then="Consent: Contract")
        keys(ENTER, DOWN, ENTER, TAB, b"Grace", TAB, b"Hopper", then="Hopper")
        terminal.process.send_signal(signal.SIGKILL)
        assert terminal.until_closed() == -signal.SIGKILL

    (call,) = _calls(demo_settings)
    assert (call.customer_id, call.ended_at, call.wrapped_up_at) == (None, None, None)
    assert (_count(demo_settings, Customer), _count(demo_settings, Consent)) == (
        customers,
        consents,
    )
    with console_uow_factory(demo_settings) as uows:
        counts = wrap_up.open_wrap_ups(uows(), actor_for(uows, "supervisor"))
    assert [(o.operator, o.count, o.not_ended) for o in counts] == [("agent", 1, 1)]

    # The console started again: the agent's login shows the call to finish, and it is
    # wrapped up from there.
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        assert isinstance(console.screen, CallsToFinishScreen)
        [[_, channel, _, customer, state]] = _finish_rows(console)
        assert (channel, customer, state) == (
            "Phone call",
            "new customer, not saved",
            "never ended",
        )
        await page.keys("enter")
        assert isinstance(console.screen, WrapUpScreen)
        assert "Wrap up: Phone call with a new customer (not saved)" in screen_text(console)
        await page.wrap_up(outcome=NO_ACTION)
        assert isinstance(console.screen, LookupScreen)  # none left: the list closed

    (call,) = _calls(demo_settings)
    assert call.ended_at is not None and call.wrapped_up_at is not None
    assert call.outcome == "no_action"


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
        shown = words(screen_text(console).replace("│", " "))
        assert "The call's wrap-up comes next." in shown
        await confirm_leaving(pilot)
        wrap = console.screen
        assert isinstance(wrap, WrapUpScreen)
        assert "Wrap up: Phone call with a new customer (not saved)" in screen_text(console)
        assert wrap.query_one("#wrap-notes", FreeTextArea).disabled
        assert wrap.query_one("#wrap-words", BoundedInput).disabled
        assert region_text(console, "#wrap-message").startswith("The new customer was not saved")

        await page.wrap_up(enquiry=0, outcome=NO_ACTION)  # the form's New account kept
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
        events = uow.audit.for_interaction(call.id)
    assert [e.action for e in events] == [
        AuditAction.INTERACTION_STARTED,
        AuditAction.WRAP_UP_OPENED,
        AuditAction.INTERACTION_ENDED,
        AuditAction.INTERACTION_WRAPPED_UP,
    ]
    # The call ended as its wrap-up opened, not when that was saved.
    _, opened, ended, _ = events
    assert opened.details == {"channel": "phone", "in_call": True}
    assert ended.occurred_at == opened.occurred_at == call.ended_at


async def test_escape_is_named_for_the_call_it_ends(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a handler: the consent script and the form called Escape "Cancel", though
    once the channel is chosen it ends a stored call, whose wrap-up follows. It is named
    "End call" there; the consent opened again from the form (F3) still cancels."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("f6", "enter")  # a phone call: stored as it starts
        footer = screen_text(console).splitlines()[-1]
        assert "esc End call" in footer and "Cancel" not in footer
        await page.keys("ctrl+s", "enter", "down", "enter", "tab")
        assert isinstance(console.screen, CaptureScreen)
        assert "esc End call" in screen_text(console).splitlines()[-1]
        await page.keys("f3")  # the consent again: going back records nothing, ends nothing
        assert "esc Cancel" in screen_text(console).splitlines()[-1]


async def test_ending_the_call_on_the_consent_script_asks_once_answers_are_chosen(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Noticed trying the console: with the caller's marketing answer ticked, Escape ("End call")
    on the consent script ended the call at once; now it asks, and going back keeps the
    tick. Ending it then goes to the call's wrap-up, no consent recorded."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("f6", "enter", "tab", "space")  # the caller says yes to e-mail
        await page.keys("escape")
        assert "End call now and you lose: the consent answers chosen" in screen_text(console)
        await page.keys("escape")  # go back to it
        assert "E-mail" in screen_text(console) and "End call?" not in screen_text(console)
        await page.keys("ctrl+s")
        assert isinstance(console.screen, CaptureScreen)
        assert "marketing: E-mail" in screen_text(console)
    assert _count(demo_settings, Consent) == 0  # nothing is stored before the save


async def test_the_enquiry_type_chosen_on_an_abandoned_form_goes_on_to_its_wrap_up(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a handler: the enquiry type chosen on the form had to be chosen again on
    the wrap-up of the call abandoned."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("f6", "enter", "ctrl+s")
        await page.keys("enter", "down", "down", "enter", "tab", *"Peter")  # Change of details
        await press(pilot, "escape")
        await confirm_leaving(pilot)
        wrap = console.screen
        assert isinstance(wrap, WrapUpScreen)
        assert wrap.query_one("#wrap-enquiry", Select).value == "Change of details"


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
        [[_, _, _, customer, state]] = _finish_rows(console)
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
