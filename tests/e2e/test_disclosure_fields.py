"""Which fields a third party is sent (MP-17), on the real console at 80x24, driven by keys.

Found by explorers: a police request for "current address and phone number" was ticked
with Phone, E-mail and Address line 1. The DPO could only release all three or refuse, and
the release sent "12 Acacia Road", no town, no postcode. The address is one box now, and
the approver unticks what the request is answered without; the release says which fields
were approved and which not, and the record's timeline both.
"""

from __future__ import annotations

from textual.widgets import DataTable

from custinfo_tui.domain.disclosure_fields import ADDRESS_KEYS
from custinfo_tui.domain.disclosures import (
    CHANNELS,
    LAWFUL_BASES,
    DisclosureRequestIn,
    DisclosureStatus,
)
from custinfo_tui.services import disclosures
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.disclosure_decision import DecideDisclosureScreen, ReleaseScreen
from custinfo_tui.tui.unsaved_work import LeaveScreen
from tests.e2e.test_disclosures import ADDRESS, EMAIL, PHONE, _record_police_request, _rows
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import (
    goes_on_under_itself,
    press,
    region_lines,
    region_text,
    screen_text,
    screen_words,
    settle,
)
from tests.support.tour import DPO

SIZE = (80, 24)
JOHN_SMITH = 1


def _released(app: CustinfoApp) -> dict[str, str]:
    table = app.screen.query_one("#release-table", DataTable)
    return {str(row[0]): str(row[1]) for row in map(table.get_row_at, range(table.row_count))}


async def _open_on_the_desk(page: ConsolePage) -> DecideDisclosureScreen:
    """As the DPO: the desk's third-party disclosures, the first request opened."""
    await page.log_in(DPO)
    await press(page.pilot, "f7", "down", "down", "enter", "enter")
    screen = page.pilot.app.screen
    assert isinstance(screen, DecideDisclosureScreen)
    return screen


async def test_the_dpo_unticks_the_email_and_releases_the_phone_and_the_whole_address(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await _record_police_request(page, console, (PHONE, EMAIL, ADDRESS))
        await press(pilot, "escape", "ctrl+o")

        await _open_on_the_desk(page)
        shown = screen_text(console)
        assert "Fields to release: Space unticks one the request is answered without" in shown
        # Tab from the reason goes to the fields (the dialog's box is no stop of its own).
        await press(pilot, *"Sch. 2 para 2; the e-mail is not needed", "tab")
        assert console.focused is console.screen.query_one("#decide-disclosure-fields")
        assert "space Tick" in screen_text(console).splitlines()[-1]
        await press(pilot, "down", "space")  # E-mail, unticked
        await press(pilot, "ctrl+y")
        await settle(pilot)
        assert isinstance(console.screen, ReleaseScreen)
        await settle(pilot)
        said = region_text(console, "#release-fields")
        assert said == "Approved: Phone, Address. Not approved, not to be sent: E-mail."
        released = _released(console)
        assert list(released) == ["Phone", "Address line 1", "Address line 2", "Town", "Postcode"]
        assert "@" not in " ".join(released.values())  # no e-mail address on the screen
        await press(pilot, "escape", "escape", "escape")
        await page.open_back_office("john smith")
        await press(pilot, "3")
        timeline = " / ".join(_rows(console, "#history-table"))
        assert "approved (disclosure 1): Phone, Address; not approved: E-mail" in timeline

    with console_database(demo_settings) as uow:
        request = uow.disclosures.get(1)
        assert request is not None and request.status == DisclosureStatus.RELEASED
        assert request.fields == ["phone", "email", *ADDRESS_KEYS]
        assert request.approved_fields == ["phone", *ADDRESS_KEYS]


async def test_unticking_every_field_approves_nothing_and_says_why(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await _record_police_request(page, console)
        await press(pilot, "escape", "ctrl+o")

        await _open_on_the_desk(page)
        await press(pilot, *"Sch. 2 applies", "shift+tab", "space", "down", "space", "ctrl+y")
        assert isinstance(console.screen, DecideDisclosureScreen)
        assert "Tick at least one field to release, or refuse the request." in " ".join(
            region_text(console, "#decide-disclosure-message").split()
        )
        # The reason emptied, the fields unticked are not lost to one Escape either.
        await press(pilot, "tab", "ctrl+u", "escape")
        assert isinstance(console.screen, LeaveScreen)
        await settle(pilot)
        assert "you lose: the fields unticked." in screen_words(console)

    with console_database(demo_settings) as uow:
        request = uow.disclosures.get(1)
        assert request is not None and request.status == DisclosureStatus.PENDING


async def test_a_request_for_a_line_of_the_address_alone_says_what_it_leaves_out(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A request recorded before the address was one box may ask for its first line
    alone: the approver is told, before approving a street with no town or postcode."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await _record_police_request(page, console)
        await press(pilot, "escape", "ctrl+o")
        with console_database(demo_settings) as uow:  # as it was stored before
            stored = uow.disclosures.get(1)
            assert stored is not None
            stored.fields = ["phone", "address_line1"]
            uow.commit()

        await _open_on_the_desk(page)
        said = region_text(console, "#decide-disclosure-part")
        assert said.startswith("Only part of the address was asked for (Address line 1)")
        assert "X\N{LEFT HALF BLOCK} Address line 1" in screen_text(console)
        # Still on the screen under it at 80x24: the reason box and what is said under it.
        assert "Approving shows you the fields ticked" in screen_text(console)


async def test_a_long_answer_on_the_request_goes_on_under_itself_not_under_its_label(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The request's answers are beside their labels in a column: what a long request asks
    for went on at the dialog's left edge, under "Asked for:", as a line of its own."""
    asked = (
        "The account holder's current address and phone number, and any address they "
        "gave us in the last two years"
    )
    with console_uow_factory(demo_settings) as uows:
        disclosures.request_disclosure(
            uows(),
            actor_for(uows, "agent"),
            JOHN_SMITH,
            DisclosureRequestIn(
                requester="DC 4321 Morgan",
                organisation="Example Constabulary",
                identity_check="Called back on the force switchboard",
                lawful_basis=LAWFUL_BASES[0],
                asked_for=asked,
                fields=("phone",),
                channel=CHANNELS[0],
            ),
        )
    async with console.run_test(size=SIZE) as pilot:
        await _open_on_the_desk(ConsolePage(pilot))
        lines = region_lines(console, "#decide-disclosure-box")
        goes_on_under_itself(lines, "The account holder's", asked)
        column = next(line for line in lines if "Asked for:" in line).index("The account")
        assert next(line for line in lines if "Who asks:" in line).index("DC 4321") == column
