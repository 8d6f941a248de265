"""The DPO's list of requests, back from the erasure desk an erasure request opened: the
list and the line under it say what is true now (docs/data-protection.md, "An erasure
request refused for a legal hold is answered in one step").

Found by a DPO: the request logged, Enter opened the erasure desk on its record; erased
there (or the request refused for a hold, or nothing done), Escape came back to a list
still saying "Erasure request logged." under it, the last thing done on that page, not
what had just been done at the erasure desk.
"""

from __future__ import annotations

from custinfo_tui.domain.data_protection.erasure import HoldKind
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.subject_access import SubjectAccessRequest
from custinfo_tui.services import erasure
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.data_protection.erasure import ErasureScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import JOHN_SMITH, dpo_at_the_requests, log_requests
from tests.support.screen import region_text, settle

REASON = "Customer's written request of 1 Dec"


def _said(console: CustinfoApp) -> str:
    return region_text(console, "#sar-said")


def requests_listed(console: CustinfoApp) -> list[SubjectAccessRequest]:
    screen = console.screen
    assert isinstance(screen, SubjectAccessScreen)
    return screen.requests


async def _back(page: ConsolePage) -> None:
    await page.keys("escape")
    await settle(page.pilot)
    assert isinstance(page.pilot.app.screen, SubjectAccessScreen)


async def test_back_from_erasing_the_list_says_it_was_erased_not_the_request_logged(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with dpo_at_the_requests(console) as page:
        await page.keys("n", *"1001 2345 P", "tab", *"The customer, by letter", "tab")
        await page.keys(*"Passport seen", "tab", "tab", *"erasure", "ctrl+s")
        await settle(page.pilot)
        assert _said(console) == "Erasure request logged."

        await page.keys("enter")  # Open erasure; left with nothing done
        assert isinstance(console.screen, ErasureScreen)
        await settle(page.pilot)
        await _back(page)
        [request] = requests_listed(console)
        assert _said(console) == (
            f"Nothing erased, held or refused for request {request.id}: it is as it was."
        )

        await page.keys("enter")
        await settle(page.pilot)
        await page.keys(*REASON, "f2", "down", "enter")  # Erase 1001 2345 P
        await settle(page.pilot)
        await _back(page)
        assert _said(console).startswith("1001 2345 P erased: ")
        assert "values replaced." in _said(console)
        detail = region_text(console, "#sar-detail")
        assert "The record was erased on " in detail
        assert "1 open, 0 overdue" in region_text(console, "#sar-status")  # A closes it

    with console_database(demo_settings) as uow:
        row = uow.customers.get_by_reference(JOHN_SMITH.replace(" ", ""))
        assert row is not None and row.status == "erased"


async def test_back_from_refusing_for_a_hold_the_list_says_the_request_is_refused(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    [request] = log_requests(demo_settings, DataRight.ERASURE)
    with console_uow_factory(demo_settings) as uows:
        dpo = actor_for(uows, "dpo")
        erasure.set_legal_hold(uows(), dpo, JOHN_SMITH, HoldKind.LEGAL_CLAIM, "Claim of 1 Dec")
    async with dpo_at_the_requests(console) as page:
        assert "1 open, 0 overdue" in region_text(console, "#sar-status")
        await page.keys("enter")
        assert isinstance(console.screen, ErasureScreen)
        await settle(page.pilot)
        await page.keys(*"Refused: kept for a legal claim, Art. 17(3)(e)", "f2")
        await page.keys("down", "enter")  # Record the refusal
        await settle(page.pilot)
        await _back(page)
        said = _said(console)
        assert said.startswith("Refusal recorded: 1001 2345 P is held")
        assert f"Erasure request {request.id} is closed as refused" in said
        assert "none open" in region_text(console, "#sar-status")

    with console_database(demo_settings) as uow:
        row = uow.subject_access.get(request.id)
        assert row is not None and row.refusal_reason is not None
