"""Searching by surname on the main screen, driven by keystrokes."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from sqlalchemy import select
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.reference import reference_for_number
from custinfo_tui.repository.orm import ContactPoint, Customer
from custinfo_tui.services.restriction import restrict_processing
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.operators import OperatorsScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import key_name, press, region_text, screen_text, screen_words, settle
from tests.support.tour import DPO

SIZE = (80, 24)


async def _logged_in(pilot: Pilot[None]) -> None:
    await press(pilot, *"agent", "enter", *"agent-demo-2026", "enter")
    assert isinstance(pilot.app.screen, LookupScreen)


def _rows(app: CustinfoApp) -> list[list[str]]:
    table = app.screen.query_one("#results", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_typing_a_surname_lists_matching_customers_masked(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)

        await press(pilot, *"smith")

        rows = _rows(console)
        assert rows, "expected demo customers called Smith"
        assert all("smith" in row[1].lower() for row in rows)
        shown = screen_text(console)
        assert "John Smith" in shown
        assert "customers match" in shown or "Showing the first 20" in shown
        # Before verification: postcode outward code only, last digits of a phone only.
        assert all(row[2].endswith("**") for row in rows)
        assert all(row[3].startswith("...") and len(row[3]) == 6 for row in rows)


async def test_narrowing_and_clearing_the_search(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"smith")
        broad = len(_rows(console))

        await press(pilot, "home", *"john ")
        assert 0 < len(_rows(console)) <= broad
        assert all(row[1].startswith("John") for row in _rows(console))

        await press(pilot, "escape")
        assert _rows(console) == []
        assert "Type a name, phone, e-mail, postcode or reference." in screen_text(console)


async def test_after_a_call_the_search_starts_afresh_for_the_next_caller(
    console: CustinfoApp,
) -> None:
    """The next caller is someone else: none of the last caller's matches is left on the
    screen to pick by mistake, and their name is typed into an empty box. A record opened
    without a call leaves its search as it was, to pick another match."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await press(pilot, "escape")  # back to the lookup
        assert isinstance(console.screen, LookupScreen)
        assert console.screen.query_one("#search", Input).value == "john smith"
        assert _rows(console)

        await press(pilot, "escape")  # clear the search
        await page.call("john smith")
        await page.end_call()

        assert isinstance(console.screen, LookupScreen)
        assert console.screen.query_one("#search", Input).value == ""
        assert console.screen.query_one("#search", Input).has_focus
        assert _rows(console) == []
        assert "John Smith" not in screen_text(console)
        await press(pilot, *"jones")
        assert all("jones" in row[1].lower() for row in _rows(console))


async def test_a_role_that_may_not_search_is_not_offered_the_search_box(
    console: CustinfoApp,
) -> None:
    """The administrator manages operators, not customers: they start on the operators;
    back on the lookup, the box is greyed out with the reason, typing does nothing, the
    line says what their keys are instead, and no empty list of customers is shown (an
    administrator found "Reference Name Postcode Phone" over nothing), nor F8's training
    runs, which a role that takes no calls never has."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(("admin", "admin-demo-2026"))
        assert isinstance(console.screen, OperatorsScreen)  # their first screen
        await press(pilot, "escape")
        assert isinstance(console.screen, LookupScreen)
        search = console.screen.query_one("#search", Input)
        assert search.disabled
        shown = screen_text(console)
        assert "Your role does not search customers. F7 manages the operators, Ctrl+T" in shown
        assert "Reference" not in shown and "Postcode" not in shown
        # No key for a box that is not there: the footer has no "esc Clear".
        footer = shown.splitlines()[-1]
        assert "Clear" not in footer and "Audit" in footer and "f7 Operators" in footer
        assert "Training" not in footer
        await press(pilot, "f8")
        assert isinstance(console.screen, LookupScreen)  # no empty list of runs

        await press(pilot, *"smith")
        assert search.value == "" and _rows(console) == []
        await press(pilot, "ctrl+t")
        assert not isinstance(console.screen, LookupScreen)  # the audit trail


async def test_no_match_says_so(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"qqqzzz")
        assert _rows(console) == []
        said = region_text(console, "#search-status")
        assert said.startswith("No customer matches. Check the spelling with the caller, or F6")


async def test_no_match_for_a_number_says_to_read_it_back_not_to_check_its_spelling(
    console: CustinfoApp,
) -> None:
    """Found by a new handler: "Check the spelling with the caller." after a phone number
    or a reference, which have none."""
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        search = console.screen.query_one("#search", Input)
        for typed, said in (
            ("07700 900999", "No customer has a phone number like this: read it back, or "),
            ("9999 9999 ", "No customer has this reference: read it back, or search by name."),
            ("nobody@example.com", "No customer has this e-mail address: spell it back, or "),
        ):
            search.value = ""
            if typed.startswith("9999"):  # a reference that is well formed: its check letter
                typed += reference_for_number(99999999)[-1]
            await press(pilot, *typed)
            await settle(pilot)
            assert _rows(console) == []
            shown = screen_words(console)
            assert said.strip() in shown
            assert "spelling" not in shown


async def test_customer_text_is_shown_literally_never_as_markup(
    demo_settings: Settings, console: CustinfoApp
) -> None:
    now = datetime.now(UTC)
    with console_database(demo_settings) as uow:
        uow.customers.add(
            Customer(
                reference=reference_for_number(99_999_999),
                given_name="Mark",
                family_name="[bold]Smith",
                given_key="mark",
                family_key="[bold]smith",
                status="active",
                created_at=now,
                updated_at=now,
            )
        )
        uow.commit()

    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"[bold]")
        assert "Mark [bold]Smith" in screen_text(console)


async def test_results_can_be_reached_and_walked_with_the_keyboard(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"smith", "enter")
        table = console.screen.query_one("#results", DataTable)
        assert table.has_focus
        await press(pilot, "down")
        assert table.cursor_row == 1


async def test_down_from_the_search_box_goes_to_the_first_match(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, "down")  # nothing listed yet: the box keeps the typing
        assert console.screen.query_one("#search", Input).has_focus
        await press(pilot, *"john smith")
        assert "2 customers match. Down to choose." in screen_text(console)
        await press(pilot, "down")
        table = console.screen.query_one("#results", DataTable)
        assert table.has_focus and table.cursor_row == 0
        await press(pilot, "down", "enter")
        assert table.cursor_row == 1
        assert "How is the customer in touch?" in screen_text(console)


async def test_down_then_enter_typed_at_once_opens_the_first_match(
    console: CustinfoApp,
) -> None:
    """Down and Enter read in one go (a quick hand, a slow remote session) open the first
    match: Down moves to the list as it is read, so the Enter lands there. It had gone
    into the search box, which only moved to the list, opening nothing."""
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"john smith")
        assert "2 customers match. Down to choose." in screen_text(console)
        for key, character in (("down", None), ("enter", "\r")):
            console.post_message(events.Key(key, character))
        await settle(pilot)
        assert "How is the customer in touch?" in screen_text(console)


async def test_enter_twice_at_once_in_the_search_box_opens_the_first_match(
    console: CustinfoApp,
) -> None:
    """Enter in the search box moves to the list as it is read: a second Enter typed at
    once opens the highlighted match, as pressing it on the list does."""
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"john smith")
        for _ in range(2):
            console.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert "How is the customer in touch?" in screen_text(console)


async def test_a_new_name_typed_at_once_after_escape_goes_into_the_box(
    console: CustinfoApp,
) -> None:
    """From the list, Escape clears the box and moves there as it is read, so the letters
    typed straight after it search anew; they had gone to the list and were lost."""
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"john smith", "down")
        assert console.screen.query_one("#results", DataTable).has_focus
        console.post_message(events.Key("escape", "\x1b"))
        for letter in "mark":
            console.post_message(events.Key(letter, letter))
        await settle(pilot)
        assert console.screen.query_one("#search", Input).value == "mark"


async def test_escape_and_a_name_read_by_the_terminal_as_alt_search_anew(
    console: CustinfoApp,
) -> None:
    """Found by a tester in tmux: Escape and a name typed quickly came as "alt+z" (a
    terminal sends Escape as the Alt prefix), and the box read "smithzoe"."""
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"smith")
        console.post_message(events.Key("alt+z", "z"))
        for letter in "oe":
            console.post_message(events.Key(letter, letter))
        await settle(pilot)
        assert console.screen.query_one("#search", Input).value == "zoe"

        await press(pilot, "down")  # from the list too
        assert console.screen.query_one("#results", DataTable).has_focus
        console.post_message(events.Key("alt+shift+j", "J"))
        for letter in "ohn":
            console.post_message(events.Key(letter, letter))
        await settle(pilot)
        assert console.screen.query_one("#search", Input).value == "John"


async def test_log_out_returns_to_the_login_screen(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, "ctrl+o")
        assert "Operator login" in screen_text(console)
        assert console.actor is None


async def test_the_box_finds_by_phone_and_offers_a_reference_when_one_is_misheard(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"07700 900123")
        # Demo numbers come from Ofcom's 1,000-number drama range, so others may share it.
        assert "John Smith" in [row[1] for row in _rows(console)]

        await press(pilot, "ctrl+a", "ctrl+k", *"1001 2345 Q")
        assert _rows(console) == []
        assert "Did you mean 1001 2345 P?" in region_text(console, "#search-status")


class _SlowSearch:
    """The real services, with every search taking half a second."""

    def __init__(self, services: object) -> None:
        self._services = services

    def __getattr__(self, name: str) -> object:
        return getattr(self._services, name)

    def search_customers(self, actor: object, query: str) -> object:
        time.sleep(0.5)
        return self._services.search_customers(actor, query)  # type: ignore[attr-defined]


async def test_typing_never_waits_for_a_slow_search_and_old_results_are_dropped(
    demo_settings: Settings,
) -> None:
    from custinfo_tui.composition import build_console_services

    assert demo_settings.database_url is not None
    url = demo_settings.database_url
    app = CustinfoApp(lambda: _SlowSearch(build_console_services(url)))  # type: ignore[arg-type,return-value]
    async with app.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await pilot.press(*"smythe")  # no settling: the search is still running
        # Every keystroke is in the box while the first search is still running.
        assert app.screen.query_one("#search", Input).value == "smythe"
        assert "Searching..." in screen_text(app)

        await settle(pilot)
        rows = _rows(app)
        assert rows and all("Smythe" in row[1] for row in rows)


async def test_down_typed_before_the_matches_come_moves_to_them_once_they_do(
    demo_settings: Settings,
) -> None:
    """Found as a flaky test on a busy machine: a name and Down typed in one go, Down read
    before the search had answered, stayed in the box ("nothing listed"), and the
    handler's next keys went on into the search."""
    from custinfo_tui.composition import build_console_services

    assert demo_settings.database_url is not None
    url = demo_settings.database_url
    app = CustinfoApp(lambda: _SlowSearch(build_console_services(url)))  # type: ignore[arg-type,return-value]
    async with app.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        for key in [*"smythe", "down", "down"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)

        results = app.screen.query_one("#results", DataTable)
        assert results.has_focus and results.cursor_row == 1  # the second Down waited too
        assert app.screen.query_one("#search", Input).value == "smythe"
        # A name, Down and Enter typed in one go open the first match (a tester in tmux:
        # the Enter was lost).
        await press(pilot, "escape")
        typed = [*((key_name(c), c) for c in "john smith"), ("down", None), ("enter", "\r")]
        for key, character in typed:
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert "How is the customer in touch?" in screen_text(app)
        await press(pilot, "escape")

        # With nothing to list, Down stays in the box as ever.
        await press(pilot, "escape")
        for key in [*"zzqx", "down"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        assert app.screen.query_one("#search", Input).has_focus


async def test_a_search_still_running_at_log_out_is_recorded_before_the_session_ends(
    demo_settings: Settings,
) -> None:
    """The audit trail never shows an operator searching after they logged out: logging
    out (and quitting) waits for the search they set going to finish first."""
    from custinfo_tui.composition import build_console_services

    assert demo_settings.database_url is not None
    url = demo_settings.database_url
    app = CustinfoApp(lambda: _SlowSearch(build_console_services(url)))  # type: ignore[arg-type,return-value]
    async with app.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await pilot.press(*"smythe", "ctrl+o")  # no settling: the search is still running
        await settle(pilot)
        assert "Operator login" in screen_text(app)

    with console_database(demo_settings) as uow:
        actions = [event.action for event in uow.audit.list_recent()]
    assert actions[0] is AuditAction.LOGGED_OUT
    assert AuditAction.CUSTOMER_SEARCHED in actions


async def test_a_double_enter_opens_one_question_and_never_closes_the_lookup(
    console: CustinfoApp,
) -> None:
    """Enter twice on a match (a key bounce, two keys read in one go) stacked two "How is
    the customer in touch?" questions; twice on the answer closed the question and then the
    lookup beneath it. Each screen now opens once and closes once."""
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"john smith", "down")
        for key in ("enter", "enter"):
            console.post_message(events.Key(key, None))
        await settle(pilot)
        stack = [type(screen).__name__ for screen in console.screen_stack]
        assert stack[1:] == ["LookupScreen", "ChoiceScreen"]

        for key in (*["down"] * 5, "enter", "enter"):  # no customer in touch
            console.post_message(events.Key(key, None))
        await settle(pilot)
        stack = [type(screen).__name__ for screen in console.screen_stack]
        assert stack[1:] == ["LookupScreen", "AccessReasonScreen"]


async def test_a_restricted_record_typed_whole_sends_the_handler_to_the_dpo(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by the DPO: an agent typing a restricted record's reference was told to check
    the spelling with the caller, sending them to ask again or take a duplicate."""
    with console_uow_factory(demo_settings) as uows:
        restrict_processing(uows(), actor_for(uows, "dpo"), "1001 2345 P", "Accuracy contested")
    with console_database(demo_settings) as uow:  # Zoë Taylor given John's number too
        uow.session.add(
            ContactPoint(
                customer_id=2,
                kind="phone",
                value="+447700900123",
                is_primary=False,
                created_at=datetime.now(UTC),
            )
        )
        uow.commit()
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"1001 2345 P")
        said = region_text(console, "#search-status")
        assert said == (
            "1001 2345 P: This record is restricted (processing restricted under UK GDPR "
            "Article 18): contact the data protection officer."
        )
        assert _rows(console) == [] and "Smith" not in screen_text(console)

        await press(pilot, "ctrl+u", *"07700 900123")  # a phone another record has too
        said = region_text(console, "#search-status")
        assert said.startswith("Another record with this phone number is restricted")
        assert said.endswith("officer. 1 customer matches. Down to choose.")
        assert "1001 2345 P" not in screen_text(console)


async def test_the_dpo_sees_a_restricted_record_marked_in_the_results(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The DPO may open a restricted record: the row says it is one before they do."""
    with console_uow_factory(demo_settings) as uows:
        restrict_processing(uows(), actor_for(uows, "dpo"), "1001 2345 P", "Accuracy contested")
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await press(pilot, *"john smith")
        rows = {row[0]: row[1] for row in _rows(console)}
        assert rows["1001 2345 P"] == "John Smith (restricted)"
        assert [name for name in rows.values() if "restricted" in name] == [rows["1001 2345 P"]]


async def test_a_customer_who_moved_is_found_by_the_old_postcode_marked(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a new handler: after John Smith moved from London SE1 to Whitby, "john
    smith se1" (the postcode a caller who has just moved often gives) found no one."""
    from custinfo_tui.domain.capture import MOVED
    from tests.support.edits import correct

    whitby = {"address_line1": "14 Harbour Road", "town": "Whitby", "postcode": "YO22 4DE"}
    with console_uow_factory(demo_settings) as uows:
        with uows() as uow:
            john = uow.customers.get(1)
            assert john is not None
            version = john.version
        correct(uows, actor_for(uows, "agent"), 1, version, whitby, MOVED)
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"john smith se1")

        rows = _rows(console)
        assert rows == [["1001 2345 P", "John Smith (previous address)", "YO22 4**", "...123"]]
        assert "(previous address)" in screen_text(console)  # whole at 80 columns


async def test_a_name_typed_surname_first_with_a_comma_finds_the_customer(
    console: CustinfoApp,
) -> None:
    """Found by a new handler: "Smith, John", typed as a letter or a list writes it, found
    no one, and the lookup offered F6 for a new customer: a second record for John Smith."""
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"Smith, John")

        assert [row[1] for row in _rows(console)] == ["John Smith", "John Smith"]
        assert "No customer matches" not in screen_text(console)


async def test_john_smiths_phone_number_finds_him_alone(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a first-day handler: 07700 900123, John Smith's number in the README, was
    two other demo customers' too, so the search listed three, John last, and every new
    customer given it had three possible duplicates. Each demo customer's number is theirs."""
    async with console.run_test(size=SIZE) as pilot:
        await _logged_in(pilot)
        await press(pilot, *"07700 900123")
        await settle(pilot)
        assert [row[1] for row in _rows(console)] == ["John Smith"]
        assert "John Smith" in screen_text(console)

    with console_database(demo_settings) as uow:
        phones = uow.session.scalars(
            select(ContactPoint.value).where(ContactPoint.kind == "phone")
        ).all()
    assert phones and len(set(phones)) == len(phones)
