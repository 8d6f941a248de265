"""A reveal the console refuses in a call is said as before and kept on the trail (MP-08,
MP-10): F5 before the caller is verified, and Enter on a field the caller may not be told.

Found by a trainer: the trainee pressed F5 before any check, the console said "Verify the
caller first", and nothing was recorded, so the debrief could not say that they had tried.
"""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.support.console_page import ConsolePage
from tests.support.database import console_database
from tests.support.screen import panel_line, press, screen_text, settle

SIZE = (80, 24)


def _refused(settings: Settings) -> list[AuditEvent]:
    with console_database(settings) as uow:
        found = uow.audit.list_recent(action=AuditAction.FIELD_DISCLOSURE_REFUSED.value)
    return sorted(found, key=lambda event: event.id)


def _told(app: CustinfoApp) -> list[str]:
    """The notifications shown (App._notifications: no public API lists them)."""
    return [notification.message for notification in app._notifications]


async def test_f5_before_the_checks_is_refused_said_on_the_panel_and_recorded(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        await press(pilot, "f5")
        await settle(pilot)

        told = panel_line(console)
        assert told.startswith("Verify the caller first: nothing may be shown")
        assert console.screen is record
        [refused] = _refused(demo_settings)
        assert record.state is not None
        assert (refused.interaction_id, refused.outcome) == (record.state.interaction_id, "refused")
        assert {"phone", "email", "postcode", "date_of_birth"} <= set(refused.fields)
        assert refused.details["level"] == "none"
        assert refused.details["needs"]["phone"] == "needs Standard"

        await press(pilot, "f5")  # pressed again: said again, recorded again
        await settle(pilot)
        assert panel_line(console).startswith("Verify the caller first")
        assert len(_refused(demo_settings)) == 2

        # Verified, F5 shows what Standard allows; pressed again with all of it shown, it
        # asked for nothing more, so nothing more is refused.
        await page.answer("12/04/1980")
        await page.answer("SE1 2QT")
        await press(pilot, "f5")
        await settle(pilot)
        await press(pilot, "f5")
        await settle(pilot)
        assert panel_line(console).startswith("Everything Standard allows is shown.")
        assert len(_refused(demo_settings)) == 2


async def test_enter_on_a_field_the_caller_may_not_hear_is_refused_and_recorded(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        console.clear_notifications()
        await press(pilot, "f4", "down", "down", "down", "enter")  # the phone row
        await settle(pilot)

        assert "Phone: needs Standard." in _told(console)
        assert console.screen is record
        [refused] = _refused(demo_settings)
        assert (refused.fields, refused.details["needs"]) == (
            ("phone",),
            {"phone": "needs Standard"},
        )
        assert "07700 900123" not in screen_text(console)
