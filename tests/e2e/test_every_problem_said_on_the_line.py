"""The breach assessment and the wrap-up say every box's problem on their message line, as
the desk forms and the breach report do (tui/field_problems.py): the focused box's whole,
then "Also to correct: ..." for each other box still refused. Found trying the console:
both said only the first problem, and a box's border shows only what fits of its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custinfo_tui.domain.breaches import BreachIn
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.services.breaches import report_breach
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.breaches import AssessBreachScreen
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.desk import open_desk_section
from tests.support.screen import region_text
from tests.support.tour import DPO

SIZE = (80, 24)


def _line(console: CustinfoApp, selector: str) -> str:
    return region_text(console, selector)


async def test_the_breach_assessment_says_every_boxs_problem(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    with console_uow_factory(demo_settings) as uows:
        given = BreachIn(
            what_happened="Laptop left on a train",
            discovered_at=datetime.now(UTC) - timedelta(hours=3),
            categories=(DataCategory.PERSONAL,),
            people_affected=300,
        )
        report_breach(uows(), actor_for(uows, "agent"), given)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        await page.keys("f2")
        form = console.screen
        assert isinstance(form, AssessBreachScreen)
        await page.keys("tab", "tab", "tab", "tab")  # past the consequences, records, measures
        await page.keys("enter", "down", "enter")  # no risk; the ICO told, not when
        await page.keys("ctrl+s")

        assert console.screen is form and console.focused is form.query_one("#assess-risk")
        assert _line(console, "#assess-message") == (
            "Not saved: Choose the risk to individuals. Also to correct: ICO told when: "
            "Enter the date and time, for example 20/11/2026 09:15."
        )
        await page.keys("tab", "tab", "tab", "tab", "tab")  # on to the time, the other problem
        assert console.focused is form.query_one("#assess-ico-when")
        assert _line(console, "#assess-message") == (
            "Not saved: Enter the date and time, for example 20/11/2026 09:15. Also to "
            "correct: Risk: Choose the risk to individuals."
        )


async def test_the_wrap_up_says_every_boxs_problem(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.answer("12/04/1980")  # verified: the wrap-up starts with no outcome
        await page.answer("SE1 2QT")
        await page.end_call_to_wrap_up()
        wrap = console.screen
        assert isinstance(wrap, WrapUpScreen)
        await page.keys("ctrl+s")  # no enquiry type, no outcome

        assert console.screen is wrap and console.focused is wrap.query_one("#wrap-enquiry")
        assert _line(console, "#wrap-message") == (
            "Not saved: Choose the enquiry type from the list. Also to correct: Outcome: "
            "Choose the outcome from the list."
        )
        await page.keys("tab")  # on to the outcome, the other problem
        assert _line(console, "#wrap-message") == (
            "Not saved: Choose the outcome from the list. Also to correct: Enquiry type: "
            "Choose the enquiry type from the list."
        )
