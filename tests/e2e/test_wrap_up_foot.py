"""The wrap-up's foot follows what is chosen now (MP-18; docs/after-the-call.md).

Found by a call handler: a locked-out caller's wrap-up starts at *Caller not verified* and
its foot says why; the outcome changed to *No action*, the foot still said why *Caller not
verified* was chosen. The enquiry type's note did the same, and so did what a data
protection request's tick boxes do, after another type was chosen. Each note now goes with
its choice: gone once it is changed, back once it is chosen again.
"""

from __future__ import annotations

from textual.widgets import Select
from textual.widgets._toast import Toast

from custinfo_tui.domain.capture import DEFAULT_ENQUIRY_TYPES
from custinfo_tui.domain.data_protection.rights import DATA_PROTECTION_ENQUIRY
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.wrap_up import DEFAULT_OUTCOMES
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.wrap_up_form import CARD_NOTE, RIGHTS_NOTE
from tests.support.console_page import (
    BILLING_QUESTION,
    FOLLOW_UP,
    NO_ACTION,
    ConsolePage,
    logged_in,
)
from tests.support.database import console_database
from tests.support.screen import region_text, screen_text, screen_words, settle

SIZE = (80, 24)
#: Places in the default lists, counted from 1 under the prompt.
COMPLAINT = DEFAULT_ENQUIRY_TYPES.index("Complaint") + 1
DATA_PROTECTION = DEFAULT_ENQUIRY_TYPES.index(DATA_PROTECTION_ENQUIRY) + 1
NOT_VERIFIED = [o.key for o in DEFAULT_OUTCOMES].index("not_verified") + 1
COMPLAINT_RAISED = [o.key for o in DEFAULT_OUTCOMES].index("complaint_raised") + 1
RESOLVED = 1
COMPLAINT_CATEGORY = 2  # "Billing or charges", counted from 1 under the prompt
LOCKED_OUT = (
    "Outcome chosen as the caller was locked out: check it, and change it if the call was "
    "about something else."
)


def _foot(console: CustinfoApp) -> str:
    """What the wrap-up's foot says, its wrapped lines run together."""
    return region_text(console, "#wrap-message")


async def _choose(page: ConsolePage, box: str, place: int) -> None:
    """Choose the `place`-th entry (from 1, under the prompt) of the list `box`."""
    page.pilot.app.screen.query_one(box, Select).focus()
    await page.keys("enter", "home", *(["down"] * place), "enter")


async def test_the_outcomes_note_goes_once_another_is_chosen_and_comes_back_with_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.lock_verification()
        await page.end_call_to_wrap_up()
        assert _foot(console) == f"{LOCKED_OUT} {CARD_NOTE}"

        await _choose(page, "#wrap-outcome", NO_ACTION)
        assert _foot(console) == CARD_NOTE  # nothing said of "Caller not verified"
        await _choose(page, "#wrap-outcome", NOT_VERIFIED)
        assert _foot(console) == f"{LOCKED_OUT} {CARD_NOTE}"

        # A data protection request says what its tick boxes do, until another is chosen.
        await _choose(page, "#wrap-enquiry", DATA_PROTECTION)
        assert _foot(console) == f"{LOCKED_OUT} {RIGHTS_NOTE}"
        await _choose(page, "#wrap-enquiry", BILLING_QUESTION)
        assert _foot(console) == f"{LOCKED_OUT} {CARD_NOTE}"

        await _choose(page, "#wrap-outcome", NO_ACTION)
        await page.keys("tab", *"Rang to ask about the bill; locked out", "ctrl+s")
        assert isinstance(console.screen, LookupScreen)

    with console_database(demo_settings) as uow:
        started = uow.audit.list_recent(action=AuditAction.INTERACTION_STARTED.value)
        rows = [uow.interactions.get(event.interaction_id or 0) for event in started]
        assert [(r.enquiry_type, r.outcome) for r in rows if r is not None] == [
            ("Billing question", "no_action")
        ]


async def test_a_complaints_notes_follow_each_choice_and_a_problem_put_right(
    console: CustinfoApp,
) -> None:
    """A complaint raised starts the type and the outcome, one note for both: each goes
    with its own choice. A problem put right gives back the note for what is still chosen
    (it went back to the card note alone)."""
    async with logged_in(console) as page:
        await page.call("zoe taylor")
        await page.keys("f10", "enter", *(["down"] * COMPLAINT_CATEGORY), "enter")
        await page.keys("tab", *"Charged twice", "tab", *"the double charge")
        await page.keys("tab", *"refund the second payment", "ctrl+s")
        await page.end_call_to_wrap_up()
        assert _foot(console).startswith(
            "Enquiry type and outcome chosen as a complaint was raised in the call: check them"
        )

        await _choose(page, "#wrap-enquiry", BILLING_QUESTION)
        assert _foot(console) == (
            "Outcome chosen as a complaint was raised in the call: check it, and change it "
            f"if the call was about something else. {CARD_NOTE}"
        )
        await _choose(page, "#wrap-outcome", RESOLVED)
        assert _foot(console) == CARD_NOTE
        await _choose(page, "#wrap-enquiry", COMPLAINT)
        assert _foot(console).startswith("Enquiry type chosen as a complaint was raised")

        await _choose(page, "#wrap-outcome", 0)  # back to "Choose the outcome"
        await page.keys("ctrl+s")
        assert _foot(console).startswith("Not saved: Choose the outcome")
        await _choose(page, "#wrap-outcome", COMPLAINT_RAISED)
        assert _foot(console).startswith(
            "Enquiry type and outcome chosen as a complaint was raised in the call: check them"
        )


async def test_a_notification_takes_rows_from_the_form_not_the_foot_and_keeps_a_reference_whole(
    console: CustinfoApp,
) -> None:
    """Found ending a call at once after a change: "Changes saved", said on the record, was
    drawn over the wrap-up's foot, where it says why the type was chosen. Then on the
    lookup, "Wrapped up: John Smith (1001 2345" ended a line and "P)." began the next."""
    async with console.run_test(size=SIZE, notifications=True) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")
        await page.keys("f9", "ctrl+s")  # the consent form as it stands: "Consent recorded."
        wrap_up = await page.end_call_to_wrap_up()
        [toast] = wrap_up.query(Toast)
        assert "Consent recorded." in str(toast.render())
        assert not toast.region.overlaps(wrap_up.query_one("#wrap-message").region)
        assert CARD_NOTE in screen_words(console)

        await page.wrap_up(enquiry=BILLING_QUESTION, outcome=RESOLVED, notes="Asked the balance")
        await settle(pilot)
        assert isinstance(console.screen, LookupScreen)
        assert any(
            "Wrapped up: John Smith (1001 2345 P)." in line
            for line in screen_text(console).splitlines()
        )


async def test_a_follow_up_date_refused_says_what_date_to_give(console: CustinfoApp) -> None:
    """Found by a first-day handler: "Follow-up date: that date has passed." did not say
    whether today would do."""
    async with logged_in(console) as page:
        await page.call("zoe taylor")
        await page.answer("30/08/1995")
        await page.answer("LS6 3HN")
        await page.end_call_to_wrap_up()
        await page.wrap_up(
            enquiry=BILLING_QUESTION,
            outcome=FOLLOW_UP,
            notes="Will ring back",
            follow_up="1/1/2020",
        )
        assert _foot(console) == (
            "Not saved: Follow-up date: that date has passed; give one from today to a year ahead."
        )
