"""What a supervisor needs beside a decision, on the real console at 80x24.

Found by a supervisor exploring the demo: approving a police request for John Smith's
address said nothing of the agent's open report that its first line was wrong, and the
release showed that line to send. The open report is now said beside the decision and on
the release, by field and reporter, never the value the caller gave.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import select
from textual.pilot import Pilot

from custinfo_tui.domain.discrepancies import DiscrepancyIn
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.orm.audit import AuditEventRow
from custinfo_tui.services import discrepancies, queue
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.disclosure_decision import DecideDisclosureScreen, ReleaseScreen
from custinfo_tui.tui.screens.discrepancy_decision import DecideDiscrepancyScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.resolve_item import ResolveItemScreen
from custinfo_tui.tui.widgets import operator_line
from tests.e2e.test_disclosures import _agent_records_a_police_request
from tests.support.actors import desk_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import press, region_text, screen_text, screen_words, settle, words
from tests.support.tour import SUPERVISOR

SIZE = (80, 24)
JOHN_SMITH = 1
RIGHT_LINE = "12A Acacia Road"
JOHN = NAMED_CUSTOMERS[0]


def _agent_reports(
    settings: Settings, field: str, value: str, customer_id: int = JOHN_SMITH
) -> int:
    """The agent reports `field` of the customer as wrong, outside a call: the report's id."""
    with console_uow_factory(settings) as uow_factory:
        agent = desk_for(uow_factory, "agent")
        given = DiscrepancyIn(field=field, claimed_value=value, why="Caller says so")
        return discrepancies.report_discrepancy(uow_factory(), agent.actor, customer_id, given).id


async def test_an_open_report_on_a_field_asked_for_is_said_beside_the_decision_and_release(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _agent_reports(demo_settings, "address_line1", RIGHT_LINE)
    _agent_reports(demo_settings, "email", "john.smith@example.org")  # not asked for
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _agent_records_a_police_request(page, console)
        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        assert isinstance(console.screen, QueueScreen)
        await press(pilot, "f3", "f3")  # disclosure requests only
        await press(pilot, "enter")
        assert isinstance(console.screen, DecideDisclosureScreen)
        said = words(region_text(console, "#decide-disclosure-reports"))
        assert said.startswith("Open discrepancy report on Address line 1 (reported ")
        assert "by agent)" in said and "Settle it first" in said
        assert "E-mail" not in said and RIGHT_LINE not in said  # the field only, never a value
        assert "Open discrepancy report on Address line 1" in screen_words(console)

        await press(pilot, *"Sch. 2 para 2 applies", "ctrl+y")
        await settle(pilot)
        assert isinstance(console.screen, ReleaseScreen)
        shown = screen_words(console)
        assert "Open discrepancy report on Address line 1 (reported " in shown
        assert "Check the value with the report before sending it." in shown
        assert "Address line 1" in words(region_text(console, "#release-table"))


async def test_a_request_with_no_open_report_on_its_fields_says_none(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _agent_reports(demo_settings, "email", "john.smith@example.org")  # not asked for
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _agent_records_a_police_request(page, console)
        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "f3", "f3", "enter")
        assert isinstance(console.screen, DecideDisclosureScreen)
        assert not console.screen.query("#decide-disclosure-reports")
        assert "discrepancy" not in screen_text(console).lower()


async def test_a_report_from_the_lookup_says_nobody_was_verified_and_shows_the_value_on_file(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Reported from the lookup (no call): the decision said nothing where an in-call report
    says who was on the line and how far verified, and the value on file was a record away."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, *"john smith", "enter")  # to the results
        await press(pilot, "ctrl+d", *(["down"] * 4), "enter")  # the e-mail
        await press(pilot, *"john.smith@example.org", "enter", *"Typo on file", "ctrl+s")
        await press(pilot, "ctrl+o")
        await settle(pilot)

        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "enter")
        assert isinstance(console.screen, DecideDiscrepancyScreen)
        shown = screen_words(console)
        said = "from the lookup or a record, outside a call: nobody was verified"
        explained = region_text(console, "#decide-box .choice-explain")
        assert re.fullmatch(rf"Reported by agent, \d\d \w{{3}} \d\d:\d\d, {said}", explained)
        assert "Caller says: john.smith@example.org" in shown
        assert f"On file: {JOHN.email}" in shown
        assert "Why: Typo on file" in shown  # all of it still fits at 80x24
        assert "Reason, to reject it" in shown


async def test_the_reporter_reads_the_rejection_apart_from_who_decided_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The reporter's F9 list read "rejected: ... Ask customer to call back by supervisor",
    the decider run into the reason as if the customer were to call the supervisor."""
    report = _agent_reports(demo_settings, "email", "john.smith@example.org")
    with console_uow_factory(demo_settings) as uow_factory:
        supervisor = desk_for(uow_factory, "supervisor")
        discrepancies.reject_discrepancy(
            uow_factory(), supervisor.actor, report, "Not verified: Ask customer to call back"
        )
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await press(pilot, "f9")
        await settle(pilot)
        detail = words(region_text(console, "#reports-detail"))
        assert detail.startswith("E-mail (")
        assert "rejected: Not verified: Ask customer to call back - decided by supervisor, " in (
            detail
        )
        assert "call back by supervisor" not in detail


def _agent_locks_john(settings: Settings, *, end: bool) -> str:
    """The agent fails checks on a phone call with John Smith until his verification locks
    (a possible-fraud item); the call ended after, or left going on. When it started, as
    the dialog says it."""
    with console_uow_factory(settings) as uow_factory:
        agent = desk_for(uow_factory, "agent")
        call = agent.start(JOHN_SMITH).interaction_id
        assert agent.fail(call, agent.policy.max_failures).locked
        if end:
            agent.end(call)
    with console_database(settings) as uow:
        row = uow.interactions.get(call)
        assert row is not None
        return f"{row.started_at:%d %b %H:%M}"


async def _the_fraud_item(console: CustinfoApp, page: ConsolePage) -> str:
    """The supervisor opens the possible-fraud item: what the dialog says above the reason."""
    await page.log_in(SUPERVISOR)
    await press(page.pilot, "ctrl+g", "enter")
    assert isinstance(console.screen, ResolveItemScreen)
    await settle(page.pilot)
    return words(region_text(console, "#resolve-history"))


async def test_a_fraud_item_names_whose_record_and_that_its_call_is_still_going_on(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Only the reference and the failed checks were shown: a lift "Photo ID seen in Leeds
    branch" for a customer in another town went unnoticed, and so did a caller waiting.
    Then, touring: the call still going on did not say when it started, so how long the
    caller had been on the line, and whether it was this morning's call or one now."""
    started = _agent_locks_john(demo_settings, end=False)
    async with console.run_test(size=SIZE) as pilot:
        said = await _the_fraud_item(console, ConsolePage(pilot))
        assert said.startswith(f"{JOHN.given_name} {JOHN.family_name}, {JOHN.town}. ")
        assert (
            "The call that locked it: still in progress: agent's phone call, started "
            f"{started}, at a desk active "
        ) in said
        assert "the caller may be waiting" in said
        assert "The failed checks:" in said  # still listed, under it
        assert "Lift lock" in screen_text(console)  # and the buttons still on the screen
    # Reading whose record it is, is reading their personal data: on the trail (MP-10).
    with console_database(demo_settings) as uow:
        viewed = uow.session.execute(
            select(AuditEventRow.fields, AuditEventRow.details).where(
                AuditEventRow.action == AuditAction.CUSTOMER_VIEWED.value,
                AuditEventRow.customer_id == JOHN_SMITH,
            )
        ).all()
    assert [list(f) for f, d in viewed if "queue_item" in d] == [
        ["given_name", "family_name", "town"]
    ]


async def test_a_fraud_item_whose_call_ended_says_when(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    started = _agent_locks_john(demo_settings, end=True)
    async with console.run_test(size=SIZE) as pilot:
        said = await _the_fraud_item(console, ConsolePage(pilot))
        assert f"{JOHN.town}. The call that locked it: ended " in said
        assert f"(agent's phone call, started {started[-5:]})" in said  # the day said once
        assert "in progress" not in said


async def test_the_lookup_tells_a_supervisor_how_much_waits_on_the_queue(
    console: CustinfoApp, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After logging in, the lookup showed only "^g Queue": nothing said a possible-fraud
    item, with a caller perhaps waiting, was there. The line under the title says it, and
    is read again as the queue changes, on the one line it had: nothing moves at 80x24."""
    monkeypatch.setattr(operator_line, "POLL_SECONDS", 0.2)
    _agent_locks_john(demo_settings, end=True)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await _until(pilot, lambda: "Queue:" in region_text(console, "#operator-line"))
        line = region_text(console, "#operator-line")
        assert "Supervisor | Queue: 1 open, 1 possible fraud (Ctrl+G)" in line
        assert console.screen.query_one("#operator-line").region.height == 1

        _agent_reports(demo_settings, "email", "john.smith@example.org")  # meanwhile
        await _until(pilot, lambda: "Queue: 2 open" in region_text(console, "#operator-line"))
        assert "2 open, 1 possible fraud" in region_text(console, "#operator-line")

        # The lock lifted on the queue: the count is read again on coming back.
        monkeypatch.setattr(operator_line, "POLL_SECONDS", 60.0)
        await press(pilot, "ctrl+g", "enter", *"Photo ID seen in branch", "ctrl+l")
        await settle(pilot)
        assert isinstance(console.screen, QueueScreen)
        await press(pilot, "escape")
        await _until(pilot, lambda: "fraud" not in region_text(console, "#operator-line"))
        assert "Queue: 1 open (Ctrl+G)" in region_text(console, "#operator-line")


async def test_an_agents_lookup_says_nothing_of_the_queue(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _agent_reports(demo_settings, "email", "john.smith@example.org")  # an item open
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in()
        await settle(pilot)
        assert "Queue" not in region_text(console, "#operator-line")


async def _until(pilot: Pilot[None], done: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait, a frame at a time, for `done` (a worker's reading to show)."""
    for _ in range(int(seconds / 0.05)):
        if done():
            return
        await pilot.pause(0.05)
    assert done()


async def test_the_lookup_says_a_kept_lock_waits_on_the_queue_with_nothing_open(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found trying the console: with John's item closed and his lock kept, the lookup said
    "Queue: nothing open" while the queue listed the lock to lift ("No open items ... Enter
    on a kept lock to lift it"). It says the kept lock; once lifted, nothing open."""
    _agent_locks_john(demo_settings, end=True)
    with console_uow_factory(demo_settings) as uow_factory:
        supervisor = desk_for(uow_factory, "supervisor")
        [item] = supervisor.items()
        queue.close_item(uow_factory(), supervisor.actor, item.id, "Fraud confirmed, keep it")
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(SUPERVISOR)
        await _until(pilot, lambda: "Queue:" in region_text(console, "#operator-line"))
        line = region_text(console, "#operator-line")
        assert "Supervisor | Queue: 1 kept lock to lift (Ctrl+G)" in line
        assert "nothing open" not in line

        await press(pilot, "ctrl+g", "enter", *"Photo ID seen in branch", "ctrl+l")
        await settle(pilot)
        await press(pilot, "escape")
        await _until(pilot, lambda: "kept" not in region_text(console, "#operator-line"))
        assert "Supervisor | Queue: nothing open" in region_text(console, "#operator-line")
