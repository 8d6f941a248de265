"""The desk's pack export with a police request on the record (DPA 2018 Sch. 2 para 2):
the DPO chooses, by keys, whether the pack lists it or leaves it out, as the command line's
`--withhold-crime-requests` does, and the export's audit event records which."""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.services import disclosures
from custinfo_tui.services.records import open_record
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from tests.support.actors import actor_for
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import dpo_at_the_requests, log_requests
from tests.support.screen import region_text

POLICE_EMAIL = "police e-mail from DC Morgan re fraud enquiry"


def _police_request(settings: Settings) -> int:
    """The agent opens John Smith's record for the police's e-mail and records it."""
    with console_uow_factory(settings) as uows:
        agent = actor_for(uows, "agent")
        open_record(uows(), agent, 1, AccessReason(reason="Other", detail=POLICE_EMAIL))
        return disclosures.request_disclosure(
            uows(),
            agent,
            1,
            DisclosureRequestIn(
                requester="DC 4321 Morgan",
                organisation="Example Constabulary",
                identity_check="Called back on the force switchboard",
                lawful_basis=LAWFUL_BASES[0],
                asked_for="Where the account holder lives",
                fields=("address_line1",),
                channel=CHANNELS[0],
            ),
        ).id


async def test_the_dpo_leaves_a_police_request_out_of_the_pack_from_the_desk(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path
) -> None:
    """Found by the DPO: the desk's export warned of tipping off and pointed to the command
    line's --withhold-crime-requests, but could not leave the request out itself."""
    police = _police_request(demo_settings)
    [logged] = log_requests(demo_settings)
    pack = tmp_path / "pack.html"
    async with dpo_at_the_requests(console) as page:
        await page.keys("x")
        asked = " ".join(region_text(console, ".choice-box").split())
        assert f"its record has third-party request {police} made for crime prevention" in asked
        assert "Leave it out: the exemption applies" in asked
        await page.keys("enter")  # "Go back" comes first: nothing written
        assert isinstance(console.screen, SubjectAccessScreen)

        await page.keys("x", "down", "enter")  # Leave it out
        assert isinstance(console.screen, DeskFormScreen)
        form = " ".join(region_text(console, ".choice-box").split())
        assert "leaving out the police and tax requests" in form
        assert f"Leaving out third-party request {police} (crime exemption" in form
        await page.keys(*str(pack), "enter")
        assert isinstance(console.screen, SubjectAccessScreen)
        said = " ".join(region_text(console, "#sar-said").split())
        assert f"Left out of the pack: third-party request {police}" in said
        assert said.count("The pack quotes ") == 1  # and what it quotes as typed, once

    written = pack.read_text()
    assert "Example Constabulary" not in written and "Morgan" not in written
    with console_database(demo_settings) as uow:
        [exported] = uow.audit.list_recent(action=AuditAction.DATA_EXPORTED.value)
    assert exported.details["request_id"] == logged.id
    assert exported.details["withheld_disclosures"] == [police]
