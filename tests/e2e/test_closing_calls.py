"""Supervisors closing calls their handlers left without a wrap-up (MP-18), driven by keys.

From the supervisor queue, F6 lists every operator's calls to finish; Enter closes the
highlighted one with a typed reason. The handler's console, still in that call, is told a
supervisor closed it instead of offering a wrap-up that can no longer be saved.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from textual.widgets import Input, Select

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.verification import Channel, VerificationPolicy
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR
from custinfo_tui.services import closing_calls, verification
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.errors import Outage
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.choose import ReasonScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.unfinished_calls import UnfinishedCallsScreen
from custinfo_tui.tui.unsaved_work import LeaveScreen
from custinfo_tui.tui.widgets.verification_panel import VerificationPanel
from tests.support.actors import actor_for
from tests.support.complaints import plant_complaint
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import (
    confirm_leaving,
    press,
    region_text,
    screen_text,
    screen_words,
    settle,
    typed_in_one_go,
)
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN_SMITH = 1
REASON = "Console killed mid-call, handler on leave"
#: What the handler is told of the call, with the supervisor's reason.
CLOSED = f"A supervisor closed this call (their reason: {REASON})"


def _left_open(settings: Settings) -> int:
    """A call the agent started about John Smith at another desk, whose console then died."""
    with console_uow_factory(settings) as uows:
        state = verification.start_interaction(
            uows(), actor_for(uows, "agent"), VerificationPolicy(), JOHN_SMITH, Channel.PHONE
        )
    return state.interaction_id


def _close_at_another_desk(
    settings: Settings, interaction_id: int, *, wrap_up_open_confirmed: bool = False
) -> None:
    with console_uow_factory(settings) as uows:
        closing_calls.close_call(
            uows(),
            actor_for(uows, "supervisor"),
            interaction_id,
            REASON,
            desk_in_use_confirmed=True,
            wrap_up_open_confirmed=wrap_up_open_confirmed,
        )


def _told(console: CustinfoApp) -> list[str]:
    return [str(n.message) for n in console._notifications]


async def test_a_supervisor_closes_a_call_left_open_from_the_queue_with_a_reason(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    call = _left_open(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g")
        assert isinstance(console.screen, QueueScreen)
        # Never ended: perhaps still going on at the desk, which the count says.
        assert "agent 1 (1 not ended). F6 lists them, to close one." in screen_words(console)

        await page.keys("f6")
        assert isinstance(console.screen, UnfinishedCallsScreen)
        shown = screen_text(console)
        assert "1 without a wrap-up" in shown
        for cell in ("Phone call", "1001 2345 P", "agent", "desk in use?", "0 min"):
            assert cell in shown
        assert "the call may still be going on there" in screen_words(console)
        assert "Close call" in shown  # the footer names the key

        await page.keys("enter")
        assert isinstance(console.screen, ReasonScreen)
        shown = screen_text(console)
        assert "Close agent's phone call with 1001 2345 P" in shown
        explained = region_text(console, ".choice-explain")
        assert "Closing it ends it there too and wraps it up as closed by a supervisor" in explained

        # Escape with a reason typed asks before dropping it; staying keeps it.
        await page.keys(*"Handler", "escape")
        assert isinstance(console.screen, LeaveScreen)
        await page.keys("enter")  # the first choice: stay
        assert isinstance(console.screen, ReasonScreen)
        await page.keys(*" off sick", "enter")

        assert isinstance(console.screen, UnfinishedCallsScreen)
        assert "Call closed: agent's phone call with 1001 2345 P." in _told(console)
        assert "Calls to finish: none, every call is wrapped up." in screen_text(console)
        await page.keys("escape")
        assert isinstance(console.screen, QueueScreen)
        assert "Calls to finish: none, every call is wrapped up." in screen_text(console)

    with console_database(demo_settings) as uow:
        row = uow.interactions.get(call)
        assert row is not None and row.outcome == CLOSED_BY_SUPERVISOR
        assert row.ended_at is not None and row.wrapped_up_at is not None
        wrapped = uow.audit.for_interaction(call)[-1]
    assert wrapped.action is AuditAction.INTERACTION_WRAPPED_UP
    assert wrapped.reason == "Handler off sick" and wrapped.details["desk_in_use"] is True


async def test_a_reason_too_short_is_asked_for_and_nothing_is_closed(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _left_open(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f6", "enter", *"ok", "enter")
        assert isinstance(console.screen, ReasonScreen)
        assert "Give the reason in a few words" in region_text(console, "#reason-message")
        await page.keys("ctrl+u", "escape")  # nothing typed now: back without asking
        assert isinstance(console.screen, UnfinishedCallsScreen)
        assert "1 without a wrap-up" in screen_text(console)


async def test_a_database_that_does_not_answer_is_said_in_words_and_the_call_stays(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _left_open(demo_settings)

    def not_answering(*_args: object, **_kwargs: object) -> None:
        raise Outage()

    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f6")
        monkeypatch.setattr(ConsoleServices, "close_call", not_answering)
        await page.keys("enter", *REASON, "enter")
        assert isinstance(console.screen, UnfinishedCallsScreen)
        assert any(m.startswith("The database did not answer.") for m in _told(console))
        assert not any("error reference" in m for m in _told(console))
        assert "1 without a wrap-up" in screen_text(console)


async def test_the_handlers_console_says_a_supervisor_closed_the_call_on_ending_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The handler was still in the call when a supervisor closed it: ending it offered a
    wrap-up, and said the call was left for later."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        assert record.state is not None
        _close_at_another_desk(demo_settings, record.state.interaction_id)
        await page.keys("escape")
        await confirm_leaving(pilot)
        assert isinstance(console.screen, LookupScreen)
        told = _told(console)
        # With the supervisor's reason: the handler would not know why otherwise.
        said = f"{CLOSED}: it needs no wrap-up now."
        assert said in told
        assert not any("left for later" in m for m in told)


async def test_a_wrap_up_saved_after_a_supervisor_closed_the_call_says_so_and_keeps_nothing(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        assert record.state is not None
        call = record.state.interaction_id
        await page.end_call_to_wrap_up()
        # The supervisor was told the handler has its wrap-up open, and closed it anyway.
        _close_at_another_desk(demo_settings, call, wrap_up_open_confirmed=True)
        await page.wrap_up(notes="Explained the bill")
        assert isinstance(console.screen, LookupScreen)
        assert f"{CLOSED}: it needs no wrap-up now. What was typed here was not kept." in _told(
            console
        )
        await press(pilot, "ctrl+p", *"calls to finish", "enter")
        assert "Every call is wrapped up." in screen_text(console)

    with console_database(demo_settings) as uow:
        row = uow.interactions.get(call)
        assert row is not None
        assert (row.outcome, row.enquiry_type, row.notes) == (CLOSED_BY_SUPERVISOR, None, None)
        wrapped = [
            e
            for e in uow.audit.for_interaction(call)
            if e.action is AuditAction.INTERACTION_WRAPPED_UP
        ]
    assert len(wrapped) == 1


async def test_a_note_typed_after_a_supervisor_closed_the_call_is_said_not_added(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: the note was refused in the check's words ("Start a new one to
    verify the caller.") and thrown away without saying so, and the record went on showing
    a live call (in a call, the next check, F5 Reveal, F2 offering to change the caller)."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        assert record.state is not None
        call = record.state.interaction_id
        _close_at_another_desk(demo_settings, call)
        await page.keys("ctrl+n")
        assert isinstance(console.screen, ReasonScreen)
        await page.keys(*"Wants a call back after 5pm", "enter")

        # Said once, and the console is out of the call: nothing to wrap up or end.
        assert isinstance(console.screen, LookupScreen)
        told = _told(console)
        assert told.count(f"{CLOSED}: the note was not added, and the call needs no wrap-up.") == 1
        assert not any("Start a new one" in m or "left for later" in m for m in told)
        assert "in a call" not in screen_text(console)

    with console_database(demo_settings) as uow:
        row = uow.interactions.get(call)
        assert row is not None and row.notes is None
        actions = [e.action for e in uow.audit.for_interaction(call)]
    assert AuditAction.NOTE_ADDED not in actions


async def test_a_check_after_a_supervisor_closed_the_call_leaves_the_call(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        assert record.state is not None
        _close_at_another_desk(demo_settings, record.state.interaction_id)
        await page.keys(*"12/04/1980", "enter")

        assert isinstance(console.screen, LookupScreen)
        assert f"{CLOSED}: it needs no wrap-up. Start a new one to verify the caller." in _told(
            console
        )
        await page.keys(*"john smith")  # the search box is the next caller's, empty
        assert console.screen.query_one("#search", Input).value == "john smith"


async def test_a_redraw_that_finds_a_supervisor_closed_the_call_leaves_the_call(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The panel redraws from the service after a refusal (a lock set at another desk);
    finding the call closed by a supervisor, the console leaves it as a refusal would."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        assert record.state is not None
        _close_at_another_desk(demo_settings, record.state.interaction_id)
        record.query_one(VerificationPanel).post_message(VerificationPanel.StateMayHaveChanged())
        await settle(pilot)

        assert isinstance(console.screen, LookupScreen)
        assert _told(console) == [f"{CLOSED}: it needs no wrap-up now."]


async def test_changes_saved_after_a_supervisor_closed_the_call_say_they_were_not(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        assert record.state is not None
        for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):
            await page.answer(answer)
        await page.keys("f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        edit.query_one("#town-input", Input).value = "Croydon"
        edit.query_one("#town-reason", Select).value = "Customer moved"
        await settle(pilot)
        _close_at_another_desk(demo_settings, record.state.interaction_id)
        await page.keys("ctrl+s", "enter", "ctrl+s")

        assert isinstance(console.screen, LookupScreen)
        assert not any(isinstance(s, EditScreen | RecordScreen) for s in console.screen_stack)
        assert f"{CLOSED}: the changes were not saved, and the call needs no wrap-up." in _told(
            console
        )

    with console_database(demo_settings) as uow:
        actions = [e.action for e in uow.audit.for_interaction(record.state.interaction_id)]
    assert AuditAction.CUSTOMER_UPDATED not in actions


async def test_f6_f2_and_f5_in_a_call_closed_meanwhile_say_so_before_any_form(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: F6 opened the change form in a call a supervisor had closed, and
    only the save, after the changes were typed and read back, said so; F2 asked who was
    calling, and F5 with nothing to show said "Nothing more may be shown."."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        for key in ("f6", "f2", "f5"):
            record = await page.call("john smith")
            assert record.state is not None
            if key == "f6":
                for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):
                    await page.answer(answer)
            _close_at_another_desk(demo_settings, record.state.interaction_id)
            await page.keys(key)

            assert isinstance(console.screen, LookupScreen), key
            assert not any(isinstance(s, EditScreen) for s in console.screen_stack)
            # F5 before any check asks the service (which records a disclosure it refuses),
            # whose words for a closed call say how to go on with the caller.
            said = {"f5": "it needs no wrap-up. Start a new one to verify the caller."}
            assert f"{CLOSED}: {said.get(key, 'it needs no wrap-up now.')}" in _told(console)
            console._notifications.clear()


async def test_f6_shows_in_the_footer_while_the_items_have_the_focus(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: F6 was left out of the footer always, though it has room while
    the items table has the focus; only the complaints table's own keys fill it."""
    with console_uow_factory(demo_settings) as uows:
        plant_complaint(uows)  # F4 moves to their table only when there is one
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g")
        footer = screen_text(console).splitlines()[-1]
        assert "f6 Calls" in footer and "^q Quit" in footer

        await page.keys("f4")  # the complaints table: its keys take the room
        footer = screen_text(console).splitlines()[-1]
        assert "f6" not in footer and "^q Quit" in footer
        await page.keys("ctrl+p", *"calls to finish")
        assert "Calls (f6)" in screen_text(console)
        await page.keys("escape", "f6")  # still works there
        assert isinstance(console.screen, UnfinishedCallsScreen)


async def test_the_queue_says_when_it_was_read_and_f5_reads_it_again(
    console: CustinfoApp,
) -> None:
    """Found with two desks at work: a supervisor's queue kept counting a call another desk
    had since wrapped up, with nothing to say how old the count was."""
    with time_machine.travel(datetime(2026, 12, 4, 14, 5, tzinfo=UTC), tick=False) as clock:
        async with console.run_test(size=(80, 24)) as pilot:
            await ConsolePage(pilot).log_in(SUPERVISOR)
            await press(pilot, "ctrl+g")
            assert isinstance(console.screen, QueueScreen)
            when = datetime.now().strftime("%H:%M")  # the desk's own time zone
            assert f"The queue is empty, as of {when}." in screen_text(console)

            clock.shift(timedelta(minutes=17))
            await press(pilot, "f5")
            later = datetime.now().strftime("%H:%M")
            assert later != when
            assert f"The queue is empty, as of {later}." in screen_text(console)


async def test_a_reason_typed_with_its_enter_in_one_go_closes_the_call(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found touring two desks: the supervisor typed the reason and Enter together, and the
    box said "Give the reason in a few words", the reason sitting in it: the dialog's Enter
    had acted as the app read it, before the box had the letters typed before it."""
    call = _left_open(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f6", "enter")
        assert isinstance(console.screen, ReasonScreen)
        typed_in_one_go(console, *REASON, "enter")
        await settle(pilot)
        await page.keys()  # the close is saved, and the list read again
        assert isinstance(console.screen, UnfinishedCallsScreen)
        assert "Give the reason" not in screen_text(console)
        assert "Call closed: agent's phone call with 1001 2345 P." in _told(console)

    with console_database(demo_settings) as uow:
        row = uow.interactions.get(call)
        assert row is not None and row.outcome == CLOSED_BY_SUPERVISOR
        assert uow.audit.for_interaction(call)[-1].reason == REASON
