"""The DPO's requests list on the real console, driven by keys: its main key, Enter, is
named in the footer by what it does for the highlighted request and listed in the command
palette (docs/data-protection.md, "Acting on a request")."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.services import subject_access
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.data_protection.erasure import ErasureScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.desk import open_desk_section
from tests.support.screen import screen_text
from tests.support.tour import DPO

SIZE = (80, 24)
JOHN_SMITH = "1001 2345 P"


def _log(settings: Settings, *rights: DataRight) -> None:
    """A request of each right about John Smith, received today, in the order given."""
    today = datetime.now(UTC).date()
    with console_uow_factory(settings) as uow_factory:
        dpo = actor_for(uow_factory, "dpo")
        for right in rights:
            given = SubjectAccessIn(
                customer_reference=JOHN_SMITH,
                requested_by="The customer, by letter",
                identity_check="Passport seen",
                received_on=today,
                right=right,
            )
            subject_access.log_request(uow_factory(), dpo, given, today)


def _footer(app: CustinfoApp) -> str:
    return screen_text(app).splitlines()[-1].split("▏")[0].rstrip()


async def test_the_footer_and_the_palette_name_what_enter_does_for_the_highlighted_request(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: Enter starts each request (the pack, erasure, the restriction...),
    yet the footer named every key but it and the palette did not list it."""
    _log(demo_settings, DataRight.ACCESS, DataRight.ERASURE, DataRight.RESTRICTION)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        console._notifications.clear()  # the login's notice covers the list
        await open_desk_section(pilot, "subject-access")
        assert isinstance(console.screen, SubjectAccessScreen)

        assert _footer(console).startswith("⏎ Write pack esc Back n New a Answer")
        assert _footer(console).endswith("^q Quit")
        await page.keys("ctrl+p")
        shown = screen_text(console)
        assert "Write pack (⏎)" in shown
        assert "Write the request's pack to a file (as X)" in shown
        await page.keys("escape", "down")
        assert _footer(console).startswith("⏎ Open erasure esc Back")
        await page.keys("down")
        assert _footer(console).startswith("⏎ Restrict esc Back")

        # Enter does what the footer says: the restriction form, then erasure.
        await page.keys("enter")
        assert isinstance(console.screen, DeskFormScreen)
        assert "Restrict processing" in screen_text(console)
        await page.keys("escape")
        assert isinstance(console.screen, SubjectAccessScreen)
        await page.keys("up", "ctrl+p", *"erasure", "enter")
        assert isinstance(console.screen, ErasureScreen)


async def test_with_no_request_listed_enter_is_not_offered(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "subject-access")
        assert "none open" in screen_text(console)
        assert "⏎" not in _footer(console)
        assert _footer(console).startswith("esc Back n New a Answer r Restrict x Export")
