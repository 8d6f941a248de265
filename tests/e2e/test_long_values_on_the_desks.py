"""The desks' lists at 80 columns with a long value in them: the column that holds it
gives way, cut with an ellipsis, so the status, date and count columns beside it stay on
the screen; the line under the table, where there is one, says the highlighted row whole
(tui/widgets/sized_rows.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from custinfo_tui.domain.breaches import AssessmentIn, BreachIn, BreachRisk, Told
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
from custinfo_tui.domain.discrepancies import DiscrepancyIn
from custinfo_tui.services import breaches, disclosures, discrepancies
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.breaches import BreachesScreen
from custinfo_tui.tui.screens.cohort import CohortScreen
from custinfo_tui.tui.screens.disclosures_desk import DisclosuresScreen
from custinfo_tui.tui.screens.discrepancy import MyReportsScreen
from custinfo_tui.tui.screens.operators import OperatorsScreen
from custinfo_tui.tui.screens.training import TrainingScreen
from tests.support.actors import actor_for
from tests.support.cohort_runs import MET, add_scored_run
from tests.support.console_page import ConsolePage
from tests.support.database import console_uow_factory
from tests.support.desk import open_desk_section
from tests.support.long_username import LONG_DISPLAY_NAME, LONG_USERNAME, long_named_agent
from tests.support.screen import region_text, table_line
from tests.support.tour import ADMIN, DPO, TRAINER

SIZE = (80, 24)
JOHN_SMITH = 1
#: 105 characters, of the 120 the box takes.
LONG_ORGANISATION = (
    "Example Constabulary Economic Crime Command, Fraud and Cyber Crime Reporting and "
    "Analysis Unit (North)"
)
#: A supervisor's reason for rejecting a report, as long as such reasons run.
LONG_REASON = (
    "The spelling the caller gave does not match the passport copy on file, and their "
    "letter of 20 Nov agrees with the record"
)


def _cells(row: str) -> list[str]:
    """A table's line as its cells (set apart by two spaces or more)."""
    return re.split(r" {2,}", row.strip())


async def test_a_long_organisation_on_the_disclosures_desk_gives_way_to_the_status(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A long organisation pushed Status off the desk's disclosures: whether a request
    waits for a decision or for its release could not be seen."""
    with console_uow_factory(demo_settings) as uows:
        disclosures.request_disclosure(
            uows(),
            actor_for(uows, "agent"),
            JOHN_SMITH,
            DisclosureRequestIn(
                requester="DC 4321 Morgan",
                organisation=LONG_ORGANISATION,
                identity_check="Called back on the force switchboard",
                lawful_basis=LAWFUL_BASES[0],
                asked_for="The account holder's phone number",
                fields=("phone",),
                channel=CHANNELS[0],
            ),
        )
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "disclosures")
        assert isinstance(console.screen, DisclosuresScreen)

        row = table_line(console, "#disclosures-table", "1001 2345 P")
        assert row.endswith("…  waiting for approval")
        assert "Example Constabulary" in row and LONG_ORGANISATION not in row
        detail = region_text(console, "#disclosures-detail")
        assert detail.startswith(f"{LONG_ORGANISATION}: Crime prevention")


async def test_a_long_rejection_on_the_handlers_reports_ends_in_an_ellipsis(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A supervisor's long reason for rejecting a report ran off the screen's edge mid-word
    ("...the caller gave does n"), as if that were all of it."""
    with console_uow_factory(demo_settings) as uows:
        report = discrepancies.report_discrepancy(
            uows(),
            actor_for(uows, "agent"),
            JOHN_SMITH,
            DiscrepancyIn(field="town", claimed_value="Londres", why="Caller insists"),
        )
        discrepancies.reject_discrepancy(
            uows(), actor_for(uows, "supervisor"), report.id, LONG_REASON
        )
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.keys("f9")
        assert isinstance(console.screen, MyReportsScreen)

        row = table_line(console, "#reports-table", "1001 2345 P")
        assert " Town " in row and " rejected: The spelling the caller" in row
        assert row.endswith("…")
        detail = region_text(console, "#reports-detail")
        # Whole, and who decided it apart from the reason.
        said = f"Town (1001 2345 P): rejected: {LONG_REASON} - decided by supervisor, "
        assert detail.startswith(said) and re.fullmatch(r"\d\d \w{3}", detail[len(said) :])


async def test_a_long_username_and_name_on_the_operators_give_way_to_role_and_login(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A 49-character username and an 80-character name pushed Role and Login off the
    administrator's operators: whether a login was locked or disabled could not be seen."""
    with console_uow_factory(demo_settings) as uows:
        long_named_agent(uows)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(ADMIN)
        await page.keys("f7")
        assert isinstance(console.screen, OperatorsScreen)

        username, name, role, login = _cells(table_line(console, "#operators-table", "hubert"))
        assert (role, login) == ("Call-handler", "active, temp. password")
        assert name.startswith("Hubert") and name.endswith("…")  # cut first, then the username
        assert username.startswith("hubert.blaine") and username.endswith("…")
        assert _cells(table_line(console, "#operators-table", "trainer"))[2:] == [
            "Trainer",
            "active",
        ]
        await page.keys("down", "down", "down")  # admin, agent, dpo, then theirs
        detail = region_text(console, "#operators-detail")
        assert detail.startswith(f"{LONG_USERNAME} ({LONG_DISPLAY_NAME}), Call-handler: active")


async def test_a_long_trainee_username_on_the_training_runs_gives_way_to_status_and_score(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A 49-character username pushed Score and Scenario off a trainer's training runs,
    and cut Status to "finishe"."""
    with console_uow_factory(demo_settings) as uows:
        add_scored_run(uows, long_named_agent(uows), 2, {"MP-03": MET})
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(TRAINER)
        await page.keys("f8")
        assert isinstance(console.screen, TrainingScreen)

        when, trainee, status, score, scenario = _cells(
            table_line(console, "#training-runs", "02 Nov 2026 10:00")
        )
        assert (when, status, score) == ("02 Nov 2026 10:00", "finished", "1 of 1 met")
        assert scenario.startswith("change") and scenario.endswith("…")  # cut first
        assert trainee.startswith("hubert.blaine") and trainee.endswith("…")
        detail = region_text(console, "#training-run-detail")
        assert (
            f"change-of-address (A change of address after verification), for {LONG_USERNAME},"
            in detail
        )


async def test_a_long_trainee_username_in_the_cohort_gives_way_to_the_score(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A 49-character username pushed Score off the cohort's runs, for every run."""
    with console_uow_factory(demo_settings) as uows:
        add_scored_run(uows, long_named_agent(uows), 2, {"MP-03": MET})
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(TRAINER)
        await page.keys("f8", "f6")
        assert isinstance(console.screen, CohortScreen)

        when, trainee, scenario, score = _cells(
            table_line(console, "#cohort-runs", "02 Nov 2026 10:00")
        )
        assert (when, score) == ("02 Nov 2026 10:00", "1 of 1 met")
        assert scenario.startswith("change") and scenario.endswith("…")  # cut first
        assert trainee.startswith("hubert.blaine") and trainee.endswith("…")
        # The trainee's progress, above the runs, names them whole.
        progress = region_text(console, "#cohort-progress-label")
        assert progress.startswith(f"{LONG_USERNAME}: share met")


async def test_a_stopped_clock_told_late_on_the_breaches_gives_way_to_the_people_count(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """A breach whose ICO decision came 27 h 05 min late: "stopped: ICO decision recorded"
    beside "told 27 h 05 min late" pushed People, how many were affected, off the DPO's
    list of breaches."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    discovered = now - timedelta(hours=100)
    with console_uow_factory(demo_settings) as uows:
        reported = breaches.report_breach(
            uows(),
            actor_for(uows, "agent"),
            BreachIn(
                what_happened="Laptop with a customer export left on a train",
                discovered_at=discovered,
                categories=(DataCategory.PERSONAL,),
                people_affected=300,
            ),
        )
        told = discovered + timedelta(hours=72 + 27, minutes=5)
        assessment = AssessmentIn(
            risk=BreachRisk.RISK, ico=Told.TOLD, ico_told_at=told, ico_reason="Found late"
        )
        breaches.assess_breach(uows(), actor_for(uows, "dpo"), reported.id, assessment)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "breaches")
        assert isinstance(console.screen, BreachesScreen)

        number, _, clock, risk, ico, people = _cells(
            table_line(console, "#breaches-table", f"{discovered:%d %b %H:%M}")
        )
        assert (number, risk, ico, people) == ("1", "risk", "told 27 h 05 min late", "300")
        assert clock.startswith("stopped: ICO") and clock.endswith("…")
        assert ": stopped: ICO decision recorded" in region_text(console, "#breaches-detail")
