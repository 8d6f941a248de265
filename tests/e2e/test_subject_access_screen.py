"""The DPO's subject access requests on the real console (MP-16), driven by keys.

The DPO opens the desk (F7), logs a request for John Smith received today, sees it listed
with a month's days left, writes its pack to a file, and marks it answered; the database
holds the answered request and the audit trail the export. Then a restriction (Art. 18)
set from the same screen hides the record from an agent's lookup.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.reference import format_reference, reference_for_number
from custinfo_tui.domain.subject_access import describe_days_left, due_date
from custinfo_tui.services import restriction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from custinfo_tui.tui.unsaved_work import LeaveScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import JOHN_SMITH, dpo_at_the_requests, log_requests, reference_of
from tests.support.screen import (
    confirm_leaving,
    footer_text,
    region_text,
    screen_text,
    screen_words,
    settle,
    words,
)
from tests.support.second_record import second_john_smith
from tests.support.tour import DPO

SIZE = (80, 24)
#: A reference no customer has.
UNKNOWN = format_reference(reference_for_number(99_999_999))


def _misheard(reference: str) -> str:
    """`reference` with its check letter misheard."""
    return reference[:-1] + ("A" if reference[-1] != "A" else "B")


async def test_the_dpo_logs_a_request_sees_its_days_left_exports_it_and_marks_it_answered(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path
) -> None:
    reference = reference_of(demo_settings, 1)
    pack = tmp_path / "john-smith.html"

    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await page.keys("f7")
        assert "Data protection requests and restriction" in screen_text(console)
        await page.keys("enter")
        assert isinstance(console.screen, SubjectAccessScreen)
        assert "none open" in screen_text(console)
        assert " l Lift " not in screen_text(console)  # nothing restricted: nothing to lift

        await page.keys("n")
        assert isinstance(console.screen, DeskFormScreen)
        await page.keys(*reference, "enter", *"The customer, by letter", "enter")
        await page.keys(*"Passport and a utility bill seen", "enter", "enter", "enter")
        assert isinstance(console.screen, SubjectAccessScreen)
        table = console.screen.query_one("#sar-table", DataTable)
        assert table.row_count == 1
        with console_database(demo_settings) as uow:
            [(request, _)] = uow.subject_access.listed(open_only=True)
            request_id, received, due = request.id, request.received_on, request.due_on
        assert due == due_date(received)
        left = describe_days_left((due - received).days)
        shown = screen_text(console)
        assert reference in shown and left in shown and "1 open, 0 overdue" in shown

        await page.keys("x")
        assert f"e.g. ~/dsar-{request_id}.html" in screen_text(console)  # its own number
        await page.keys(*str(tmp_path / "john-smith.pdf"), "enter")  # an HTML pack: refused
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        box = form.query_one("#sar-file", BoundedInput)
        assert box.has_focus and box.has_class("-problem")  # said at the box
        assert "end the file's name with .html or .htm" in region_text(
            console, "#desk-form-message"
        )
        await page.keys("ctrl+u", *str(pack), "enter")
        assert pack.exists()
        assert f"Customer reference {reference}" in pack.read_text()  # as read out

        await page.keys("a", "enter")  # "No, go back" comes first: Enter marks nothing
        assert "none open" not in screen_text(console)
        await page.keys("a")
        assert "No pack has been exported" not in screen_text(console)  # it was, above
        await page.keys("down", "enter")  # yes: which export went out, and how
        assert isinstance(console.screen, DeskFormScreen)
        await page.keys("enter", "enter")  # the last (the only) export; how left out
        assert "none open" in screen_text(console)
        told = [n.message for n in console._notifications]
        assert told[-1].startswith("Request marked answered, in time. Sent: export 1 (HTML, ")

        await page.keys("r", "ctrl+u", *reference, "enter", *"Accuracy contested", "enter")
        told = [n.message for n in console._notifications]
        assert told[-1].startswith("Processing restricted: handlers no longer find")
        shown = screen_text(console)
        assert f"Restricted records (Art. 18): {reference}." in shown
        footer = shown.splitlines()[-1].split("▏")[0].rstrip()
        assert " l Lift " in footer and footer.endswith("^q Quit")  # the key named, whole

        # The DPO still opens it, and its title says it is restricted.
        await page.keys("escape", "escape")
        await page.open_back_office("john smith")
        assert "RESTRICTED (Art. 18) since" in screen_text(console).splitlines()[1]

    with console_database(demo_settings) as uow:
        answered = uow.subject_access.get(request_id)
        assert answered is not None and answered.answered_at is not None
        exported = uow.audit.list_recent(customer_id=1, action=AuditAction.DATA_EXPORTED.value)
        assert [e.details["form"] for e in exported] == ["html"]
        assert uow.subject_access.restriction_in_force(1) is not None


async def test_a_request_refused_as_excessive_takes_the_reason_the_person_is_told(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    [request] = log_requests(demo_settings)

    async with dpo_at_the_requests(console) as page:
        await page.keys("a")
        offered = screen_text(console)
        assert "Refused: unfounded or excessive" in offered and "Art. 12(5)" in offered
        assert "No pack has been exported for it yet." in offered
        await page.keys("down", "down", "enter")
        assert isinstance(console.screen, DeskFormScreen)
        shown = screen_text(console)
        assert f"Refuse request {request.id}" in shown and "complain to the ICO" in shown
        await page.keys("enter")  # no reason: refused at the field, the form stays
        assert isinstance(console.screen, DeskFormScreen)
        await page.keys(*"Fifth identical request this month", "enter")
        assert isinstance(console.screen, SubjectAccessScreen)
        assert "none open" in screen_text(console)
        told = [n.message for n in console._notifications]
        assert told[-1] == "Request refused: tell the person why."

    with console_database(demo_settings) as uow:
        refused = uow.subject_access.get(request.id)
        assert refused is not None and refused.answered_at is not None
        assert refused.refusal_reason == "Fifth identical request this month"
        [event] = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_REFUSED.value)
        assert event.details == {"request_id": request.id, "in_time": True}


async def test_a_refused_request_is_said_on_the_form_which_keeps_what_was_typed(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found trying the desk: a date typed the UK way, then a reference with the wrong check
    letter, each closed the form with a passing message and lost all that was typed."""
    reference = reference_of(demo_settings, 1)
    misheard = _misheard(reference)
    received = datetime.now(UTC).date() - timedelta(days=3)
    typed = f"{received.day}/{received.month}/{received.year}"  # the UK way

    async with dpo_at_the_requests(console) as page:
        await page.keys("n")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        await page.keys(*misheard, "enter", *"The customer, by letter", "enter")
        await page.keys(*"Passport seen", "enter", "ctrl+u", *typed, "enter", "enter")
        assert console.screen is form
        assert "check letter does not match" in region_text(console, "#desk-form-message")
        await page.keys("ctrl+s")  # again: still refused, nothing typed is lost
        assert console.screen is form
        assert form.query_one("#sar-asked-by", BoundedInput).value == "The customer, by letter"
        assert form.query_one("#sar-received", BoundedInput).value == typed

        form.query_one("#sar-reference", BoundedInput).value = UNKNOWN
        await page.keys("ctrl+s")
        assert console.screen is form
        assert (
            "No customer has that reference: check it against the request or letter."
            in region_text(console, "#desk-form-message")
        )

        form.query_one("#sar-received", BoundedInput).value = "31/11/2026"
        await page.keys("ctrl+s")
        said = region_text(console, "#desk-form-message")
        assert "That date does not exist: that month has only 30 days." in said
        assert form.query_one("#sar-received", BoundedInput).has_focus

        form.query_one("#sar-reference", BoundedInput).value = reference
        form.query_one("#sar-received", BoundedInput).value = typed
        await page.keys("ctrl+s")
        assert isinstance(console.screen, SubjectAccessScreen)
        assert f"{received:%d %b %Y}" in screen_text(console)

    with console_database(demo_settings) as uow:
        [(request, _)] = uow.subject_access.listed(open_only=True)
        assert (request.customer_id, request.received_on) == (1, received)


async def test_lifting_names_the_restricted_record_and_speaks_of_lifting(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """L opened the restriction form as written for restricting, holding the reference of
    the request highlighted (another customer) rather than the record restricted."""
    restricted_ref = reference_of(demo_settings, 1)
    with console_uow_factory(demo_settings) as uows:
        dpo = actor_for(uows, "dpo")
        restriction.restrict_processing(uows(), dpo, restricted_ref, "Accuracy contested")
    log_requests(demo_settings, reference=reference_of(demo_settings, 2))
    async with dpo_at_the_requests(console) as page:
        await page.keys("l")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        assert form.query_one("#sar-ref", BoundedInput).value == restricted_ref
        shown = screen_text(console)
        assert "Once lifted, handlers find and open the record again." in shown
        assert "neither find nor open" not in shown
        await page.keys(*"Accuracy confirmed", "ctrl+s")  # the form opens at the reason
        assert isinstance(console.screen, SubjectAccessScreen)
        assert "Restricted records (Art. 18): none." in screen_text(console)


async def test_escape_on_a_half_filled_request_asks_before_dropping_what_was_typed(
    console: CustinfoApp,
) -> None:
    """Escape on the log form discarded all four boxes without a word (the breach report
    asks first); an untouched form still closes at once."""
    async with dpo_at_the_requests(console) as page:
        await page.keys("n", "escape")
        assert isinstance(console.screen, SubjectAccessScreen)  # nothing typed: gone at once

        await page.keys("n", *JOHN_SMITH, "enter", *"The customer, by letter")
        form = console.screen
        await page.keys("escape")
        await settle(page.pilot)
        assert isinstance(console.screen, LeaveScreen)
        said = words(screen_text(console).replace("│", " "))
        assert "you lose: what was typed in 'Log a data protection request'" in said
        await page.keys("enter")  # "Go back to it", the first choice
        assert console.screen is form
        assert form.query_one("#sar-asked-by", BoundedInput).value == "The customer, by letter"
        await page.keys("escape")
        await confirm_leaving(page.pilot)
        assert isinstance(console.screen, SubjectAccessScreen)


async def test_after_an_export_the_highlight_stays_on_the_request_worked_on(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path
) -> None:
    """Found trying the desk: after exporting the second request's pack the list reloaded
    with the first highlighted, and the next X wrote another customer's pack."""
    today = datetime.now(UTC).date()
    for reference, received in ((JOHN_SMITH, 3), (reference_for_number(22804160), 1)):
        log_requests(
            demo_settings, reference=reference, received_on=today - timedelta(days=received)
        )

    async with dpo_at_the_requests(console) as page:
        await page.keys("down")
        await page.keys("x", *str(tmp_path / "second.html"), "enter")
        await settle(page.pilot)
        await page.keys("x")
        assert "Export the pack for request 2" in screen_text(console)

        # A request just logged is the one highlighted, its details on the line below.
        # (of erasure: the customer's access request is open, so another is only noted)
        await page.keys("escape", "n", *JOHN_SMITH, "enter", *"Her solicitor", "enter")
        await page.keys(*"Signed authority", "enter", "enter", "ctrl+u", *"erasure", "enter")
        await settle(page.pilot)
        assert "Asked by her solicitor." in screen_words(console)


async def test_a_suggested_day_is_replaced_by_the_day_typed(console: CustinfoApp) -> None:
    """Found trying the desk: "Received (day)" holds today; typing the day the letter came
    added to it ("04/12/20261/12/2026") once boxes stopped selecting their text."""
    async with dpo_at_the_requests(console) as page:
        await page.keys("n", *JOHN_SMITH, "enter", *"The customer", "enter")
        await page.keys(*"Passport seen", "enter")
        received = console.screen.query_one("#sar-received", BoundedInput)
        assert console.focused is received
        await page.keys(*"1/12/2026")
        assert received.value == "1/12/2026"
        # Typed by the DPO, it is no longer a suggestion: back in the box, typing adds.
        await page.keys("shift+tab", "tab", "0")
        assert received.value == "1/12/20260"


async def test_every_refused_box_is_marked_and_the_first_takes_the_focus_to_correct(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: a misread check letter and a day that does not exist said only
    the day; once the day was right, the reference was refused but the focus stayed in the
    date box, so the corrected reference went into "Received"."""
    reference = reference_of(demo_settings, 1)
    misheard = _misheard(reference)
    received = datetime.now(UTC).date() - timedelta(days=3)
    typed = f"{received.day}/{received.month}/{received.year}"

    async with dpo_at_the_requests(console) as page:
        await page.keys("n")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        await page.keys(*misheard, "enter", *"The customer, by letter", "enter")
        await page.keys(*"Passport seen", "enter", "ctrl+u", *"31/02/2026", "ctrl+s")
        # Both boxes marked; the first in the form's order has the focus and is said.
        box = form.query_one("#sar-reference", BoundedInput)
        date_box = form.query_one("#sar-received", BoundedInput)
        assert box.has_focus and box.has_class("-problem") and date_box.has_class("-problem")
        assert "check letter does not match" in region_text(console, "#desk-form-message")
        assert "That date does not exist" in screen_text(console)  # at its box

        await page.keys("ctrl+u", *UNKNOWN, "tab", "tab", "tab", "ctrl+u", *typed, "ctrl+s")
        # Refused by the service, not the form: still said at the box, which has the focus.
        assert console.screen is form and box.has_focus and box.has_class("-problem")
        assert (
            "No customer has that reference: check it against the request or letter."
            in region_text(console, "#desk-form-message")
        )
        await page.keys("ctrl+u", *reference, "ctrl+s")
        assert isinstance(console.screen, SubjectAccessScreen)
    with console_database(demo_settings) as uow:
        [(request, _)] = uow.subject_access.listed(open_only=True)
        assert (request.customer_id, request.received_on) == (1, received)


async def test_a_box_below_the_fold_is_said_with_the_others_at_the_first_save(
    console: CustinfoApp,
) -> None:
    """Found by the DPO: a misread reference, a day that does not exist and a right that
    names two ("re"), at 80x24: the first Ctrl+S showed the reference's and the day's
    problems, but the right's box, below the fold, was seen to be refused only at the
    third Ctrl+S, once the other two were corrected."""
    async with dpo_at_the_requests(console) as page:
        await page.keys("n")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        await page.keys(*"1001 2345 Q", "enter", *"The customer, by letter", "enter")
        await page.keys(*"Passport seen", "enter", "ctrl+u", *"31/02/2026", "enter")
        await page.keys("ctrl+u", *"re", "ctrl+s")
        reference = form.query_one("#sar-reference", BoundedInput)
        assert reference.has_focus  # the first in the form's order, to correct first
        said = region_text(console, "#desk-form-message")
        assert said.startswith("That reference's check letter does not match")
        assert "Received: That date does not exist: that month has only 28 days that year;" in (
            " ".join(said.split())
        )
        # "re" names two rights: both said, as a box names the candidates it could be.
        said = " ".join(said.split())
        assert (
            'Right: "re" could be rectification or restriction: type more of the one meant.'
        ) in said
        # Moving on to a refused box says its problem first, and the others' still to do.
        await page.keys("ctrl+u", *JOHN_SMITH, "tab", "tab", "tab")
        said = region_text(console, "#desk-form-message")
        assert said.startswith(
            "That date does not exist: that month has only 28 days that year. Also to correct: "
            'Right: "re" could'
        )
        assert "check letter" not in said
        await page.keys("tab", "ctrl+u", *"fish", "ctrl+s")  # a name no right has
        said = region_text(console, "#desk-form-message")
        assert "Type the right the request exercises: one of access, erasure" in said


async def test_tab_goes_round_a_desk_forms_boxes_with_no_stop_that_shows_nothing(
    console: CustinfoApp,
) -> None:
    """The form's scrolling container took the focus like a box: Tab from the last box,
    or Shift+Tab from the first, went to it, where nothing showed the focus and typing
    went nowhere; the next Tab went back to the first box."""
    async with dpo_at_the_requests(console) as page:
        await page.keys("n")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        boxes = ["sar-reference", "sar-asked-by", "sar-identity", "sar-received", "sar-right"]
        for expected in [*boxes[1:], boxes[0]]:
            await page.keys("tab")
            assert console.focused is not None and console.focused.id == expected
        await page.keys("shift+tab")
        assert console.focused is not None and console.focused.id == boxes[-1]


async def test_restricting_a_reference_no_customer_has_sends_the_focus_back_to_it(
    console: CustinfoApp,
) -> None:
    async with dpo_at_the_requests(console) as page:
        await page.keys("r")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        await page.keys("ctrl+u", *UNKNOWN, "enter", *"Accuracy contested", "ctrl+s")
        assert console.screen is form
        assert (
            "No customer has that reference: check it against the request or letter."
            in region_text(console, "#desk-form-message")
        )
        assert form.query_one("#sar-ref", BoundedInput).has_focus


async def test_the_other_records_that_may_be_the_persons_stay_under_the_list(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a tester: logging a request for a record another strongly matches named
    that record only in a toast, gone ten seconds later; the line under the list said
    only who asked, and nothing was left to decide whether a second request was needed."""
    with console_uow_factory(demo_settings) as uows:
        second = second_john_smith(uows)

    async with dpo_at_the_requests(console) as page:
        await page.keys("n", *JOHN_SMITH, "enter", *"The customer", "enter")
        await page.keys(*"Passport seen", "enter", "enter", "enter")
        await settle(page.pilot)
        console.clear_notifications()  # the toast passes; the line under the list stays
        await page.pilot.pause()

        detail = region_text(console, "#sar-detail")
        assert "Asked by the customer." in detail
        assert f"Other records may be this person's too: {format_reference(second)} (" in detail
        assert "A request covers one record" in detail


async def test_exporting_a_pack_that_lists_a_police_request_warns_before_it_is_sent(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path
) -> None:
    """The console's export wrote a pending police request into the pack without a word
    of the crime exemption (DPA 2018 Sch. 2 para 2), as the command line did."""
    from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
    from custinfo_tui.services import disclosures

    with console_uow_factory(demo_settings) as uows:
        police = disclosures.request_disclosure(
            uows(),
            actor_for(uows, "agent"),
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
        )
    [logged] = log_requests(demo_settings)
    async with dpo_at_the_requests(console) as page:
        await page.keys("x")  # asked first whether the pack lists it: here it does
        asked = region_text(console, ".choice-box")
        assert f"Request {logged.id}: its record has third-party request {police.id}" in asked
        await page.keys("down", "down", "enter", *str(tmp_path / "pack.html"), "enter")
        assert (tmp_path / "pack.html").exists()
        # Said on the page, where it stays until the next action's outcome replaces it.
        warned = region_text(console, "#sar-said")
        written = f"Packwrittento{tmp_path / 'pack.html'}.Beforesending,check:"
        assert written in warned.replace(" ", "")  # a long path wraps anywhere
        warned = " ".join(warned.split())
        assert f"the pack lists third-party request {police.id} made for crime" in warned
        assert "tipping off" in warned
        assert "X again, choosing to leave them out, writes the pack without them" in warned
        assert not [n for n in console._notifications if n.severity == "warning"]

        # Found by a DPO: the warning, a toast shown for a minute, covered the "answered?"
        # question when A was pressed within it. No notification covers a desk dialog.
        await page.keys("a")
        assert not console._notifications
        asked = region_text(console, ".choice-box")
        assert "Mark it answered once the pack has been sent" in asked
        assert "Refused: unfounded or excessive" in asked  # the last choice, uncovered
        await page.keys("escape")
        assert "Before sending, check:" in region_text(console, "#sar-said")  # still there


async def test_restricting_an_erased_record_marks_the_reference_and_keeps_the_reason(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: R on an erased record's request (its reference filled in), Tab, a
    reason, Ctrl+S said "This record was erased: nothing personal is left to restrict."
    only under the form, with the reference box unmarked and the focus in Reason, so the
    corrected reference typed next replaced the reason. The reference box is marked and
    takes the focus, as for the form's other refusals; the reason stays as typed."""
    from custinfo_tui.services import erasure

    log_requests(demo_settings)
    with console_uow_factory(demo_settings) as uows:
        erasure.erase_customer(uows(), actor_for(uows, "dpo"), 1, "Her letter of 3 Dec")
    other_reference = reference_of(demo_settings, 2)

    async with dpo_at_the_requests(console) as page:
        await page.keys("r")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        box = form.query_one("#sar-ref", BoundedInput)
        assert box.value == JOHN_SMITH  # the highlighted request's
        await page.keys(*"Accuracy contested", "ctrl+s")  # the form opens at the reason
        assert console.screen is form
        assert box.has_focus and box.has_class("-problem")
        said = region_text(console, "#desk-form-message")
        assert "This record was erased: nothing personal is left to restrict." in said
        await page.keys("ctrl+u", *other_reference, "ctrl+s")  # the corrected reference
        assert isinstance(console.screen, SubjectAccessScreen)
    with console_database(demo_settings) as uow:
        restricted = uow.subject_access.restriction_in_force(2)
        assert restricted is not None and restricted.reason == "Accuracy contested"


async def test_a_pack_named_without_an_ending_gets_one_and_is_said_by_its_whole_path(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by a DPO: X, `pack1`, Ctrl+S said "Pack written to pack1.": not where (the
    folder the console was started in), and a file with no ending that nothing opens as a
    document. It is written as pack1.html and said by its absolute path."""
    log_requests(demo_settings)
    monkeypatch.chdir(tmp_path)  # where the console was started

    async with dpo_at_the_requests(console) as page:
        await page.keys("x", *"pack1", "ctrl+s")
        told = [n.message for n in console._notifications]
        assert f"Pack written to {tmp_path / 'pack1.html'}." in told
    assert "<h1>The personal data we hold about you</h1>" in (tmp_path / "pack1.html").read_text()
    assert not (tmp_path / "pack1").exists()


async def test_extending_gives_a_fair_example_and_says_to_tell_the_person_within_the_month(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: the reason box's example was "many years of records", though the
    ICO says volume alone does not make a request complex; and nothing reminded the DPO
    that the person must be told of the extension and why within the first month."""
    log_requests(demo_settings)
    by = f"{due_date(datetime.now(UTC).date()):%d %b %Y}"

    async with dpo_at_the_requests(console) as page:
        await page.keys("e")
        shown = region_text(console, ".choice-box")
        assert "many years of records" not in shown
        assert "e.g. several requests from the person at once" in shown
        explained = region_text(console, ".choice-explain")
        assert "many records alone is not complex" in explained
        assert f"Tell the person of the extension and why by {by}" in explained
        await page.keys("2", "tab", *"Several requests from her at once", "ctrl+s")
        assert isinstance(console.screen, SubjectAccessScreen)
        told = [n.message for n in console._notifications]
        assert any(f"Tell the person of the extension and why by {by}" in m for m in told)


async def test_the_extension_opens_with_no_months_chosen_and_refuses_none_or_three(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: the "extend by months" box opened saying 2, so a DPO who typed only
    the reason extended by two months without choosing (Art. 12(3) allows 1 or 2). It
    opens empty, the allowed values said at it; none, or 3, is refused at the box with
    which to type, the reason kept."""
    [request] = log_requests(demo_settings)
    async with dpo_at_the_requests(console) as page:
        await page.keys("e")
        form = console.screen
        assert isinstance(form, DeskFormScreen)
        box = form.query_one("#sar-months", BoundedInput)
        assert box.has_focus and box.value == ""
        assert "Further months (1 or 2)" in region_text(console, ".choice-box")
        assert box.placeholder == "1 or 2"

        await page.keys("tab", *"Several requests from her at once", "ctrl+s")
        assert console.screen is form and box.has_focus and box.has_class("-problem")
        said = region_text(console, "#desk-form-message")
        assert "Choose how long: type 1 or 2 further months" in said

        await page.keys("3", "ctrl+s")
        said = region_text(console, "#desk-form-message")
        assert "3 months is not allowed: a request is extended by 1 or 2 further months" in said
        assert console.screen is form and box.has_focus

        await page.keys("ctrl+u", "1", "ctrl+s")
        assert isinstance(console.screen, SubjectAccessScreen)
    with console_database(demo_settings) as uow:
        extended = uow.subject_access.get(request.id)
        assert extended is not None and extended.extended_by_months == 1
        assert extended.extension_reason == "Several requests from her at once"


async def test_the_dpo_logs_a_request_of_any_right_and_one_open_already_is_noted(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """N asked nothing of the right: every request logged at the desk was one of access.
    Now its form's last box takes the right (access unless another is typed, its start
    enough), and a right the customer has a request open for is noted on that one, as in
    a call, not logged twice."""
    async with dpo_at_the_requests(console) as page:
        await page.keys("n")
        assert isinstance(console.screen, DeskFormScreen)
        assert "Log a data protection request" in screen_text(console)
        await page.keys(*JOHN_SMITH, "enter", *"The customer, by letter", "enter")
        await page.keys(*"Passport seen", "enter", "enter", "ctrl+u", *"re", "enter")
        box = console.screen.query_one("#sar-right", BoundedInput)
        assert console.focused is box  # "re": restriction or rectification, said at it
        assert '"re" could be rectification or restriction: type more' in screen_words(console)
        await page.keys("ctrl+u", *"Eras", "enter")
        await settle(page.pilot)
        assert isinstance(console.screen, SubjectAccessScreen)
        assert "Erasure request. Asked by the customer, by letter." in " ".join(
            region_text(console, "#sar-detail").split()
        )

        await page.keys("n", *JOHN_SMITH, "enter", *"Her solicitor", "enter")
        await page.keys(*"Signed authority", "enter", "enter", "ctrl+u", *"erasure", "enter")
        await settle(page.pilot)
        said = region_text(console, "#sar-said")
        assert said.startswith("Not logged again: request 1, the customer's open erasure")
        detail = region_text(console, "#sar-detail")
        assert "Asked by the customer, by letter." in detail  # the one open, highlighted
        assert "Asked again 1 time while open." in detail

    with console_database(demo_settings) as uow:
        [(request, _)] = uow.subject_access.listed(open_only=True)
        assert (request.id, request.data_right) == (1, "erasure")
        noted = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_ASKED_AGAIN.value)
        assert [event.details for event in noted] == [{"request_id": 1, "right": "erasure"}]


async def test_restricting_a_record_names_the_third_parties_to_tell_art_19(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: restricting a record whose data had been released to the police
    said only that handlers no longer find it. Art. 19: each recipient is to be told of a
    restriction as of an erasure, so the line under the list names them, and stays."""
    from tests.support.actors import desk_for
    from tests.support.disclosed import released_to

    with console_uow_factory(demo_settings) as uows:
        released_to(desk_for(uows, "agent"), desk_for(uows, "dpo"), 1, "Example Constabulary")
    today = f"{datetime.now(UTC):%d %b %Y}"
    reference = JOHN_SMITH
    async with dpo_at_the_requests(console) as page:
        await page.keys("r", "ctrl+u", *reference, "enter", *"Accuracy contested", "enter")
        said = region_text(console, "#sar-said")
        assert said.startswith("Processing restricted: handlers no longer find")
        assert (
            f"Data was disclosed to Example Constabulary on {today}: tell them of the "
            "restriction (UK GDPR Art. 19)." in said
        )


async def test_with_no_request_listed_the_keys_for_one_are_not_offered(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found on a DPO's keyboard tour: with no request open the footer still offered
    A Answer, X Export and E Extend, and each answered "Choose a request first." where
    there was none to choose. N and R, which need no request, stay; A, X and E come with
    the first request listed."""
    async with dpo_at_the_requests(console) as page:
        assert "none open. N logs one." in screen_text(console)
        footer = footer_text(console)
        assert "n New" in footer and "r Restrict" in footer
        assert "a Answer" not in footer and "x Export" not in footer
        assert "e Extend" not in footer
        await page.keys("a", "x", "e", "i")
        assert isinstance(console.screen, SubjectAccessScreen)
        assert "Choose a request first." not in [n.message for n in console._notifications]
        await page.keys("ctrl+p", *"answer")
        assert "Answer (a)" not in screen_text(console)
        await page.keys("escape")

        await page.keys("n", *JOHN_SMITH, "enter", *"The customer, by letter", "enter")
        await page.keys(*"Passport seen", "enter", "enter", "enter")
        assert isinstance(console.screen, SubjectAccessScreen)
        footer = footer_text(console)
        assert "a Answer" in footer and "x Export" in footer


async def test_the_restriction_forms_empty_reference_box_shows_what_to_type(
    console: CustinfoApp,
) -> None:
    """Found on a DPO's tour: R with no request listed opened the restriction form with
    its reference box blank, where the log form's box reads "e.g. 1234 5678 Z"."""
    async with dpo_at_the_requests(console) as page:
        await page.keys("r")
        assert isinstance(console.screen, DeskFormScreen)
        assert console.screen.query_one("#sar-ref", BoundedInput).value == ""
        assert "e.g. 1234 5678 Z" in screen_text(console)


async def test_a_portability_requests_data_is_written_as_json_from_a_name_with_no_ending(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path
) -> None:
    """Found on a DPO's tour: the line under a portability request says "Enter or X writes
    their data (.json)", but the form's example read "~/dsar-1.html" and a name typed with
    no ending was written as HTML, not the machine-readable form Art. 20(1) asks for."""
    [request] = log_requests(demo_settings, DataRight.PORTABILITY)
    async with dpo_at_the_requests(console) as page:
        assert "writes their data (.json)" in screen_text(console)
        await page.keys("enter")
        assert isinstance(console.screen, DeskFormScreen)
        assert f"e.g. ~/dsar-{request.id}.json" in screen_text(console)
        await page.keys(*str(tmp_path / "their-data"), "enter")
        assert isinstance(console.screen, SubjectAccessScreen)
    written = tmp_path / "their-data.json"
    assert written.exists() and not (tmp_path / "their-data.html").exists()
    assert json.loads(written.read_text())  # JSON, not a page
