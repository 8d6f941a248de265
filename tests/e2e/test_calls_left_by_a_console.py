"""Calls a console left unfinished (MP-18), driven by keys: what the handler's calls to
finish say of each, and what a supervisor closing one is told.

Found by a crash explorer: after a crash the handler's list said "05 Dec 16:02 Phone call
1001 2345 P John Smith never ended" and nothing of what happened in the call; and a
supervisor closed a call whose wrap-up its handler was typing at that moment, told only
"desk in use?" (as every call is for 15 minutes after its console's last action), though
the handler had logged in again and opened that wrap-up.
"""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Select

from custinfo_tui.domain.capture import CapturePolicy, FieldEdit, ReadBackConfirmation
from custinfo_tui.domain.complaints import ComplaintPolicy
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.verification import Channel, CheckKind, VerificationPolicy
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR, UnfinishedCall
from custinfo_tui.services.console import ConsoleServices
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.calls_to_finish import CallsToFinishScreen
from custinfo_tui.tui.screens.choose import ReasonScreen
from custinfo_tui.tui.screens.unfinished_calls import UnfinishedCallsScreen, detail, state_of
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from tests.support.actors import actor_for
from tests.support.console_page import NO_ACTION, ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import region_text, screen_text, screen_words
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN_SMITH = 1  # born 12/04/1980, postcode SE1 2QT, security answer Biscuit
AGENT_PASSWORD = next(op.password for op in DEMO_OPERATORS if op.username == "agent")


def _changed_then_stopped(settings: Settings) -> int:
    """At another desk the agent verified John Smith to High and saved his new e-mail in a
    call; then that console was killed."""
    with console_uow_factory(settings) as uows:
        desk = ConsoleServices(uows, VerificationPolicy(), CapturePolicy(), ComplaintPolicy())
        agent = actor_for(uows, "agent")
        record, state = desk.start_call(agent, JOHN_SMITH, Channel.PHONE)
        call = state.interaction_id
        for kind, answer in (
            (CheckKind.DATE_OF_BIRTH, "12/04/1980"),
            (CheckKind.POSTCODE, "SE1 2QT"),
            (CheckKind.SECURITY_ANSWER, "Biscuit"),
        ):
            assert desk.check_answer(agent, call, kind, answer).passed
        edit = {"email": FieldEdit(value="john.new@example.com", reason="New contact details")}
        confirmed = ReadBackConfirmation(confirmed=frozenset(edit))
        desk.edit_customer(agent, JOHN_SMITH, record.version, edit, confirmed, interaction_id=call)
    return call


async def test_calls_to_finish_say_what_happened_in_a_call_whose_console_stopped(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    call = _changed_then_stopped(demo_settings)
    with console_database(demo_settings) as uow:
        last = uow.audit.for_interaction(call)[-1]
    assert last.action is AuditAction.CUSTOMER_UPDATED

    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        assert isinstance(console.screen, CallsToFinishScreen)  # at login, as before
        said = region_text(console, "#finish-detail")
        assert f"never ended; last activity {last.occurred_at:%H:%M}." in said
        assert "Caller verified to High; changed: E-mail." in said

        # Its wrap-up starts from the change saved, and says so.
        await page.keys("enter")
        wrap = console.screen
        assert isinstance(wrap, WrapUpScreen)
        assert wrap.query_one("#wrap-enquiry", Select).value == "Change of details"
        foot = region_text(console, "#wrap-message")
        assert foot.startswith("Enquiry type chosen as the call saved a change of details")
        await page.keys("tab", "enter", *(["down"] * NO_ACTION), "enter", "ctrl+s")
        await page.save_without_notes()
        # The last one wrapped up: back to the lookup, ready for the next caller.
        assert not isinstance(console.screen, (CallsToFinishScreen, WrapUpScreen))
        told = [str(n.message) for n in console._notifications]  # (no public API lists them)
        assert "Every call is wrapped up." in told

    with console_database(demo_settings) as uow:
        row = uow.interactions.get(call)
        assert row is not None and row.enquiry_type == "Change of details"
        ended = next(
            e for e in uow.audit.for_interaction(call) if e.action is AuditAction.INTERACTION_ENDED
        )
    # Stored as ended at the wrap-up, which says when its console last acted in it.
    assert ended.details["last_activity"] == last.occurred_at.isoformat()


async def test_a_supervisor_is_told_the_handler_is_back_and_has_the_wrap_up_open(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    with console_uow_factory(demo_settings) as uows:
        desk = ConsoleServices(uows, VerificationPolicy(), CapturePolicy(), ComplaintPolicy())
        agent = actor_for(uows, "agent")  # at a desk whose console is then killed
        call = desk.start_call(agent, JOHN_SMITH, Channel.PHONE)[1].interaction_id
        desk.start_new_customer_call(agent, Channel.PHONE)
        back = desk.authenticate("agent", AGENT_PASSWORD).actor  # at another desk
        assert back is not None
        desk.open_wrap_up(back, call)

    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f6")
        assert isinstance(console.screen, UnfinishedCallsScreen)
        rows = screen_text(console).splitlines()
        john = next(row for row in rows if "1001 2345 P" in row)
        new = next(row for row in rows if "new, not saved" in row)
        assert "wrapping up?" in john and "desk in use?" not in john
        # A new customer's call fits whole at 80 columns ("new customer, no…" before).
        assert "…" not in new and "handler back" in new
        said = screen_words(console)
        assert "agent opened its wrap-up at" in said and "may be typing it now" in said
        assert "agent logged in again at" in said

        await page.keys("enter")
        assert isinstance(console.screen, ReasonScreen)
        warning = region_text(console, ".choice-warning")
        assert "agent opened this call's wrap-up at" in warning
        assert "closing the call throws away what they typed" in warning
        await page.keys(*"Handler off sick", "enter")
        assert isinstance(console.screen, UnfinishedCallsScreen)  # closed all the same

    with console_database(demo_settings) as uow:
        row = uow.interactions.get(call)
        assert row is not None and row.outcome == CLOSED_BY_SUPERVISOR
        wrapped = uow.audit.for_interaction(call)[-1]
    assert wrapped.details["wrap_up_open"] is True


def _supervisors_view(settings: Settings, call: int) -> UnfinishedCall:
    """The call as a supervisor's calls list (F6 from the queue) reads it now."""
    with console_uow_factory(settings) as uows:
        desk = ConsoleServices(uows, VerificationPolicy(), CapturePolicy(), ComplaintPolicy())
        listed = desk.unfinished_calls(actor_for(uows, "supervisor"))
    return next(c for c in listed if c.interaction_id == call)


async def test_later_on_a_wrap_up_from_the_calls_to_finish_is_not_wrapping_up_to_a_supervisor(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found in a review: Later on a wrap-up opened from the calls to finish recorded
    nothing, so a supervisor's calls list went on saying "wrapping up?" (the handler may be
    typing it, closing throws it away) while the form was closed and the handler had moved
    on to another call in the list."""
    with console_uow_factory(demo_settings) as uows:
        desk = ConsoleServices(uows, VerificationPolicy(), CapturePolicy(), ComplaintPolicy())
        agent = actor_for(uows, "agent")
        call = desk.start_call(agent, JOHN_SMITH, Channel.PHONE)[1].interaction_id
        desk.end_call(agent, call)  # ended, its wrap-up left for later

    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        assert isinstance(console.screen, CallsToFinishScreen)  # at login
        await page.keys("enter")
        assert isinstance(console.screen, WrapUpScreen)
        assert _supervisors_view(demo_settings, call).wrap_up_open  # typing, maybe
        await page.keys("escape")  # Later, nothing typed: at once
        assert isinstance(console.screen, CallsToFinishScreen)
        await pilot.pause(0.3)  # the worker records it
        await page.pilot.app.workers.wait_for_complete()

        seen = _supervisors_view(demo_settings, call)
        assert not seen.wrap_up_open and state_of(seen) == "ended"
        said = detail(seen, datetime.now(UTC))
        assert "agent left its wrap-up for later at" in said
        assert "waits for their wrap-up in their calls to finish" in said
        assert "may be typing it now" not in said

    with console_database(demo_settings) as uow:
        actions = [event.action for event in uow.audit.for_interaction(call)]
    assert actions[-2:] == [AuditAction.WRAP_UP_OPENED, AuditAction.WRAP_UP_LEFT]


async def test_a_wrap_up_typed_when_its_console_was_killed_is_said_lost_at_the_next_login(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a crash tour: the console killed as the handler typed the wrap-up (the call
    ended from the record, "End the call and wrap it up"), the next login listed the call
    as "never ended" and its wrap-up opened empty, with nothing said of the notes typed."""
    with console_uow_factory(demo_settings) as uows:
        desk = ConsoleServices(uows, VerificationPolicy(), CapturePolicy(), ComplaintPolicy())
        agent = actor_for(uows, "agent")  # at a desk whose console is then killed
        call = desk.start_call(agent, JOHN_SMITH, Channel.PHONE)[1].interaction_id
        desk.open_wrap_up(agent, call)
    with console_database(demo_settings) as uow:
        opened = uow.audit.for_interaction(call)[-1]
    assert opened.action is AuditAction.WRAP_UP_OPENED

    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        assert isinstance(console.screen, CallsToFinishScreen)
        said = region_text(console, "#finish-detail")
        assert said.endswith(
            f"Its wrap-up was opened at {opened.occurred_at:%H:%M} and never saved: anything "
            "typed in it was lost."
        )
        assert "…" not in said  # whole at 80 columns
