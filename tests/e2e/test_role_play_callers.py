"""Role-play scenarios about who is calling, played end to end at the console (issue 14.6).

Each shipped scenario here is played twice with Pilot on its own sandbox, as the trainee
logged in as themselves: by a good trainee, who follows the scenario's good path and has
every marking point it practises scored met; and by a careless one, who skips or botches
the step the scenario is about and has exactly those points scored not met, saying what
should have happened. The trainee types what the caller says in written form, as a
handler would ("S E fifteen, three L R" is typed "SE15 3LR").
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.pilot import Pilot

from custinfo_tui.domain.complaints import DEFAULT_CATEGORIES
from custinfo_tui.domain.fields import RECORD_FIELDS
from custinfo_tui.domain.training.scorecard import Verdict
from custinfo_tui.domain.verification import CheckKind
from custinfo_tui.tui.screens.complaint import RaiseComplaintScreen
from custinfo_tui.tui.screens.discrepancy import ReportDiscrepancyScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import ConsolePage
from tests.support.role_play import (
    RolePlays,
    ask_check,
    call_with_no_authority,
    shipped,
    take_call,
    verified_call,
    verify_to_standard,
    wrap_up_call,
)
from tests.support.screen import region_text

MET, NOT_MET = Verdict.MET, Verdict.NOT_MET


# --- An impostor who knows the name and postcode -------------------------------------------

IMPOSTOR = "impostor-without-date-of-birth"


async def _impostor_answers(page: ConsolePage) -> None:
    """Her answers as she gives them: the postcode right, the rest hesitant and wrong."""
    await ask_check(page, CheckKind.POSTCODE, "SE15 3LR")
    await ask_check(page, CheckKind.DATE_OF_BIRTH, "09/03/1949")


async def test_a_good_trainee_tells_the_impostor_nothing_and_lets_the_checks_lock(
    role_plays: RolePlays,
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        page = await take_call(pilot, "margaret okafor")
        await _impostor_answers(page)
        await ask_check(page, CheckKind.PHONE_DIGITS, "8318")
        shown = await ask_check(page, CheckKind.SECURITY_ANSWER, "Smith")
        # The locked script, read on the screen from its first line.
        assert "Locked" in shown and "I'm sorry, I can't discuss this account" in shown
        await wrap_up_call(
            page,
            outcome="not_verified",
            notes="Caller failed DOB, phone and security checks; locked script read",
        )

    await role_plays.all_met(IMPOSTOR, walk)


async def test_a_careless_trainee_gives_up_on_the_impostor_without_a_lock_or_notes(
    role_plays: RolePlays,
) -> None:
    """One wrong answer, then the call ended as resolved: no fraud item, nothing logged."""

    async def walk(pilot: Pilot[None]) -> None:
        page = await take_call(pilot, "margaret okafor")
        await _impostor_answers(page)
        await wrap_up_call(page, outcome="resolved", notes="")

    misses = await role_plays.met_but(IMPOSTOR, walk, "MP-14", "MP-18")
    assert "possible fraud" in misses["MP-14"].should_have
    assert "notes" in misses["MP-18"].should_have and "not verified" in misses["MP-18"].should_have


# --- A spouse with no authority -------------------------------------------------------------

SPOUSE = "spouse-without-authority"


async def test_a_good_trainee_gives_the_spouse_the_no_authority_script(
    role_plays: RolePlays,
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        page = await call_with_no_authority(pilot, "gareth hughes")
        panel = region_text(pilot.app, "#verification-panel")
        assert "can only discuss an account with the account holder" in panel
        await wrap_up_call(
            page,
            outcome="no_action",
            notes="Wife called, no authority: told Gareth can add her as a named contact",
        )

    await role_plays.all_met(SPOUSE, walk)


async def test_a_careless_trainee_verifies_the_spouse_as_the_customer_and_reveals(
    role_plays: RolePlays,
) -> None:
    """She knows his date of birth and postcode: taken for Gareth, she hears his details."""

    async def walk(pilot: Pilot[None]) -> None:
        page = await verified_call(pilot, "gareth hughes", "14/02/1970", "CF14 6HX")
        await page.keys("f5")
        await wrap_up_call(page, outcome="resolved", notes="Confirmed the address")

    misses = await role_plays.met_but(SPOUSE, walk, "MP-08", "MP-17", "MP-18")
    assert "disclosed nothing" in misses["MP-08"].should_have
    assert "no-authority script" in misses["MP-17"].should_have
    assert "no action" in misses["MP-18"].should_have


# --- A named contact asking for something outside their scope -------------------------------

NAMED_CONTACT = "named-contact-outside-scope"


async def test_a_good_trainee_verifies_the_named_contact_on_her_own_details(
    role_plays: RolePlays,
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        page = await take_call(pilot, "alan whitaker", caller=1)
        assert "Caller: Sarah Whitaker" in region_text(pilot.app, "#verification-panel")
        await verify_to_standard(page, "17/06/1980", "S11 8YB")
        await page.keys("f4", "3")  # the timeline: the billing call her scope covers
        # Its notes, the oldest entry: cut in the table beside the panel, whole under it.
        await page.keys(*["down"] * 12)
        assert "Asked why" in region_text(pilot.app, "#row-detail")
        await wrap_up_call(
            page,
            outcome="resolved",
            notes="Daughter (named contact): October bill explained; e-mail change and "
            "phone number refused, outside her scope; Alan to call to authorise",
        )

    await role_plays.all_met(NAMED_CONTACT, walk)


async def test_a_careless_trainee_takes_the_named_contact_for_the_customer(
    role_plays: RolePlays,
) -> None:
    """Never asks who is calling: her own answers fail against her father's record."""

    async def walk(pilot: Pilot[None]) -> None:
        page = await take_call(pilot, "alan whitaker")
        await ask_check(page, CheckKind.DATE_OF_BIRTH, "17/06/1980")
        await ask_check(page, CheckKind.POSTCODE, "S11 8YB")
        await wrap_up_call(page, outcome="resolved", notes="Could not verify the caller")

    misses = await role_plays.met_but(NAMED_CONTACT, walk, "MP-08", "MP-17")
    assert "verified the caller to Standard" in misses["MP-08"].should_have
    assert "identified the caller as the customer's representative" in misses["MP-17"].should_have


# --- An attorney acting within their authority ----------------------------------------------

ATTORNEY = "attorney-within-authority"


async def _attorney_verified(pilot: Pilot[None]) -> ConsolePage:
    """David chosen as the caller and verified to High on his own answers."""
    page = await take_call(pilot, "edith parr", caller=1)
    assert "Caller: David Parr" in region_text(pilot.app, "#verification-panel")
    await ask_check(page, CheckKind.DATE_OF_BIRTH, "30/01/1965")
    await ask_check(page, CheckKind.POSTCODE, "NR1 3QP")
    assert "High" in await ask_check(page, CheckKind.SECURITY_ANSWER, "Ashby Road")
    return page


async def _edit(page: ConsolePage, values: dict[str, str], reason: int = 1) -> None:
    """F6, each field typed in its box (Tab to it), the first with the reason at `reason`
    in the list (the others take it), then the read-back confirmed line by line and saved."""
    await page.keys("f6")
    edit = page.pilot.app.screen
    assert isinstance(edit, EditScreen)
    first = True
    for key, value in values.items():
        for _ in range(40):
            if edit.focused is not None and edit.focused.id == f"{key}-input":
                break
            await page.pilot.press("tab")  # nothing to settle: no worker starts
        else:
            raise AssertionError(f"no box for {key} on the edit form")
        await page.keys(*value, "tab")
        if first:
            await page.keys("enter", *(["down"] * reason), "enter")
            first = False
    await page.keys("ctrl+s")
    read_back = page.pilot.app.screen
    assert isinstance(read_back, ReadBackScreen), region_text(page.pilot.app, "#edit-message")
    await page.keys(*(["enter"] * len(read_back.lines)), "ctrl+s")
    assert isinstance(page.pilot.app.screen, RecordScreen)


async def test_a_good_trainee_changes_the_address_for_the_attorney(role_plays: RolePlays) -> None:
    scenario = shipped(ATTORNEY)
    new_address = {key: scenario.caller.true_details[key] for key in scenario.expected.changes}

    async def walk(pilot: Pilot[None]) -> None:
        page = await _attorney_verified(pilot)
        await _edit(page, new_address)
        await wrap_up_call(
            page,
            outcome="resolved",
            notes="Son (attorney) verified; mother's address changed to the care home",
        )

    await role_plays.all_met(ATTORNEY, walk)


async def test_a_careless_trainee_swaps_the_postcode_and_drops_the_room(
    role_plays: RolePlays,
) -> None:
    """ "N R two, three R B" typed NR2 3BR, and "Room fourteen" never typed."""
    scenario = shipped(ATTORNEY)

    async def walk(pilot: Pilot[None]) -> None:
        page = await _attorney_verified(pilot)
        await _edit(
            page,
            {
                "address_line1": scenario.caller.true_details["address_line1"],
                "postcode": "NR2 3BR",
            },
        )
        await wrap_up_call(page, outcome="resolved", notes="Address changed")

    # The postcode read back as typed: David said it was wrong, and it was saved anyway.
    misses = await role_plays.met_but(ATTORNEY, walk, "MP-03", "MP-05", "MP-10")
    assert "Postcode" in misses["MP-03"].should_have
    assert "Address line 2" in misses["MP-10"].should_have
    mp05 = misses["MP-05"].note + " ".join(e.note for e in misses["MP-05"].evidence)
    assert "transposition" in mp05 and "Address line 2" in mp05, mp05


# --- A complaint taken in four steps --------------------------------------------------------

COMPLAINT = "complaint-four-steps"


async def _complaint(page: ConsolePage, *, follow_up: date | None) -> None:
    """F10: the category Service, then listen, apologise, put it right, follow up; saved."""
    await page.keys("f10")
    assert isinstance(page.pilot.app.screen, RaiseComplaintScreen)
    service = DEFAULT_CATEGORIES.index("Service") + 1
    await page.keys("enter", *(["down"] * service), "enter")
    await page.keys("tab", *"Engineer missed visits on 17 and 28 November; lost two days' pay")
    await page.keys("tab", *"Two missed engineer visits and no call to warn him")
    await page.keys("tab", *"First appointment of the day, guaranteed")
    if follow_up is not None:
        await page.keys("tab", *f"{follow_up:%d/%m/%Y}")
    await page.keys("ctrl+s")
    assert isinstance(page.pilot.app.screen, RecordScreen), region_text(
        page.pilot.app, "#complaint-message"
    )


async def test_a_good_trainee_takes_the_complaint_through_four_steps(role_plays: RolePlays) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        page = await verified_call(pilot, "tom brennan", "01/12/1975", "BS7 8EQ")
        await page.keys("f4", "3")  # the missed visits on the timeline
        # The oldest entry: cut in the table beside the panel, whole on the line under it.
        await page.keys(*["down"] * 12)
        detail = region_text(pilot.app, "#row-detail")
        assert "Notes (Phone call): Engineer" in detail
        await _complaint(page, follow_up=date.today() + timedelta(days=7))
        await wrap_up_call(
            page,
            outcome="complaint_raised",
            notes="Complaint raised: two missed visits; first-of-day visit, call back agreed",
        )

    await role_plays.all_met(COMPLAINT, walk)


async def test_a_careless_trainee_skips_verification_and_the_follow_up(
    role_plays: RolePlays,
) -> None:
    """An angry caller: the complaint taken at once, unverified, and no date agreed."""

    async def walk(pilot: Pilot[None]) -> None:
        page = await take_call(pilot, "tom brennan")
        await _complaint(page, follow_up=None)
        await wrap_up_call(page, outcome="complaint_raised", notes="Complaint about missed visits")

    misses = await role_plays.met_but(COMPLAINT, walk, "MP-08", "MP-19")
    assert "verified the caller to Standard" in misses["MP-08"].should_have
    assert "follow-up date" in misses["MP-19"].should_have


# --- A wrong date of birth on file, pointed out by the caller -------------------------------

PLANTED = "planted-wrong-date-of-birth"


def _olivers_true_birth() -> date:
    """The date of birth Oliver gives, not the one on file."""
    return date.fromisoformat(shipped(PLANTED).caller.true_details["date_of_birth"])


async def _oliver_verified(pilot: Pilot[None]) -> ConsolePage:
    """His true date of birth fails against the wrong one on file; postcode and phone pass."""
    page = await take_call(pilot, "oliver grant")
    said = f"{_olivers_true_birth():%d/%m/%Y}"
    assert "Did not match" in await ask_check(page, CheckKind.DATE_OF_BIRTH, said)
    await ask_check(page, CheckKind.POSTCODE, "MK5 6FD")
    assert "Standard" in await ask_check(page, CheckKind.PHONE_DIGITS, "0819")
    await page.keys("f5")  # the phone number and e-mail he asked about
    return page


async def test_a_good_trainee_reports_the_wrong_date_of_birth(role_plays: RolePlays) -> None:
    true_birth = _olivers_true_birth()

    async def walk(pilot: Pilot[None]) -> None:
        page = await _oliver_verified(pilot)
        await page.keys("f4", *(["down"] * RECORD_FIELDS.index("date_of_birth")), "ctrl+d")
        assert isinstance(pilot.app.screen, ReportDiscrepancyScreen)
        await page.keys(*f"{true_birth:%d/%m/%Y}", "enter")
        await page.keys(*"Caller says the fourteenth, one four; letters wrong too", "ctrl+s")
        assert isinstance(pilot.app.screen, RecordScreen)
        await wrap_up_call(
            page,
            outcome="resolved",
            notes="Phone and e-mail confirmed; wrong date of birth reported to a supervisor",
        )

    await role_plays.all_met(PLANTED, walk)


async def test_a_careless_trainee_leaves_the_wrong_date_of_birth_unreported(
    role_plays: RolePlays,
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        page = await _oliver_verified(pilot)
        await wrap_up_call(page, outcome="resolved", notes="Phone and e-mail confirmed")

    misses = await role_plays.met_but(PLANTED, walk, "MP-10", "MP-14")
    assert "Date of birth" in misses["MP-10"].should_have
    assert "date of birth" in misses["MP-14"].should_have
    assert "discrepancy" in misses["MP-14"].should_have
