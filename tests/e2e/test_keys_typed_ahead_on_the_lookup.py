"""Keys typed ahead on the lookup act where, and on whom, they were typed.

Found driving the console in a terminal at 80x24: Down, Down, Ctrl+D typed in one go on
the results reported a detail of the first customer listed, not the third (the Downs
moved the field list Ctrl+D had opened). From the search box, a new name and Ctrl+D typed
in one go reported on the customer highlighted in the search before. Escape and a digit
typed at once, which the terminal sends as Escape followed by the digit, were read as one
Option key ("¡" for Escape, 1): the new search was lost on the results, and scrambled in
the box ("smithº7700 900123"), so the next Enter opened a customer of the search before.
Back on the results from a record, a name typed went nowhere, and nothing said so.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from textual.widgets import DataTable

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.repository.orm.audit import AuditEventRow
from custinfo_tui.repository.orm.calls import DiscrepancyReportRow
from custinfo_tui.repository.orm.people import Customer
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.discrepancy import ReportDiscrepancyScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import (
    press,
    region_text,
    screen_text,
    settle,
    typed_at_the_terminal,
    typed_in_one_go,
)
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
#: What a terminal sends for Escape.
ESCAPE = "\x1b"


def _reference_in_row(app: CustinfoApp, row: int) -> str:
    """The reference the lookup's results show in `row` (from 0), as shown: "1001 2345 P"
    (the lookup may be under a dialog)."""
    [lookup] = [screen for screen in app.screen_stack if isinstance(screen, LookupScreen)]
    return str(lookup.query_one("#results", DataTable).get_row_at(row)[0])


async def test_down_down_ctrl_d_in_one_go_on_the_results_reports_the_third_customer(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, *"smith", "down")  # on the results, the first match highlighted
        third = _reference_in_row(console, 2)

        typed_in_one_go(console, "down", "down", "ctrl+d")
        await settle(pilot)
        await press(pilot, "enter")  # the first field on the list: given name

        assert isinstance(console.screen, ReportDiscrepancyScreen)
        assert f"Report a discrepancy: Given name ({third})" in screen_text(console)
        await press(pilot, *"Beatrix", "enter", *"Caller says it was mistyped", "ctrl+s")

    with console_database(demo_settings) as uow:
        reported = uow.session.execute(
            select(Customer.reference, DiscrepancyReportRow.field).join(
                Customer, Customer.id == DiscrepancyReportRow.customer_id
            )
        ).all()
    assert [tuple(row) for row in reported] == [(third.replace(" ", ""), "given_name")]


async def test_a_new_name_and_ctrl_d_in_one_go_reports_on_its_first_match(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, *"john smith")  # the search before, its first match highlighted
        before = _reference_in_row(console, 0)

        typed_in_one_go(console, *["backspace"] * len("john smith"), *"smith", "ctrl+d")
        await settle(pilot)
        first = _reference_in_row(console, 0)
        await press(pilot, "enter")  # the first field on the list: given name

        assert first != before
        assert f"Report a discrepancy: Given name ({first})" in screen_text(console)
        await press(pilot, *"Amy", "enter", *"Caller says it was mistyped", "ctrl+s")

    with console_database(demo_settings) as uow:
        reported = uow.session.scalars(
            select(Customer.reference).join(
                DiscrepancyReportRow, Customer.id == DiscrepancyReportRow.customer_id
            )
        ).all()
    assert reported == [first.replace(" ", "")]


def _viewed(settings: Settings) -> list[str]:
    """The references of the records opened, in order, as the audit trail holds them."""
    with console_database(settings) as uow:
        return list(
            uow.session.scalars(
                select(Customer.reference)
                .join(AuditEventRow, Customer.id == AuditEventRow.customer_id)
                .where(AuditEventRow.action == AuditAction.CUSTOMER_VIEWED.value)
                .order_by(AuditEventRow.id)
            )
        )


async def test_escape_then_a_reference_typed_at_once_on_the_results_searches_for_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await press(pilot, *"smith", "down")  # on the results of the search before

        await typed_at_the_terminal(console, ESCAPE + "1001 2345 P")
        await settle(pilot)

        assert region_text(console, "#search") == "1001 2345 P"
        assert "1 customer matches" in screen_text(console)
        await page.keys("enter", "enter")  # to the match, and open it
        await page.no_customer_in_touch()
        await page.keys("enter", *"letter of 20 Nov", "enter")
        assert isinstance(console.screen, RecordScreen)
        shown = screen_text(console)
        assert "John Smith" in shown and "1001 2345 P" in shown

    assert _viewed(demo_settings) == ["10012345P"]


async def test_escape_then_a_phone_typed_at_once_in_the_search_box_searches_for_it(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, *"smith")

        await typed_at_the_terminal(console, ESCAPE + "07700 900123")
        await settle(pilot)

        assert region_text(console, "#search") == "07700 900123"
        shown = screen_text(console)
        assert "1 customer matches" in shown and "John Smith" in shown
        assert "Amelia Smith" not in shown  # nothing of the search before is left


@pytest.mark.parametrize("phone", ["+33123456789", "(020) 7946 0123"])
async def test_escape_then_a_phone_starting_plus_or_a_bracket_typed_at_once_searches_for_it(
    console: CustinfoApp, phone: str
) -> None:
    """Textual read Escape then "+" (or "(") typed at once as the "+" alone: the Escape was
    lost, and the box read "+447700900401+33123456789"."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, *"+447700900401")
        await settle(pilot)

        await typed_at_the_terminal(console, ESCAPE + phone)
        await settle(pilot)

        assert region_text(console, "#search") == phone


async def test_a_name_typed_on_the_results_back_from_a_record_searches_for_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("smith")  # from the results: the first Smith
        await press(pilot, "escape")  # back to the lookup, on the results
        lookup = console.screen
        assert isinstance(lookup, LookupScreen) and not lookup.in_search_box

        typed_in_one_go(console, *"john smith")
        await settle(pilot)

        assert region_text(console, "#search") == "john smith"
        assert "2 customers match" in screen_text(console)
        await page.keys("down", "down", "enter")  # the second John Smith
        await page.no_customer_in_touch()
        await page.keys("enter", *"letter of 20 Nov", "enter")
        assert isinstance(console.screen, RecordScreen)
        second = console.screen.record.reference
        assert "John Smith" in screen_text(console)

    assert _viewed(demo_settings)[-1] == second.replace(" ", "")


async def test_escape_then_a_name_typed_at_once_on_a_record_searches_for_it(
    console: CustinfoApp,
) -> None:
    """The terminal sends the two as one Alt key and the rest of the name: the record
    closes, and the name is searched for on the lookup."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.open_back_office("smith")

        await typed_at_the_terminal(console, ESCAPE + "john smith")
        await settle(pilot)

        assert isinstance(console.screen, LookupScreen)
        assert region_text(console, "#search") == "john smith"
        assert "2 customers match" in screen_text(console)


@pytest.mark.parametrize("name", ["bond", "ford"])
async def test_escape_then_a_name_starting_b_or_f_typed_at_once_searches_for_it(
    console: CustinfoApp, name: str
) -> None:
    """Escape then "b" or "f" arrive as the terminal's Alt+b and Alt+f, which Textual read
    as Ctrl+Left and Ctrl+Right: the cursor moved a word, and the box read "ondsmith"
    after "smith", Escape, "bond" (every other letter cleared it)."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, *"smith")

        await typed_at_the_terminal(console, ESCAPE + name)
        await settle(pilot)

        assert region_text(console, "#search") == name
        assert "Amelia Smith" not in screen_text(console)  # nothing of the search before


async def test_an_alt_key_in_the_search_box_is_escape_then_the_key_never_a_word_move(
    console: CustinfoApp,
) -> None:
    """A terminal that reports Alt apart (the kitty keyboard protocol) sends Alt+b as one
    key: the console has no Alt keys, so it is Escape then "b" too."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(SUPERVISOR)
        await press(pilot, *"smith", "alt+b", *"ond")
        await settle(pilot)
        assert region_text(console, "#search") == "bond"

        await press(pilot, "alt+backspace", *"jones")
        await settle(pilot)
        assert region_text(console, "#search") == "jones"
