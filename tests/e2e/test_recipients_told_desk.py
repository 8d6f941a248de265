"""T on the DPO's list of requests: a recipient of the record's data told of a
rectification (UK GDPR Art. 19), recorded from the desk and said on the request's line
(docs/data-protection.md, "Telling the recipients")."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from tests.support.actors import desk_for
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import dpo_at_the_requests, log_requests
from tests.support.disclosed import released_to
from tests.support.screen import region_text, settle


def _line(console: CustinfoApp, selector: str) -> str:
    return region_text(console, selector)


async def test_the_dpo_records_a_recipient_told_and_the_requests_line_says_so(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: after a rectification (or an erasure, a restriction) Art. 19 has each
    recipient told, and the console named them at best, with nowhere to record that they
    were told, or why telling them was impossible: the person may ask."""
    with console_uow_factory(demo_settings) as uows:
        agent, dpo = desk_for(uows, "agent"), desk_for(uows, "dpo")
        police = released_to(agent, dpo, 1, "Example Constabulary")
    [request] = log_requests(demo_settings, DataRight.RECTIFICATION)
    today = datetime.now(UTC).date()

    async with dpo_at_the_requests(console) as page:
        line = _line(console, "#sar-detail")
        assert (
            "Recipients to tell of the rectification (Art. 19): every release, no correction "
            "being recorded for the request yet: Example Constabulary"
        ) in line
        assert "not told yet. T records each told, or why not." in line

        await page.keys("t")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        box = form.query_one("#told-on", BoundedInput)
        assert box.has_focus  # the one recipient chosen already
        await page.keys("ctrl+s")
        await settle(page.pilot)
        assert console.screen is form and box.has_focus and box.has_class("-problem")
        assert "Give the day they were told, or say below why" in _line(
            console, "#desk-form-message"
        )

        await page.keys(*f"{today:%d/%m/%Y}", "ctrl+s")
        await settle(page.pilot)
        assert isinstance(console.screen, SubjectAccessScreen)
        line = _line(console, "#sar-detail")
        assert f"sent data {today:%d %b %Y}): told on {today:%d %b %Y}." in line
        assert "T records each" not in line  # nothing left to record

    with console_database(demo_settings) as uow:
        [told] = uow.audit.list_recent(action=AuditAction.DISCLOSURE_RECIPIENT_TOLD.value)
        assert told.details["request_id"] == request.id
        assert told.details["disclosure_id"] == police
