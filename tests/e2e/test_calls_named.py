"""The wrap-up and the calls to finish name the customer beside the reference (MP-18).

Found driving the console at 80x24: the wrap-up read "Wrap up: Phone call with 1006 0616
W, started 13:55" and the calls to finish "05 Dec 13:56  Phone call  4071 2701 X  ended":
a handler coming back to a call could not tell whom it was with. Both now give the name
as the lookup lists it beside the reference; a long one is cut with "…" to keep the line
within 80 columns, the reference never.
"""

from __future__ import annotations

from datetime import datetime

from textual.widgets import DataTable

from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.verification import Channel
from custinfo_tui.domain.wrap_up import CallToFinish
from custinfo_tui.services.capture import create_customer
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.calls_to_finish import CallsToFinishScreen
from custinfo_tui.tui.screens.wrap_up_form import wrap_up_title
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.screen import press, screen_text, screen_words, settle

SIZE = (80, 24)
#: A long name, as a customer may have: 70 characters with the space.
GIVEN, FAMILY = "Hubert Blaine Maximilian Alexander", "Wolfeschlegelsteinhausenbergerdorff"


def _customer_with_a_long_name(settings: Settings) -> str:
    """Saved through the capture service as the demo agent; their reference as shown."""
    values = {
        "given_name": GIVEN,
        "family_name": FAMILY,
        "date_of_birth": "03/09/1971",
        "phone": "07700 900777",
        "address_line1": "14 Harbour Road",
        "town": "Whitby",
        "postcode": "YO22 4DE",
    }
    with console_uow_factory(settings) as uow_factory:
        saved = create_customer(
            uow_factory(),
            actor_for(uow_factory, "agent"),
            CapturePolicy(),
            Channel.PHONE,
            NewCustomer(
                template="new_customer",
                values=values,
                enquiry_type="New account",
                consent=ConsentAnswers(),
                read_back=ReadBackConfirmation(confirmed=frozenset(values)),
            ),
        )
    return saved.reference


def _finish_rows(app: CustinfoApp) -> list[list[str]]:
    table = app.screen.query_one("#finish-table", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def _lines(app: CustinfoApp) -> list[str]:
    return screen_text(app).splitlines()


def _row_shown(app: CustinfoApp, reference: str) -> str:
    """The calls to finish's row for the call with `reference`, as on the screen."""
    [row] = [line for line in _lines(app) if reference in line and "Phone call  " in line]
    return row


async def _left_for_later_then_logged_in_again(page: ConsolePage) -> None:
    await press(page.pilot, "escape")  # the wrap-up left for later: nothing typed
    await press(page.pilot, "ctrl+o")  # log out
    await settle(page.pilot)
    await page.log_in()
    assert isinstance(page.pilot.app.screen, CallsToFinishScreen)


async def test_the_wrap_up_and_the_calls_to_finish_name_the_customer(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.end_call_to_wrap_up()
        assert "Wrap up: Phone call with John Smith (1001 2345 P), started" in screen_text(console)

        await _left_for_later_then_logged_in_again(page)

        [row] = _finish_rows(console)
        assert row[2:] == ["1001 2345 P", "John Smith", "ended"]
        assert "1001 2345 P  John Smith" in _row_shown(console, "1001 2345 P")
        assert "Phone call with John Smith (1001 2345 P), started" in screen_text(console)
        await press(pilot, "enter")
        assert "Wrap up: Phone call with John Smith (1001 2345 P)" in screen_text(console)


async def test_a_long_name_is_cut_to_fit_80_columns_and_the_reference_never(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    reference = _customer_with_a_long_name(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("wolfeschlegelsteinhausenbergerdorff")
        await page.end_call_to_wrap_up()

        [title] = [line for line in _lines(console) if "Wrap up:" in line]
        assert title.strip().startswith("Wrap up: Phone call with Hubert Blaine")
        assert "…" in title and FAMILY not in title  # the name cut, on one line
        assert f"… ({reference}), started " in title

        await _left_for_later_then_logged_in_again(page)

        row = _row_shown(console, reference)
        assert row.rstrip().endswith("ended")  # nothing pushed off the screen
        assert f"{reference}  Hubert Blaine" in row and "…" in row
        # The line under the table says the highlighted call whole.
        assert f"Phone call with {GIVEN} {FAMILY} ({reference})" in screen_words(console)


def test_the_name_in_the_title_is_data_never_markup() -> None:
    call = CallToFinish(
        interaction_id=1,
        started_at=datetime(2026, 12, 5, 13, 55),
        channel=Channel.PHONE,
        customer_reference="1006 0616 W",
        customer_name="[bold]Ann[/bold] Lee",
        still_open=False,
    )

    title = wrap_up_title(call, 78)

    assert (
        title.plain == "Wrap up: Phone call with [bold]Ann[/bold] Lee (1006 0616 W), started 13:55"
    )
    assert not title.spans  # shown as typed, no style taken from it
