"""Keys typed straight after one that opens a screen act on that screen, in order.

A key's action pushed its screen, but the new screen had no focus until it was mounted:
the key read in between went to it, or to the screen it covered, and was lost. F7 then
Down, Down, Down, Enter opened the desk's third section instead of its fourth; Enter on the
desk then "n" opened the section without its new-request form.
"""

from __future__ import annotations

from textual.widgets import Input

from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.breaches import BreachesScreen
from custinfo_tui.tui.screens.call_record import CallRecordScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.dpo_desk import DpoDeskScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from tests.support.console_page import ConsolePage
from tests.support.screen import press, region_text, settle, typed_in_one_go, typed_in_reads
from tests.support.tour import DPO

SIZE = (80, 24)


async def test_f7_then_down_three_times_and_enter_in_one_go_opens_the_fourth_section(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        assert isinstance(console.screen, LookupScreen)

        typed_in_one_go(console, "f7", "down", "down", "down", "enter")
        await settle(pilot)

        assert isinstance(console.screen, BreachesScreen)


async def test_f7_then_down_and_enter_in_reads_close_together_opens_the_second_section(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)

        await typed_in_reads(console, ["f7"], ["down"], ["enter"])
        await settle(pilot)

        assert console.screen.__class__.__name__ == "ErasureScreen"


async def test_enter_on_the_desk_then_n_in_one_go_opens_the_new_request_form(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await press(pilot, "f7")
        assert isinstance(console.screen, DpoDeskScreen)

        typed_in_one_go(console, "enter", "n")  # the first section: subject access
        await settle(pilot)

        assert isinstance(console.screen, DeskFormScreen)
        assert isinstance(console.screen_stack[-2], SubjectAccessScreen)


async def test_a_letter_key_then_a_reference_in_one_go_types_it_in_the_form_it_opens(
    console: CustinfoApp,
) -> None:
    """The "n" of the requests' list opens the new-request form; what is typed with it goes
    into the form's first box, not to the list the form covers."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await press(pilot, "f7")
        await press(pilot, "enter")
        assert isinstance(console.screen, SubjectAccessScreen)

        typed_in_one_go(console, "n", *"CUS")
        await settle(pilot)

        assert isinstance(console.screen, DeskFormScreen)
        assert console.screen.query_one("#sar-reference", Input).value == "CUS"


async def test_the_callers_first_answer_typed_as_the_call_starts_goes_to_the_call(
    console: CustinfoApp,
) -> None:
    """Found driving the console: Enter on "Phone call", then the date of birth the caller
    gives at once, typed before the call's screen had opened (a worker starts the call).
    The date went nowhere, and the check box stayed empty."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        await press(pilot, *"john smith")
        await press(pilot, "down", "enter")  # the first John Smith: how is he in touch?
        typed_in_one_go(console, "enter", *"12/04/1980", "enter")  # a phone call, his answer
        await settle(pilot)

        assert isinstance(console.screen, CallRecordScreen)
        assert "1 passed" in region_text(console, "#verification-panel")


async def test_a_double_enter_followed_by_an_answer_opens_the_call_and_checks_it(
    console: CustinfoApp,
) -> None:
    """Down, Enter, Enter, the date of birth and Enter in one go on a match: the second
    Enter was read as a bounce of the first and dropped, so the digits went to the channel
    list and the answer was lost. Followed by more keys it was meant: it chooses the phone
    call, and the answer is checked in it."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, *"john smith")

        typed_in_one_go(console, "down", "enter", "enter", *"12/04/1980", "enter")
        await settle(pilot)

        assert isinstance(console.screen, CallRecordScreen)
        assert "Passed: Date of birth." in " ".join(
            region_text(console, "#verification-panel").split()
        )
