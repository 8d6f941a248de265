"""The example a DPO desk box gives for a customer reference names no customer.

Found by a DPO on the demo: the erasure section and the log-a-request form read
"e.g. 1001 2345 P", John Smith's own reference, as if his record were the one to erase or
to log a request about. The example is the merge form's, a reference no demo record has.
"""

from __future__ import annotations

from textual.widgets import Input

from custinfo_tui.domain.reference import EXAMPLE_REFERENCE, normalise_reference
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.data_protection.erasure import ErasureScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.desk import JOHN_SMITH, dpo_at_the_requests, open_desk_section
from tests.support.screen import screen_text
from tests.support.tour import DPO

SIZE = (80, 24)


def _example_line(console: CustinfoApp) -> str:
    """The one line of the screen that gives a reference as an example."""
    [example] = [line for line in screen_text(console).splitlines() if "e.g. 1" in line]
    return example


async def test_the_erasure_section_gives_an_example_no_customer_has(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "erasure")
        assert isinstance(console.screen, ErasureScreen)
        box = console.screen.query_one("#erase-reference", Input)
        assert box.placeholder == f"e.g. {EXAMPLE_REFERENCE}"
        example = _example_line(console)
        assert EXAMPLE_REFERENCE in example and JOHN_SMITH not in example
    with console_database(demo_settings) as uow:
        assert uow.customers.get_by_reference(normalise_reference(EXAMPLE_REFERENCE)) is None


async def test_the_log_a_request_form_gives_an_example_no_customer_has(
    console: CustinfoApp,
) -> None:
    async with dpo_at_the_requests(console) as page:
        await page.keys("n")
        assert isinstance(console.screen, DeskFormScreen)
        box = console.screen.query_one("#sar-reference", Input)
        assert box.placeholder == f"e.g. {EXAMPLE_REFERENCE}"
        example = _example_line(console)
        assert EXAMPLE_REFERENCE in example and JOHN_SMITH not in example
