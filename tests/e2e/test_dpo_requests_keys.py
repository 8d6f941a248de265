"""The DPO's requests list on the real console, driven by keys: its main key, Enter, is
named in the footer by what it does for the highlighted request and listed in the command
palette (docs/data-protection.md, "Acting on a request"); on a rectification request it
opens the record, which the DPO corrects with F6 (docs/access-control.md)."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Input, Select

from custinfo_tui.domain.data_protection.rectification import NO_REQUEST, RECTIFICATION_REASON
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.merging import comparing_reason
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.services import erasure, merging, restriction, subject_access
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.data_protection.erasure import ErasureScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.edit import EditScreen
from custinfo_tui.tui.screens.readback import ReadBackScreen
from custinfo_tui.tui.screens.record import RecordScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import JOHN_SMITH, log_requests, open_desk_section
from tests.support.screen import region_text, screen_text
from tests.support.tour import DPO

SIZE = (80, 24)


def _footer(app: CustinfoApp) -> str:
    return screen_text(app).splitlines()[-1].split("▏")[0].rstrip()


async def test_the_footer_and_the_palette_name_what_enter_does_for_the_highlighted_request(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: Enter starts each request (the pack, erasure, the restriction...),
    yet the footer named every key but it and the palette did not list it."""
    log_requests(demo_settings, DataRight.ACCESS, DataRight.ERASURE, DataRight.RESTRICTION)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        console._notifications.clear()  # the login's notice covers the list
        await open_desk_section(pilot, "subject-access")
        assert isinstance(console.screen, SubjectAccessScreen)

        assert _footer(console).startswith("⏎ Write pack esc Back n New a Answer")
        assert _footer(console).endswith("^q Quit")
        await page.keys("ctrl+p")
        shown = screen_text(console)
        assert "Write pack (⏎)" in shown
        assert "Write the request's pack to a file (as X)" in shown
        await page.keys("escape", "down")
        assert _footer(console).startswith("⏎ Open erasure esc Back")
        await page.keys("down")
        assert _footer(console).startswith("⏎ Restrict esc Back")

        # Enter does what the footer says: the restriction form, then erasure.
        await page.keys("enter")
        assert isinstance(console.screen, DeskFormScreen)
        assert "Restrict processing" in screen_text(console)
        await page.keys("escape")
        assert isinstance(console.screen, SubjectAccessScreen)
        await page.keys("up", "ctrl+p", *"erasure", "enter")
        assert isinstance(console.screen, ErasureScreen)


async def test_with_no_request_listed_enter_is_not_offered(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await open_desk_section(pilot, "subject-access")
        assert "none open" in screen_text(console)
        assert "⏎" not in _footer(console)
        # Nor the keys that act on a request (test_subject_access_screen.py): New and
        # Restrict (a record, by its reference) are what there is to do.
        assert _footer(console).startswith("esc Back n New r Restrict")


async def test_the_dpo_corrects_a_restricted_record_for_its_rectification_request(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: the request's dialog said to correct the record, but the DPO's
    record had no edit key, F6 did nothing and said nothing, and once the record was
    restricted (as it is while its accuracy is disputed) nobody else could open it."""
    log_requests(demo_settings, DataRight.RECTIFICATION)
    with console_uow_factory(demo_settings) as uow_factory:
        dpo = actor_for(uow_factory, "dpo")
        restriction.restrict_processing(uow_factory(), dpo, JOHN_SMITH, "Accuracy contested")
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        console._notifications.clear()
        await open_desk_section(pilot, "subject-access")
        assert _footer(console).startswith("⏎ Correct record esc Back")
        assert "Enter opens the record to correct it (F6); A once corrected." in " ".join(
            region_text(console, "#sar-detail").split()
        )

        await page.keys("enter")
        record = console.screen
        assert isinstance(record, RecordScreen)
        assert "RESTRICTED (Art. 18) since" in screen_text(console).splitlines()[1]
        assert " f6 Edit " in _footer(console) and "^b Report breach" in _footer(console)
        await page.keys("f6")
        edit = console.screen
        assert isinstance(edit, EditScreen)
        assert edit.focused is edit.query_one("#given_name-input", Input)
        await page.keys("ctrl+u", *"Jon", "tab", "enter", "down", "enter")
        assert edit.query_one("#given_name-reason", Select).value == RECTIFICATION_REASON
        await page.keys("ctrl+s")
        assert isinstance(console.screen, ReadBackScreen)
        assert "Check the changed details" in screen_text(console)
        await page.keys("enter", "ctrl+s")
        assert console.screen is record
        assert record.record.value("given_name") == "Jon"

        # Back on the list, A marks it done with what was corrected.
        await page.keys("escape")
        assert isinstance(console.screen, SubjectAccessScreen)
        await page.keys("a", "down", "enter", *"Given name corrected to Jon", "enter")
        assert "none open" in screen_text(console)

    with console_database(demo_settings) as uow:
        [viewed] = uow.audit.list_recent(customer_id=1, action=AuditAction.CUSTOMER_VIEWED.value)
        assert viewed.reason == "Data protection request: rectification request 1 (Art. 16)"
        [updated] = uow.audit.list_recent(customer_id=1, action=AuditAction.CUSTOMER_UPDATED.value)
        assert updated.details["rectification_request"] == 1
        assert updated.details["reasons"] == {"given_name": RECTIFICATION_REASON}
        [(request, _)] = uow.subject_access.listed(open_only=False)
        assert request.answer_note == "Given name corrected to Jon"


async def test_f6_on_a_record_the_dpo_may_not_change_says_why(console: CustinfoApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await page.open_back_office("john smith")
        assert "f6" not in _footer(console)
        console._notifications.clear()
        await page.keys("f6")
        assert isinstance(console.screen, RecordScreen)
        assert [n.message for n in console._notifications] == [NO_REQUEST]


async def test_requests_on_an_erased_record_say_so_and_offer_only_what_works(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: once the record was erased, a rectification request still said
    "Enter opens the record to correct it (F6)" with ⏎ Correct record in the footer, and
    an erasure request still said to erase it; Enter only said "Record erased"."""
    log_requests(demo_settings, DataRight.RECTIFICATION, DataRight.ERASURE)
    with console_uow_factory(demo_settings) as uow_factory:
        dpo = actor_for(uow_factory, "dpo")
        erasure.erase_customer(uow_factory(), dpo, 1, "Written request, passport seen")
    today = datetime.now(UTC).date()
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        console._notifications.clear()
        await open_desk_section(pilot, "subject-access")
        line = region_text(console, "#sar-detail")
        assert f"The record was erased on {today:%d %b %Y}." in line
        assert "Nothing is left to correct: A closes the request" in line
        assert "Asked by the customer, by letter. Identity: Passport seen." in line
        assert "F6" not in line
        assert _footer(console).startswith("⏎ Answer esc Back")
        assert "Correct record" not in screen_text(console)

        await page.keys("down")
        line = region_text(console, "#sar-detail")
        assert "The erasure asked for is done: A closes the request" in line
        assert "Enter opens erasure" not in line
        assert _footer(console).startswith("⏎ Answer esc Back")

        await page.keys("enter")  # Enter asks whether it is done, as A does
        assert "The erasure asked for is done" in region_text(console, ".choice-box")
        await page.keys("down", "enter", *"Erased; letter sent", "enter")
        assert "1 open" in screen_text(console)


async def test_a_request_moved_by_a_merge_says_which_record_it_was_logged_on(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: a request on a record merged into John Smith's stayed on the
    emptied merged record, with no word of the merge."""
    today = datetime.now(UTC).date()
    with console_uow_factory(demo_settings) as uow_factory:
        dpo, supervisor = actor_for(uow_factory, "dpo"), actor_for(uow_factory, "supervisor")
        with uow_factory() as uow:
            other = uow.customers.get(2)
            assert other is not None
            merged = format_reference(other.reference)
        given = SubjectAccessIn(
            customer_reference=merged,
            requested_by="The customer, by letter",
            identity_check="Passport seen",
            received_on=today,
        )
        subject_access.log_request(uow_factory(), dpo, given, today)
        why = comparing_reason("Same person: letter with both references")
        preview = merging.preview_merge(uow_factory(), supervisor, 1, 2, why)
        merging.merge_records(
            uow_factory(), supervisor, 1, 2, {}, "Same person", confirmed=preview.warnings
        )
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        console._notifications.clear()
        await open_desk_section(pilot, "subject-access")
        assert JOHN_SMITH in region_text(console, "#sar-table")
        assert merged not in region_text(console, "#sar-table")
        line = region_text(console, "#sar-detail")
        assert f"Logged on {merged}, merged into {JOHN_SMITH} on {today:%d %b %Y}" in line
