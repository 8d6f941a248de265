"""What a second explorer acting as the data protection officer found on the desk (demo,
login dpo, 80x24; docs/data-protection.md), each played again as the DPO meets it: a note
typed closing an erased record's request kept in its pack, a restriction request on a
record restricted already still saying to restrict it and asking what was done, E on an
overdue request opening a form it then refused, who asked capitalised mid-sentence, a
received day long past logged without a word, the desk's menu wrapping round, and the
DPO's own breach report pointing them to the list they were on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.widgets import OptionList

from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services import erasure, restriction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.dpo_desk import DpoDeskScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from tests.support.actors import actor_for
from tests.support.console_page import logged_in
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import JOHN_SMITH, dpo_at_the_requests, log_requests, open_desk_section
from tests.support.screen import region_text, screen_text, settle
from tests.support.tour import DPO


def _told(console: CustinfoApp) -> str:
    return " ".join(str(n.message) for n in console._notifications)


async def test_a_note_typed_closing_an_erased_records_request_is_not_kept(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Erased John Smith, then A on his erasure request, Yes, "letter sent to John Smith at
    12 Acacia Road": kept as the answer note, and his next pack printed it under What was
    done though it said nothing that identifies him is held. The box now asks for no names
    or addresses, the note is not kept, and the DPO is told so."""
    [request] = log_requests(demo_settings, DataRight.ERASURE)
    with console_uow_factory(demo_settings) as uows:
        erasure.erase_customer(uows(), actor_for(uows, "dpo"), 1, "Her letter of 3 Dec")
    async with dpo_at_the_requests(console) as page:
        await page.keys("a", "down", "enter")
        assert isinstance(console.screen, DeskFormScreen)
        shown = screen_text(console)
        assert "no names or addresses: the record is erased" in shown
        assert "What was done (optional)" in shown
        await page.keys(*"letter sent to John Smith at 12 Acacia Road", "enter")
        assert isinstance(console.screen, SubjectAccessScreen)
        assert "What was typed is not kept: the record is erased" in _told(console)
    with console_database(demo_settings) as uow:
        row = uow.subject_access.get(request.id)
        assert row is not None and row.answered_at is not None
        assert (row.answer_note, row.requested_by) == (None, "(erased)")


async def test_a_restriction_request_on_a_restricted_record_is_only_marked_done(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The record restricted already, the line said "Enter restricts the record", the
    footer "Restrict", saving said it was restricted already, and A said to restrict it
    (R). Now it says since when and that A marks it done, and What was done may be left
    empty, as the docs and `custinfo dsar answer` have it."""
    [request] = log_requests(demo_settings, DataRight.RESTRICTION)
    with console_uow_factory(demo_settings) as uows:
        dpo = actor_for(uows, "dpo")
        restriction.restrict_processing(uows(), dpo, JOHN_SMITH, "Accuracy contested")
    today = datetime.now(UTC).date()
    async with dpo_at_the_requests(console) as page:
        line = region_text(console, "#sar-detail")
        assert f"Restricted since {today:%d %b %Y}: A marks it done." in line
        assert "Enter restricts" not in line
        footer = screen_text(console).splitlines()[-1]
        assert "⏎ Answer" in footer and "⏎ Restrict" not in footer
        await page.keys("enter")  # as A
        asked = region_text(console, ".choice-box")
        assert f"Restricted since {today:%d %b %Y}: mark it done." in asked
        assert "(R)" not in asked
        await page.keys("down", "enter")
        assert isinstance(console.screen, DeskFormScreen)
        await page.keys("enter")  # nothing typed: it is optional
        assert isinstance(console.screen, SubjectAccessScreen)
        assert "Fill in" not in screen_text(console)
    with console_database(demo_settings) as uow:
        row = uow.subject_access.get(request.id)
        assert row is not None and row.answered_at is not None and row.answer_note is None


async def test_e_on_an_overdue_request_says_why_before_any_form_opens(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """E on an overdue request opened the extension form ("Tell the person ... by" a day
    already past) and refused only once a reason was typed and saved."""
    received = datetime.now(UTC).date() - timedelta(days=45)
    log_requests(demo_settings, received_on=received)
    async with dpo_at_the_requests(console) as page:
        await page.keys("e")
        await settle(page.pilot)
        assert isinstance(console.screen, SubjectAccessScreen)
        told = _told(console)
        assert "The first month ended on " in told
        assert "an extension had to be decided and told to the person within it" in told


async def test_a_day_received_long_ago_is_logged_only_once_confirmed(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """ "31 January 2026" typed for 2027 logged a request hundreds of days overdue without a
    word. It is said at the box; Ctrl+S again, the day unchanged, logs it."""
    long_ago = datetime.now(UTC).date() - timedelta(days=200)
    async with dpo_at_the_requests(console) as page:
        await page.keys("n", *JOHN_SMITH, "enter", *"The customer, by letter", "enter")
        await page.keys(*"Passport seen", "enter", "ctrl+u", *f"{long_ago:%d/%m/%Y}", "ctrl+s")
        await settle(page.pilot)
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        said = region_text(console, "#desk-form-message")
        assert "200 days ago, more than 3 months" in said
        assert "Ctrl+S again logs it as received then." in said
        await page.keys("ctrl+s")
        await settle(page.pilot)
        assert isinstance(console.screen, SubjectAccessScreen)
        line = region_text(console, "#sar-detail")
        assert "Asked by the customer, by letter." in line  # lower-case mid-sentence
    with console_database(demo_settings) as uow:
        logged = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_LOGGED.value)
        assert [e.details["received_on"] for e in logged] == [long_ago.isoformat()]


async def test_the_desks_menu_stops_at_its_ends(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Up from the first section landed on Breaches, the last."""
    async with logged_in(console, DPO) as page:
        await page.keys("f7")
        assert isinstance(console.screen, DpoDeskScreen)
        sections = console.screen.query_one("#desk-sections", OptionList)
        assert sections.highlighted == 0
        await page.keys("up")
        assert sections.highlighted == 0
        last = sections.option_count - 1
        await page.keys(*["down"] * (last + 2))
        assert sections.highlighted == last


async def test_the_dpos_own_breach_report_on_breaches_points_to_the_list_there(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Ctrl+B on Breaches said "under Breaches on your desk (F7)", where the DPO was."""
    async with logged_in(console, DPO) as page:
        await open_desk_section(page.pilot, "breaches")
        await page.keys("ctrl+b", *"Letter sent to the wrong address", "tab", "tab", "tab")
        await page.keys("space", "ctrl+s")
        await settle(page.pilot)
        told = _told(console)
        assert "it is yours to assess, in the list here (Enter on it assesses it)." in told
        assert "F7" not in told
