"""A reason for a different person holds for the match it answered, not a closer one (MP-13).

Found driving the console at 80x24: "Jonh Smith", born 12/04/1980, strongly matched John
Smith (1001 2345 P), similar name and same date of birth, and the handler said why the
caller was someone else. At the read-back the caller corrected the name to John and the
postcode to SE1 2QT, John Smith's own: Ctrl+S went straight back to the read-back, and the
record was saved with the reason given for the weaker match, the closer one never asked
about. A correction that makes a match closer, or finds another, now asks again.
"""

from __future__ import annotations

from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.orm.audit import AuditEventRow
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.capture import CaptureScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import press, screen_text, settle, words

SIZE = (80, 24)
FIRST_REASON = "Different postcode and phone"
#: The read-back's lines: given and family name, date of birth, phone, e-mail, line 1,
#: town, postcode.
LINES = 8


async def _jonh_smith_on_the_read_back(pilot: Pilot[None]) -> CaptureScreen:
    """Logged in as the agent: a new customer "Jonh Smith" born 12/04/1980, every other
    detail unlike John Smith's (1001 2345 P), the strong match answered with
    `FIRST_REASON`, and the read-back open."""
    page = ConsolePage(pilot)
    await page.log_in()
    capture = await page.start_capture("Jonh")
    await press(pilot, "tab", *"Smith", "tab", *"12/04/1980", "tab", *"07700 900987", "tab")
    await press(pilot, *"jonh.s@example.net", "tab", *"3 Mill Lane", "tab", "tab")
    await press(pilot, *"Bristol", "tab", *"BS1 4DJ", "ctrl+s")
    await settle(pilot)
    asked = _reason_asked(pilot)
    assert "John Smith (1001 2345 P): strong match" in asked
    await press(pilot, *FIRST_REASON, "enter")
    await page.save_without_notes()
    assert isinstance(pilot.app.screen, ReadBackScreen)
    return capture


async def _correct(pilot: Pilot[None], capture: CaptureScreen, **values: str) -> None:
    """Ctrl+E on the read-back's first line, then each box given its new value."""
    await press(pilot, "ctrl+e")
    assert pilot.app.screen is capture
    for key, value in values.items():
        box = capture.query_one(f"#{key}-input", Input)
        capture.set_focus(box)
        await settle(pilot)
        await press(pilot, *["backspace"] * len(box.value), *value)
    await settle(pilot)


def _reason_asked(pilot: Pilot[None]) -> str:
    """The question why the caller is someone else, as shown: its words on one line,
    without the dialog's border."""
    shown = screen_text(pilot.app)
    assert "Why is the caller a different person?" in shown, shown
    return words(shown.replace("│", " "))


def _created_reason(settings: Settings) -> str | None:
    """The reason the new customer was saved with, despite a strong match."""
    with console_database(settings) as uow:
        return uow.session.scalars(
            select(AuditEventRow.reason).where(
                AuditEventRow.action == AuditAction.CUSTOMER_CREATED.value
            )
        ).one()


async def test_a_correction_that_makes_the_match_closer_asks_the_reason_again(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        capture = await _jonh_smith_on_the_read_back(pilot)

        await _correct(pilot, capture, given_name="John", postcode="SE1 2QT")
        await press(pilot, "ctrl+s")
        await settle(pilot)

        asked = _reason_asked(pilot)
        assert "same name, same date of birth, same postcode" in asked
        assert FIRST_REASON in asked  # what was said before, to think again about
        await press(pilot, *"Caller's father, same name and address", "enter")
        assert isinstance(console.screen, ReadBackScreen)
        await press(pilot, *["enter"] * LINES, "ctrl+s")
        await settle(pilot)
        assert isinstance(console.screen, RecordScreen)

    assert _created_reason(demo_settings) == "Caller's father, same name and address"


async def test_escape_from_the_question_asked_again_saves_nothing(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        capture = await _jonh_smith_on_the_read_back(pilot)
        await _correct(pilot, capture, given_name="John")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        _reason_asked(pilot)

        await press(pilot, "escape")
        assert console.screen is capture
        await press(pilot, "ctrl+s")
        await settle(pilot)
        _reason_asked(pilot)  # still not answered: asked again, never read back

    with console_database(demo_settings) as uow:
        assert (
            uow.session.scalars(
                select(AuditEventRow.id).where(
                    AuditEventRow.action == AuditAction.CUSTOMER_CREATED.value
                )
            ).all()
            == []
        )


async def test_a_correction_that_matches_no_more_keeps_the_reason_given(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        capture = await _jonh_smith_on_the_read_back(pilot)

        await _correct(pilot, capture, address_line1="5 Mill Lane")
        await press(pilot, "ctrl+s")
        await settle(pilot)

        assert isinstance(console.screen, ReadBackScreen)
        await press(pilot, *["enter"] * LINES, "ctrl+s")
        await settle(pilot)
        assert isinstance(console.screen, RecordScreen)

    assert _created_reason(demo_settings) == FIRST_REASON
