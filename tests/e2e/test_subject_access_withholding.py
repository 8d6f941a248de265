"""The desk's pack export with a police request on the record (DPA 2018 Sch. 2 para 2):
the DPO chooses, by keys, whether the pack lists it or leaves it out, as the command line's
`--withhold-crime-requests` does, and the export's audit event records which."""

from __future__ import annotations

from pathlib import Path

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from tests.support.actors import actor_for
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import dpo_at_the_requests, log_requests
from tests.support.police_request import police_request_opened_for
from tests.support.screen import region_text


def _police_request(settings: Settings) -> int:
    """The agent opens John Smith's record for the police's e-mail and records it."""
    with console_uow_factory(settings) as uows:
        return police_request_opened_for(uows)


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
        asked = region_text(console, ".choice-box")
        assert f"its record has third-party request {police} made for crime prevention" in asked
        assert "Leave it out: the exemption applies" in asked
        await page.keys("enter")  # "Go back" comes first: nothing written
        assert isinstance(console.screen, SubjectAccessScreen)

        await page.keys("x", "down", "enter")  # Leave it out
        assert isinstance(console.screen, DeskFormScreen)
        form = region_text(console, ".choice-box")
        assert "leaving out the police and tax requests" in form
        assert f"Leaving out third-party request {police} (crime exemption" in form
        await page.keys(*str(pack), "enter")
        assert isinstance(console.screen, SubjectAccessScreen)
        said = region_text(console, "#sar-said")
        assert f"Left out of the pack: third-party request {police}" in said
        assert said.count("The pack quotes ") == 1  # and what it quotes as typed, once

    written = pack.read_text()
    assert "Example Constabulary" not in written and "Morgan" not in written
    with console_database(demo_settings) as uow:
        [exported] = uow.audit.list_recent(action=AuditAction.DATA_EXPORTED.value)
    assert exported.details["request_id"] == logged.id
    assert exported.details["withheld_disclosures"] == [police]


async def test_the_answer_records_which_export_was_sent_and_how_and_the_desk_shows_it_later(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path
) -> None:
    """Found by the DPO: after three exports (HTML, HTML without the police request, JSON)
    and "Yes, the pack was sent", nothing said which went out, or how."""
    from custinfo_tui.domain.data_protection.pack import PackForm
    from custinfo_tui.services import subject_access_export

    police = _police_request(demo_settings)
    [logged] = log_requests(demo_settings)
    with console_uow_factory(demo_settings) as uows:
        dpo = actor_for(uows, "dpo")
        for name, form, withhold in (
            ("a.html", PackForm.HTML, False),
            ("b.html", PackForm.HTML, True),
            ("c.json", PackForm.JSON, False),
        ):
            subject_access_export.export_request(
                uows(), dpo, logged.id, tmp_path / name, form, withhold_crime_requests=withhold
            )
    async with dpo_at_the_requests(console) as page:
        detail = region_text(console, "#sar-detail")
        assert "A once it is sent (3 exports written: A asks which was sent)." in detail
        await page.keys("a", "down", "enter")
        asked = region_text(console, ".choice-box")
        assert "Exported 3 times: export 1 (HTML, " in asked
        assert "export 2 (HTML, " in asked and f"leaving out third-party request {police}" in asked
        assert "Export sent (1 to 3; 3 is the last)" in asked
        await page.keys("ctrl+u", "2", "enter", *"by post, recorded delivery", "enter")
        assert isinstance(console.screen, SubjectAccessScreen)
        said = region_text(console, "#sar-said")
        assert said.startswith("Request marked answered, in time. Sent: export 2 (HTML, ")
        assert f"leaving out third-party request {police} (crime exemption)); how: by post" in said
        assert "none open" in region_text(console, "#sar-status")

        await page.keys("f4")  # the closed ones too: what went out stays to be seen
        assert "1 answered or refused below (F4 hides them)" in region_text(console, "#sar-status")
        detail = region_text(console, "#sar-detail")
        assert "Answered on " in detail and "Sent: export 2 (HTML, " in detail
        assert f"leaving out third-party request {police}" in detail

    with console_database(demo_settings) as uow:
        [answered] = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_ANSWERED.value)
        row = uow.subject_access.get(logged.id)
    assert (answered.details["export"], answered.details["form"]) == (2, "html")
    assert answered.details["withheld_disclosures"] == [police]
    assert row is not None and row.answer_note == "by post, recorded delivery"
