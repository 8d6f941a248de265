"""A record holding stored values that fail today's checks can still be edited (MP-13).

A legacy import or another system can leave a surname holding an escape sequence, markup
in an address line, an invisible character in a town. The edit form shows them as they
are (inert: the ESC as the stand-in `␛`), and says at each that it does not pass today's
checks, as a note in the warning colour, not an error. A change to another field (the
given name, which the caller asked for) is saved alone: the boxes left as they were are
neither checked nor sent, so neither the stored values nor the stand-ins shown for them
are saved back as if typed. A box the handler does change is checked as always.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import Select

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.orm import Customer
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.unsaved_work import LeaveScreen
from custinfo_tui.tui.widgets.field_input import FieldInput
from custinfo_tui.tui.widgets.keys_in_order import HIDDEN_NOTE
from tests.support.console_page import logged_in
from tests.support.database import console_database
from tests.support.edit_screen import edit_in_back_office, focus_field
from tests.support.screen import region_text, screen_text, settle

#: John Smith of the demo data (fictitious).
REFERENCE = "1001 2345 P"
#: What a legacy system left in his record: a screen-clearing sequence in the surname,
#: markup in a second address line, and a zero width space in the town.
FAMILY_NAME = "Smith\x1b[2J"
LINE_2 = "[bold]Flat 2"
TOWN = "Lon\u200bdon"
NOTE = "does not pass today's checks"


def _plant(settings: Settings) -> None:
    """The values planted straight into the database, as an import would leave them."""
    with console_database(settings) as uow:
        customer = uow.session.scalars(select(Customer).where(Customer.id == 1)).one()
        customer.family_name = FAMILY_NAME
        address = customer.addresses[-1]
        address.line2, address.town = LINE_2, TOWN
        uow.commit()


def _said_as(edit: EditScreen, key: str) -> str:
    """How the line under a field's box is drawn: "error" (red), "note" (the warning
    colour) or "" (muted)."""
    line = edit.query_one(f"#{key}-message")
    return next((kind for kind in ("error", "note") if line.has_class(kind)), "")


def _stored(settings: Settings) -> tuple[tuple[str | None, ...], list[tuple[str, str | None]]]:
    """John Smith's names and address as stored, and his field history."""
    with console_database(settings) as uow:
        customer = uow.session.scalars(select(Customer).where(Customer.id == 1)).one()
        address = customer.addresses[-1]
        values = (customer.given_name, customer.family_name, address.line2, address.town)
        changes = [(c.field, c.new_value) for c in uow.customers.field_changes(customer.id)]
    return values, changes


async def test_a_change_to_one_field_saves_with_failing_stored_values_left_as_they_are(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _plant(demo_settings)
    async with logged_in(console) as page:
        edit = await edit_in_back_office(page, REFERENCE)
        family = edit.query_one("#field-family_name", FieldInput)
        assert family.raw == "Smith␛[2J"  # shown inert, as the record shows it
        for key in ("family_name", "address_line2", "town"):
            field = edit.query_one(f"#field-{key}", FieldInput)
            field.box.focus()  # scrolled into sight
            await settle(page.pilot)
            message = region_text(console, f"#{key}-message")
            assert NOTE in message, (key, message)
            assert _said_as(edit, key) == "note" and not field.has_class("-invalid")
        town = region_text(console, "#town-message")
        assert "hidden characters" in town and "retype it from the source" in town
        assert edit.query_one("#town-input").border_subtitle == HIDDEN_NOTE  # left out
        assert "correct it from the source" in region_text(console, "#address_line2-message")

        edit.query_one("#field-given_name", FieldInput).box.focus()
        await settle(page.pilot)
        assert NOTE not in region_text(console, "#given_name-message")
        await page.keys("ctrl+u", *"Leo")
        edit.query_one("#given_name-reason", Select).value = "Entry error corrected"
        await settle(page.pilot)
        await page.keys("ctrl+s")
        readback = console.screen
        assert isinstance(readback, ReadBackScreen), screen_text(console)
        assert [line.key for line in readback.lines] == ["given_name"]
        await page.keys("enter", "ctrl+s")
        assert isinstance(console.screen, RecordScreen), screen_text(console)

    values, changes = _stored(demo_settings)
    assert values == ("Leo", FAMILY_NAME, LINE_2, TOWN)
    assert changes == [("given_name", "Leo")]
    with console_database(demo_settings) as uow:
        [updated] = uow.audit.list_recent(customer_id=1, action=AuditAction.CUSTOMER_UPDATED.value)
    assert updated.fields == ("given_name",)


async def test_a_failing_stored_value_once_changed_is_checked_as_anything_typed(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The note is for a value left as stored: change the box and it is checked (and
    refused while it still fails); put it back as it was and the note returns."""
    _plant(demo_settings)
    async with logged_in(console) as page:
        edit = await edit_in_back_office(page, REFERENCE)
        family = focus_field(edit, "family_name")
        await page.keys("end", "backspace")  # "Smith␛[2"
        assert _said_as(edit, "family_name") == "error" and family.has_class("-invalid")
        assert "cannot contain" in region_text(console, "#family_name-message")
        await page.keys("ctrl+s")
        assert isinstance(console.screen, EditScreen)
        assert "Correct the fields marked in red" in region_text(console, "#edit-message")

        await page.keys(*"J")  # back as it was: a note again, not an error
        assert _said_as(edit, "family_name") == "note" and not family.has_class("-invalid")
        assert NOTE in region_text(console, "#family_name-message")

        await page.keys("ctrl+u", *"Wilson")
        edit.query_one("#family_name-reason", Select).value = "Entry error corrected"
        await settle(page.pilot)
        await page.keys("ctrl+s")
        readback = console.screen
        assert isinstance(readback, ReadBackScreen), screen_text(console)
        assert [line.key for line in readback.lines] == ["family_name"]
        await page.keys("enter", "ctrl+s")
        assert isinstance(console.screen, RecordScreen), screen_text(console)

    values, changes = _stored(demo_settings)
    assert values == ("John", "Wilson", LINE_2, TOWN)
    assert changes == [("family_name", "Wilson")]


async def test_in_a_call_the_note_says_to_correct_it_with_the_caller_and_hidden_fields_say_nothing(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A field not revealed in the call is empty in the form: no note says anything of
    what it holds, and it is not sent."""
    _plant(demo_settings)
    async with logged_in(console) as page:
        await page.call("john smith")
        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")
        assert "High" in await page.answer("biscuit")
        await page.keys("f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        family = region_text(console, "#family_name-message")
        assert NOTE in family and "correct it with the caller, or leave it" in family
        town = edit.query_one("#field-town", FieldInput)
        assert town.raw == "" and _said_as(edit, "town") == ""

        await page.keys("ctrl+u", *"Leo")
        edit.query_one("#given_name-reason", Select).value = "Entry error corrected"
        await settle(page.pilot)
        await page.keys("ctrl+s")
        readback = console.screen
        assert isinstance(readback, ReadBackScreen), screen_text(console)
        assert [line.key for line in readback.lines] == ["given_name"]
        await page.keys("enter", "ctrl+s")
        assert isinstance(console.screen, RecordScreen), screen_text(console)

    values, changes = _stored(demo_settings)
    assert values == ("Leo", FAMILY_NAME, LINE_2, TOWN)
    assert changes == [("given_name", "Leo")]


async def test_a_stand_in_kept_in_a_changed_free_text_box_is_refused_not_saved(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Free text takes any character, "␛" too: the form refuses the stand-ins a stored
    value is shown with, so support needs changed around one do not save it as typed."""
    with console_database(demo_settings) as uow:
        customer = uow.session.scalars(select(Customer).where(Customer.id == 1)).one()
        customer.accessibility_needs = "Large print\x1b[2J"
        uow.commit()
    async with logged_in(console) as page:
        edit = await edit_in_back_office(page, REFERENCE)
        needs = edit.query_one("#field-accessibility_needs", FieldInput)
        assert needs.raw == "Large print␛[2J"
        needs.box.focus()
        await settle(page.pilot)
        assert _said_as(edit, "accessibility_needs") == "note"

        await page.keys("end", *" please")
        message = region_text(console, "#accessibility_needs-message")
        assert 'Delete "␛"' in message and _said_as(edit, "accessibility_needs") == "error"
        await page.keys("ctrl+s")
        assert isinstance(console.screen, EditScreen)
        assert "Correct the fields marked in red" in region_text(console, "#edit-message")


async def test_a_town_holding_a_hidden_character_is_corrected_by_typing_it_again(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The box shows "London", the zero width space left out: typed again as shown, it is
    a correction, checked, read back and saved, and Escape asks before losing it."""
    _plant(demo_settings)
    async with logged_in(console) as page:
        edit = await edit_in_back_office(page, REFERENCE)
        town = focus_field(edit, "town")
        await page.keys("ctrl+u", *"London")
        assert town.raw == "London" and _said_as(edit, "town") == ""
        await page.keys("escape")
        assert isinstance(console.screen, LeaveScreen)
        await page.keys("escape")  # back to the form
        assert console.screen is edit

        edit.query_one("#town-reason", Select).value = "Entry error corrected"
        await settle(page.pilot)
        await page.keys("ctrl+s")
        readback = console.screen
        assert isinstance(readback, ReadBackScreen), screen_text(console)
        # The town with the rest of the address, kept as it is (line 2's markup inert).
        assert [(line.key, line.unchanged) for line in readback.lines] == [
            ("address_line1", True),
            ("address_line2", True),
            ("town", False),
            ("postcode", True),
        ]
        await page.keys("enter", "enter", "enter", "enter", "ctrl+s")
        assert isinstance(console.screen, RecordScreen), screen_text(console)

    values, changes = _stored(demo_settings)
    assert values == ("John", FAMILY_NAME, LINE_2, "London")
    assert changes == [("town", "London")]
