"""A third party's request recorded in a call, on the real console (MP-17, MP-18).

A police officer rings about John Smith; the agent, in the call, records the request with
Ctrl+T. Before, the request kept no call: the supervisor deciding it read "Recorded by
agent, ..." as for one taken from a letter, and could not tell which call it came from.
Now the request names its call, and the decision says so.
"""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url
from textual.widgets import Select

from custinfo_tui.domain.disclosure_fields import OFFERED
from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.disclosure_decision import DecideDisclosureScreen
from custinfo_tui.tui.screens.disclosure_request import DisclosureRequestScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.acting import main_as
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.desk import open_desk_section
from tests.support.screen import press, region_text, screen_text, settle
from tests.support.tour import AGENT, DPO, SUPERVISOR

SIZE = (80, 24)
JOHN_SMITH = 1
#: The place of the Phone box among the request form's field boxes, from 0.
PHONE = [item.keys for item in OFFERED].index(("phone",))
#: A request sent by letter, recorded from the lookup: no call to name.
_BY_LETTER = DisclosureRequestIn(
    requester="J Example, Council Tax",
    organisation="Example Borough Council",
    identity_check="Letter on the council's headed paper, checked by phone",
    lawful_basis=LAWFUL_BASES[1],
    asked_for="The account holder's address",
    fields=("address_line1",),
    channel=CHANNELS[1],
)


async def _record_in_the_call(page: ConsolePage, app: CustinfoApp) -> None:
    """Ctrl+T on the record in the call: DC Morgan's request for the phone number."""
    await page.keys("ctrl+t")
    form = app.screen
    assert isinstance(form, DisclosureRequestScreen)
    await page.keys(*"DC 4321 Morgan", "enter", *"Example Constabulary", "enter")
    await page.keys(*"Called back on the force switchboard", "enter")
    await page.keys("enter", "down", "enter")  # the first lawful basis
    assert form.query_one("#disclosure-basis", Select).value == LAWFUL_BASES[0]
    await page.keys("tab", *"Phone number of the account holder", "enter")
    await page.keys(*(["down"] * PHONE), "space")
    await page.keys("tab", "enter", "down", "enter")  # the first channel
    assert form.query_one("#disclosure-channel", Select).value == CHANNELS[0]
    await page.keys("ctrl+s")
    await settle(page.pilot)
    assert isinstance(app.screen, RecordScreen) and app.screen.in_call


async def test_the_supervisor_reads_which_call_a_request_was_recorded_in(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await _record_in_the_call(page, console)
        await page.end_call()
        await press(pilot, "ctrl+o")  # log out from the lookup
        await settle(pilot)

        with console_database(demo_settings) as uow:
            [request] = uow.disclosures.for_customer(JOHN_SMITH)
            assert request.fields == ["phone"]
            call = request.interaction_id
            assert call is not None
            interaction = uow.interactions.get(call)
            assert interaction is not None and interaction.customer_id == JOHN_SMITH
            started = interaction.started_at
            assert AuditAction.DISCLOSURE_REQUESTED in [
                e.action for e in uow.audit.for_interaction(call)
            ]

        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        assert isinstance(console.screen, QueueScreen)
        await press(pilot, "f3", "f3", "enter")  # disclosure requests only
        assert isinstance(console.screen, DecideDisclosureScreen)
        said = region_text(console, "#decide-disclosure-box")
        recorded = f"Recorded by agent, {request.requested_at:%d %b %Y %H:%M}"
        assert f"{recorded}, in the phone call of {started:%H:%M} Who asks: DC 4321" in said


async def test_the_dpo_desk_and_the_command_line_name_the_call_a_request_came_from(
    console: CustinfoApp, demo_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """The decision said which call a request came from, but the desk's list and `custinfo
    disclosures list` did not: the DPO could not tell a request taken in a call from one
    sent by letter without opening each. One recorded outside a call names none."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await _record_in_the_call(page, console)
        await page.end_call()
        await press(pilot, "ctrl+o")
        await settle(pilot)
        with console_database(demo_settings) as uow:
            [request] = uow.disclosures.for_customer(JOHN_SMITH)
            assert request.interaction_id is not None
            call = uow.interactions.get(request.interaction_id)
            assert call is not None
            named = f"the phone call of {call.started_at:%H:%M}"
        services = console.services()
        agent = services.authenticate(*AGENT).actor
        services.request_disclosure(agent, JOHN_SMITH, _BY_LETTER)  # outside any call

        await page.log_in(DPO)
        await open_desk_section(pilot, "disclosures")
        await settle(pilot)
        detail = region_text(console, "#disclosures-detail")
        assert detail.startswith("Example Constabulary: ") and "fields: Phone;" in detail
        assert detail.endswith(f"; recorded in {named}"), detail
        assert "waiting for approval" in screen_text(console)  # Status, still in sight
        await press(pilot, "down")
        detail = region_text(console, "#disclosures-detail")
        assert detail.startswith("Example Borough Council: ") and "recorded in" not in detail

    capsys.readouterr()
    database = str(make_url(demo_settings.database_url).database)
    assert main_as(["--db", database, "disclosures", "list"]) == 0
    heading, in_call, by_letter = capsys.readouterr().out.splitlines()[:3]
    assert heading.endswith("  by  recorded in")
    assert in_call.endswith(f"  {named}") and "Example Constabulary" in in_call
    assert by_letter.endswith("  -") and "Example Borough Council" in by_letter
