"""The edit form as a first-day handler types it, at 80x24, in a call verified at High.

Found by an explorer: on a change of address, Tab from a new line 1 stopped on its *Reason
for change* drop-down, not on line 2; the next line typed there ("Flat 3") was added to
the box after it, and one more Tab, Ctrl+U and "Leeds" later the town read "LondonLeeds"
or "Londonls6 3hn". A letter typed on a drop-down is refused there now, never put in
another box, and the form's Tab order is documented (docs/capture.md). And Escape warned
of changes lost on a form holding nothing that differs from the record.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import Input, Select

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.phone import UK_ONE_DIGIT_SHORT
from custinfo_tui.repository.orm import FieldChange
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.edit_changes import NOTHING_CHANGED
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.widgets.choice_select import HOW_TO_CHOOSE
from custinfo_tui.tui.widgets.record_fields import REVEAL_HINT
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.edit_screen import focus_field
from tests.support.screen import press, region_text, screen_text, settle, typed_in_one_go

SIZE = (80, 24)


async def _editing_john_smith_in_a_call(page: ConsolePage) -> EditScreen:
    """John Smith (12 Acacia Road, London SE1 2QT) in a call, verified at High; F6."""
    await page.log_in()
    await page.call("john smith")
    for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):
        await page.answer(answer)
    await press(page.pilot, "f6")
    edit = page.pilot.app.screen
    assert isinstance(edit, EditScreen)
    return edit


def _boxes(edit: EditScreen, *keys: str) -> list[str]:
    return [edit.query_one(f"#{key}-input", Input).value for key in keys]


def _changes(settings: Settings) -> dict[str, tuple[str | None, str]]:
    """Field -> (new value, reason) of every change saved."""
    with console_database(settings) as uow:
        rows = uow.session.scalars(select(FieldChange)).all()
        return {row.field: (row.new_value, row.reason) for row in rows}


async def test_the_explorers_keys_leave_every_line_where_it_was_typed(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        edit = await _editing_john_smith_in_a_call(page)
        focus_field(edit, "address_line1")
        typed_in_one_go(
            console, "ctrl+u", *"2 Park Row", "tab", *"Flat 3", "tab", "ctrl+u", *"Leeds"
        )
        typed_in_one_go(console, "tab", "ctrl+u", *"ls6 3hn")
        await settle(pilot)
        # Tab stopped on line 1's reason: "Flat 3" refused there, in no other box.
        boxes = _boxes(edit, "address_line1", "address_line2", "town", "postcode")
        assert boxes[0] == "2 Park Row"
        assert not any("Flat" in box or "London" in box for box in boxes[1:])
        assert HOW_TO_CHOOSE in [n.message for n in console._notifications]

        # As docs/capture.md says: line 1, Tab, its reason, Tab, line 2, Tab, town...
        focus_field(edit, "address_line1")
        await press(pilot, "tab", "enter", "down", "enter", "tab")  # Customer moved
        # Each changed line's reason is a stop too, filled in already: Tab, Tab past it.
        await press(pilot, "ctrl+u", *"Flat 3", "tab", "tab", "ctrl+u", *"Leeds", "tab", "tab")
        await press(pilot, "ctrl+u", *"ls6 3hn")
        assert _boxes(edit, "address_line1", "address_line2", "town", "postcode") == [
            "2 Park Row",
            "Flat 3",
            "Leeds",
            "ls6 3hn",
        ]
        await press(pilot, "ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        await press(pilot, "enter", "enter", "enter", "enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(console.screen, RecordScreen)

    assert _changes(demo_settings) == {
        "address_line1": ("2 Park Row", "Customer moved"),
        "address_line2": ("Flat 3", "Customer moved"),
        "town": ("Leeds", "Customer moved"),
        "postcode": ("LS6 3HN", "Customer moved"),
    }


async def test_letters_typed_on_a_reason_are_refused_there_not_put_in_the_next_box(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        edit = await _editing_john_smith_in_a_call(page)
        focus_field(edit, "phone")
        await press(pilot, "ctrl+u", *"07700 900456", "tab")
        reason = edit.query_one("#phone-reason", Select)
        assert console.focused is reason
        await press(pilot, "ctrl+u", *"Park Row")  # the space among them opens nothing
        assert console.focused is reason
        assert not reason.expanded
        assert reason.is_blank()
        typed = [box.value for box in edit.query(Input) if "Park" in box.value]
        assert typed == []
        assert [n.message for n in console._notifications].count(HOW_TO_CHOOSE) == 1


async def test_escape_leaves_at_once_when_the_value_retyped_is_the_one_on_file(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        edit = await _editing_john_smith_in_a_call(page)
        focus_field(edit, "town")
        await press(pilot, "ctrl+u", *"London", "ctrl+s")
        await settle(pilot)
        assert NOTHING_CHANGED in screen_text(console)
        await press(pilot, "escape")
        assert isinstance(console.screen, RecordScreen)
        assert "you lose" not in screen_text(console)


async def test_a_number_a_digit_short_and_two_at_signs_are_said_as_such_at_the_field(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The handler heard "That is not a valid number for the UK." for a number one digit
    short, and "... contains invalid characters." for two @-signs."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        edit = await _editing_john_smith_in_a_call(page)
        focus_field(edit, "phone")
        await press(pilot, "ctrl+u", *"0770090012", "tab")
        focus_field(edit, "email")
        await press(pilot, "ctrl+u", *"mary@@example", "tab")
        await press(pilot, "ctrl+s")
        assert region_text(console, "#phone-message") == UK_ONE_DIGIT_SHORT
        assert region_text(console, "#email-message") == (
            "An e-mail address has one @-sign; this has two."
        )
        assert isinstance(console.screen, EditScreen)

    assert _changes(demo_settings) == {}


async def test_a_new_line_read_back_and_saved_shows_on_the_record_as_disclosed(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """After a move was saved, the new Address line 2, just read back to the caller, showed
    "(hidden) · Enter: reveal" again: a line read back counts as disclosed to the caller."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        edit = await _editing_john_smith_in_a_call(page)
        focus_field(edit, "address_line2")
        await press(pilot, *"Flat 3", "tab", "enter", "down", "enter")  # Customer moved
        await press(pilot, "ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        await press(pilot, "enter", "enter", "enter", "enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(console.screen, RecordScreen)
        details = region_text(console, "#details-table")
        assert "Flat 3" in details
        line2 = details.split("Address line 2", 1)[1].split("Town", 1)[0]
        assert "hidden" not in line2 and REVEAL_HINT not in line2

    with console_database(demo_settings) as uow:
        disclosed = uow.audit.list_recent(action=AuditAction.FIELD_DISCLOSED.value)
    read_back = [e for e in disclosed if e.details.get("context") == "read_back"]
    assert any("address_line2" in e.fields for e in read_back)
