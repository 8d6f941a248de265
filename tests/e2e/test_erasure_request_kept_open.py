"""An erasure request whose record is held by an open complaint (docs/data-protection.md,
"Legal holds"): none of UK GDPR Art. 17(3)(a) to (e) fits a complaint being handled, so
the desk no longer refuses the request "for the hold (Art. 17(3))": the DPO keeps it open,
refusing nothing, until the complaint ends, its due date still counting and shown."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.subject_access import due_date
from custinfo_tui.domain.timeline import describe
from custinfo_tui.services.complaints import raise_complaint
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.data_protection.erasure import ErasureScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from tests.support.actors import actor_for
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import dpo_at_the_requests, log_requests
from tests.support.screen import region_text, settle


async def test_an_erasure_request_held_by_an_open_complaint_is_kept_open_not_refused(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by the DPO: F2 refused the request "because of an open complaint" citing
    "UK GDPR Art. 17(3)" with no ground, and closed it; the person was owed an erasure
    once the complaint ended, not a refusal."""
    [request] = log_requests(demo_settings, DataRight.ERASURE)
    with console_uow_factory(demo_settings) as uows:
        complaint = ComplaintIn(
            category="Billing or charges",
            customer_said="Charged twice in March",
            apology="Sorry for the double charge",
            solution="Refund the second payment",
        )
        raise_complaint(uows(), actor_for(uows, "agent"), ComplaintPolicy(), 1, complaint)
    today = datetime.now(UTC).date()
    due = due_date(today)
    async with dpo_at_the_requests(console) as page:
        detail = region_text(console, "#sar-detail")
        assert "The record is held (open complaint): it is not erased while the hold " in detail
        assert "F2 there keeps the request open" in detail
        assert f"Still due {due:%d %b %Y}" in detail
        await page.keys("enter")
        assert isinstance(console.screen, ErasureScreen)
        await settle(page.pilot)
        assert "(no ground to refuse erasure)" in " ".join(
            region_text(console, "#erase-holds").split()
        )
        await page.keys("f2")
        asked = region_text(console, ".choice-box")
        assert "An open complaint is no ground to refuse erasure (none of UK GDPR Art. " in (asked)
        assert "Record the refusal" not in asked  # nothing to refuse it on
        assert f"Keep request {request.id} open while the hold stands" in asked
        await page.keys("down", "enter")
        said = region_text(console, "#erase-holds")
        assert f"Erasure request {request.id} is kept open while " in said
        assert f"It is still due by {due:%d %b %Y}" in said
        await page.keys("escape")
        assert isinstance(console.screen, SubjectAccessScreen)
        await settle(page.pilot)
        detail = region_text(console, "#sar-detail")
        assert f"Kept open on {today:%d %b %Y} until the hold ends." in detail
        assert "1 open, 0 overdue" in region_text(console, "#sar-status")  # still open

    with console_database(demo_settings) as uow:
        row = uow.subject_access.get(request.id)
        assert row is not None and row.answered_at is None and row.refusal_reason is None
        [kept] = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_KEPT_OPEN.value)
        refused = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_REFUSED.value)
    assert kept.details == {
        "request_id": request.id,
        "right": "erasure",
        "holds": ["open_complaint"],
    }
    assert refused == []
    words = describe(AuditAction(kept.action), (), kept.details, kept.outcome)
    assert words == (
        "Erasure request kept open while the record is held (open complaint): erased once "
        "the hold ends"
    )
