"""A Tab typed after text typed on a drop-down moves exactly one box on.

Found by an explorer as agent, at 80x24: on the complaint form, the category chosen with
Enter, Down, Down, Enter, then what the customer said, Tab, the apology, Tab, the solution,
Tab and a follow-up date typed in one go saved "Charged twice for March, nobody called
backthe double charge..." as what the customer said, every later answer one box early,
and no follow-up date. A character typed on a closed drop-down goes on to the box after it
(widgets/choice_select.py), as if Tab had been pressed first; the Tab typed after that
text was taken for that hand-over (tui/tab_in_order.py, `pass_on`) and so was lost. The
same on the wrap-up's outcome, followed by the notes. Typed key by key or in one go, each
Tab now moves one box, after the drop-down's own hand-over.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.pilot import Pilot

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.console_page import BILLING_QUESTION, FOLLOW_UP, ConsolePage
from tests.support.database import console_database
from tests.support.screen import settle, typed_in_one_go

SIZE = (80, 24)
#: "Billing or charges", counted from 1 under the complaint category's prompt.
BILLING = 2
JOHN_SMITH = 1
#: How the keys reach the console: one read from the terminal, or a key at a time.
WAYS = pytest.mark.parametrize("in_one_go", [True, False], ids=["in one go", "key by key"])


async def _type(pilot: Pilot[None], in_one_go: bool, *keys: str) -> None:
    """`keys` typed together (a fast handler, an auto-type), or one at a time, the console
    idle between them (a slow typist); then settled."""
    if in_one_go:
        typed_in_one_go(pilot.app, *keys)
    else:
        for key in keys:
            await pilot.press(key)
    await settle(pilot)


@WAYS
async def test_each_tab_after_the_complaint_category_moves_one_box(
    console: CustinfoApp, demo_settings: Settings, in_one_go: bool
) -> None:
    follow_up = date.today() + timedelta(days=15)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office("john smith")
        await page.keys("f10")
        assert isinstance(console.screen, RaiseComplaintScreen)
        keys = [
            *("enter", *["down"] * BILLING, "enter"),
            *"Charged twice for March",
            "tab",
            *"the double charge",
            "tab",
            *"refund within 5 days",
            "tab",
            *f"{follow_up:%d/%m/%Y}",
            "ctrl+s",
        ]
        await _type(pilot, in_one_go, *keys)
        assert console.screen is record

    with console_database(demo_settings) as uow:
        [complaint] = uow.complaints.of_customer(JOHN_SMITH)
        assert complaint.category == "Billing or charges"
        assert complaint.customer_said == "Charged twice for March"
        assert complaint.apology == "the double charge"
        assert complaint.solution == "refund within 5 days"
        assert complaint.follow_up_on == follow_up


@WAYS
async def test_each_tab_after_the_wrap_up_outcome_moves_one_box(
    console: CustinfoApp, demo_settings: Settings, in_one_go: bool
) -> None:
    follow_up = date.today() + timedelta(days=15)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.end_call_to_wrap_up()
        await page.keys("enter", *["down"] * BILLING_QUESTION, "enter", "tab")
        keys = [
            *("enter", "home", *["down"] * FOLLOW_UP, "enter"),  # from the top
            *"Call him back",
            "tab",
            *f"{follow_up:%d/%m/%Y}",
            "tab",
            *"Wants it sorted",
            "ctrl+s",
        ]
        await _type(pilot, in_one_go, *keys)
        assert isinstance(console.screen, LookupScreen)

    with console_database(demo_settings) as uow:
        [started] = uow.audit.list_recent(action=AuditAction.INTERACTION_STARTED.value)
        row = uow.interactions.get(started.interaction_id or 0)
        assert row is not None
        assert (row.enquiry_type, row.outcome) == ("Billing question", "follow_up")
        assert row.notes == "Call him back"
        assert row.follow_up_on == follow_up
        assert row.customer_words == "Wants it sorted"
        assert row.wrapped_up_at is not None


async def test_a_shift_tab_after_text_typed_on_a_drop_down_comes_back_to_it(
    console: CustinfoApp,
) -> None:
    """The text goes on to the box after the drop-down; a Shift+Tab typed after it comes
    back one box, to the drop-down, rather than being taken for the hand-over."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await page.keys("f10")
        form = console.screen
        assert isinstance(form, RaiseComplaintScreen)
        typed_in_one_go(console, "enter", *["down"] * BILLING, "enter", *"Twice", "shift+tab")
        await settle(pilot)
        assert console.focused is form.query_one("#complaint-category")
        assert form.query_one("#complaint-said", FreeTextArea).text == "Twice"
