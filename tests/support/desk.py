"""The data protection desk: F7 on the lookup, then one of its sections, by keys; and the
requests a DPO logs, set up through the service before the console starts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList

from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.subject_access import SubjectAccessIn, SubjectAccessRequest
from custinfo_tui.services import subject_access
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.dpo_desk import DpoDeskScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage, logged_in
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import press, until
from tests.support.tour import DPO

#: John Smith's reference, the demo's first customer, as the desk shows it and a DPO types it.
JOHN_SMITH = "1001 2345 P"


async def open_desk_section(pilot: Pilot[Any], section: str) -> None:
    """F7 from the lookup, then down the desk's list to `section` and Enter."""
    await press(pilot, "f7")
    # On a loaded machine the desk's screen can open a moment after the key is read.
    await until(pilot, lambda: isinstance(pilot.app.screen, DpoDeskScreen))
    assert isinstance(pilot.app.screen, DpoDeskScreen)
    options = pilot.app.screen.query_one("#desk-sections", OptionList)
    while (
        options.highlighted is None
        or options.get_option_at_index(options.highlighted).id != section
    ):
        await press(pilot, "down")
    await press(pilot, "enter")


@asynccontextmanager
async def dpo_at_the_requests(console: CustinfoApp) -> AsyncIterator[ConsolePage]:
    """The console at 80x24 with the DPO logged in, the desk's requests list open (F7, its
    first section, Enter)."""
    async with logged_in(console, DPO) as page:
        await page.keys("f7", "enter")
        assert isinstance(console.screen, SubjectAccessScreen)
        yield page


def log_requests(
    settings: Settings,
    *rights: DataRight,
    reference: str = JOHN_SMITH,
    received_on: date | None = None,
) -> list[SubjectAccessRequest]:
    """A request of each right (one of access if none) about the customer `reference`,
    received on `received_on` (today if None), logged by the DPO in the order given: the
    customer asked by letter, a passport seen."""
    today = datetime.now(UTC).date()
    with console_uow_factory(settings) as uow_factory:
        dpo = actor_for(uow_factory, "dpo")
        return [
            subject_access.log_request(
                uow_factory(),
                dpo,
                SubjectAccessIn(
                    customer_reference=reference,
                    requested_by="The customer, by letter",
                    identity_check="Passport seen",
                    received_on=received_on or today,
                    right=right,
                ),
                today,
            )
            for right in rights or (DataRight.ACCESS,)
        ]


def reference_of(settings: Settings, customer_id: int) -> str:
    """The customer's reference as stored, formatted as the desk shows it."""
    with console_database(settings) as uow:
        customer = uow.customers.get(customer_id)
        assert customer is not None
        return format_reference(customer.reference)
