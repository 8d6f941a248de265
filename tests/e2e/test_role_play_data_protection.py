"""The data protection role-plays, played end to end at the console (issue 15.6).

Each of the three shipped scenarios is played twice with Pilot on its own sandbox
(`tests/support/role_play.py` `play`), as the trainee logged in as themselves: by a good
trainee, who has every point it practises met, and by a careless one, who has exactly the
points of the step they botched not met, saying what should have happened. A caller asking
what is held about them; a caller claiming to be a police officer; a customer who received
someone else's letter.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Select

from custinfo_tui.domain.disclosure_fields import ADDRESS_KEYS, OFFERED
from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES
from custinfo_tui.domain.training.scorecard import Verdict
from custinfo_tui.tui.screens.breach_report import ReportBreachScreen
from custinfo_tui.tui.screens.disclosure_request import DisclosureRequestScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import ConsolePage
from tests.support.role_play import (
    RolePlays,
    call_with_no_authority,
    take_call,
    verified_call,
    wrap_up_call,
)

MET, NOT_MET = Verdict.MET, Verdict.NOT_MET


# --- A caller asking what data is held about them ------------------------------------------

SUBJECT_ACCESS = "subject-access-request-by-phone"


async def _nadia_verified(pilot: Pilot[None]) -> ConsolePage:
    return await verified_call(pilot, "nadia kowalczyk", "22/08/1991", "LS6 2AB")


async def test_a_good_trainee_passes_the_subject_access_request_on_unread(
    role_plays: RolePlays,
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        page = await _nadia_verified(pilot)
        await wrap_up_call(
            page,
            outcome="transferred",
            notes="Subject access request: wants everything held, by e-mail; passed to DPO",
        )

    await role_plays.all_met(SUBJECT_ACCESS, walk)


async def test_a_careless_trainee_reads_the_record_out_instead(role_plays: RolePlays) -> None:
    """Verified, then F5 shows her details and they are read to her; wrapped up resolved."""

    async def walk(pilot: Pilot[None]) -> None:
        page = await _nadia_verified(pilot)
        await page.keys("f5")
        await wrap_up_call(page, outcome="resolved", notes="Read her details out to her")

    misses = await role_plays.met_but(SUBJECT_ACCESS, walk, "MP-16", "MP-18")
    assert "read nothing out from the record" in misses["MP-16"].should_have
    assert "transferred" in misses["MP-18"].should_have


# --- A caller claiming to be a police officer -----------------------------------------------

POLICE = "caller-claiming-to-be-police"


async def _record_police_request(page: ConsolePage) -> None:
    """Ctrl+T on Martin's record: who, organisation, how he will be checked, the crime
    prevention exemption, what he asked for, the address, by secure e-mail."""
    app = page.pilot.app
    await page.keys("ctrl+t")
    form = app.screen
    assert isinstance(form, DisclosureRequestScreen)
    await page.keys(*"DC 4417 Ryan Hollis", "enter", *"Example Constabulary", "enter")
    await page.keys(*"To be called back on the force switchboard", "enter")
    await page.keys("enter", "down", "enter")  # the first lawful basis: crime prevention
    assert form.query_one("#disclosure-basis", Select).value == LAWFUL_BASES[0]
    await page.keys("tab", *"Current address of the account holder", "enter")
    address = [item.keys for item in OFFERED].index(ADDRESS_KEYS)  # one box: the whole address
    await page.keys(*(["down"] * address), "space")
    await page.keys("tab", "enter", "down", "enter")  # the first channel: secure e-mail
    assert form.query_one("#disclosure-channel", Select).value == CHANNELS[0]
    await page.keys("ctrl+s")
    assert isinstance(app.screen, RecordScreen)


async def test_a_good_trainee_records_the_police_request_for_approval(
    role_plays: RolePlays,
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        page = await call_with_no_authority(pilot, "martin cole")
        await _record_police_request(page)
        await wrap_up_call(
            page,
            outcome="transferred",
            notes="Police request for the address recorded for approval; nothing disclosed",
        )

    await role_plays.all_met(POLICE, walk)


async def test_a_careless_trainee_checks_the_officers_notes_and_reads_the_address_out(
    role_plays: RolePlays,
) -> None:
    """He knows Martin's date of birth and postcode: taken as passing, he hears it all."""

    async def walk(pilot: Pilot[None]) -> None:
        page = await verified_call(pilot, "martin cole", "03/03/1982", "BS3 4PQ")
        await page.keys("f5")
        await wrap_up_call(page, outcome="resolved", notes="Gave police the address")

    misses = await role_plays.met_but(POLICE, walk, "MP-17", "MP-08", "MP-18")
    assert "Ctrl+T" in misses["MP-17"].should_have
    assert "disclosed nothing in the call" in misses["MP-17"].should_have
    assert "disclosed nothing" in misses["MP-08"].should_have


# --- A misdirected letter reported as a breach ----------------------------------------------

BREACH = "misdirected-letter-breach"


async def test_a_good_trainee_reports_the_misdirected_letter_as_a_breach(
    role_plays: RolePlays,
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        page = await take_call(pilot, "grace adeyemi")
        await page.keys("ctrl+b")
        form = pilot.app.screen
        assert isinstance(form, ReportBreachScreen)
        await page.keys(*"Another customer's bill posted to this caller", "tab")
        # Discovered now; one person; personal and transactional data.
        await page.keys("tab", "1", "tab", "space", "down", "down", "space", "tab")
        await page.keys("ctrl+u")  # the caller is not the person affected
        assert form.query_one("#breach-customers", Input).value == ""
        await page.keys("ctrl+s")
        assert isinstance(pilot.app.screen, RecordScreen)
        await wrap_up_call(
            page,
            outcome="resolved",
            notes="Received another customer's bill; breach reported; she will post it back",
        )

    await role_plays.all_met(BREACH, walk)


async def test_a_careless_trainee_tells_her_to_shred_it_and_reports_nothing(
    role_plays: RolePlays,
) -> None:
    async def walk(pilot: Pilot[None]) -> None:
        page = await take_call(pilot, "grace adeyemi")
        await wrap_up_call(page, outcome="resolved", notes="Told her to shred the letter")

    misses = await role_plays.met_but(BREACH, walk, "MP-20")
    assert "Ctrl+B" in misses["MP-20"].should_have
