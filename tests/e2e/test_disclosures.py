"""Third-party disclosures on the real console (MP-17), driven by keys.

An agent records a police request on John Smith's record (Ctrl+T): who asks, for whom,
how they were checked, the crime-prevention exemption, what they asked for, the address
(one box: every line, town and postcode) and phone, by secure e-mail. The supervisor finds
it on the queue as a *Disclosure request*, reads it, approves it with a reason and is shown
the values to send; the record's timeline then lists the request, the approval and the
release, and the event stream holds no value. An approver may release fewer fields than
were asked for (Space unticks one), and the release says which were left out.
"""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from custinfo_tui.domain.disclosure_fields import ADDRESS_KEYS, OFFERED
from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.services import restriction
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.breach_report import ReportBreachScreen
from custinfo_tui.tui.screens.disclosure_decision import DecideDisclosureScreen, ReleaseScreen
from custinfo_tui.tui.screens.disclosure_request import DisclosureRequestScreen
from custinfo_tui.tui.screens.queue import QueueScreen
from custinfo_tui.tui.screens.record import RecordScreen
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.screen import press, region_text, screen_text, screen_words, settle, words
from tests.support.tour import DPO, SUPERVISOR

SIZE = (80, 24)
JOHN_SMITH = 1
#: Places of the request form's field boxes, from 0: the address is one.
PHONE, EMAIL, ADDRESS = (
    [item.keys for item in OFFERED].index(keys) for keys in (("phone",), ("email",), ADDRESS_KEYS)
)


def _rows(app: CustinfoApp, selector: str) -> list[str]:
    table = app.screen.query_one(selector, DataTable)
    return [" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def _record_police_request(
    page: ConsolePage, app: CustinfoApp, ticked: tuple[int, ...] = (PHONE, ADDRESS)
) -> None:
    """Agent: John Smith's record (no customer in touch), Ctrl+T, the police request for
    the field boxes `ticked` (their places, from 0)."""
    await page.open_back_office("john smith")
    await page.keys("ctrl+t")
    form = app.screen
    assert isinstance(form, DisclosureRequestScreen)
    await page.keys(*"DC 4321 Morgan", "enter", *"Example Constabulary", "enter")
    await page.keys(*"Called back on the force switchboard", "enter")
    await page.keys("enter", "down", "enter")  # the first lawful basis
    assert form.query_one("#disclosure-basis", Select).value == LAWFUL_BASES[0]
    await page.keys("tab", *"Address and phone of the account holder", "enter")
    # Nothing is ticked to begin with, and an unticked box reads empty, not by colour alone.
    assert "\N{RIGHT HALF BLOCK} \N{LEFT HALF BLOCK} Given name" in screen_text(app)
    place = 0
    for box in sorted(ticked):
        await page.keys(*(["down"] * (box - place)), "space")
        place = box
    if ADDRESS in ticked:
        ticks = "\N{RIGHT HALF BLOCK}X\N{LEFT HALF BLOCK} "
        assert f"{ticks}Address (every line, town and postcode)" in screen_text(app)
    await page.keys("tab", "enter", "down", "enter")  # the first channel
    assert form.query_one("#disclosure-channel", Select).value == CHANNELS[0]
    await page.keys("ctrl+s")
    assert isinstance(app.screen, RecordScreen)
    # The record's timeline shows the request at once (it had waited for another opening).
    await settle(page.pilot)
    timeline = " / ".join(_rows(app, "#history-table"))
    assert "Third-party disclosure requested (disclosure " in timeline


async def _agent_records_a_police_request(page: ConsolePage, app: CustinfoApp) -> None:
    """The agent logs in, records the police request on John Smith, and logs out."""
    await page.log_in()
    await _record_police_request(page, app)
    await press(page.pilot, "escape", "ctrl+o")  # back to the lookup, log out
    await settle(page.pilot)


async def test_what_is_typed_straight_after_choosing_the_basis_goes_into_asked_for(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: a basis chosen with Enter, then "Address for court papers" typed,
    left "Asked for" empty (each character went nowhere, the space opened the list again)
    and nothing said why. A character typed on a drop-down now goes to the box after it."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await page.keys("ctrl+t")
        form = console.screen
        assert isinstance(form, DisclosureRequestScreen)
        await page.keys(*"Jo Bloggs", "enter", *"Example LLP", "enter")
        await page.keys(*"Letterhead checked", "enter")
        await page.keys("enter", "down", "down", "down", "enter", *"Address for court papers")
        assert form.query_one("#disclosure-basis", Select).value == LAWFUL_BASES[2]
        asked = form.query_one("#disclosure-asked", Input)
        assert asked.value == "Address for court papers"
        assert console.focused is asked
        assert "Address for court papers" in region_text(console, "#disclosure-form")

        # The same after the last drop-down: no box follows it, so it says how it works.
        await page.keys("tab", "space", "tab", "enter", "down", "enter", *"post")
        assert form.query_one("#disclosure-channel", Select).value == CHANNELS[0]
        told = [n.message for n in console._notifications]  # (no public API lists them)
        assert any(m.startswith("A list to choose from, not a box to type in") for m in told)
        await page.keys("ctrl+s")
        assert isinstance(console.screen, RecordScreen)

    with console_database(demo_settings) as uow:
        [recorded] = uow.disclosures.for_customer(JOHN_SMITH)
        assert recorded.asked_for == "Address for court papers"
        assert recorded.lawful_basis == LAWFUL_BASES[2]


async def test_a_problem_said_of_a_box_goes_once_that_box_is_filled(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a DPO: "Say how their identity and authority were checked." stayed under
    the form after the box was filled in, as if it were still wrong."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.open_back_office("john smith")
        await page.keys("ctrl+t")
        await page.keys(*"Jo Bloggs", "enter", *"Example LLP", "enter", "ctrl+s")
        said = "Say how their identity and authority were checked."
        assert said in region_text(console, "#disclosure-message")
        await page.keys(*"Letter")  # still being typed: the box is no longer empty
        assert said not in region_text(console, "#disclosure-message")
        assert "Nothing is disclosed until it is approved" in region_text(
            console, "#disclosure-message"
        )
        await page.keys("ctrl+s")  # the next problem is said, of its own box
        assert "Choose the lawful basis" in region_text(console, "#disclosure-message")


async def test_a_police_request_is_approved_from_the_queue_and_the_timeline_lists_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _agent_records_a_police_request(page, console)

        # The supervisor shows only disclosure requests, reads it and approves it.
        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g")
        assert isinstance(console.screen, QueueScreen)
        await press(pilot, "f3", "f3")  # possible fraud, then disclosure requests
        assert "1 open item (Disclosure request)" in screen_text(console)
        [row] = _rows(console, "#queue-table")
        assert "Disclosure request" in row and "agent" in row
        await press(pilot, "enter")
        assert isinstance(console.screen, DecideDisclosureScreen)
        shown = screen_text(console)
        assert "Who asks: DC 4321 Morgan, Example Constabulary" in words(shown)
        # The fields asked for, all ticked, the approver's to narrow.
        assert "X\N{LEFT HALF BLOCK} Phone" in shown
        assert "X\N{LEFT HALF BLOCK} Address (every line, town and postcode)" in shown
        await press(pilot, *"Sch. 2 para 2 applies", "ctrl+y")
        await settle(pilot)
        assert isinstance(console.screen, ReleaseScreen)
        with console_database(demo_settings) as uow:
            customer = uow.customers.get(JOHN_SMITH)
            assert customer is not None
            street = customer.addresses[0].line1 if customer.addresses else None
        released = " / ".join(_rows(console, "#release-table"))
        assert "Phone" in released and "Address line 1" in released
        assert "Town" in released and "Postcode" in released  # the whole address
        assert street and street in released
        assert "Approved: Phone, Address, every field asked for." in screen_text(console)
        await press(pilot, "escape")
        assert isinstance(console.screen, QueueScreen)
        assert "No open items (Disclosure request), as of" in screen_text(console)

        # The record's timeline lists the request, the approval and the release.
        await press(pilot, "escape")
        await page.open_back_office("john smith")
        await press(pilot, "3")
        timeline = " / ".join(_rows(console, "#history-table"))
        assert "Third-party disclosure requested (disclosure 1): Phone, Address" in timeline
        assert "Third-party disclosure approved (disclosure 1)" in timeline
        assert "Disclosed to a third party (disclosure 1): Phone, Address" in timeline

    with console_database(demo_settings) as uow:
        trail = [
            e
            for e in uow.audit.list_recent(customer_id=JOHN_SMITH)
            if e.action.startswith("disclosure.") or e.action is AuditAction.FIELD_DISCLOSED
        ][::-1]
        assert [e.action for e in trail] == [
            AuditAction.DISCLOSURE_REQUESTED,
            AuditAction.DISCLOSURE_APPROVED,
            AuditAction.FIELD_DISCLOSED,
        ]
        assert all("Morgan" not in repr(e.model_dump()) for e in trail)


async def test_a_request_the_police_withdrew_is_closed_from_the_desk_releasing_nothing(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _agent_records_a_police_request(page, console)

        await page.log_in(DPO)
        await press(pilot, "f7", "down", "down", "enter")  # Third-party disclosures
        # Enter, which opens the request, is named in the footer (a DPO found it was not).
        assert "⏎ Open" in screen_text(console).splitlines()[-1]
        await press(pilot, "enter")
        assert isinstance(console.screen, DecideDisclosureScreen)
        footer = screen_text(console).splitlines()[-1]
        assert "^t Withdrawn" in footer and "esc Cancel" in footer
        assert "withdrawn, releases nothing." in screen_text(console)
        await press(pilot, *"DC Morgan rang: suspect charged, not needed", "ctrl+t")
        await settle(pilot)
        assert "none waiting" in screen_text(console)
        assert "Open" not in screen_text(console).splitlines()[-1]  # nothing left to open
        told = [n.message for n in console._notifications]
        assert told[-1] == "Request closed as withdrawn; nothing is released."

    with console_database(demo_settings) as uow:
        request = uow.disclosures.get(1)
        assert request is not None and request.status == DisclosureStatus.WITHDRAWN
        assert request.decision_reason == "DC Morgan rang: suspect charged, not needed"
        actions = [e.action for e in uow.audit.list_recent(customer_id=JOHN_SMITH)]
        assert AuditAction.DISCLOSURE_WITHDRAWN in actions
        assert AuditAction.FIELD_DISCLOSED not in actions


async def test_the_log_out_key_approves_nothing_and_approve_is_a_key_of_its_own(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Approve was Ctrl+O, which logs out on the lookup: a DPO's habit could release a
    customer's data. Ctrl+O now does nothing on the request; Ctrl+Y approves it."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _agent_records_a_police_request(page, console)

        await page.log_in(DPO)
        await press(pilot, "f7", "down", "down", "enter", "enter")  # the request
        assert isinstance(console.screen, DecideDisclosureScreen)
        footer = screen_text(console).splitlines()[-1]
        assert "^y Approve ^r Refuse ^t Withdrawn esc Cancel" in footer
        assert "^o" not in footer
        await press(pilot, *"Sch. 2 para 2 applies", "ctrl+o")
        assert isinstance(console.screen, DecideDisclosureScreen)
        reason = console.screen.query_one("#decide-disclosure-reason", Input)
        assert reason.value == "Sch. 2 para 2 applies"
        with console_database(demo_settings) as uow:
            request = uow.disclosures.get(1)
            assert request is not None and request.status == DisclosureStatus.PENDING

        await press(pilot, "ctrl+p", *"approve")
        assert "Approve (^y)" in screen_text(console)
        await press(pilot, "escape", "ctrl+y")
        await settle(pilot)
        assert isinstance(console.screen, ReleaseScreen)

    with console_database(demo_settings) as uow:
        request = uow.disclosures.get(1)
        assert request is not None and request.status == DisclosureStatus.RELEASED


async def test_whoever_recorded_a_request_is_told_before_typing_that_someone_else_decides_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found trying the DPO's desk: the DPO recorded a request, opened it on the desk, typed
    the reason and pressed Approve, and only then was refused, the reason typed lost."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await _record_police_request(page, console)
        await press(pilot, "escape", "f7", "down", "down", "enter")  # Third-party disclosures
        assert "1 to decide or release" in screen_text(console)
        await press(pilot, "enter")
        assert isinstance(console.screen, DecideDisclosureScreen)
        shown = screen_words(console)  # a label's column gap read as one
        assert "Fields: Phone, Address" in shown  # nothing to tick: theirs is not to decide
        assert "You recorded this request, so someone else decides it" in shown
        assert "Reason for the decision" not in shown
        footer = screen_text(console).splitlines()[-1]
        assert "Approve" not in footer and "Refuse" not in footer
        assert "Withdrawn" not in footer
        await press(pilot, "ctrl+y", "ctrl+r", "ctrl+t", "escape")
        assert "1 to decide or release" in screen_text(console)

    with console_database(demo_settings) as uow:
        request = uow.disclosures.get(1)
        assert request is not None
        assert request.status == DisclosureStatus.PENDING and request.decided_by_id is None


async def test_a_dpo_who_records_a_request_is_told_another_dpo_or_a_supervisor_decides_it(
    console: CustinfoApp,
) -> None:
    """Found on a DPO's tour: the DPO recorded a request and was told "Someone other than
    you decides it: the DPO or a supervisor", naming themselves among those who may not
    decide it. A DPO is told of another DPO; a handler still of the DPO."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await _record_police_request(page, console)
        told = [n.message for n in console._notifications]
        assert told[-1].endswith(
            "Someone other than you decides it: another data protection officer or a "
            "supervisor (the supervisor queue, the DPO's desk)."
        )
        await press(pilot, "escape", "ctrl+o")
        await settle(pilot)
        await page.log_in()
        await _record_police_request(page, console)
        told = [n.message for n in console._notifications]
        assert told[-1].endswith(
            "Someone other than you decides it: the DPO or a supervisor "
            "(the supervisor queue, the DPO's desk)."
        )


async def test_the_record_footer_names_the_request_and_breach_keys_where_it_has_room(
    console: CustinfoApp,
) -> None:
    """The DPO's footer on a record read only "esc Back ^q Quit": Ctrl+T was in the command
    palette alone. Where the footer has room it names Ctrl+T, Ctrl+D and Ctrl+B. A DPO
    found an agent's ("esc Back f6 Edit f9 Consent f7 Authorise ^q Quit") leaving Ctrl+T
    out though it had room for it: it names it now, and leaves it to the palette only
    where Withdraw fills the line (the Authorised tab of a record with representatives).
    Every key stays whole."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await page.open_back_office("john smith")
        footer = screen_text(console).splitlines()[-1]
        assert "^t Third-party" in footer and "^d Discrepancy" in footer
        assert "^b Report breach" in footer and "^q Quit" in footer
        await press(pilot, "ctrl+p", *"breach")  # listed once, though the footer names it
        assert screen_text(console).count("Report breach (^b)") == 1
        await press(pilot, "escape", "ctrl+b")
        assert isinstance(console.screen, ReportBreachScreen)
        await press(pilot, "escape", "ctrl+t")
        assert isinstance(console.screen, DisclosureRequestScreen)
        await press(pilot, "escape", "escape", "escape", "ctrl+o")

        await page.log_in(SUPERVISOR)
        await page.open_back_office("john smith")
        footer = screen_text(console).splitlines()[-1]
        assert "f6 Edit" in footer and "^t Third-party" in footer and "^q Quit" in footer
        await press(pilot, "4")  # John Smith has representatives: Withdraw takes the room
        footer = screen_text(console).splitlines()[-1]
        assert "del Withdraw" in footer and "Third-party" not in footer and "^q Quit" in footer
        await press(pilot, "1", "ctrl+t")
        assert isinstance(console.screen, DisclosureRequestScreen)
        await press(pilot, "escape", "escape", "escape", "ctrl+o")

        # An agent's line has room for one more key: Ctrl+E Same person (asking a
        # supervisor to merge two records), in the palette too;
        # Ctrl+T stays in the palette, and works.
        await page.log_in()
        await page.open_back_office("john smith")
        footer = screen_text(console).splitlines()[-1]
        assert "f6 Edit" in footer and "^e Same person" in footer and "^q Quit" in footer
        assert "Third-party" not in footer
        await press(pilot, "ctrl+t")
        assert isinstance(console.screen, DisclosureRequestScreen)


async def test_a_supervisor_reads_that_a_restricted_records_request_is_the_dpos_to_approve(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _agent_records_a_police_request(page, console)
        with console_uow_factory(demo_settings) as uows:
            restriction.restrict_processing(uows(), None, "1001 2345 P", "Accuracy contested")

        await page.log_in(SUPERVISOR)
        await press(pilot, "ctrl+g", "f3", "f3", "enter")  # disclosure requests, the second
        assert isinstance(console.screen, DecideDisclosureScreen)
        shown = screen_words(console)
        assert "The record is restricted (UK GDPR Art. 18)" in shown
        footer = screen_text(console).splitlines()[-1]
        assert "Approve" not in footer and "^r Refuse" in footer
        assert "Approving" not in shown  # not spoken of where it is not offered
        await press(pilot, *"Sch. 2 applies", "ctrl+y")  # no approval
        assert isinstance(console.screen, DecideDisclosureScreen)

    with console_database(demo_settings) as uow:
        request = uow.disclosures.get(1)
        assert request is not None and request.status == DisclosureStatus.PENDING


async def test_the_one_dpo_decides_a_request_they_recorded_on_a_restricted_record(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by the DPO: a court order recorded on a restricted record said "The DPO or a
    supervisor decides it"; on the desk it said together that only the DPO approves it and
    that someone other than its recorder decides it, and offered nothing. With one DPO it
    could never be approved. The one DPO is told at once to decide it, and does."""
    with console_uow_factory(demo_settings) as uows:
        restriction.restrict_processing(uows(), None, "1001 2345 P", "Accuracy contested")
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in(DPO)
        await _record_police_request(page, console)
        told = [n.message for n in console._notifications]
        assert told[-1] == (
            "Request recorded; nothing has been disclosed. The record is restricted, so only "
            "a data protection officer approves it, and you are the only one: decide it "
            "yourself on the desk (F7, Third-party disclosures), giving the Art. 18(2) ground "
            "in the reason."
        )

        await press(pilot, "escape", "f7", "down", "down", "enter", "enter")
        assert isinstance(console.screen, DecideDisclosureScreen)
        said = region_text(console, "#decide-disclosure-restricted")
        assert said == (
            "The record is restricted (UK GDPR Art. 18): disclose only with the customer's "
            "consent, for legal claims, to protect another's rights, or for an important "
            "public interest. Only a data protection officer approves it, and you are the "
            "only one, so you decide it although you recorded it: give the ground in the "
            "reason. It is recorded as decided by the one who recorded it."
        )
        assert "someone else decides it" not in screen_text(console)
        footer = screen_text(console).splitlines()[-1]
        assert "^y Approve" in footer and "^r Refuse" in footer
        await press(pilot, *"Crime prevention applies; Art. 18(2) public interest", "ctrl+y")
        await settle(pilot)
        assert isinstance(console.screen, ReleaseScreen)

    with console_database(demo_settings) as uow:
        request = uow.disclosures.get(1)
        assert request is not None and request.status == DisclosureStatus.RELEASED
        [approved] = uow.audit.list_recent(action=AuditAction.DISCLOSURE_APPROVED.value)
        assert approved.details["decided_by_recorder"] is True
