"""Opening a record from the lookup: the access-reason prompt, the record and its history."""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.access_reason import AccessReasonScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.representative import SecurityAnswerScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, screen_text

SIZE = (80, 24)


def _viewed_events(settings: Settings) -> list[str | None]:
    with console_database(settings) as uow:
        events = uow.audit.list_recent(action=AuditAction.CUSTOMER_VIEWED.value)
    return [event.reason for event in events]


async def test_opening_a_record_asks_why_and_records_the_answer(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.choose("john smith")
        await page.no_customer_in_touch()
        assert isinstance(console.screen, AccessReasonScreen)
        assert "Why are you opening this record?" in screen_text(console)

        await press(pilot, "enter", *"letter of 20 Nov", "enter")

        assert isinstance(console.screen, RecordScreen)
        shown = screen_text(console)
        assert "John Smith" in shown and "Date of birth" in shown

        await press(pilot, "3")
        shown = screen_text(console)
        assert "Record opened" in shown
        assert "Customer wrote in" in shown  # the full reason scrolls at 80 columns

        await press(pilot, "escape")
        assert isinstance(console.screen, LookupScreen)
    assert _viewed_events(demo_settings) == [
        "Customer wrote in (letter or e-mail): letter of 20 Nov"
    ]


async def test_other_needs_a_description_and_nothing_is_opened_until_given(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.choose("john smith")
        await page.no_customer_in_touch()
        await press(pilot, "end", "enter", "enter")
        assert "Describe the reason in Details." in screen_text(console)
        assert isinstance(console.screen, AccessReasonScreen)
    assert _viewed_events(demo_settings) == []


async def test_cancelling_the_reason_opens_nothing(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.choose("john smith")
        await page.no_customer_in_touch()
        await press(pilot, "escape")
        assert isinstance(console.screen, LookupScreen)
    assert _viewed_events(demo_settings) == []


async def test_the_security_question_form_hands_back_what_was_typed_and_it_is_saved(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office("john smith")
        await page.keys("f8")
        assert isinstance(console.screen, SecurityAnswerScreen)

        await page.keys(*"First pet?", "tab", *"Biscuit", "ctrl+s")

        assert console.screen is record
        assert any(n.message == "Security question saved." for n in console._notifications)
