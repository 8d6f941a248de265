"""An address outside the UK at the console, by keys only: a new customer in Paris taken
with the country and the postcode used there, and the call's notes; a customer moving
abroad on the change form (MP-01, MP-05, MP-10, MP-18).

Found by a tester: "75001" in the only postcode box was refused as "not a UK postcode
format", the form had no box for the country or a postcode from elsewhere, and none for
the call's notes either.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input

from custinfo_tui.repository.orm import Address, Customer, FieldChange, Interaction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.edits import correct
from tests.support.screen import press, region_text, screen_text

SIZE = (80, 24)


def _message(app: CustinfoApp, key: str) -> str:
    return region_text(app, f"#{key}-message")


def _box(app: CustinfoApp, key: str) -> Input:
    return app.screen.query_one(f"#{key}-input", Input)


async def _keys(pilot: Pilot[None], *keys: str) -> None:
    await press(pilot, *keys)


async def test_a_new_customer_in_paris_is_saved_with_the_country_and_the_calls_notes(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        await _keys(pilot, "f6", "enter", "ctrl+s")  # a phone call; consent as offered
        capture = console.screen
        assert isinstance(capture, CaptureScreen)
        assert _box(console, "foreign_postcode").disabled  # no country yet: the UK
        await _keys(pilot, "enter", "down", "enter", "tab")  # New account
        await _keys(pilot, *"Amélie", "tab", *"Fontaine", "tab", *"14/07/1990", "tab")
        await _keys(pilot, *"07700 900418", "tab", "tab", *"Apartment 4B, 12 Rue de l'Église")
        await _keys(pilot, "tab", "tab", *"Paris", "tab", *"75001")
        # The tester's first try: refused as a UK postcode, saying where one from abroad goes.
        assert _message(console, "postcode") == (
            "That is not a UK postcode format (for example SW1A 1AA). Outside the UK? "
            "Give the country below."
        )
        await _keys(pilot, "tab", *"France")
        assert _message(console, "postcode") == "Not used: only for an address in the UK."
        assert _box(console, "postcode").disabled and _box(console, "postcode").value == "75001"
        await _keys(pilot, "tab")  # to the postcode used there, opened by the country
        assert _box(console, "foreign_postcode").has_focus
        await _keys(pilot, *"75001", "tab")  # support needs shut (no Art. 9): to the notes
        assert _box(console, "notes").has_focus
        await _keys(pilot, *"Opening an account from Paris; card 4111 1111 1111 1111 refused.")
        await _keys(pilot, "ctrl+s")

        read_back = console.screen
        assert isinstance(read_back, ReadBackScreen)
        keys = [line.key for line in read_back.lines]
        assert keys[-2:] == ["country", "foreign_postcode"]
        assert "postcode" not in keys and "notes" not in keys  # notes: the handler's words
        assert "France" in screen_text(console)
        await _keys(pilot, *["enter"] * len(keys), "ctrl+s")

        record = console.screen
        assert isinstance(record, RecordScreen)
        shown = screen_text(console)
        assert "France" in shown and "75001" in shown
        assert "Postcode (outside the UK)" in shown
        customer_id = record.record.customer_id

    with console_database(demo_settings) as uow:
        session = uow.session
        customer = session.get(Customer, customer_id)
        assert customer is not None and customer.given_name == "Amélie"
        [address] = session.scalars(select(Address).where(Address.customer_id == customer_id))
        assert (address.town, address.postcode, address.country) == ("Paris", "75001", "FR")
        [call] = session.scalars(select(Interaction).where(Interaction.customer_id == customer_id))
        assert call.notes == "Opening an account from Paris; card [card number removed] refused."
        assert call.outcome == "customer created" and call.wrapped_up_at is not None


async def test_a_customer_moving_abroad_is_changed_on_the_form(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await _keys(pilot, "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        assert _box(console, "country").value == "United Kingdom"
        assert _box(console, "foreign_postcode").disabled
        _box(console, "address_line1").focus()
        await _keys(pilot, "ctrl+u", *"8 Calle Mayor", "tab", "enter", "down", "enter")
        _box(console, "town").focus()
        await _keys(pilot, "ctrl+u", *"Madrid")
        _box(console, "country").focus()
        await _keys(pilot, "ctrl+u", *"Spain")
        assert _box(console, "postcode").disabled  # the UK postcode goes with the move
        assert _box(console, "postcode").value == "SE1 2QT"  # kept on the form, not used
        await _keys(pilot, "tab", "tab")  # past the country's reason (Customer moved, shared)
        assert _box(console, "foreign_postcode").has_focus
        await _keys(pilot, *"28013", "ctrl+s")

        read_back = console.screen
        assert isinstance(read_back, ReadBackScreen)
        keys = [line.key for line in read_back.lines]
        assert keys == ["address_line1", "town", "country", "foreign_postcode"]
        await _keys(pilot, *["enter"] * len(keys), "ctrl+s")
        assert isinstance(console.screen, RecordScreen)
        shown = screen_text(console)
        assert "Spain" in shown and "28013" in shown and "SE1 2QT" not in shown

    with console_database(demo_settings) as uow:
        session = uow.session
        changes = {
            c.field: c
            for c in session.scalars(select(FieldChange).where(FieldChange.customer_id == 1))
        }
        assert (changes["postcode"].old_value, changes["postcode"].new_value) == ("SE1 2QT", None)
        assert {c.reason for c in changes.values()} == {"Customer moved"}
        addresses = session.scalars(
            select(Address).where(Address.customer_id == 1).order_by(Address.id)
        ).all()
        assert [(a.postcode, a.country, a.is_current) for a in addresses] == [
            ("SE1 2QT", "GB", False),
            ("28013", "ES", True),
        ]


async def test_moving_back_to_the_uk_asks_for_the_uk_postcode_at_its_box(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    with console_uow_factory(demo_settings) as uow_factory:  # John moved to Dublin
        agent = actor_for(uow_factory, "agent")
        with uow_factory() as uow:
            customer = uow.customers.get(1)
            assert customer is not None
            version = customer.version
        abroad = {"country": "Ireland", "foreign_postcode": "D02 X285"}
        correct(uow_factory, agent, 1, version, abroad, reason="Customer moved")
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await _keys(pilot, "f6")
        assert _box(console, "postcode").disabled and _box(console, "postcode").value == ""
        _box(console, "country").focus()
        await _keys(pilot, "ctrl+u", *"UK", "tab", "enter", "down", "enter")  # Customer moved
        assert not _box(console, "postcode").disabled and _box(console, "foreign_postcode").disabled
        await _keys(pilot, "ctrl+s")
        assert isinstance(console.screen, EditScreen)
        assert _message(console, "postcode") == "Enter the postcode: the address is in the UK now."
        assert _box(console, "postcode").has_focus
        assert _box(console, "foreign_postcode").value == "D02 X285"  # nothing typed is lost
        await _keys(pilot, *"se1 2qt", "ctrl+s")
        read_back = console.screen
        assert isinstance(read_back, ReadBackScreen)
        # The whole address back in the UK: the lines kept read with the new ones.
        lines = [(line.key, line.unchanged) for line in read_back.lines]
        assert lines == [
            ("address_line1", True),
            ("town", True),
            ("postcode", False),
            ("country", False),
        ]
