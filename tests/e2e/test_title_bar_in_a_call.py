"""The title bar says "in a call" on every screen of a call, not on the record alone.

Found at 80x24: the record said "custinfo — in a call", but the read-back of changed
details, the complaint form (F10) and the wrap-up, all in the same call, said "custinfo —
customer information console".
"""

from __future__ import annotations

from textual.widgets import Input, Select

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from tests.support.console_page import ConsolePage
from tests.support.screen import press, screen_text, settle, words

SIZE = (80, 24)
IN_A_CALL = "custinfo — in a call"
OUTSIDE_A_CALL = "custinfo — customer information console"


def _title(app: CustinfoApp) -> str:
    """The title bar's words, as the top line shows them."""
    return words(screen_text(app).splitlines()[0])


async def test_the_read_back_of_a_change_in_a_call_says_in_a_call(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        assert IN_A_CALL in _title(console)
        for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):
            await page.answer(answer)
        await press(pilot, "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        edit.query_one("#town-input", Input).value = "Croydon"
        edit.query_one("#town-reason", Select).value = "Customer moved"
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        assert IN_A_CALL in _title(console)


async def test_the_complaint_form_and_the_wrap_up_of_a_call_say_in_a_call(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        assert OUTSIDE_A_CALL in _title(console)
        await page.call("john smith")
        await press(pilot, "f10")
        assert isinstance(console.screen, RaiseComplaintScreen)
        assert IN_A_CALL in _title(console)
        await press(pilot, "escape")  # nothing typed: back to the call at once

        await page.end_call_to_wrap_up()
        assert IN_A_CALL in _title(console)
        await page.wrap_up()
        # The call is over: the lookup is the console's again.
        assert isinstance(console.screen, LookupScreen)
        assert OUTSIDE_A_CALL in _title(console)


async def test_a_complaint_taken_outside_a_call_does_not_say_in_a_call(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await press(pilot, "f10")
        assert isinstance(console.screen, RaiseComplaintScreen)
        assert "in a call" not in _title(console)


#: A new customer no demo record resembles, in the order Tab goes through the form.
AMARA = ("Amara", "Okafor", "03/03/1985", "07700 900321", "amara.okafor@example.com")
ADDRESS = ("5 Elm Grove", "", "Leeds", "LS1 4AP")


async def test_the_read_back_of_a_new_customer_names_the_call_as_its_form_does(
    console: CustinfoApp,
) -> None:
    """The new customer's form said "new customer - Phone call" and its read-back, the same
    call, "customer information console", as if the call had gone."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        capture = await page.start_capture(AMARA[0])
        for value in (*AMARA[1:], *ADDRESS):
            await press(pilot, "tab", *value)
        assert "custinfo — new customer - Phone call" in _title(console)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        await page.save_without_notes()
        assert isinstance(console.screen, ReadBackScreen) and console.screen is not capture
        assert "custinfo — new customer - Phone call" in _title(console)


async def test_the_read_back_of_a_change_in_the_back_office_says_back_office(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await press(pilot, "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        assert "custinfo — back office" in _title(console)
        edit.query_one("#town-input", Input).value = "Croydon"
        edit.query_one("#town-reason", Select).value = "Customer moved"
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        assert "custinfo — back office" in _title(console)
