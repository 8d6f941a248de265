"""A record the DPO erases while a handler still has it open (docs/data-protection.md, "A
record erased while it is open"). Found by a tester: the agent kept seeing the erased
values (the timeline's notes, F6's pre-filled form), a save said "That customer record no
longer exists." though the row is there, anonymised, and the lookup's row stayed."""

from __future__ import annotations

from textual.widgets import Input, Select

from custinfo_tui.domain.reference import format_reference
from custinfo_tui.services import erasure
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.screen import press, screen_text, screen_words, settle

SIZE = (80, 24)
ZOE = NAMED_CUSTOMERS[1]
ERASED = "This record was erased on"
NOTHING_HELD = "by dpo. Its personal details are gone;"


def _erase(settings: Settings, customer_id: int) -> None:
    """The DPO erases the record at another desk."""
    with console_uow_factory(settings) as uows:
        dpo = actor_for(uows, "dpo")
        erasure.erase_customer(uows(), dpo, customer_id, "Written request of 1 Dec, ID checked")


async def test_the_next_tab_shown_closes_the_erased_record_back_to_a_fresh_lookup(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office(format_reference(ZOE.reference))
        assert ZOE.family_name in screen_text(console)
        _erase(demo_settings, record.record.customer_id)

        await press(pilot, "3")
        assert isinstance(console.screen, LookupScreen)
        shown = screen_words(console)
        assert ERASED in shown and NOTHING_HELD in shown
        assert ZOE.family_name not in shown  # the results row went with a fresh search
        # The search box takes the next caller's name (a tester's letters went to the
        # empty list, which had kept the focus, and were lost).
        await press(pilot, *"smith")
        assert console.screen.query_one("#search", Input).value == "smith"


async def test_f6_on_an_erased_record_opens_no_form_of_its_old_values(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office(format_reference(ZOE.reference))
        _erase(demo_settings, record.record.customer_id)

        await press(pilot, "f6")
        assert not any(
            isinstance(screen, EditScreen | RecordScreen) for screen in console.screen_stack
        )
        assert ERASED in screen_words(console)


async def test_saving_an_edit_of_a_record_erased_meanwhile_says_so_and_closes_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office(format_reference(ZOE.reference))
        await press(pilot, "f6")
        assert isinstance(console.screen, EditScreen)
        edit = console.screen
        edit.query_one("#phone-input", Input).value = "07700 900456"
        edit.query_one("#phone-reason", Select).value = "New contact details"
        await settle(pilot)
        _erase(demo_settings, record.record.customer_id)
        await page.keys("ctrl+s", "ctrl+d", *"07700 900456", "enter", "ctrl+s")
        shown = screen_words(console)
        assert isinstance(console.screen, LookupScreen), shown
        assert "no longer exists" not in shown
        assert ERASED in shown and NOTHING_HELD in shown
