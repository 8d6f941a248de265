"""A stored value the terminal would draw as nothing says so, on every screen that shows it.

An import or another system can leave a value made only of hidden characters: a zero
width space (U+200B) in a town, a lone variation selector (U+FE0F) in an address line.
Shown as it is, the Details tab looked as if the field were empty, and a handler read "no
value" where one is stored. Such a value is now shown as a dim "(hidden characters only)"
(spaces alone as "(spaces only)"), never as markup of its own; a value that shows
something but holds hidden characters too says so on the line under the tabs. The values
stay as stored: showing them changes nothing.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from sqlalchemy import select
from textual import events
from textual.content import Content
from textual.widgets import DataTable, Select, Static

from custinfo_tui.domain.unseen_text import HIDDEN_NOT_SHOWN, HIDDEN_ONLY, SPACES_ONLY
from custinfo_tui.repository.orm import Customer
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.widgets.record_fields import FieldsTable
from tests.support.console_page import logged_in
from tests.support.database import console_database
from tests.support.edit_screen import edit_in_back_office, focus_field
from tests.support.screen import region_text, screen_text, settle

#: John Smith of the demo data (fictitious).
REFERENCE = "1001 2345 P"
ZERO_WIDTH_SPACE = "\u200b"
VARIATION_SELECTOR = "\ufe0f"  # the emoji form of the character before it: alone, nothing
NO_BREAK_SPACES = "\u00a0\u00a0"


def _plant(settings: Settings, **values: str) -> None:
    """Values set straight in John Smith's row (and his current address's, for the
    address's keys), as an import or another system would leave them."""
    with console_database(settings) as uow:
        customer = uow.session.scalars(select(Customer).where(Customer.id == 1)).one()
        address = customer.addresses[-1]
        for key, value in values.items():
            setattr(address if hasattr(address, key) else customer, key, value)
        uow.commit()


def _stored(settings: Settings) -> tuple[str | None, ...]:
    with console_database(settings) as uow:
        customer = uow.session.scalars(select(Customer).where(Customer.id == 1)).one()
        address = customer.addresses[-1]
        return (
            customer.given_name,
            customer.accessibility_needs,
            customer.security_question,
            address.line2,
            address.town,
        )


def _value_cell(console: CustinfoApp, key: str) -> Text:
    """The Details tab's Value cell of one field, as the table holds it."""
    cell = console.screen.query_one(FieldsTable).get_row(key)[1]
    assert isinstance(cell, Text)
    return cell


def _dim(shown: Text | Content, start: int = 0) -> bool:
    """`shown` (a table's cell, or what a line shows) is drawn dim from `start` to its end."""

    def dim(style: object) -> bool:
        return (
            "dim" in style.split()
            if isinstance(style, str)
            else getattr(style, "dim", False) is True
        )

    end = len(shown.plain)
    return any(dim(s.style) and s.start <= start and s.end >= end for s in shown.spans)


def _shown(console: CustinfoApp, selector: str) -> Content:
    """What one line of the screen shows, with its styles."""
    shown = console.screen.query_one(selector, Static).render()
    assert isinstance(shown, Content)
    return shown


def _label_and_value(detail: object) -> tuple[Text, Text]:
    """The line under the tabs, its label and the value beside it, with their styles."""
    assert isinstance(detail, Table)
    label, value = (next(iter(column.cells)) for column in detail.columns)
    assert isinstance(label, Text) and isinstance(value, Text)
    return label, value


async def test_the_details_tab_says_a_value_of_hidden_characters_only_is_there(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _plant(
        demo_settings,
        town=ZERO_WIDTH_SPACE,
        line2=VARIATION_SELECTOR,
        accessibility_needs=NO_BREAK_SPACES,
        given_name=f"{ZERO_WIDTH_SPACE}John",
    )
    before = _stored(demo_settings)
    async with logged_in(console) as page:
        await page.open_back_office(REFERENCE)
        rows = {line.split("  ")[0].strip(): line for line in screen_text(console).splitlines()}
        assert HIDDEN_ONLY in rows["Town"] and HIDDEN_ONLY in rows["Address line 2"]
        assert SPACES_ONLY in rows["Support needs"]
        for key in ("town", "address_line2", "accessibility_needs"):
            cell = _value_cell(console, key)
            assert cell.plain in (HIDDEN_ONLY, SPACES_ONLY) and _dim(cell), key
        assert _value_cell(console, "postcode").plain == "SE1 2QT"  # others as they were

        # The line under the tabs, the highlighted field whole, says the same.
        table = console.screen.query_one(FieldsTable)
        table.move_to("town")
        await settle(page.pilot)
        assert region_text(console, "#row-detail").strip() == f"Town: {HIDDEN_ONLY}"
        # A value that shows something, and holds a hidden character too, says so there.
        table.move_to("given_name")
        await settle(page.pilot)
        label, value = _label_and_value(table.detail())
        assert (label.plain, value.plain) == (
            "Given name:",
            f"{ZERO_WIDTH_SPACE}John {HIDDEN_NOT_SHOWN}",
        )
        assert _dim(value, value.plain.index(HIDDEN_NOT_SHOWN))
        assert HIDDEN_NOT_SHOWN not in region_text(console, "#details-table")  # cells stay short

    assert _stored(demo_settings) == before  # shown, not changed


async def test_a_call_says_so_in_the_lookup_the_title_and_the_verification_panel(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _plant(demo_settings, given_name=ZERO_WIDTH_SPACE, security_question=ZERO_WIDTH_SPACE)
    before = _stored(demo_settings)
    async with logged_in(console) as page:
        await page.keys(*REFERENCE, "enter")
        assert isinstance(console.screen, LookupScreen)
        results = console.screen.query_one("#results", DataTable)
        name = results.get_row_at(0)[1]
        assert isinstance(name, Text) and name.plain == f"{HIDDEN_ONLY} Smith"
        assert f"{HIDDEN_ONLY} Smith" in region_text(console, "#results")

        await page.keys("enter", "enter")  # picked, in a phone call
        assert region_text(console, "#record-title").startswith(f"{HIDDEN_ONLY} Smith")
        await page.answer("12/04/1980")
        panel = " ".join((await page.answer("12, Acacia Rd.", down=1)).split())
        # High needs the security answer, asked next: the question is stored, and hidden.
        assert f"Ask: {HIDDEN_ONLY}" in panel, panel
        assert _dim(_shown(console, "#question"), len("Ask: "))

    assert _stored(demo_settings) == before


async def test_a_town_of_one_variation_selector_is_refused_as_empty(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found in a review: a town of one variation selector (pasted: no key types it)
    passed the town's checks and was read back, then stored, as a value the console could
    only show as "(hidden characters only)". With no letter before it, it is taken out,
    and the town is refused as empty, as one left blank is."""
    before = _stored(demo_settings)
    async with logged_in(console) as page:
        edit = await edit_in_back_office(page, REFERENCE)
        town = focus_field(edit, "town")
        await page.keys("ctrl+u")
        town.box.post_message(events.Paste(VARIATION_SELECTOR))
        edit.query_one("#town-reason", Select).value = "Entry error corrected"
        await settle(page.pilot)
        await page.keys("ctrl+s")
        assert isinstance(console.screen, EditScreen), screen_text(console)
        assert region_text(console, "#town-message").strip() == "Enter the town."

    assert _stored(demo_settings) == before


async def test_the_read_back_says_a_line_of_hidden_characters_only_is_there(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """An import left a postcode of a zero width space and joiner: read back with a new
    first line, it was spelled as ", " (two characters the caller cannot hear) and would
    be confirmed as nothing. The read-back says what it is instead."""
    _plant(demo_settings, postcode=f"{ZERO_WIDTH_SPACE}\u200d")
    before = _stored(demo_settings)
    async with logged_in(console) as page:
        edit = await edit_in_back_office(page, REFERENCE)
        focus_field(edit, "address_line1")
        await page.keys("ctrl+u", *"14 Acacia Road")
        edit.query_one("#address_line1-reason", Select).value = "Entry error corrected"
        await settle(page.pilot)
        await page.keys("ctrl+s")
        readback = console.screen
        assert isinstance(readback, ReadBackScreen), screen_text(console)
        say = readback.query_one("#readback-table", DataTable).get_row("postcode")[1]
        assert isinstance(say, Text) and say.plain == HIDDEN_ONLY and _dim(say)
        await page.keys("down", "down")  # to the postcode's line
        shown = region_text(console, "#readback-say")
        # Once: with no caller, nothing is spelled under the value (its "Reads as").
        assert f"Postcode (unchanged): {HIDDEN_ONLY}" in shown, shown
        assert shown.count(HIDDEN_ONLY) == 1, shown

        await page.keys("escape")  # back to the form: nothing saved
        assert isinstance(console.screen, EditScreen)

    assert _stored(demo_settings) == before


async def test_the_read_back_spells_a_postcode_without_its_hidden_characters(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _plant(demo_settings, postcode="SE1\u200d 2QT")
    async with logged_in(console) as page:
        edit = await edit_in_back_office(page, REFERENCE)
        focus_field(edit, "address_line1")
        await page.keys("ctrl+u", *"14 Acacia Road")
        edit.query_one("#address_line1-reason", Select).value = "Entry error corrected"
        await settle(page.pilot)
        await page.keys("ctrl+s")
        readback = console.screen
        assert isinstance(readback, ReadBackScreen), screen_text(console)
        [postcode] = [line for line in readback.lines if line.key == "postcode"]
        spelled = "S for Sierra, E for Echo, one, space, two, Q for Quebec, T for Tango"
        assert postcode.say == spelled
