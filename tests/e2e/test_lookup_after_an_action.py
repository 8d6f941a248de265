"""Back on the lookup once something is done, the next caller's name is searched for.

Found by a handler typing ahead: after a discrepancy report sent from the lookup (Ctrl+D
typed in the search box), and after the command palette's Calls to finish, the search
box still had the focus and the old search, so the next caller's name was added to it
("zoe taylorjohn smith": no customer matches). Now those leave the lookup as a record
opened outside a call does: the focus on the results, where a name typed starts a new
search. A dialog cancelled, having done nothing, leaves the search to go on with.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import DataTable, Input

from custinfo_tui.repository.orm.calls import DiscrepancyReportRow
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.calls_to_finish import CallsToFinishScreen
from custinfo_tui.tui.screens.discrepancy import ReportDiscrepancyScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, settle, typed_in_one_go

SIZE = (80, 24)
#: The report the handler types in one go: Zoë Taylor's phone (the fourth field).
REPORT = (
    *"zoe taylor",
    "ctrl+d",
    "down",
    "down",
    "down",
    "enter",
    *"0113 496 0998",
    "enter",
    *"Typed wrong at setup",
    "ctrl+s",
)


def _search(app: CustinfoApp) -> str:
    return app.screen.query_one("#search", Input).value


def _names(app: CustinfoApp) -> list[str]:
    table = app.screen.query_one("#results", DataTable)
    return [str(table.get_row_at(row)[1]) for row in range(table.row_count)]


def _reports(settings: Settings) -> list[tuple[str, str, str]]:
    with console_database(settings) as uow:
        rows = uow.session.scalars(select(DiscrepancyReportRow)).all()
        return [(row.field, row.claimed_value, row.why) for row in rows]


async def test_after_a_report_sent_from_the_lookup_the_next_callers_name_is_searched_for(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        typed_in_one_go(console, *REPORT)
        await settle(pilot)
        assert isinstance(console.screen, LookupScreen)

        typed_in_one_go(console, *"john smith")
        await settle(pilot)

        assert _search(console) == "john smith"
        assert "John Smith" in _names(console)
    assert _reports(demo_settings) == [("phone", "0113 496 0998", "Typed wrong at setup")]


async def test_a_name_typed_with_the_report_waits_for_it_to_be_sent(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The next caller's name typed straight after Ctrl+S goes to the lookup, not into
    the report being sent."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        typed_in_one_go(console, *REPORT, *"john smith")
        await settle(pilot)

        assert isinstance(console.screen, LookupScreen)
        assert _search(console) == "john smith"
        assert "John Smith" in _names(console)
    assert _reports(demo_settings) == [("phone", "0113 496 0998", "Typed wrong at setup")]


async def test_keys_typed_after_a_refused_report_stay_on_the_form(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A report the form refuses (a date that does not exist) is not sent: what is typed
    after Ctrl+S is for the form, where the caller's answer is put right."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        typed_in_one_go(
            console,
            *"zoe taylor",
            "ctrl+d",
            "down",
            "down",
            "enter",  # the date of birth
            *"31/02/1996",
            "enter",
            *"From her passport",
            "ctrl+s",
            "backspace",
            *"7",
        )
        await settle(pilot)

        form = console.screen
        assert isinstance(form, ReportDiscrepancyScreen)
        assert form.query_one("#discrepancy-value", Input).value == "31/02/1997"
    assert _reports(demo_settings) == []


async def test_a_report_cancelled_leaves_the_search_to_go_on_with(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Escape on the field list, or on the report before anything is typed, did nothing:
    the caller is still being found, so the search box keeps the focus and its search."""
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        typed_in_one_go(console, *"zoe", "ctrl+d", "escape", *" tay")
        await settle(pilot)
        assert _search(console) == "zoe tay"

        typed_in_one_go(console, "ctrl+d", "enter", "escape", *"lor")
        await settle(pilot)

        assert isinstance(console.screen, LookupScreen)
        assert _search(console) == "zoe taylor"
        assert console.focused is console.screen.query_one("#search", Input)
    assert _reports(demo_settings) == []


async def test_back_from_the_calls_to_finish_the_next_callers_name_is_searched_for(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        await press(pilot, *"zoe taylor")
        await press(pilot, "ctrl+p", *"calls to finish", "enter")
        assert isinstance(console.screen, CallsToFinishScreen)

        typed_in_one_go(console, "escape", *"john smith")
        await settle(pilot)

        assert isinstance(console.screen, LookupScreen)
        assert _search(console) == "john smith"
        assert "John Smith" in _names(console)
