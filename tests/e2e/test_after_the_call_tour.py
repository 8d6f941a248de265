"""Found touring what happens after a call, as a first-week handler and their supervisor,
by keyboard at 80x24 (docs/after-the-call.md)."""

from __future__ import annotations

from textual.widgets import Input

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.follow_up_window import FOLLOW_UP_PASSED
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.console_page import BILLING_QUESTION, FOLLOW_UP, ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, region_text, screen_text

SIZE = (80, 24)
BILLING = 2  # the complaint category "Billing or charges", counted from 1 under the prompt
JOHN_SMITH = 1


def _last_notes(settings: Settings) -> str | None:
    """The notes kept with the last call started."""
    with console_database(settings) as uow:
        [started, *_] = uow.audit.list_recent(action=AuditAction.INTERACTION_STARTED.value)
        call = uow.interactions.get(started.interaction_id or 0)
        assert call is not None and call.wrapped_up_at is not None
        return call.notes


async def test_notes_typed_after_the_outcome_follow_the_note_added_in_the_call(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The wrap-up's notes start with the note added in the call, "to complete"; but the
    box's cursor stood at its start, so what the handler typed straight after choosing the
    outcome (or on Tabbing to the notes) went in front of the note, run into it: "Call
    back on Monday.Lost card". It goes after it now, on a line of its own."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, "ctrl+n", *"Lost card, blocked it", "enter")
        wrap_up = await page.end_call_to_wrap_up()
        notes = wrap_up.query_one("#wrap-notes", FreeTextArea)
        assert notes.text.startswith("Lost card, blocked it")
        await press(pilot, "enter", "home", *["down"] * BILLING_QUESTION, "enter", "tab")
        await press(pilot, "enter", "home", *["down"] * FOLLOW_UP, "enter")

        await press(pilot, *"New card in 5 days")

        assert notes.text == "Lost card, blocked it\nNew card in 5 days"
        shown = screen_text(console)
        assert "Lost card, blocked it" in shown and "New card in 5 days" in shown
        await press(pilot, "tab", *"12/01/2027", "ctrl+s")
    assert _last_notes(demo_settings) == "Lost card, blocked it New card in 5 days"


def _line(app: CustinfoApp) -> str:
    """The complaint form's message line, as one line."""
    return region_text(app, "#complaint-message")


async def test_the_complaint_forms_line_says_every_problem_and_moves_on_as_each_is_put_right(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The complaint refused with three boxes to correct said only the first ("Not saved:
    Type what was apologised for."), the two others on borders that show what fits; once
    the apology was typed the line still said it, and every border kept its red. It says
    each box's problem now, as the wrap-up does, and the next one once one is put right."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.keys("f10", "enter", *(["down"] * BILLING), "enter")
        await page.keys(*"Charged twice", "tab", "tab", "tab", *"01/01/2026", "ctrl+s")
        form = console.screen
        assert isinstance(form, RaiseComplaintScreen)
        assert _line(console) == (
            "Not saved: Type what was apologised for. Also to correct: Put it right: Type"
            " the proposed solution; Follow up: Follow-up date: that date has passed; give one"
            " from today to a year ahead."
        )
        apology = form.query_one("#complaint-apology", FreeTextArea)
        assert console.focused is apology

        await page.keys(*"the double charge")

        assert not apology.has_class("-problem")
        assert _line(console) == "Not saved: Type the proposed solution."
        await page.keys("tab", *"a refund")
        assert _line(console) == f"Not saved: {FOLLOW_UP_PASSED}"
        assert form.query_one("#complaint-follow-up", Input).has_class("-problem")
        await page.keys("tab", "ctrl+u", *"12/01/2027")
        assert _line(console) == "Card numbers are taken out of what is typed before it is kept."
        await page.keys("ctrl+s")
        assert not isinstance(console.screen, RaiseComplaintScreen)

    with console_database(demo_settings) as uow:
        [complaint] = uow.complaints.of_customer(JOHN_SMITH)
        assert (complaint.apology, complaint.solution) == ("the double charge", "a refund")


async def test_a_note_shortened_to_fit_is_no_longer_said_to_be_too_long(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A note of 317 characters refused, then shortened to fit: the box's border stopped
    counting, but the line under it still said "The note is 317 characters; at most 300.
    Shorten it." until Enter, as if it were still too long."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, "ctrl+n", *("Lost card " + "x" * 307), "enter")
        assert "The note is 317 characters; at most 300. Shorten it." in screen_text(console)

        await press(pilot, *["backspace"] * 20)

        shown = screen_text(console)
        assert "Add a note to this call" in shown
        assert "at most 300" not in shown and "too long" not in shown
        await press(pilot, "enter")
        assert "Add a note to this call" not in screen_text(console)
    with console_database(demo_settings) as uow:
        added = uow.audit.list_recent(action=AuditAction.NOTE_ADDED.value)
        assert [e.details for e in added] == [{"characters": 297}]


async def test_a_reason_typed_long_enough_is_no_longer_said_to_be_too_short(
    console: CustinfoApp,
) -> None:
    """A note of three characters refused, then typed again in full: the line under the box
    still said "Give at least 5 characters (3 so far)" under a note of 46, until Enter."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await press(pilot, "ctrl+n", *"cb?", "enter")
        assert "Give at least 5 characters (3 so far)" in screen_text(console)

        await press(pilot, *"Wants a call back after 5pm about the bill")

        shown = screen_text(console)
        assert "Wants a call back after 5pm about the bill" in shown
        assert "Give at least" not in shown and "so far" not in shown
