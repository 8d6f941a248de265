"""What a supervisor closing a handler's call is told, and what the handler is told
(MP-18): found by a supervisor exploring the demo at 80x24.

The reason box said only "Closing it wraps it up as closed by a supervisor..." of a call
whose handler was logged in and at work that very minute, and said nothing of the
complaint, discrepancy report and disclosure request raised in it, which stay open. The
handler then read "A supervisor closed this call: it needs no wrap-up", without why.
"""

from __future__ import annotations

from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.domain.disclosures import (
    CHANNELS,
    LAWFUL_BASES,
    DisclosureRequestIn,
    DisclosureStatus,
)
from custinfo_tui.domain.discrepancies import DiscrepancyIn, DiscrepancyStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.verification import Channel, VerificationPolicy
from custinfo_tui.domain.wrap_up import CLOSED_BY_SUPERVISOR
from custinfo_tui.services import complaints, disclosures, discrepancies, verification, wrap_up
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.choose import ReasonScreen
from custinfo_tui.tui.screens.unfinished_calls import UnfinishedCallsScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import region_text, screen_text
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN_SMITH = 1
REASON = "Handler asked me to, wrap-up screen froze"


def _call_that_raised_three_things(settings: Settings) -> int:
    """The agent's phone call with John Smith, in which a complaint, a discrepancy report
    and a third party's request for his data were raised, ended without a wrap-up; the
    agent still logged in at their desk. The call's id."""
    with console_uow_factory(settings) as uows:
        agent = actor_for(uows, "agent")
        call = verification.start_interaction(
            uows(), agent, VerificationPolicy(), JOHN_SMITH, Channel.PHONE
        ).interaction_id
        complaint = ComplaintIn(
            category="Billing or charges",
            customer_said="Charged twice",
            apology="Sorry for the double charge",
            solution="Refund the second payment",
        )
        complaints.raise_complaint(uows(), agent, ComplaintPolicy(), JOHN_SMITH, complaint, call)
        wrong = DiscrepancyIn(field="town", claimed_value="York", why="Letter returned")
        discrepancies.report_discrepancy(uows(), agent, JOHN_SMITH, wrong, call)
        asked = DisclosureRequestIn(
            requester="A. Clerk",
            organisation="Example Solicitors",
            identity_check="Called back on the firm's switchboard",
            lawful_basis=LAWFUL_BASES[0],
            asked_for="The address",
            fields=("address_line1",),
            channel=CHANNELS[0],
        )
        disclosures.request_disclosure(uows(), agent, JOHN_SMITH, asked, call)
        verification.end_interaction(uows(), agent, call)
    return call


async def test_closing_a_call_warns_of_its_handler_at_work_and_names_what_stays_open(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    call = _call_that_raised_three_things(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await page.keys("ctrl+g", "f6")
        assert isinstance(console.screen, UnfinishedCallsScreen)
        await page.keys("enter")
        assert isinstance(console.screen, ReasonScreen)
        warned = region_text(console, ".choice-warning")
        explained = region_text(console, ".choice-explain")
        # In red, first: the handler is logged in and did something minutes ago.
        assert "agent is logged in and did something at" in warned
        assert "they may be about to finish it. Ask them first if you can." in warned
        assert (
            "Raised in it and still open: 1 complaint, 1 discrepancy report, 1 disclosure "
            "request. Closing the call leaves them open." in explained
        )
        assert "with your reason on the audit trail and told to agent" in explained
        assert "Why close it?" in screen_text(console)  # the reason box, in sight at 80x24
        await page.keys(*REASON, "enter")
        assert isinstance(console.screen, UnfinishedCallsScreen)

    with console_database(demo_settings) as uow:
        row = uow.interactions.get(call)
        assert row is not None and row.outcome == CLOSED_BY_SUPERVISOR
        wrapped = uow.audit.for_interaction(call)[-1]
        assert wrapped.action is AuditAction.INTERACTION_WRAPPED_UP
        assert wrapped.reason == REASON and wrapped.details["handler_active"] is True
        assert REASON not in str(wrapped.details)  # the reason, not copied into details
        # What the call raised stays open, for whoever works it.
        raised = [c for c in uow.complaints.of_customer(JOHN_SMITH) if c.interaction_id == call]
        assert [complaint.closed_at for complaint in raised] == [None]
        reports = [r for r in uow.discrepancies.open_on(JOHN_SMITH) if r.interaction_id == call]
        assert [report.status for report in reports] == [DiscrepancyStatus.OPEN]
        asked = [d for d in uow.disclosures.for_customer(JOHN_SMITH) if d.requester == "A. Clerk"]
        assert [row.status for row in asked] == [DisclosureStatus.PENDING]

    # The handler is told why: on their calls to finish, and in the call they are still in.
    with console_uow_factory(demo_settings) as uows:
        notice = wrap_up.finished_call_notice(uows(), actor_for(uows, "agent"), call)
    assert notice == (
        f"A supervisor closed this call (their reason: {REASON}): it needs no wrap-up now."
    )
