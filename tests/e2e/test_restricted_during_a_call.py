"""A record restricted (UK GDPR Art. 18) while a handler is in a call about it: the
console's redraw of the record refuses it, says why, and shows nothing changed since."""

from __future__ import annotations

from custinfo_tui.domain.capture import FieldEdit, ReadBackConfirmation
from custinfo_tui.services import restriction
from custinfo_tui.services.restriction import RESTRICTED_MESSAGE
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.screen import press, screen_text, until


async def test_a_record_restricted_and_changed_since_the_call_began_is_not_redrawn(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found reading the code: the redraw of a record in a call asked nothing of a
    restriction, so a record changed at another desk and restricted since was shown anew,
    change and all; and a redraw that failed said nothing to the handler."""
    async with console.run_test(size=(80, 24)) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        services = console.services()
        supervisor = services.authenticate("supervisor", "supervisor-demo-2026").actor
        assert supervisor is not None
        services.edit_customer(
            supervisor,
            record.record.customer_id,
            record.record.version,
            {"email": FieldEdit(value="j.smith@example.net", reason="Entry error corrected")},
            ReadBackConfirmation(confirmed=frozenset({"email"})),
        )
        with console_uow_factory(demo_settings) as uows:
            restriction.restrict_processing(uows(), None, "1001 2345 P", "Accuracy contested")

        await press(pilot, "f4", "2")  # a tab shown: the record is checked, and was changed
        await until(pilot, lambda: RESTRICTED_MESSAGE in _told(console))
        assert "j.smith@example.net" not in screen_text(console)
        assert record.record.value("email") != "j.smith@example.net"


def _told(console: CustinfoApp) -> list[str]:
    return [str(n.message) for n in console._notifications]
