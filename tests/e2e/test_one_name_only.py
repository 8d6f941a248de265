"""A customer with one name only (a mononym) on the real console at 80x24, driven by keys:
the *One name only* box on the capture form, the duplicate warning, the read-back, the
record, and the edit form both ways (domain/one_name.py; MP-01, MP-03, MP-04, MP-05, MP-10).

Found by a handler: a customer with one name could not be taken on at all, the form
requiring a given name, so one was invented ("X", ".", the name twice), which then showed
on letters and spoiled the duplicate check.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from custinfo_tui.domain.capture import NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.one_name import GIVEN_NAME_NOT_ASKED, ONE_NAME_QUESTION
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.orm import Customer, FieldChange, Representative
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.representative import RepresentativeScreen
from custinfo_tui.tui.widgets.field_input import FieldInput
from custinfo_tui.tui.widgets.one_name_box import OneNameOnly
from tests.e2e.test_capture_screens import _form_then_ctrl_s
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, region_text, screen_text, settle, typed_in_one_go

SIZE = (80, 24)
#: Fictitious: one name only, as many Indonesians have.
SUHARTO = {
    "family_name": "Suharto",
    "date_of_birth": "08/06/1961",
    "phone": "07700 900456",
    "address_line1": "4 Mill Lane",
    "town": "Leeds",
    "postcode": "LS1 4DY",
}


def _focused_id(app: App[object]) -> str | None:
    return app.focused.id if app.focused is not None else None


async def _capture_up_to_the_given_name(pilot: Pilot[None]) -> CaptureScreen:
    """Logged in as the agent: a new customer by phone, consent as offered, New account;
    the focus in the empty given name's box."""
    page = ConsolePage(pilot)
    await page.log_in()
    capture = await page.start_capture("")
    assert _focused_id(capture.app) == "given_name-input"
    return capture


async def _rest_of_the_form(pilot: Pilot[None]) -> None:
    """From the family name's box: the one name and the rest of the details, the postcode
    last (address line 2 and the e-mail left empty)."""
    await press(pilot, *"Suharto", "tab", *"08/06/1961", "tab", *"07700 900456", "tab", "tab")
    await press(pilot, *"4 Mill Lane", "tab", "tab", *"Leeds", "tab", *"LS1 4DY")


async def test_a_customer_with_one_name_only_is_taken_on_by_keys_and_saved_as_the_family_name(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        capture = await _capture_up_to_the_given_name(pilot)
        box = capture.query_one(OneNameOnly)
        # A given name typed: Tab goes straight on to the family name, as it always has.
        await press(pilot, *"Budi", "tab")
        assert _focused_id(console) == "family_name-input"
        await press(pilot, "shift+tab", "ctrl+u", "tab")
        # The given name empty: Tab stops on the box, in sight under it, still unticked.
        assert console.focused is box and not box.value
        assert "One name only (Space ticks it)" in screen_text(console)
        # Enter moves on as from a box: Enter, Enter from an empty given name ticks nothing.
        await press(pilot, "enter")
        assert _focused_id(console) == "family_name-input" and not box.value
        await _rest_of_the_form(pilot)

        # Not ticked: an empty given name is refused as ever, never saved as nothing.
        await press(pilot, "ctrl+s")
        assert console.screen is capture
        assert _focused_id(console) == "given_name-input"
        assert region_text(console, "#given_name-message") == "Enter the given name."
        assert "Correct the fields marked in red" in region_text(console, "#capture-message")

        await press(pilot, "tab", "space")
        assert box.value
        given = capture.query_one("#given_name-input", Input)
        assert given.disabled and given.placeholder == GIVEN_NAME_NOT_ASKED
        assert GIVEN_NAME_NOT_ASKED in screen_text(console)

        await press(pilot, "ctrl+s")
        await ConsolePage(pilot).save_without_notes()
        assert isinstance(console.screen, ReadBackScreen)
        shown = screen_text(console)
        assert "One name only" in shown and "Given name" not in shown
        assert "One name only: Suharto" in region_text(console, "#readback-say")
        assert "S for Sierra, U for Uniform, H for Hotel" in region_text(console, "#readback-table")
        await press(pilot, *["enter"] * 6, "ctrl+s")

        record = console.screen
        assert isinstance(record, RecordScreen)
        assert region_text(console, "#record-title").startswith("Suharto (")
        assert "(one name only)" in region_text(console, "#details-table")

    with console_database(demo_settings) as uow:
        customer = uow.customers.get(record.record.customer_id)
        assert customer is not None
        assert (customer.given_name, customer.family_name) == ("", "Suharto")


async def test_the_duplicate_warning_compares_one_name_with_the_names_held(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        _saved_as_by_the_agent(console)
        capture = await page.start_capture("")
        await press(pilot, "tab", "space", "tab", *"Suharto", "tab", *"08/06/1961")
        await pilot.pause(0.6)  # the check waits for typing to stop
        await press(pilot)
        panel = region_text(console, "#duplicates-box")
        assert "Suharto" in panel and "STRONG: same name, same date of birth" in panel

        capture.query_one(OneNameOnly).focus()
        await press(pilot, "space")  # not one name only after all: a given name to come
        await pilot.pause(0.6)
        await press(pilot)
        panel = region_text(console, "#duplicates-box")
        assert "STRONG: same family name, same date of birth" in panel


async def test_a_two_name_customer_typed_is_warned_of_one_name_only_on_file(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a handler: capturing "Budi Suharto", on file as "Suharto" (one name only),
    warned of no one, so the customer was taken twice. The name alone now offers them,
    marked as the lookup marks them, a possible duplicate (a name alone is never strong);
    Enter on them opens that record instead of taking the customer again."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        suharto = _saved_as_by_the_agent(console)
        await page.start_capture("Budi")
        await press(pilot, "tab", *"Suharto")
        await pilot.pause(0.6)  # the check waits for typing to stop
        await press(pilot)
        panel = region_text(console, "#duplicates-box")
        assert "Suharto (one name only)" in panel and "same family name" in panel
        assert "STRONG" not in panel and "F4, then Enter on one to open it instead" in panel

        await press(pilot, "f4", "enter")
        assert isinstance(console.screen, RecordScreen)
        assert region_text(console, "#record-title").startswith("Suharto (")
    with console_database(demo_settings) as uow:
        held = select(Customer).where(Customer.family_name == "Suharto")
        assert [c.id for c in uow.session.scalars(held)] == [suharto.customer_id]


async def test_the_question_for_a_strong_match_marks_one_name_only_as_the_panel_does(
    console: CustinfoApp,
) -> None:
    """The strong-match question named "Suharto (...)" without the mark the panel and the
    lookup give a record found by its one name, so the handler could not tell from it why
    a "Budi Suharto" matched."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        suharto = _saved_as_by_the_agent(console)
        await page.start_capture("")
        keys = _form_then_ctrl_s("Budi", "Suharto", "07700 900456")
        at = keys.index("tab", keys.index("tab") + 1)  # Suharto's date of birth instead
        typed_in_one_go(console, *keys[: at + 1], *"08/06/1961", *keys[at + 11 :])
        await settle(pilot)
        assert "Why is the caller a different person?" in screen_text(console)
        said = region_text(console, ".choice-explain")
        assert said.startswith(
            f"Suharto (one name only) ({format_reference(suharto.reference)}): strong match ("
        ), said


def _saved_as_by_the_agent(
    console: CustinfoApp, values: dict[str, str] = SUHARTO
) -> CustomerRecord:
    """Suharto, one name only, saved as another desk would (the agent, by phone); or, with
    `values` holding a given name, a customer with two names."""
    services = console.services()
    agent = services.authenticate("agent", "agent-demo-2026").actor
    assert agent is not None
    new = NewCustomer(
        template="new_customer",
        values=values,
        enquiry_type="New account",
        consent=ConsentAnswers(),
        read_back=ReadBackConfirmation(confirmed=frozenset(values)),
        one_name_only="given_name" not in values,
    )
    return services.create_customer(agent, Channel.PHONE, new)


async def test_one_name_only_is_changed_both_ways_with_a_reason_and_a_read_back(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        saved = _saved_as_by_the_agent(console)
        record = await page.open_back_office("suharto")
        assert region_text(console, "#record-title").startswith("Suharto (")

        # The customer now gives a given name: the box unticked opens its box.
        await press(pilot, "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        box = edit.query_one(OneNameOnly)
        assert box.value and edit.query_one("#given_name-input", Input).disabled
        assert _focused_id(console) == "family_name-input"
        await press(pilot, "shift+tab", "space", "shift+tab")
        assert _focused_id(console) == "given_name-input"
        await press(pilot, *"Budi", "tab", "enter", "down", "enter")  # Entry error corrected
        await press(pilot, "ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        assert "Given name: Budi" in region_text(console, "#readback-say")
        await press(pilot, "enter", "ctrl+s")
        assert console.screen is record, screen_text(console)
        assert region_text(console, "#record-title").startswith("Budi Suharto (")

        # And back: emptied alone it is refused as ever; one name only ticked, it goes.
        await press(pilot, "f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        assert _focused_id(console) == "given_name-input"
        await press(pilot, "ctrl+u", "ctrl+s")
        assert "The given name cannot be left empty." in screen_text(console)
        await press(pilot, "tab")
        assert console.focused is edit.query_one(OneNameOnly)
        await press(pilot, "space", "ctrl+s")
        assert "Choose a reason for changing the given name." in screen_text(console)
        await press(pilot, "enter", "down", "enter", "ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        assert "One name only: Suharto" in region_text(console, "#readback-say")
        await press(pilot, "enter", "ctrl+s")
        assert console.screen is record, screen_text(console)
        assert region_text(console, "#record-title").startswith("Suharto (")
        assert "(one name only)" in region_text(console, "#details-table")

    with console_database(demo_settings) as uow:
        customer = uow.customers.get(saved.customer_id)
        assert customer is not None and customer.given_name == ""
        changes = uow.session.scalars(
            select(FieldChange)
            .where(FieldChange.customer_id == saved.customer_id)
            .order_by(FieldChange.id)
        ).all()
        assert [(c.field, c.old_value, c.new_value) for c in changes] == [
            ("given_name", None, "Budi"),
            ("given_name", "Budi", None),
        ]


async def test_a_name_typed_on_the_box_goes_into_the_family_name(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a first-day handler: Tab from the empty given name stops on the box, and
    "Suharto" typed there vanished without a word; "Suharto", Tab, a date then put the date
    in the family name. Letters typed on the box go to the family name's box, where a
    one-name customer's name goes, and the box stays as it was."""
    async with console.run_test(size=SIZE) as pilot:
        capture = await _capture_up_to_the_given_name(pilot)
        box = capture.query_one(OneNameOnly)
        await press(pilot, "tab", *"Z")
        assert _focused_id(console) == "family_name-input" and not box.value
        family = capture.query_one("#family_name-input", Input)
        assert family.value == "Z"
        await press(pilot, "ctrl+u", "shift+tab", "shift+tab")
        assert _focused_id(console) == "given_name-input"

        # Tab, Space to tick it, and the name, Tab, the date typed in one go.
        typed_in_one_go(console, "tab", "space", *"Suharto", "tab", *"08/06/1961", "tab")
        await settle(pilot)
        assert box.value
        assert family.value == "Suharto"
        assert capture.query_one("#date_of_birth-input", Input).value == "08/06/1961"
        await press(pilot, *"07700 900456", "tab", "tab")
        await press(pilot, *"4 Mill Lane", "tab", "tab", *"Leeds", "tab", *"LS1 4DY")
        await press(pilot, "ctrl+s")
        await ConsolePage(pilot).save_without_notes()
        assert isinstance(console.screen, ReadBackScreen)
        await press(pilot, *["enter"] * 6, "ctrl+s")
        record = console.screen
        assert isinstance(record, RecordScreen)

    with console_database(demo_settings) as uow:
        customer = uow.customers.get(record.record.customer_id)
        assert customer is not None
        assert (customer.given_name, customer.family_name) == ("", "Suharto")


#: Fictitious: a customer with two names, one of them Suharto's one name.
BUDI_SUHARTO = {
    "given_name": "Budi",
    "family_name": "Suharto",
    "date_of_birth": "14/02/1975",
    "phone": "07700 900789",
    "address_line1": "9 Park Road",
    "town": "York",
    "postcode": "YO1 7HH",
}


def _results(console: CustinfoApp) -> list[str]:
    """The names in the lookup's results, as shown, in order."""
    table = console.screen.query_one("#results", DataTable)
    return [table.get_row_at(i)[1].plain for i in range(table.row_count)]


async def test_a_given_name_the_record_does_not_hold_still_finds_one_name_only(
    console: CustinfoApp,
) -> None:
    """Found by a tester: the caller says "Budi Suharto" (a given name the record does not
    hold, then the one name), and the lookup found no one for a customer with one name only,
    "Suharto". They are listed after those whose given name fits too, marked, so the handler
    sees why they matched; the one name alone finds them unmarked, as it did."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        _saved_as_by_the_agent(console)
        _saved_as_by_the_agent(console, BUDI_SUHARTO)
        await press(pilot, *"budi suharto")
        assert _results(console) == ["Budi Suharto", "Suharto (one name only)"]
        assert "Suharto (one name only)" in screen_text(console)  # whole at 80 columns

        await press(pilot, "ctrl+u", *"budi suhatro")  # a slip in the one name too
        assert _results(console) == ["Budi Suharto", "Suharto (one name only)"]
        await press(pilot, "ctrl+u", *"suharto")
        assert _results(console) == ["Suharto", "Budi Suharto"]  # in name order


async def test_the_family_name_box_asks_for_the_one_name_once_ticked(
    console: CustinfoApp,
) -> None:
    """Found by a tester: with *One name only* ticked, the family name's box still had the
    handler ask "And your surname?" of someone who has just said they have no other name.
    It asks for the one name they go by, and for the surname again once unticked."""
    async with console.run_test(size=SIZE) as pilot:
        capture = await _capture_up_to_the_given_name(pilot)
        family = capture.query_one("#field-family_name", FieldInput)
        assert 'Family name *  Ask: "And your surname?"' in screen_text(console)
        await press(pilot, "tab", "space")
        await pilot.pause()  # the label's new line drawn
        shown = region_text(console, "#field-family_name")
        assert f'Family name * Ask: "{ONE_NAME_QUESTION}"' in shown  # whole, on two lines
        assert "surname" not in screen_text(console)
        assert family.question == ONE_NAME_QUESTION
        await press(pilot, "space")
        await pilot.pause()
        assert 'Family name *  Ask: "And your surname?"' in screen_text(console)


async def test_a_representative_with_one_name_only_is_authorised_as_a_customer_is_taken_on(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: someone acting for a customer (a power of attorney) with one name
    only could not be authorised, the form requiring both names, though a customer may have
    one. The form has the capture form's *One name only* box, worked the same way."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office("john smith")
        await press(pilot, "f7", "tab")
        form = console.screen
        assert isinstance(form, RepresentativeScreen)
        box = form.query_one(OneNameOnly)
        assert console.focused is box and "One name only (Space ticks it)" in screen_text(console)
        # Not ticked: an empty given name is refused as on the capture form.
        await press(pilot, "enter", *"Suharto", "enter", *"son", "ctrl+s")
        assert console.screen is form
        assert region_text(console, "#given_name-message") == "Enter the given name."

        await press(pilot, "tab", "space")
        assert box.value
        given = form.query_one("#given_name-input", Input)
        assert given.disabled and given.placeholder == GIVEN_NAME_NOT_ASKED
        await press(pilot, *["tab"] * 4, "space", "tab", *"08/06/1961", "ctrl+s")
        assert console.screen is record
        people = record.query_one("#people-table", DataTable)
        rows = [[cell.plain for cell in people.get_row_at(i)] for i in range(people.row_count)]
        assert rows[-1][:3] == ["Suharto", "son", "Named contact"]  # never " Suharto"
        said = [n.message for n in console._notifications]
        assert "Suharto may now act for the customer." in said

    with console_database(demo_settings) as uow:
        [added] = uow.session.scalars(
            select(Representative).where(Representative.family_name == "Suharto")
        ).all()
        assert (added.given_name, added.family_name) == ("", "Suharto")
