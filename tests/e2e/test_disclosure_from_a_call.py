"""A third party's request recorded in a call, on the real console (MP-17, MP-18).

A police officer rings about John Smith; the agent, in the call, records the request with
Ctrl+T. Before, the request kept no call: the supervisor deciding it read "Recorded by
agent, ..." as for one taken from a letter, and could not tell which call it came from.
Now the request names its call, and the decision says so.
"""

from __future__ import annotations

from textual.widgets import Select

from custinfo_tui.domain.disclosure_fields import OFFERED
from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.disclosure_decision import DecideDisclosureScreen
from custinfo_tui.tui.screens.disclosure_request import DisclosureRequestScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, region_text, settle
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN_SMITH = 1
#: The place of the Phone box among the request form's field boxes, from 0.
PHONE = [item.keys for item in OFFERED].index(("phone",))


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
        await press(pilot, "f3", "f3", "f3", "f3", "f3", "enter")  # disclosure requests only
        assert isinstance(console.screen, DecideDisclosureScreen)
        said = " ".join(region_text(console, "#decide-disclosure-box").split())
        recorded = f"Recorded by agent, {request.requested_at:%d %b %Y %H:%M}"
        assert f"{recorded}, in the phone call of {started:%H:%M} Who asks: DC 4321" in said
