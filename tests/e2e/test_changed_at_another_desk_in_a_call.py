"""A record changed at another desk while a handler is in a call about it: read anew before
a key acts on it, and the handler told so where they are looking, on the screen that key
opens, not in a notification that screen takes down as it opens."""

from __future__ import annotations

from custinfo_tui.domain.capture import FieldEdit, ReadBackConfirmation
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.choose import ChoiceScreen
from custinfo_tui.tui.screens.record_editing import RELOADED
from tests.support.console_page import ConsolePage
from tests.support.screen import press, region_text, until


async def test_f2_says_on_the_caller_question_that_the_record_was_read_anew(
    console: CustinfoApp,
) -> None:
    """Found by a handler: a supervisor corrected the e-mail while the call was on; F2 read
    the record anew and said so in a notification, which the caller question (Who is
    calling?) took down as it opened, so the handler never saw why the record changed."""
    async with console.run_test(size=(80, 24)) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.call("john smith")
        shown = record.record.version
        services = console.services()
        supervisor = services.authenticate("supervisor", "supervisor-demo-2026").actor
        assert supervisor is not None
        services.edit_customer(
            supervisor,
            record.record.customer_id,
            shown,
            {"email": FieldEdit(value="j.smith@example.net", reason="Entry error corrected")},
            ReadBackConfirmation(confirmed=frozenset({"email"})),
        )

        await press(pilot, "f2")

        def asked() -> str:
            opened = isinstance(console.screen, ChoiceScreen) and console.screen.is_mounted
            return region_text(console, ".choice-explain") if opened else ""

        await until(pilot, lambda: "On the line now" in asked(), seconds=20)
        assert asked().startswith(RELOADED)
        assert record.record.version != shown  # the record behind it is as it is now
