"""A name stored with a variation selector is the name the handler types without one.

"Jane" followed by U+FE0F (a variation selector, which chooses how a character is drawn,
not which it is) looks exactly like "Jane" on screen. A handler typing "Jane Smith" must
find that customer as Jane Smith, first, and be warned of her as the same name when
capturing a new Jane Smith, not as a slip like Janet.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import DataTable

from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.orm import Customer
from custinfo_tui.services.capture import create_customer
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import CaptureScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import press, region_text, settle

SIZE = (80, 24)
JANE_WITH_SELECTOR = "Jane\ufe0f"


def _new_smith(given_name: str, date_of_birth: str, phone: str) -> NewCustomer:
    values = {
        "given_name": given_name,
        "family_name": "Smith",
        "date_of_birth": date_of_birth,
        "phone": phone,
        "address_line1": "4 Mill Lane",
        "town": "Inverness",
        "postcode": "IV2 3AB",
    }
    return NewCustomer(
        template="new_customer",
        values=values,
        enquiry_type="New account",
        consent=ConsentAnswers(),
        read_back=ReadBackConfirmation(
            confirmed=frozenset(values), double_entered=frozenset({"phone"})
        ),
        different_person_reason="A different person at the same address",
    )


def _plant_smiths(settings: Settings) -> int:
    """Janet Smith, then Jane+U+FE0F Smith born 03/07/1984, captured as any customer is;
    Jane's id."""
    with console_uow_factory(settings) as uow_factory:
        agent = actor_for(uow_factory, "agent")
        for new in (
            _new_smith("Janet", "21/11/1975", "07700 900458"),
            _new_smith(JANE_WITH_SELECTOR, "03/07/1984", "07700 900457"),
        ):
            create_customer(uow_factory(), agent, CapturePolicy(), Channel.PHONE, new)
    with console_database(settings) as uow:
        planted = select(Customer).where(Customer.given_name == JANE_WITH_SELECTOR)
        return uow.session.scalars(planted).one().id


def _names_listed(app: CustinfoApp) -> list[str]:
    table = app.screen.query_one("#results", DataTable)
    return [table.get_row_at(i)[1].plain for i in range(table.row_count)]


async def test_jane_smith_typed_finds_jane_with_a_variation_selector_first(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    jane_id = _plant_smiths(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        await press(pilot, *"jane smith")
        await settle(pilot)
        listed = _names_listed(console)
    # Janet Smith is a slip away: the exact name comes before her.
    assert listed[0] == f"{JANE_WITH_SELECTOR} Smith"
    assert "Janet Smith" in listed
    with console_database(demo_settings) as uow:
        jane = uow.customers.get(jane_id)
        assert jane is not None
        # The name is kept as typed; only its key leaves the selector out.
        assert (jane.given_name, jane.given_key) == (JANE_WITH_SELECTOR, "jane")


async def test_capturing_jane_smith_warns_of_jane_with_a_variation_selector_as_the_same_name(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    jane = _plant_smiths(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        capture = await page.start_capture("Jane")
        await press(pilot, "tab", *"Smith", "tab", *"03/07/1984")
        await pilot.pause(0.6)  # the duplicate check waits for typing to stop
        await settle(pilot)
        assert isinstance(capture, CaptureScreen)
        first = capture.candidates[0]
        assert first.match is not None and first.match.customer_id == jane
        assert "same name" in first.reasons
        shown = region_text(console, "#duplicates-box")
    assert "same name" in shown and "STRONG" in shown
