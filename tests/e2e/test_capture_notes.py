"""The new-customer form is its call's wrap-up (MP-18): with its notes box empty, Ctrl+S
asks first whether to save without notes, as the wrap-up does, and going back to write
them loses nothing typed.

Found trying the product: the wrap-up asked "Save without notes?", the capture form saved
a call with no notes without a word, and the trainer's scoring then failed MP-18 for it.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select

from custinfo_tui.domain.capture import NOTES as NOTES_BOX
from custinfo_tui.repository.orm import Customer, Interaction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import PLACEHOLDERS, CaptureScreen
from custinfo_tui.tui.screens.capture_save import NOTES_WANTED
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, region_text, screen_words, settle

SIZE = (80, 24)
#: A new customer no demo record resembles: fictitious, every line read back.
AMARA = {
    "given_name": "Amara",
    "family_name": "Okafor",
    "date_of_birth": "03/03/1985",
    "phone": "07700 900321",
    "email": "amara.okafor@example.com",
    "address_line1": "5 Elm Grove",
    "town": "Leeds",
    "postcode": "LS1 4AP",
}
#: The boxes Tab goes through from the given name to the postcode (address line 2 empty).
FORM_ORDER = (*list(AMARA)[:6], "address_line2", "town", "postcode")
NOTES = "Opened an account by phone; welcome pack to follow."


async def _form_typed_without_notes(pilot: Pilot[None]) -> CaptureScreen:
    """The agent logged in, a new customer by phone, consent as offered, New account, every
    detail typed but the notes."""
    await ConsolePage(pilot).log_in()
    await press(pilot, "f6", "enter", "ctrl+s")  # a phone call; consent as offered
    await press(pilot, "enter", "down", "enter", "tab")  # New account, then the first box
    for key in FORM_ORDER:
        await press(pilot, *AMARA.get(key, ""), *([] if key == "postcode" else ["tab"]))
    capture = pilot.app.screen
    assert isinstance(capture, CaptureScreen)
    return capture


async def _save_asked(pilot: Pilot[None]) -> ChoiceScreen[bool]:
    await press(pilot, "ctrl+s")
    await settle(pilot)  # the duplicate check runs first, then the form goes on
    question = pilot.app.screen
    assert isinstance(question, ChoiceScreen)
    return question


def _saved_amara(settings: Settings) -> tuple[Customer, Interaction] | None:
    with console_database(settings) as uow:
        session = uow.session
        customer = session.scalars(select(Customer).where(Customer.given_name == "Amara")).first()
        if customer is None:
            return None
        call = session.scalars(
            select(Interaction).where(Interaction.customer_id == customer.id)
        ).one()
        session.expunge_all()
        return customer, call


async def test_saving_a_new_customer_with_no_notes_asks_first(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _form_typed_without_notes(pilot)
        question = await _save_asked(pilot)

        shown = screen_words(console)
        assert "Save without notes?" in shown
        assert "Every call should have notes: what was asked and what was done" in shown
        assert "Go back to the notes" in shown and "Save without notes" in shown
        # The answer highlighted goes back: an Enter typed ahead does not save without them.
        assert question.query_one("#choices", OptionList).highlighted == 0
        assert question.choices[0] == ("Go back to the notes", False)

    assert _saved_amara(demo_settings) is None  # nothing read back, nothing saved


async def test_going_back_to_the_notes_keeps_every_value_and_focuses_the_notes(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        capture = await _form_typed_without_notes(pilot)
        await _save_asked(pilot)
        await press(pilot, "enter")  # Go back to the notes

        assert console.screen is capture
        notes = capture.query_one("#notes-input", Input)
        assert notes.has_focus
        # What the empty box asks for, whole at 80 columns (it was cut after "every call has").
        assert PLACEHOLDERS[NOTES_BOX] in region_text(console, "#notes-input")
        assert NOTES_WANTED in region_text(console, "#capture-message")
        for key in FORM_ORDER:
            assert capture.query_one(f"#{key}-input", Input).value == AMARA.get(key, "")
        assert capture.query_one("#enquiry", Select).value == "New account"

        # With the notes typed, Ctrl+S goes straight to the read-back, and saves them.
        await press(pilot, *NOTES, "ctrl+s")
        await settle(pilot)
        assert isinstance(console.screen, ReadBackScreen)
        await press(pilot, *["enter"] * len(AMARA), "ctrl+s")
        await settle(pilot)
        assert isinstance(console.screen, RecordScreen)

    saved = _saved_amara(demo_settings)
    assert saved is not None and saved[1].notes == NOTES


async def test_a_handler_may_still_save_a_new_customer_without_notes(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _form_typed_without_notes(pilot)
        await _save_asked(pilot)
        await press(pilot, "down", "enter")  # Save without notes
        await settle(pilot)
        assert isinstance(console.screen, ReadBackScreen)
        await press(pilot, *["enter"] * len(AMARA), "ctrl+s")
        await settle(pilot)
        assert isinstance(console.screen, RecordScreen)

    saved = _saved_amara(demo_settings)
    assert saved is not None
    customer, call = saved
    assert (customer.family_name, call.enquiry_type, call.notes) == ("Okafor", "New account", None)
