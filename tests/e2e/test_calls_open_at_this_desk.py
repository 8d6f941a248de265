"""A call is wrapped up once, at this desk, with nothing typed lost (MP-18), driven by keys
at 80x24.

Found by a new handler (the demo, logged in as agent):

- in a call with John Smith, verified to Standard, the command palette's *Calls to
  finish* listed that very call ("never ended"), and Enter wrapped it up: the record still
  showed the call live, and ending it then said "This call is wrapped up already (at
  another desk)", at this desk;
- notes typed in the wrap-up, Escape ("Finish later?"), then *Calls to finish* from the
  palette over that question opened a second, empty wrap-up of the same call, which was
  saved: the first one's Ctrl+S then said its notes were not kept;
- *Finish later* threw away what was typed, after asking: a handler pulled to the next
  call lost their notes;
- a call that saved a change, or raised a complaint, and was ended at once started its
  wrap-up at "Choose the enquiry type"; from the calls to finish it started as *Change
  of details*.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.command import CommandList
from textual.widgets import Input, Select

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.calls_to_finish import CallsToFinishScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from custinfo_tui.tui.unsaved_work import LeaveScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.console_page import (
    BILLING_QUESTION,
    FOLLOW_UP,
    RESOLVED,
    ConsolePage,
    logged_in,
)
from tests.support.database import console_database
from tests.support.screen import region_text, screen_text, settle, words

JOHN = "John Smith (1001 2345 P)"
NOTES = "Asked why the bill went up; explained the tariff"
WORDS = "I never agreed to the new price"
FOLLOW_UP_ON = f"{date.today() + timedelta(days=30):%d/%m/%Y}"
COMPLAINT_CATEGORY = 2  # "Billing or charges", counted from 1 under the prompt


def _told(console: CustinfoApp) -> list[str]:
    return [str(n.message) for n in console._notifications]  # (no public API lists them)


def _words(console: CustinfoApp, selector: str = "Screen") -> str:
    """What the screen (or a region of it) says, its wrapped lines run together."""
    shown = screen_text(console) if selector == "Screen" else region_text(console, selector)
    return words(shown)


async def _palette_offers(page: ConsolePage, query: str) -> list[str]:
    """The palette opened on the screen, `query` typed: its entries by title."""
    await page.keys("ctrl+p", *query)
    commands = page.pilot.app.screen.query_one(CommandList)
    return [
        str(commands.get_option_at_index(index).prompt).split("\n")[0]
        for index in range(commands.option_count)
    ]


def _the_call(settings: Settings) -> tuple[int, bool, bool, list[AuditAction]]:
    """The one call taken: its id, whether it ended and was wrapped up, and its wrap-up
    events (opened, ended, wrapped up)."""
    kinds = (
        AuditAction.WRAP_UP_OPENED,
        AuditAction.INTERACTION_ENDED,
        AuditAction.INTERACTION_WRAPPED_UP,
    )
    with console_database(settings) as uow:
        [started] = uow.audit.list_recent(action=AuditAction.INTERACTION_STARTED.value)
        assert started.interaction_id is not None
        row = uow.interactions.get(started.interaction_id)
        assert row is not None
        events = [
            e.action for e in uow.audit.for_interaction(started.interaction_id) if e.action in kinds
        ]
        return (
            started.interaction_id,
            row.ended_at is not None,
            row.wrapped_up_at is not None,
            events,
        )


def _stored(settings: Settings, call: int) -> tuple[str | None, ...]:
    """The wrap-up stored on the call: enquiry type, outcome, notes, words, follow-up."""
    with console_database(settings) as uow:
        row = uow.interactions.get(call)
        assert row is not None
        follow_up = f"{row.follow_up_on:%d/%m/%Y}" if row.follow_up_on else None
        return (row.enquiry_type, row.outcome, row.notes, row.customer_words, follow_up)


async def _type_a_wrap_up(page: ConsolePage) -> WrapUpScreen:
    """A call with John Smith, ended, its whole wrap-up typed and not saved: a billing
    question to follow up."""
    await page.call("john smith")
    wrap_up = await page.end_call_to_wrap_up()
    await page.wrap_up(
        enquiry=BILLING_QUESTION,
        outcome=FOLLOW_UP,
        follow_up=FOLLOW_UP_ON,
        notes=NOTES,
        words=WORDS,
        save=False,
    )
    return wrap_up


async def test_in_a_call_the_palette_offers_no_calls_to_finish_and_the_call_stays_live(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with logged_in(console) as page:
        record = await page.call("john smith")
        await page.answer("12/04/1980")
        assert "Standard" in await page.answer("se12qt")

        offered = await _palette_offers(page, "calls to finish")
        assert "Calls to finish" not in offered
        await page.keys("escape")
        console.action_calls_to_finish()  # however it is asked for, the list is not opened
        await settle(page.pilot)
        assert console.screen is record and record.in_call
        assert "Finish the call on the screen first" in " ".join(_told(console))
        assert "custinfo — in a call" in screen_text(console)

        # Ended here, it is wrapped up here, once, and nothing says "another desk".
        await page.end_call_to_wrap_up()
        await page.wrap_up(enquiry=BILLING_QUESTION, outcome=RESOLVED, notes=NOTES)
        assert isinstance(console.screen, LookupScreen)
        assert not any("another desk" in said for said in _told(console))

    call, ended, wrapped_up, events = _the_call(demo_settings)
    assert (ended, wrapped_up) == (True, True)
    assert events == [
        AuditAction.WRAP_UP_OPENED,
        AuditAction.INTERACTION_ENDED,
        AuditAction.INTERACTION_WRAPPED_UP,
    ]
    assert _stored(demo_settings, call)[:3] == ("Billing question", "resolved", NOTES)


async def test_over_the_wrap_ups_finish_later_question_no_second_wrap_up_is_offered(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with logged_in(console) as page:
        wrap_up = await _type_a_wrap_up(page)
        await page.keys("escape")
        assert isinstance(console.screen, LeaveScreen)
        assert "What is typed so far is kept at this desk with this call" in _words(
            console, ".choice-explain"
        )

        assert "Calls to finish" not in await _palette_offers(page, "calls to finish")
        await page.keys("escape")  # the palette closes; the question is still asked
        assert isinstance(console.screen, LeaveScreen)
        await page.keys("enter")  # "Go back to it"
        assert console.screen is wrap_up
        assert wrap_up.query_one("#wrap-notes", FreeTextArea).text == NOTES
        assert "Calls to finish" not in await _palette_offers(page, "calls to finish")
        await page.keys("escape", "ctrl+s")
        assert isinstance(console.screen, LookupScreen)
        assert _told(console)[-1] == f"Wrapped up: {JOHN}."

    call, _, wrapped_up, events = _the_call(demo_settings)
    assert wrapped_up and events.count(AuditAction.INTERACTION_WRAPPED_UP) == 1
    assert _stored(demo_settings, call) == (
        "Billing question",
        "follow_up",
        NOTES,
        WORDS,
        FOLLOW_UP_ON,
    )


async def test_a_wrap_up_left_for_later_is_given_back_as_typed_from_the_calls_to_finish(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with logged_in(console) as page:
        await _type_a_wrap_up(page)
        await page.keys("escape")
        assert _words(console, ".choice-explain") == (
            "What is typed so far is kept at this desk with this call: Ctrl+P, Calls to "
            "finish opens its wrap-up with it again. Logging out or quitting first loses it."
        )
        await page.keys("down", "enter")  # "Finish later, keeping what is typed"
        assert isinstance(console.screen, LookupScreen)
        assert _told(console)[-1] == (
            "Wrap-up left for later, what was typed kept at this desk until you log out: "
            "Ctrl+P, Calls to finish."
        )
        call, ended, wrapped_up, _ = _the_call(demo_settings)
        assert (ended, wrapped_up) == (True, False)
        assert _stored(demo_settings, call) == (None, None, None, None, None)  # memory only

        # Quitting would lose it, and says so.
        await page.keys("ctrl+q")
        assert isinstance(console.screen, LeaveScreen)
        assert _words(console, ".choice-explain") == (
            f"Quit now and you lose: the wrap-up typed for the call with {JOHN}, left for "
            "later (the call waits in the calls to finish)."
        )
        await page.keys("enter")  # "Go back to it"

        assert "Calls to finish" in await _palette_offers(page, "calls to finish")
        await page.keys("enter")
        await settle(page.pilot)
        assert isinstance(console.screen, CallsToFinishScreen)
        await page.keys("enter")
        wrap_up = console.screen
        assert isinstance(wrap_up, WrapUpScreen)
        assert wrap_up.query_one("#wrap-enquiry", Select).value == "Billing question"
        assert wrap_up.query_one("#wrap-outcome", Select).value == "follow_up"
        assert wrap_up.query_one("#wrap-follow-up", Input).value == FOLLOW_UP_ON
        assert wrap_up.query_one("#wrap-notes", FreeTextArea).text == NOTES
        assert wrap_up.query_one("#wrap-words", BoundedInput).value == WORDS
        assert _words(console, "#wrap-message").startswith(
            "The wrap-up typed before, when it was left for later, is back: check it."
        )
        await page.keys("ctrl+s")
        assert isinstance(console.screen, LookupScreen)  # none left: the list closed

    assert _stored(demo_settings, call) == (
        "Billing question",
        "follow_up",
        NOTES,
        WORDS,
        FOLLOW_UP_ON,
    )


async def test_a_draft_goes_with_the_session_and_logging_out_says_so_first(
    console: CustinfoApp,
) -> None:
    async with logged_in(console) as page:
        await _type_a_wrap_up(page)
        await page.keys("escape", "down", "enter")  # later, keeping what is typed
        await page.keys("ctrl+o")
        assert isinstance(console.screen, LeaveScreen)
        assert _words(console, ".choice-explain").startswith(
            f"Log out now and you lose: the wrap-up typed for the call with {JOHN}"
        )
        await page.keys("down", "enter")  # log out and lose it
        await settle(page.pilot)

        await page.log_in()
        assert isinstance(console.screen, CallsToFinishScreen)
        await page.keys("enter")
        wrap_up = console.screen
        assert isinstance(wrap_up, WrapUpScreen)
        assert wrap_up.query_one("#wrap-notes", FreeTextArea).text == ""
        assert "is back" not in _words(console, "#wrap-message")


async def test_a_call_ended_at_once_starts_its_wrap_up_from_a_change_or_a_complaint(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """As from the calls to finish (docs/after-the-call.md): a change saved starts it as
    *Change of details*, a complaint raised as *Complaint*, outcome *Complaint raised*."""
    async with logged_in(console) as page:
        await page.call("john smith")
        for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):  # High: an e-mail may change
            await page.answer(answer)
        await page.keys("f6")
        assert isinstance(console.screen, EditScreen)
        console.screen.query_one("#email-input").focus()
        await page.keys("ctrl+a", "ctrl+k", *"john.smith.new@example.com")
        console.screen.query_one("#email-reason").focus()
        await page.keys("enter", "down", "enter", "ctrl+s")
        await page.keys("enter")  # the caller confirms the new e-mail as read back
        await page.keys("ctrl+s")
        assert isinstance(console.screen, RecordScreen)

        wrap_up = await page.end_call_to_wrap_up()
        assert wrap_up.query_one("#wrap-enquiry", Select).value == "Change of details"
        assert wrap_up.query_one("#wrap-outcome", Select).is_blank()
        assert _words(console, "#wrap-message").startswith(
            "Enquiry type chosen as the call saved a change of details: check it"
        )
        await page.keys("tab", "enter", "down", "enter", "ctrl+s")  # resolved
        await page.save_without_notes()
        assert isinstance(console.screen, LookupScreen)

        await page.call("zoe taylor")
        await page.keys("f10", "enter", *(["down"] * COMPLAINT_CATEGORY), "enter")
        await page.keys("tab", *"Charged twice", "tab", *"the double charge")
        await page.keys("tab", *"refund the second payment", "ctrl+s")
        wrap_up = await page.end_call_to_wrap_up()
        assert wrap_up.query_one("#wrap-enquiry", Select).value == "Complaint"
        assert wrap_up.query_one("#wrap-outcome", Select).value == "complaint_raised"
        assert _words(console, "#wrap-message").startswith(
            "Enquiry type and outcome chosen as a complaint was raised in the call: check them"
        )
        await page.keys("ctrl+s")
        await page.save_without_notes()
        assert isinstance(console.screen, LookupScreen)

    with console_database(demo_settings) as uow:
        started = uow.audit.list_recent(action=AuditAction.INTERACTION_STARTED.value)
        rows = [uow.interactions.get(e.interaction_id or 0) for e in reversed(started)]
        stored = [(r.enquiry_type, r.outcome) for r in rows if r is not None]
    assert stored == [("Change of details", "resolved"), ("Complaint", "complaint_raised")]
