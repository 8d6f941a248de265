"""What an explorer acting as the data protection officer found on the requests desk (demo,
login dpo, 80x24), each played again as the DPO meets it (docs/data-protection.md): the
erasure desk opened from a request with a filler reason that F2 recorded as the refusal's,
R and L leaving the focus on the reference they filled in, a late request of another
right marked done with no word of how late, an erased record's erasure request still
offering a refusal, and a notification covering the refusal to read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custinfo_tui.domain.data_protection.erasure import HoldKind
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.subject_access import due_date
from custinfo_tui.services import erasure
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.data_protection.erasure import ErasureScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from tests.support.actors import actor_for, desk_for
from tests.support.console_page import logged_in
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import JOHN_SMITH, dpo_at_the_requests, log_requests, open_desk_section
from tests.support.screen import region_text, screen_text, settle
from tests.support.tour import DPO


def _told(console: CustinfoApp) -> str:
    return " ".join(str(n.message) for n in console._notifications)


async def test_an_erasure_refusal_needs_the_request_in_words_not_the_desks_filler(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Enter on an erasure request filled the reason box with "Request 1 (Art. 17)"; F2,
    Down, Enter on the held record recorded that as the refusal's reason, which the
    person's pack then read. The box starts empty (the request named in its placeholder),
    and F2 with nothing, or only the request's number, typed says why at the box."""
    [request] = log_requests(demo_settings, DataRight.ERASURE)
    with console_uow_factory(demo_settings) as uows:
        dpo = actor_for(uows, "dpo")
        erasure.set_legal_hold(uows(), dpo, JOHN_SMITH, HoldKind.LEGAL_CLAIM, "Claim of 1 Dec")
    async with dpo_at_the_requests(console) as page:
        await page.keys("enter")
        desk = console.screen
        assert isinstance(desk, ErasureScreen)
        await settle(page.pilot)
        reason = desk.query_one("#erase-reason", BoundedInput)
        assert reason.value == "" and reason.has_focus
        assert f"Request {request.id} (Art. 17): e.g." in screen_text(console)  # placeholder

        await page.keys("f2")  # nothing typed: said at the box, nothing asked
        assert console.screen is desk
        said = region_text(console, "#erase-message")
        assert said == (
            "Held, so it cannot be erased. Say which request is refused, in words the "
            "person's pack can show (e.g. her e-mail of 3 Dec asking for erasure). F2 then "
            "records the refusal."
        )

        await page.keys(*f"Request {request.id} (Art. 17)", "f2")  # the old filler, typed
        assert console.screen is desk and reason.has_focus
        said = region_text(console, "#erase-message")
        assert said.startswith(f'"Request {request.id} (Art. 17)" only numbers the request.')

        # The filler is selected: what is typed next replaces it.
        await page.keys(*"Her e-mail of 3 Dec asking for erasure", "f2")
        assert "Record the refusal, with the reason typed (Her e-mail of 3 Dec asking" in (
            region_text(console, ".choice-box")
        )
        await page.keys("down", "enter")
        assert console.screen is desk
        assert "Refusal recorded:" in region_text(console, "#erase-holds")

    with console_database(demo_settings) as uow:
        [refused] = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_REFUSED.value)
    assert refused.reason == "Her e-mail of 3 Dec asking for erasure"


async def test_r_and_l_open_at_the_reason_and_lifting_says_to_tell_the_person_first(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """R filled in the highlighted request's reference and left the focus on it, so the
    reason typed straight on replaced the reference; L the same. Lifting now also reminds
    the DPO that the person is told before a restriction is lifted (Art. 18(3))."""
    log_requests(demo_settings, DataRight.RESTRICTION)
    async with dpo_at_the_requests(console) as page:
        await page.keys("r")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        assert form.query_one("#sar-ref", BoundedInput).value == JOHN_SMITH
        assert form.query_one("#sar-why", BoundedInput).has_focus
        await page.keys(*"Accuracy contested by letter", "ctrl+s")
        assert isinstance(console.screen, SubjectAccessScreen)
        assert f"Restricted records (Art. 18): {JOHN_SMITH}." in screen_text(console)

        await page.keys("l")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        assert "Tell the person before you lift it (UK GDPR Art. 18(3))." in region_text(
            console, ".choice-explain"
        )
        assert form.query_one("#sar-why", BoundedInput).has_focus
        await page.keys(*"Accuracy confirmed", "ctrl+s")
        assert isinstance(console.screen, SubjectAccessScreen)
        assert region_text(console, "#sar-said") == (
            "Restriction lifted. The person is to be told before a restriction is lifted (UK "
            "GDPR Art. 18(3)): if they were not, tell them now."
        )
        assert "Restricted records (Art. 18): none." in screen_text(console)

    with console_database(demo_settings) as uow:
        events = uow.audit.list_recent(customer_id=1, limit=5)
    reasons = {e.action: e.reason for e in events}
    assert reasons[AuditAction.PROCESSING_RESTRICTED] == "Accuracy contested by letter"
    assert reasons[AuditAction.RESTRICTION_LIFTED] == "Accuracy confirmed"


async def test_an_erased_records_late_erasure_request_is_done_late_and_not_refusable(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Marked done late, an erasure request said only "Request marked answered: tell the
    person what was done." where the command line says how late. Its dialog, the record
    erased already, still said to erase it (F7) and offered "Refused"."""
    today = datetime.now(UTC).date()
    received = today - timedelta(days=45)
    late = (today - due_date(received)).days
    log_requests(demo_settings, DataRight.ERASURE, received_on=received)
    with console_uow_factory(demo_settings) as uows:
        erasure.erase_customer(uows(), actor_for(uows, "dpo"), 1, "Her letter of 3 Dec")
    async with dpo_at_the_requests(console) as page:
        console._notifications.clear()
        await page.keys("a")
        asked = region_text(console, ".choice-box")
        assert f"The record was erased on {today:%d %b %Y} by dpo." in asked
        assert "The erasure asked for is done. Mark it done" in asked
        assert "F7" not in asked and "Refused" not in asked and "refuse" not in asked

        await page.keys("down", "enter")
        explained = region_text(console, ".choice-explain")
        assert explained.startswith(f"The record was erased on {today:%d %b %Y} by dpo.")
        assert "F7" not in explained
        await page.keys(*"Erased on the desk; letter sent", "enter")
        assert isinstance(console.screen, SubjectAccessScreen)
        said = (
            f"Request marked answered, {late} days late: tell the person what was done. What "
            "was typed is not kept: the record is erased, and so is what is typed on it."
        )
        assert said in _told(console)
        assert region_text(console, "#sar-said") == said


async def test_a_refusal_under_the_reason_box_is_not_covered_by_a_notification(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """At 80x24 the "Hold lifted." notification sat over the "Not now ... call is not
    ended" refusal said under the reason box, just after it."""
    with console_uow_factory(demo_settings) as uows:
        dpo = actor_for(uows, "dpo")
        erasure.set_legal_hold(uows(), dpo, JOHN_SMITH, HoldKind.LEGAL_CLAIM, "Claim of 1 Dec")
        desk_for(uows, "agent").start(1)  # John Smith, the call not ended
    async with logged_in(console, DPO) as page:
        await open_desk_section(page.pilot, "erasure")
        await page.keys(*JOHN_SMITH, "enter", *"Claim settled", "f4", "enter")
        assert "Hold lifted." in _told(console)
        await page.keys(*"Her letter of 3 Dec asking for erasure", "f2")
        said = region_text(console, "#erase-message")
        assert said.startswith("Not now, nothing erased: A call about this customer is not")
        assert "Erase the record once it ends." in said
        assert said.endswith("(Ctrl+G, then F6).")
        assert not console._notifications
