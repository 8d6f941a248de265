"""A section of the data protection desk opens with no notification of the last one on
show (docs/data-protection.md), at 80x24.

Found trying the console as the DPO: a request logged ("Subject access request logged.")
then Escape and the erasure section, and the notification sat for seconds over the
erasure section's reason box, the box the DPO types in next, hiding most of its example.
"""

from __future__ import annotations

from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.data_protection.erasure import ErasureScreen
from custinfo_tui.tui.screens.dpo_desk import DpoDeskScreen
from tests.support.console_page import logged_in
from tests.support.desk import JOHN_SMITH, dpo_at_the_requests, log_requests
from tests.support.screen import screen_text
from tests.support.tour import DPO

LOGGED = "Subject access request logged."
#: The example in the erasure section's reason box, whole when nothing covers it.
REASON_EXAMPLE = "customer's written request of 2"


def _told(console: CustinfoApp) -> str:
    return " ".join(str(n.message) for n in console._notifications)


async def test_the_next_section_opens_with_the_last_ones_notification_gone(
    console: CustinfoApp,
) -> None:
    async with logged_in(console, DPO) as page:
        await page.keys("f7", "enter", "n")  # the requests section, then New request
        await page.keys(*JOHN_SMITH, "tab", *"the customer, by letter", "tab")
        await page.keys(*"passport copy", "ctrl+s")
        assert LOGGED in screen_text(console)  # said, over the requests section

        await page.keys("escape")
        assert isinstance(console.screen, DpoDeskScreen)
        await page.keys("down", "enter")  # Erasure and retention

        assert isinstance(console.screen, ErasureScreen)
        shown = screen_text(console)
        assert LOGGED not in shown and not _told(console)
        assert REASON_EXAMPLE in shown  # the reason box, uncovered


async def test_an_erasure_request_opens_the_erasure_section_uncovered(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Enter on an erasure request opens the erasure section from the requests: what
    was said on the requests goes, as it does between the desk's sections."""
    log_requests(demo_settings, DataRight.ERASURE)
    async with dpo_at_the_requests(console) as page:
        console.notify("Pack written.", markup=False)  # something just said there
        await page.keys("enter")

        assert isinstance(console.screen, ErasureScreen)
        assert "Pack written." not in screen_text(console) and not _told(console)
        assert REASON_EXAMPLE in screen_text(console)
