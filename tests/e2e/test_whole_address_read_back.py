"""A change of address is read back whole (MP-03): the caller hears every line of the new
address, the lines kept marked unchanged, and confirms each before it is saved.

Before, a new street and postcode were read back alone: the town kept with them (London,
for a customer moved to Whitby) was never heard, and saved unconfirmed.
"""

from __future__ import annotations

from textual.app import App
from textual.widgets import DataTable, Input, Select

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.readback import read_back
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, screen_text, settle

SIZE = (80, 24)


def _events(settings: Settings, action: AuditAction) -> list[AuditEvent]:
    with console_database(settings) as uow:
        return uow.audit.list_recent(action=action.value)


async def _new_street_and_postcode(page: ConsolePage, console: CustinfoApp) -> None:
    """On the edit form: line 1 and postcode changed, the customer moved; Ctrl+S."""
    await press(page.pilot, "f6")
    edit = console.screen
    assert isinstance(edit, EditScreen)
    edit.query_one("#address_line1-input", Input).value = "14 Harbour Road"
    edit.query_one("#postcode-input", Input).value = "YO22 4DE"
    await settle(page.pilot)
    edit.query_one("#address_line1-reason", Select).value = "Customer moved"
    await settle(page.pilot)
    await press(page.pilot, "ctrl+s")


def _rows(screen: ReadBackScreen) -> list[tuple[str, str]]:
    """Each line of the read-back: its field and its status, as the table shows them."""
    table = screen.query_one("#readback-table", DataTable)
    return [
        (str(table.get_row_at(n)[0]), str(table.get_row_at(n)[2])) for n in range(table.row_count)
    ]


async def test_a_new_street_and_postcode_are_read_back_with_the_town_kept(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):
            await page.answer(answer)
        await _new_street_and_postcode(page, console)
        read_back = console.screen
        assert isinstance(read_back, ReadBackScreen)
        # The whole new address, in its order, the town (hidden in the form) among it.
        assert _rows(read_back) == [
            ("Address line 1", "to confirm"),
            ("Town", "unchanged: to confirm"),
            ("Postcode", "to confirm"),
        ]
        await press(pilot, "down")
        shown = screen_text(console)
        assert "Town (unchanged): London" in shown
        await press(pilot, "up", "enter", "enter")
        await press(pilot, "ctrl+s")  # the postcode still to confirm: not saved
        assert "1 line still to confirm" in screen_text(console)
        await press(pilot, "enter")
        assert ("Town", "unchanged: confirmed") in _rows(read_back)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(console.screen, RecordScreen)

    confirmed = _events(demo_settings, AuditAction.READ_BACK_CONFIRMED)[0]
    assert list(confirmed.fields) == ["address_line1", "postcode", "town"]
    assert confirmed.details["unchanged"] == ["town"]
    # Read out to the caller: the town is disclosed to them, as the read-back did it.
    # And so are the new lines the read-back said, once saved.
    said = [list(e.fields) for e in _events(demo_settings, AuditAction.FIELD_DISCLOSED)]
    assert said == [["address_line1", "postcode"], ["town"]]
    for event in _events(demo_settings, AuditAction.FIELD_DISCLOSED):
        assert event.details["context"] == "read_back"
    updated = _events(demo_settings, AuditAction.CUSTOMER_UPDATED)[0]
    assert sorted(updated.fields) == ["address_line1", "postcode"]


async def test_the_town_said_wrong_at_read_back_is_corrected_on_the_form(
    console: CustinfoApp,
) -> None:
    """Ctrl+E on the unchanged town goes back to its box, empty in the call (not revealed):
    the town typed there is a change like any other."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        for answer in ("12/04/1980", "SE1 2QT", "Biscuit"):
            await page.answer(answer)
        await _new_street_and_postcode(page, console)
        await press(pilot, "enter", "ctrl+e")  # line 1 confirmed; the town is not London
        edit = console.screen
        assert isinstance(edit, EditScreen)
        assert edit.focused is edit.query_one("#town-input", Input)
        await press(pilot, *"Whitby")
        await press(pilot, "ctrl+s")
        read_back = console.screen
        assert isinstance(read_back, ReadBackScreen)
        assert _rows(read_back) == [
            ("Address line 1", "confirmed"),
            ("Town", "to confirm"),
            ("Postcode", "to confirm"),
        ]


async def test_checked_against_the_source_the_whole_address_is_listed(
    console: CustinfoApp,
) -> None:
    """Back-office work: a letter gives a new postcode; the lines kept are checked too."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await press(pilot, "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        edit.query_one("#postcode-input", Input).value = "SE1 7TX"
        await settle(pilot)
        edit.query_one("#postcode-reason", Select).value = "Entry error corrected"
        await settle(pilot)
        await press(pilot, "ctrl+s")
        read_back = console.screen
        assert isinstance(read_back, ReadBackScreen)
        assert "Check the changed details" in screen_text(console)
        assert _rows(read_back) == [
            ("Address line 1", "unchanged: to confirm"),
            ("Town", "unchanged: to confirm"),
            ("Postcode", "to confirm"),
        ]


async def test_a_line_not_read_out_is_said_at_the_foot_while_the_others_are_confirmed() -> None:
    """A representative who may change the address but not hear it: the lines kept are
    not read to them, and the read-back says so (services/edit_read_back.py)."""
    note = "Not read out, unchanged: Postcode (outside their scope)."

    class Host(App[None]):
        def on_mount(self) -> None:
            lines = [read_back("address_line1", "14 Harbour Road"), read_back("town", "Whitby")]
            self.push_screen(ReadBackScreen(lines, note=note))

    host = Host()
    async with host.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert note in screen_text(host)
        await press(pilot, "enter")
        assert note in screen_text(host)  # still said while a line is left to confirm
        await press(pilot, "enter")
        assert "Every line is confirmed: Ctrl+S to save." in screen_text(host)
