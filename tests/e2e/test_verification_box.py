"""The verification panel's answer box and highlight, as a first-day handler meets them at
80x24 (MP-08): where the highlight goes after a pass, which answers match an address,
what happens to a slip and to a card number read out, and what the masks give away.
"""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable, Input, Static

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.widgets.answer_input import CARD_NUMBER_IN_ANSWER
from custinfo_tui.tui.widgets.record_fields import ACCESS_SEPARATOR
from custinfo_tui.tui.widgets.verification_panel import VerificationPanel
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, region_text, screen_text, settle, words

SIZE = (80, 24)


def _events(settings: Settings, action: AuditAction) -> list[AuditEvent]:
    with console_database(settings) as uow:
        return uow.audit.list_recent(action=action.value)


def _checked(settings: Settings, action: AuditAction) -> list[str]:
    """The checks of `action` events on the trail, oldest first."""
    return [e.fields[0] for e in reversed(_events(settings, action))]


#: A test card number (it passes the Luhn check), in the groups a caller reads it out in.
CARD = "4111 1111 1111 1111"


def _trail(settings: Settings) -> str:
    """What the audit trail's events say, as text: their fields, reasons and details, where
    anything typed could be kept (not their hashes and times, whose digits can hold "1111"
    by chance: one CI run's did)."""
    with console_database(settings) as uow:
        return " ".join(
            repr((event.fields, event.reason, event.details))
            for event in uow.audit.list_recent(limit=1000)
        )


def _highlighted(app: CustinfoApp) -> str | None:
    check = app.screen.query_one(VerificationPanel).highlighted_check
    return None if check is None else check.kind.value


def _said(app: CustinfoApp) -> str:
    """What the line under the answer box says."""
    return words(str(app.screen.query_one("#check-result", Static).render()))


def _box(app: CustinfoApp) -> Input:
    return app.screen.query_one("#answer", Input)


async def test_after_a_pass_the_highlight_never_goes_back_to_a_check_that_failed(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Two wrong dates of birth, then the postcode passes: the highlight went back to the
    date of birth, one failure from the lock. It moves on to a check not yet asked."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        await page.answer("01/01/1990")
        shown = await page.answer("02/01/1990")
        assert "1 more failure locks" in " ".join(shown.split())
        shown = await page.answer("LS6 3HN", down=1)

        assert _highlighted(console) == "address_line1"
        assert "first line of that address" in " ".join(shown.split())
        await page.answer("7 Station Road")  # typed ahead: checked as the address
    assert _checked(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == [
        "date_of_birth",
        "date_of_birth",
    ]
    assert _checked(demo_settings, AuditAction.CALLER_CHECK_PASSED) == [
        "postcode",
        "address_line1",
    ]


async def test_the_first_line_of_the_address_said_with_the_flat_passes(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Zoë Taylor lives at Flat 2 (line 2), 7 Station Road (line 1): "flat 2 7 station road"
    is how she says the first line of her address, and it failed."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        shown = await page.answer("flat 2 7 station road", down=2)

        assert "Passed: Address line 1." in " ".join(shown.split())
        assert "[x] Address line 1" in shown
    assert _checked(demo_settings, AuditAction.CALLER_CHECK_PASSED) == ["address_line1"]
    assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []


async def test_a_card_number_typed_as_an_answer_is_removed_and_never_checked(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A card number read out as a date of birth stayed in the box with only a format
    message. It is emptied from the box, never checked, and the panel says why."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        shown = await page.answer(CARD)

        assert _box(console).value == ""
        assert CARD_NUMBER_IN_ANSWER in words(shown)
        assert "1111" not in screen_text(console)
        assert "Not verified - 0 passed" in shown and "[!]" not in shown
    assert "1111" not in _trail(demo_settings)
    assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []


async def test_a_card_number_pasted_as_phone_digits_leaves_the_box_at_once(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        await press(pilot, "down", "down", "down")
        _box(console).post_message(events.Paste(CARD.replace(" ", "")))
        await settle(pilot)

        assert _box(console).value == ""
        assert "1111" not in screen_text(console)
        assert CARD_NUMBER_IN_ANSWER in words(region_text(console, "#verification-panel"))
    assert "1111" not in _trail(demo_settings)


async def test_a_slip_stays_selected_so_typing_replaces_it_and_moving_on_clears_its_message(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A date that does not exist stayed in the box and the next typing was appended to
    it ("31/02/199530/08/1996"). It stays, selected: what is typed next replaces it. Down
    to another check takes its message away, and works with text in the box."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")
        shown = await page.answer("31/02/1995")
        assert _box(console).value == "31/02/1995"
        assert "does not exist" in words(shown)

        shown = await page.answer("30/08/1995")  # typed over the slip
        assert "Passed: Date of birth." in words(shown)

        await page.answer("LS6 3H")  # not a postcode: back in the box
        assert _box(console).value == "LS6 3H"
        said = _said(console)
        assert said and said in words(region_text(console, "#verification-panel"))
        await press(pilot, "down")
        assert _highlighted(console) == "address_line1"
        assert _box(console).value == "LS6 3H"
        assert _said(console) == ""
        assert said not in words(region_text(console, "#verification-panel"))
    assert _checked(demo_settings, AuditAction.CALLER_CHECK_PASSED) == ["date_of_birth"]
    assert _events(demo_settings, AuditAction.CALLER_VERIFICATION_FAILED) == []


def _value(app: CustinfoApp, label: str) -> str:
    """What the record's Value column shows for a field, before " · " and what it needs."""
    table = app.screen.query_one("#details-table", DataTable)
    for row in range(table.row_count):
        cells = [cell.plain for cell in table.get_row_at(row)]
        if cells[0] == label:
            return cells[1].partition(ACCESS_SEPARATOR)[0]
    raise AssertionError(f"no {label} row")


async def test_in_a_call_no_mask_shows_part_of_an_answer_a_check_asks_for(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The phone showed its last 3 digits beside "What are the last 4 digits of the phone
    number we hold?", and the postcode its outward code beside "What is the postcode?":
    the handler could prompt the caller. Both are hidden until their check passes."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("zoe taylor")

        assert _value(console, "Phone") == "(hidden)"
        assert _value(console, "Postcode") == "(hidden)"
        shown = screen_text(console)
        assert "872" not in shown and "LS6" not in shown

        await page.answer("LS6 3HN", down=1)
        await settle(pilot)
        assert _value(console, "Postcode") == "LS6 3**"  # passed: nothing left to give away
        assert _value(console, "Phone") == "(hidden)"
        assert "872" not in screen_text(console)
    assert _events(demo_settings, AuditAction.FIELD_DISCLOSED) == []
    assert _checked(demo_settings, AuditAction.CALLER_CHECK_PASSED) == ["postcode"]
