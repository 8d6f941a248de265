"""Breaches on the real console (MP-20), driven by keys, and `custinfo breach list`.

An agent reports a suspected breach from a customer's record with Ctrl+B (a card number
typed in what happened is taken out at the box); the DPO finds it on the desk with its
72-hour clock running, records the assessment and closes it. A supervisor logging in is
told of a breach clock already past its 72 hours; an agent is not.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url
from textual.widgets import Input

from custinfo_tui.domain.breaches import TIME_FORMAT, AssessmentIn, BreachIn, BreachRisk
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services.breaches import assess_breach, report_breach
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.breach_report import ReportBreachScreen
from custinfo_tui.tui.screens.breaches import AssessBreachScreen, BreachesScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.widgets.free_text_area import FreeTextArea
from tests.support.acting import main_as
from tests.support.actors import actor_for
from tests.support.audit_text import written_words
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import open_desk_section
from tests.support.screen import footer_text, region_text, screen_text
from tests.support.tour import DPO, SUPERVISOR

SIZE = (80, 24)
CARD = "4111 1111 1111 1111"
WHAT = "Letter for this customer posted to the wrong address"


def _told(console: CustinfoApp) -> str:
    """Every notification shown so far (private: no public API lists them)."""
    return "\n".join(n.message for n in console._notifications)


def _old_breach(settings: Settings, hours_ago: int, risk: BreachRisk | None = None) -> None:
    """A breach the agent reported, discovered `hours_ago` hours ago; assessed by the DPO
    at `risk`, if given."""
    with console_uow_factory(settings) as uow_factory:
        agent = actor_for(uow_factory, "agent")
        given = BreachIn(
            what_happened="Laptop left on a train",
            discovered_at=datetime.now(UTC) - timedelta(hours=hours_ago),
            categories=(DataCategory.PERSONAL,),
            people_affected=300,
        )
        view = report_breach(uow_factory(), agent, given)
        if risk is not None:
            dpo = actor_for(uow_factory, "dpo")
            assess_breach(uow_factory(), dpo, view.id, AssessmentIn(risk=risk))


async def test_an_agent_reports_a_breach_and_the_dpo_assesses_and_closes_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        record = await page.open_back_office("john smith")
        reference = record.record.reference

        # Any screen: the palette lists the key; the record's customer is filled in.
        await page.keys("ctrl+p", *"breach")
        assert "Report breach (^b)" in screen_text(console)
        await page.keys("escape", "ctrl+b")
        form = console.screen
        assert isinstance(form, ReportBreachScreen)
        assert reference in screen_text(console)
        await page.keys(*f"{WHAT}; card {CARD} in it", "tab")
        what = form.query_one("#breach-what", FreeTextArea)
        assert what.text == f"{WHAT}; card [card number removed] in it"
        await page.keys("tab", *"1", "tab", "space", "down", "down", "space")
        await page.keys("ctrl+s")
        assert isinstance(console.screen, RecordScreen)
        assert "Breach 1 reported to the data protection officer." in _told(console)
        await page.keys("escape", "ctrl+o")

        # The DPO: the desk's Breaches section, the clock running from the discovery.
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        assert isinstance(console.screen, BreachesScreen)
        table = region_text(console, "#breaches-table")
        assert re.search(r"7[12] h \d\d min left", table), table
        detail = region_text(console, "#breaches-detail")
        assert "card [card number removed] in it" in detail
        assert "personal, transactional" in detail and reference in detail

        # The assessment: unlikely to result in a risk, one record, its consequences and
        # what was done; the ICO not told, with why; the customer told just now.
        await page.keys("enter")
        assert isinstance(console.screen, AssessBreachScreen)
        told_at = f"{datetime.now(UTC):{TIME_FORMAT}}"
        await page.keys("enter", "down", "enter")  # Unlikely to result in a risk
        await page.keys("tab", *"None likely: the letter came back unopened", "tab", "1")
        await page.keys("tab", *"Letter retrieved; addresses checked before posting")
        await page.keys("tab", "enter", "down", "down", "enter", "tab", "tab", "tab")  # not told
        await page.keys(*"Only one customer; letter returned unopened")
        await page.keys("tab", "enter", "down", "enter", "tab", *told_at)  # told
        await page.keys("ctrl+s")
        assert isinstance(console.screen, BreachesScreen)
        detail = region_text(console, "#breaches-detail")
        assert "ICO: not told (Only one customer; letter returned unopened)" in detail
        assert f"Individuals: told {told_at}" in detail
        assert "stopped" in region_text(console, "#breaches-table")

        # Closing, with a summary.
        await page.keys("f3", *"Letter retrieved; addresses checked before posting", "ctrl+s")
        assert "No open breaches. Ctrl+B reports one." in screen_text(console)

    with console_database(demo_settings) as uow:
        events = [
            e for e in reversed(uow.audit.list_recent(limit=100)) if e.action.value[:7] == "breach."
        ]
    assert [e.action for e in events if e.action is not AuditAction.BREACHES_LISTED] == [
        AuditAction.BREACH_REPORTED,
        AuditAction.BREACH_ASSESSED,
        AuditAction.BREACH_CLOSED,
    ]
    assert not any(word in written_words(e) for e in events for word in ("letter", "4111"))


async def test_a_supervisor_is_told_of_an_overdue_breach_clock_at_login(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _old_breach(demo_settings, hours_ago=80)
    async with console.run_test(size=(120, 30)) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        assert "72 hours" not in _told(console)
        await page.keys("ctrl+o")
        await page.log_in(SUPERVISOR)
        shown = _told(console)
        assert "1 personal-data breach is past the 72 hours" in shown
        assert "overdue by 8 h" in shown and "Tell the data protection officer." in shown


async def test_the_dpo_is_told_at_login_of_each_breach_not_yet_assessed_with_its_clock(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: a breach reported a minute ago was not mentioned at login (only
    clocks past the 72 hours were), so they heard of it once it was overdue."""
    _old_breach(demo_settings, hours_ago=80)  # overdue, no ICO decision
    _old_breach(demo_settings, hours_ago=2, risk=BreachRisk.RISK)  # assessed, ICO undecided
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await page.keys("ctrl+b", *"Letter sent to the wrong address", "tab", "tab", "tab")
        await page.keys("space", "ctrl+s")  # discovered now; personal data
        assert "Breach 3 reported. You are the data protection officer" in _told(console)
        await page.keys("ctrl+o")
        console._notifications.clear()
        await page.log_in(DPO)

        told = _told(console)
        assert "3 breaches are not assessed yet (no ICO decision), soonest first" in told
        named = re.search(r"breach 1: (.*); breach 2: (.*); breach 3: (.*)\. The DPO", told)
        assert named is not None, told
        assert named[1] == "overdue by 8 h 00 min"
        assert re.fullmatch(r"(69|70) h \d\d min left", named[2])
        assert re.fullmatch(r"7[12] h \d\d min left", named[3])
        assert "under Breaches" in told
        assert "past the 72 hours" not in told  # said once, as overdue, with its number


def test_breach_list_shows_clocks_overdue_first_and_no_text(
    demo_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    _old_breach(demo_settings, hours_ago=5)
    _old_breach(demo_settings, hours_ago=80, risk=BreachRisk.HIGH_RISK)
    assert demo_settings.database_url is not None
    db = str(make_url(demo_settings.database_url).database)

    assert main_as(["--db", db, "breach", "list", "--open"]) == 0
    listed = capsys.readouterr().out

    lines = listed.splitlines()
    assert lines[0].split()[:3] == ["breach", "discovered", "tell"]
    assert "overdue by 8 h 00 min" in lines[1]
    assert "high risk" in lines[1] and "high_risk" not in listed  # words, not a code
    assert re.search(r"6[67] h \d\d min left", lines[2])
    # The high risk past its 72 hours has the people still to tell, too (Art. 34).
    assert (
        "2 open breaches, 1 overdue, 1 high risk with the people to tell: overdue clocks first."
    ) in listed
    assert "Laptop" not in listed
    with sqlite3.connect(db) as connection:
        listings = connection.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'breach.listed'"
        ).fetchone()
    assert listings == (1,)


async def test_each_problem_is_said_whole_on_the_message_line_as_its_box_takes_the_focus(
    console: CustinfoApp,
) -> None:
    """At 80 columns a box's border showed "Give roughly how many…" and the message line
    only the first problem: the second could never be read in full."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("ctrl+b", *WHAT)
        assert isinstance(console.screen, ReportBreachScreen)
        console.screen.query_one("#breach-people", Input).value = "a few"
        await page.keys("ctrl+s")  # no kind of data, and people not a number
        first = region_text(console, "#breach-message")
        assert first == (
            "Not reported: Give roughly how many people, as a number. Also to correct: "
            "Data involved: Choose at least one kind of data involved."
        )
        await page.keys("tab")  # on to the kinds of data, the other problem
        said = region_text(console, "#breach-message")
        assert said == (
            "Not reported: Choose at least one kind of data involved. Also to correct: "
            "People: Give roughly how many people, as a number."
        )


async def test_every_box_refused_is_said_in_full_and_a_misread_reference_is_counted(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by the DPO: nobody affected, two references typed, the second's check letter
    wrong. The line said only "At least 1: the report names 1 customer." (two were
    typed); the reference's problem was cut off at the Customers box's border, below."""
    discovered = (datetime.now(UTC) - timedelta(days=1)).strftime(TIME_FORMAT)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        await page.keys("ctrl+b", *WHAT, "tab")
        form = console.screen
        assert isinstance(form, ReportBreachScreen)
        form.query_one("#breach-discovered", Input).value = discovered
        await page.keys("tab", "0", "tab", "space", "tab", *"1001 2345 P, 1001 2345 X")
        await page.keys("ctrl+s")

        assert console.screen is form  # nothing reported, nothing typed lost
        said = region_text(console, "#breach-message")
        assert said == (
            "Not reported: At least 2: the report names 2 customers. Also to correct: "
            "Customers: Reference 2: That reference's check letter does not match: a digit "
            "or the letter is wrong. Check each digit and the letter again."
        )
        assert console.focused is form.query_one("#breach-people")
        assert form.query_one("#breach-customers", Input).value == "1001 2345 P, 1001 2345 X"
    with console_database(demo_settings) as uow:
        assert uow.audit.list_recent(action=AuditAction.BREACH_REPORTED.value) == []


async def test_a_high_risk_breach_recorded_as_not_told_to_the_ico_is_refused_at_the_box(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by the DPO: a high risk saved as "ICO not told" stopped the clock for good.
    Art. 33 excuses only a breach unlikely to result in a risk; nothing typed is lost."""
    _old_breach(demo_settings, hours_ago=5)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        await page.keys("f2")
        form = console.screen
        assert isinstance(form, AssessBreachScreen)
        await page.keys("enter", "down", "down", "down", "enter")  # A high risk
        await page.keys("tab", "tab", "tab", "tab")  # past consequences, records, measures
        await page.keys("enter", "down", "down", "enter", "tab", "tab", "tab")  # not told
        await page.keys(*"Laptop fully encrypted; unlikely risk")
        await page.keys("tab", "enter", "down", "down", "enter", "tab", "tab")  # not told
        await page.keys("enter", "down", "enter", "tab")  # Art. 34(3)(a): encrypted
        await page.keys(*"Laptop encrypted", "ctrl+s")

        assert console.screen is form
        said = region_text(console, "#assess-message")
        assert said == (
            "Not saved: A breach assessed as a risk or a high risk to individuals must be "
            "reported to the ICO (Art. 33). To not report it, assess it as unlikely to "
            "result in a risk, with the reason."
        )
        assert console.focused is form.query_one("#assess-ico")
        assert "Laptop fully encrypted; unlikely risk" in screen_text(console)

        # Assessed as unlikely instead, the same decisions are recorded.
        await page.keys("shift+tab", "shift+tab", "shift+tab", "shift+tab")  # to the risk
        await page.keys("enter", "up", "up", "enter", "ctrl+s")
        assert isinstance(console.screen, BreachesScreen)
        detail = region_text(console, "#breaches-detail")
        assert "Risk: Unlikely to result in a risk to individuals" in detail
        assert "ICO: not told (Laptop fully encrypted; unlikely risk)" in detail


async def test_a_breach_reported_from_the_breaches_section_is_listed_at_once(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by the DPO: the header still said "All breaches: 1" until F5."""
    _old_breach(demo_settings, hours_ago=5)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        await page.keys("f4")
        assert "All breaches: 1," in region_text(console, "#breaches-status")

        await page.keys("ctrl+b", *WHAT, "tab", "tab", *"1", "tab", "space", "ctrl+s")

        assert isinstance(console.screen, BreachesScreen)
        assert "Breach 2 reported. You are the data protection officer" in _told(console)
        assert "All breaches: 2," in region_text(console, "#breaches-status")
        assert (
            len(re.findall(r"7[12] h \d\d min left", region_text(console, "#breaches-table"))) == 1
        )


def _told_the_ico_16_hours_late(settings: Settings, *, close: bool) -> int:
    """The DPO's case: discovered, the ICO told 88 hours later (16 h past the 72), with
    the reasons for the delay; then closed, if `close`."""
    from custinfo_tui.domain.breaches import Told
    from custinfo_tui.services.breaches import close_breach

    discovered = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=100)
    with console_uow_factory(settings) as uows:
        agent, dpo = actor_for(uows, "agent"), actor_for(uows, "dpo")
        given = BreachIn(
            what_happened="Laptop left on a train",
            discovered_at=discovered,
            categories=(DataCategory.PERSONAL,),
            people_affected=300,
        )
        view = report_breach(uows(), agent, given)
        assessed = AssessmentIn(
            risk=BreachRisk.RISK,
            ico=Told.TOLD,
            ico_told_at=discovered + timedelta(hours=88),
            ico_reason="The extent was found only on the Thursday",
            likely_consequences="Names and addresses could be read by whoever found it",
            measures="Laptop wiped remotely",
            individuals=Told.TOLD,
            individuals_told_at=discovered + timedelta(hours=90),
        )
        assess_breach(uows(), dpo, view.id, assessed)
        if close:
            close_breach(uows(), dpo, view.id, "Laptops encrypted from now on")
    return view.id


async def test_an_ico_told_late_stays_said_late_on_the_desk_once_the_clock_stops(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: a breach whose ICO report went 16 h past the 72 hours read
    "stopped: ICO decision recorded", then "closed", and the ICO column "told": the late
    report vanished. It reads "told 16 h late", open and closed, with when and why."""
    number = _told_the_ico_16_hours_late(demo_settings, close=False)
    async with console.run_test(size=SIZE) as pilot:
        await ConsolePage(pilot).log_in(DPO)
        await open_desk_section(pilot, "breaches")
        shown = screen_text(console)
        [row] = [line for line in shown.splitlines() if line.strip().startswith(f"{number} ")]
        assert "told 16 h late" in row
        assert "1 told the ICO late" in shown
        detail = region_text(console, "#breaches-detail")
        assert ", 16 h late (The extent was found only on the Thursday)" in detail


def test_breach_list_says_an_ico_told_late_even_once_closed(
    demo_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    _told_the_ico_16_hours_late(demo_settings, close=True)
    assert demo_settings.database_url is not None
    db = str(make_url(demo_settings.database_url).database)

    assert main_as(["--db", db, "breach", "list"]) == 0
    listed = capsys.readouterr().out

    row = listed.splitlines()[1]  # the one breach
    assert "closed" in row and "told 16 h late" in row
    assert "1 breach, 0 overdue, 1 told the ICO late: overdue clocks first." in listed
    assert "Thursday" not in listed  # the reasons are typed text: not listed


async def test_with_no_breach_listed_the_keys_for_one_are_not_offered(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found on a keyboard tour: with no breach listed the footer still offered F2 Assess,
    F3 Close and V Record, and F2 answered "Choose an open breach." where there was none
    to choose. The line over the empty table says what fills it; the keys come with the
    first breach."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        assert "No open breaches. Ctrl+B reports one." in screen_text(console)
        footer = footer_text(console)
        assert "Assess" not in footer and "Close" not in footer and "Record" not in footer
        assert "f4 All" in footer and "f5 Refresh" in footer
        await page.keys("f2", "f3", "v")
        assert isinstance(console.screen, BreachesScreen)
        assert "Choose" not in _told(console)
        await page.keys("ctrl+p", *"assess")
        assert "Assess (f2)" not in screen_text(console)
        await page.keys("escape")

        await page.keys("ctrl+b", *WHAT, "tab", "tab", *"1", "tab", "space", "ctrl+s")
        assert isinstance(console.screen, BreachesScreen)
        footer = footer_text(console)
        assert "f2 Assess" in footer and "f3 Close" in footer and "v Record" in footer


async def test_closing_a_breach_not_yet_decided_names_the_key_that_records_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found on a DPO's tour: F3 on a breach assessed as a high risk, its ICO decision
    not made, said "Record whether the ICO was told (when, or why not) before closing."
    without the key, where the consequences' refusal names F2. Each says F2 now."""
    _old_breach(demo_settings, hours_ago=10, risk=BreachRisk.HIGH_RISK)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        await page.keys("f3")
        assert isinstance(console.screen, BreachesScreen)
        assert "Record whether the ICO was told (when, or why not; F2) before closing." in _told(
            console
        )
