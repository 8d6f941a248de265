"""A breach's record and the DPO's other duties on the real console (MP-20), found by a DPO
trying the desk: a high risk told to the ICO with the people "not decided" was said
nowhere; the ICO's case reference had no box; the record the ICO may ask for could not be
read whole, on the desk (V) or by `custinfo breach show`; and the individuals' reason
asked for an Art. 34(3) exception whatever the risk.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url
from textual.widgets import Input, Select

from custinfo_tui.domain.breach_exceptions import Art34Exception
from custinfo_tui.domain.breaches import TIME_FORMAT, AssessmentIn, BreachIn, BreachRisk, Told
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.services.breaches import assess_breach, report_breach
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.breach_forms import AssessBreachScreen
from custinfo_tui.tui.screens.breach_record import BreachRecordScreen
from custinfo_tui.tui.screens.breaches import BreachesScreen
from tests.support.acting import main_as
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.desk import open_desk_section
from tests.support.screen import region_text, screen_text, screen_words, settle
from tests.support.tour import DPO

SIZE = (80, 24)
LAPTOP = "Laptop with a customer export left on a train"


def _told(console: CustinfoApp) -> str:
    """Every notification shown so far (private: no public API lists them)."""
    return "\n".join(n.message for n in console._notifications)


def _laptop(settings: Settings, assessed: AssessmentIn | None = None) -> int:
    """The DPO's case: a laptop with special category data of 200 people, found 30 hours
    ago; assessed as given, if given."""
    with console_uow_factory(settings) as uows:
        found = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=30)
        view = report_breach(
            uows(),
            actor_for(uows, "agent"),
            BreachIn(
                what_happened=LAPTOP,
                discovered_at=found,
                categories=(DataCategory.PERSONAL, DataCategory.SPECIAL_CATEGORY),
                people_affected=200,
            ),
        )
        if assessed is not None:
            assess_breach(uows(), actor_for(uows, "dpo"), view.id, assessed)
    return view.id


def _high_risk_told_to_the_ico() -> AssessmentIn:
    return AssessmentIn(
        risk=BreachRisk.HIGH_RISK,
        records_affected=1200,
        likely_consequences="Support needs could be read by whoever has it",
        measures="Remote wipe sent; the train company asked to look for it",
        ico=Told.TOLD,
        ico_told_at=datetime.now(UTC) - timedelta(hours=2),
        ico_reference="IC-123456-A1B2",
    )


async def test_a_high_risk_with_the_people_untold_is_said_at_login_and_on_the_list(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    number = _laptop(demo_settings, _high_risk_told_to_the_ico())
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await settle(pilot)
        told = _told(console)
        assert re.search(
            f"Breach {number} is a high risk and the people affected are not told yet "
            r"\(discovered 30 h 0\d min ago\)\. Tell them without undue delay \(Art\. 34\)",
            told,
        ), told
        assert "not assessed yet" not in told  # its ICO clock has stopped

        await open_desk_section(pilot, "breaches")
        status = region_text(console, "#breaches-status")
        assert "1 high risk with the people to tell" in status
        assert "tell the individuals (Art. 34)" in region_text(console, "#breaches-table")
        detail = region_text(console, "#breaches-detail")
        assert "Individuals: not decided. A high risk: tell them without undue delay" in detail
        assert "ICO: told" in detail and "reference IC-123456-A1B2" in detail


async def test_the_icos_reference_and_the_facts_are_typed_with_the_assessment(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    number = _laptop(demo_settings)
    told_at = f"{datetime.now(UTC) - timedelta(hours=1):{TIME_FORMAT}}"
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        await page.keys("f2")
        assert isinstance(console.screen, AssessBreachScreen)
        await page.keys("enter", "down", "down", "down", "enter")  # A high risk
        await page.keys("tab", *"Support needs could be read", "tab", *"1,200")
        await page.keys("tab", *"Remote wipe sent")
        await page.keys("tab", "enter", "down", "enter", "tab", *told_at)  # told
        await page.keys("tab", *"IC-123456-A1B2", "ctrl+s")

        assert isinstance(console.screen, BreachesScreen)
        detail = region_text(console, "#breaches-detail")
        assert f"ICO: told {told_at}, reference IC-123456-A1B2" in detail
        assert "records: 1,200" in detail
    assert demo_settings.database_url is not None
    with sqlite3.connect(str(make_url(demo_settings.database_url).database)) as db:
        stored = db.execute(
            "SELECT ico_reference, records_affected, likely_consequences, measures "
            "FROM breaches WHERE id = ?",
            (number,),
        ).fetchone()
    assert stored == ("IC-123456-A1B2", 1200, "Support needs could be read", "Remote wipe sent")


async def test_the_individuals_reason_asks_for_the_exception_only_at_a_high_risk(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    _laptop(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        await page.keys("f2")
        form = console.screen
        assert isinstance(form, AssessBreachScreen)
        reason = form.query_one("#assess-individuals-reason", Input)

        await page.keys("enter", "down", "down", "enter")  # A risk
        assert "34(3)" not in reason.placeholder and "no exception needed" in reason.placeholder
        await page.keys("enter", "down", "enter")  # A high risk
        assert reason.placeholder == "how the exception above applies"


async def test_a_high_risk_untold_takes_one_of_the_three_art_34_3_exceptions(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by the DPO: a high risk took any reason for not telling the people ("we did
    not want to worry them"). One of Art. 34(3)'s three exceptions is chosen, the reason
    says how it applies, and the form opened again reads both back."""
    number = _laptop(demo_settings)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        await page.keys("f2")
        form = console.screen
        assert isinstance(form, AssessBreachScreen)
        await page.keys("enter", "down", "down", "down", "enter")  # A high risk
        await page.keys("tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab")  # to individuals
        await page.keys("enter", "down", "down", "enter", "tab", "tab")  # not told
        assert console.focused is form.query_one("#assess-individuals-exception")
        await page.keys("tab", *"We did not want to worry them", "ctrl+s")
        assert console.screen is form
        said = region_text(console, "#assess-message")
        assert said.startswith(
            "Not saved: A high risk: tell the individuals (Art. 34), or choose the Art. 34(3) "
            "exception that applies"
        )
        assert console.focused is form.query_one("#assess-individuals-exception")
        await page.keys("enter", "down", "down", "down", "enter")  # (c) a public notice
        assert "(c) Disproportionate effort: public notice" in screen_text(console)
        await page.keys("tab", "ctrl+u", *"Notice on our website, 5 Dec", "ctrl+s")
        assert isinstance(console.screen, BreachesScreen)

        await page.keys("f2")
        form = console.screen
        assert isinstance(form, AssessBreachScreen)
        exception = form.query_one("#assess-individuals-exception", Select)
        assert exception.value is Art34Exception.PUBLIC_NOTICE
        reason = form.query_one("#assess-individuals-reason", Input)
        assert reason.value == "Notice on our website, 5 Dec"
    assert demo_settings.database_url is not None
    with sqlite3.connect(str(make_url(demo_settings.database_url).database)) as db:
        [(kept,)] = db.execute("SELECT individuals_reason FROM breaches WHERE id = ?", (number,))
    assert kept == (
        "Art. 34(3)(c): telling each person would involve disproportionate effort; a public "
        "communication informed them instead. Notice on our website, 5 Dec"
    )


async def test_v_shows_the_breachs_whole_record(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    number = _laptop(demo_settings, _high_risk_told_to_the_ico())
    async with console.run_test(size=(100, 50)) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        await page.keys("v")
        await settle(pilot)
        assert isinstance(console.screen, BreachRecordScreen)
        shown = screen_words(console)
        for said in (
            f"Breach {number}: open, tell the individuals (Art. 34)",
            f"Nature {LAPTOP}",
            "Data involved Personal (names, contact details, addresses); Special category",
            "People, roughly 200 Records, roughly 1,200",
            "Likely consequences Support needs could be read by whoever has it",
            "Measures Remote wipe sent; the train company asked to look for it",
            "Risk A high risk to individuals",
            "ICO's reference IC-123456-A1B2",
            "Individuals not decided. A high risk: tell them without undue delay",
            "Assessments as recorded in the audit trail",
            "by dpo: risk: a high risk to individuals; the ICO: told; individuals: not decided",
        ):
            assert said in shown, said
        await page.keys("escape")
        assert isinstance(console.screen, BreachesScreen)


def test_breach_show_prints_the_whole_record_and_is_audited(
    demo_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    number = _laptop(demo_settings, _high_risk_told_to_the_ico())
    assert demo_settings.database_url is not None
    db = str(make_url(demo_settings.database_url).database)

    assert main_as(["--db", db, "breach", "show", str(number)]) == 0
    shown = capsys.readouterr().out

    lines = shown.splitlines()
    assert lines[0] == f"Breach {number}: open, tell the individuals (Art. 34)"
    assert "What happened (Art. 33(3))" in lines and "Decisions" in lines
    for said in (
        f"  Nature                {LAPTOP}",
        "  Records, roughly      1,200",
        "  ICO's reference       IC-123456-A1B2",
        "  Summary               not closed yet",
    ):
        assert said in lines, said
    assert any(line.startswith("  Assessed              ") and "by dpo" in line for line in lines)
    with sqlite3.connect(db) as connection:
        read = connection.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'breach.shown'"
        ).fetchone()
    assert read == (1,)

    assert main_as(["--db", db, "breach", "show", str(number + 1)]) == 1
    assert f"No breach {number + 1}. `custinfo breach list` lists them." in capsys.readouterr().err
