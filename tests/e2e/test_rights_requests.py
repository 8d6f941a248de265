"""A data protection request taken in a call reaches the DPO (MP-16), on the real console
driven by keys.

The DPO's report: an agent verified John Smith, wrapped the call up as a *Data protection
request*, transferred, "asked for a copy of all data held and to be erased afterwards",
and the DPO's desk then said "none open". Now the wrap-up asks which rights the caller is
exercising, each becomes a request on the DPO's register received on the day of the
call, the DPO hears of them at login, and acts on each from the desk.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import DataTable

from custinfo_tui.domain.capture import DEFAULT_ENQUIRY_TYPES
from custinfo_tui.domain.data_protection.rights import DATA_PROTECTION_ENQUIRY, DataRight
from custinfo_tui.domain.dates import format_spoken_date
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.subject_access import due_date
from custinfo_tui.domain.timeline import describe
from custinfo_tui.domain.verification import CheckKind
from custinfo_tui.domain.wrap_up import DEFAULT_OUTCOMES
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.screens.data_protection.erasure import ErasureScreen
from custinfo_tui.tui.screens.desk_form import DeskFormScreen
from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.subject_access import SubjectAccessScreen
from custinfo_tui.tui.screens.wrap_up import WrapUpScreen
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.tick_list import TickList
from tests.support.actors import actor_for
from tests.support.console_page import ConsolePage
from tests.support.database import console_database, console_uow_factory
from tests.support.desk import dpo_at_the_requests, log_requests
from tests.support.role_play import ask_check, verify_to_standard
from tests.support.screen import panel_line, region_text, screen_text, screen_words, settle, words
from tests.support.tour import DPO

SIZE = (80, 24)
JOHN = NAMED_CUSTOMERS[0]
NOTES = "Caller asked for a copy of all data held and to be erased afterwards"
#: Places in the wrap-up's lists, counted from 1 under their prompts.
DATA_PROTECTION = DEFAULT_ENQUIRY_TYPES.index(DATA_PROTECTION_ENQUIRY) + 1
TRANSFERRED = [o.key for o in DEFAULT_OUTCOMES].index("transferred") + 1
#: Places of the rights' tick boxes, from 0.
ACCESS, ERASURE = list(DataRight).index(DataRight.ACCESS), list(DataRight).index(DataRight.ERASURE)


def _told(console: CustinfoApp) -> str:
    return " ".join(n.message for n in console._notifications)


async def _take_the_request_in_a_call(page: ConsolePage) -> None:
    """As the agent: John Smith found, a phone call, verified with his date of birth and
    postcode, ended and wrapped up as a data protection request for access and erasure."""
    await page.log_in()
    await page.call("john smith")
    await ask_check(page, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    assert "Standard" in await ask_check(page, CheckKind.POSTCODE, "SE1 2QT")
    wrap_up = await page.end_call_to_wrap_up()
    assert not wrap_up.query_one("#wrap-rights-row").display  # only for this enquiry
    await page.wrap_up(
        enquiry=DATA_PROTECTION,
        outcome=TRANSFERRED,
        notes=NOTES,
        rights=(ACCESS, ERASURE),
        save=False,
    )
    assert "Tick each right the caller is exercising" in screen_text(page.pilot.app)
    await page.keys("ctrl+s")
    assert isinstance(page.pilot.app.screen, LookupScreen)


async def test_a_request_taken_in_a_call_reaches_the_dpo_who_answers_and_erases(
    console: CustinfoApp, demo_settings: Settings, tmp_path: Path
) -> None:
    john = format_reference(JOHN.reference)
    pack = tmp_path / "john-smith.html"
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await _take_the_request_in_a_call(page)
        with console_database(demo_settings) as uow:
            access, erasure = (row for row, _ in uow.subject_access.listed(open_only=True))
            call = uow.interactions.get(access.interaction_id or 0)
            assert call is not None and erasure.interaction_id == call.id
            received = call.started_at.date()
            ids = (access.id, erasure.id)
        assert f"Passed to the DPO: Access (request {ids[0]}), Erasure (request {ids[1]})." in (
            _told(console)
        )
        assert (access.received_on, access.due_on) == (received, due_date(received))
        assert (access.data_right, erasure.data_right) == ("access", "erasure")

        await page.keys("ctrl+o")
        await page.log_in(DPO)
        assert "2 data protection requests open" in _told(console)
        await page.keys("f7", "enter")
        assert isinstance(console.screen, SubjectAccessScreen)
        shown = screen_text(console)
        assert "Data protection requests: 2 open, 0 overdue" in shown
        assert "Access" in shown and "Erasure" in shown and john in shown
        line = words(shown)
        assert "Identity: Verified in the call to Standard. Taken in a call by agent." in line
        assert "Enter or X exports the pack; A once it is sent." in line

        # Access: Enter writes the pack, then A marks it answered.
        await page.keys("enter")
        assert isinstance(console.screen, DeskFormScreen)
        await page.keys(*str(pack), "enter")
        assert pack.exists()
        await page.keys("a", "down", "enter", "enter", "enter")  # the last export; how: none
        assert "Request marked answered, in time. Sent: export 1 (HTML, " in _told(console)

        # Erasure: Enter opens the erasure screen on the record; A once it is erased.
        table = console.screen.query_one("#sar-table", DataTable)
        assert table.row_count == 1
        assert "Enter opens erasure for the record; A once it is erased." in screen_words(console)
        await page.keys("enter")
        assert isinstance(console.screen, ErasureScreen)
        assert "No legal hold: it can be erased." in screen_text(console)
        await page.keys(*"Asked in the call of today", "f2", "down", "enter")
        assert f"{john} erased" in screen_text(console)
        await page.keys("escape")
        assert isinstance(console.screen, SubjectAccessScreen)
        await page.keys("a", "down", "enter", *"Erased on the desk; letter sent", "enter")
        assert "none open" in screen_text(console)

    with console_database(demo_settings) as uow:
        done = [uow.subject_access.get(i) for i in ids]
        assert all(row is not None and row.answered_at is not None for row in done)
        # Typed on a request of a record erased: not kept, as erasure would not have kept it.
        assert done[1] is not None and done[1].answer_note is None
        assert done[1].requested_by == "(erased)"
        steps = [
            e.action
            for e in reversed(uow.audit.list_recent(customer_id=1, limit=500))
            if e.action.startswith("dsar.")
        ]
        logged, answered = AuditAction.SUBJECT_ACCESS_LOGGED, AuditAction.SUBJECT_ACCESS_ANSWERED
        assert [s for s in steps if s in (logged, answered)] == [logged, logged, answered, answered]


async def test_a_letter_received_before_the_call_moves_the_calls_request_back_to_it(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by the DPO: the agent passed on Access in today's call (Ctrl+R); the DPO then
    logged the customer's letter asking the same, received three days earlier. It was
    "not logged again", and the call's request kept its due date a month from today,
    though the month runs from receipt (Art. 12(3)): the letter came first."""
    today = datetime.now(UTC).date()
    letter_came = today - timedelta(days=3)
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await ask_check(page, CheckKind.DATE_OF_BIRTH, "12/04/1980")
        await page.keys("ctrl+r", "space", "ctrl+s")  # Access, passed on in the call
        await page.end_call_to_wrap_up()
        await page.wrap_up(notes=NOTES)
        await page.keys("ctrl+o")
        await page.log_in(DPO)
        await page.keys("f7", "enter", "n", *"1001 2345 P", "enter")
        await page.keys(*"The customer, by letter", "enter")
        await page.keys(*"Passport copy with the letter", "enter", "ctrl+u")
        await page.keys(*f"{letter_came:%d/%m/%Y}", "enter", "enter")  # the right: access
        assert isinstance(console.screen, SubjectAccessScreen)
        said = region_text(console, "#sar-said")
        due = due_date(letter_came)
        assert said.startswith("Not logged again: request 1, the customer's open subject")
        assert f"so request 1 now runs from {letter_came:%d %b %Y}, due {due:%d %b %Y}." in said
        row = screen_text(console)
        assert f"{letter_came:%d %b %Y}" in row and f"{due:%d %b %Y}" in row  # listed so

    with console_database(demo_settings) as uow:
        [(request, _)] = uow.subject_access.listed(open_only=True)
        assert (request.id, request.interaction_id is not None) == (1, True)
        assert (request.received_on, request.due_on) == (letter_came, due)
        [noted] = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_ASKED_AGAIN.value)
        assert noted.details["why"] == "received_earlier"
        assert noted.details["was_received_on"] == today.isoformat()


async def test_the_rights_box_shows_only_for_a_data_protection_request(
    console: CustinfoApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        wrap_up = await page.end_call_to_wrap_up()
        assert isinstance(wrap_up, WrapUpScreen)
        await page.keys("enter", *(["down"] * DATA_PROTECTION), "enter")
        assert wrap_up.query_one("#wrap-rights-row").display
        await page.keys("enter", "up", "enter")  # another enquiry type
        assert not wrap_up.query_one("#wrap-rights-row").display


async def test_rights_taken_in_the_call_are_passed_on_and_not_asked_again_at_wrap_up(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """The service took rights in a call, but no key did: the handler waited for the
    wrap-up. Ctrl+R (in the command palette; the footer is full in a call) ticks them in
    the call, passes them to the DPO at once, and the wrap-up leaves them out."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await ask_check(page, CheckKind.DATE_OF_BIRTH, "12/04/1980")
        await page.keys("ctrl+r")
        shown = screen_text(console)
        assert "Data protection request: which rights?" in shown
        assert "Portability: their data to take elsewhere (Art. 20)" in shown
        await page.keys("ctrl+s")  # nothing ticked: said at the list, nothing passed on
        assert "Tick at least one right the caller is exercising" in screen_text(console)
        await page.keys("space", "ctrl+s")  # Access, the first
        with console_database(demo_settings) as uow:
            [(access, _)] = uow.subject_access.listed(open_only=True)
        # On the panel, with the date due and words for the caller, as a complaint has.
        await settle(pilot)
        assert "Passed to the DPO" in region_text(console, "#verification-panel")
        panel = panel_line(console)
        due = format_spoken_date(access.due_on)
        assert "Passed to the DPO (caller to be verified): Access." in panel  # no level yet
        assert (
            f'Tell the caller: "Your reference is request {access.id}; our answer comes by {due}."'
        ) in panel
        assert access.due_on == due_date(access.received_on)  # one calendar month
        assert access.data_right == "access" and access.interaction_id is not None
        assert access.identity_to_verify  # one check passed: no level reached yet

        await page.keys("ctrl+r")  # again: Access is named, not offered
        shown = screen_text(console)
        assert "Taken in this call already: Access." in words(shown)
        assert "Access: a copy of their data" not in shown
        await page.keys("escape")

        wrap_up = await page.end_call_to_wrap_up()
        await page.wrap_up(enquiry=DATA_PROTECTION, save=False)
        ticks = wrap_up.query_one("#wrap-rights")
        offered = [ticks.get_option_at_index(i).value for i in range(ticks.option_count)]
        assert DataRight.ACCESS not in offered and DataRight.ERASURE in offered
        assert "Passed to the DPO in the call already: Access." in screen_text(console)

    with console_database(demo_settings) as uow:
        noted = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_ASKED_AGAIN.value)
        assert noted == []  # Ctrl+R again did not note it twice


async def test_what_to_tell_a_caller_not_verified_is_in_view_whole_at_80x24(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by a call handler: after Ctrl+R for a caller not verified, the words to tell
    them ran to eight lines of the panel and their last line, with the date the answer
    comes, was a PgDn away. They are shorter now (the requests named once, in the words
    for the caller), and, longer still with several rights, scrolled into view whole."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await page.keys("ctrl+r", "space", "ctrl+s")  # Access
        await settle(pilot)
        with console_database(demo_settings) as uow:
            [(access, _)] = uow.subject_access.listed(open_only=True)
        due = format_spoken_date(access.due_on)
        assert panel_line(console) == (
            "Passed to the DPO (caller to be verified): Access. Tell the caller: "
            f'"Your reference is request {access.id}; our answer comes by {due}."'
        )
        shown = screen_text(console).splitlines()
        panel = " ".join(line.split("▏")[-1].strip() for line in shown[2:-1])
        assert panel_line(console) in words(panel)  # every line of it on screen
        assert "Names and reference only." in panel  # and what the level allows, under it
        assert "PgDn" not in shown[-1]  # nothing below the panel's edge

        four = ("space", *(("down", "space") * 3))  # erasure to objection
        await page.keys("ctrl+r", *four, "ctrl+s")
        await settle(pilot)
        said = panel_line(console)
        assert said.startswith("Passed to the DPO (caller to be verified): Erasure,")
        shown = screen_text(console).splitlines()
        panel = " ".join(line.split("▏")[-1].strip().rstrip("▁▂▃▄▅▆▇█ ") for line in shown)
        assert said in words(panel)  # scrolled into view whole, the date too


async def test_enter_on_the_rights_moves_on_and_ticks_nothing_only_space_ticks(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by an explorer: Access passed to the DPO in the call, the wrap-up chosen as a
    data protection request, then Tab, Enter to go on ticked "Erasure: delete their data"
    (the first right left), and the handler passed on an erasure the caller never asked
    for. Enter moves on to the outcome now, as it does from the form's other boxes; Space
    ticks, and the footer says so while the rights have the focus."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await ask_check(page, CheckKind.DATE_OF_BIRTH, "12/04/1980")
        await page.keys("ctrl+r", "space", "ctrl+s")  # Access, passed on in the call
        wrap_up = await page.end_call_to_wrap_up()
        await page.keys("enter", *(["down"] * DATA_PROTECTION), "enter", "tab")
        rights = wrap_up.query_one("#wrap-rights", TickList)
        assert console.focused is rights
        assert "space Tick" in screen_text(console).splitlines()[-1]
        assert "Erasure: delete their data" in region_text(console, "#wrap-rights")

        await page.keys("enter")  # on, ticking nothing
        assert rights.selected == []
        assert console.focused is wrap_up.query_one("#wrap-outcome")
        await page.keys("shift+tab", "down", "space")  # Rectification, ticked with Space
        assert rights.selected == [DataRight.RECTIFICATION]
        # The outcome counted from the top: one check passed is no level reached, so the
        # list starts at "Caller not verified".
        await page.keys("enter", "enter", "home", *(["down"] * TRANSFERRED), "enter")
        await page.keys("tab", *"Wants a wrong address corrected", "ctrl+s")
        await settle(pilot)
        assert isinstance(console.screen, LookupScreen)

    with console_database(demo_settings) as uow:
        taken = [request.data_right for request, _ in uow.subject_access.listed(open_only=True)]
        assert sorted(taken) == sorted([DataRight.ACCESS, DataRight.RECTIFICATION])


async def test_rights_passed_on_in_the_call_show_on_the_timeline_at_once(
    console: CustinfoApp,
) -> None:
    """Found by an explorer: Ctrl+R passed Access and Rectification on ("Passed to the
    DPO: Access (request 1), Rectification (request 2)"), but the timeline on screen did
    not show them until something else read the record again (as a check or a note
    does)."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await verify_to_standard(page, "12/04/1980", JOHN.postcode)
        await page.keys("f4", "3")  # the timeline, on screen while they are passed on
        timeline = region_text(console, "#history")
        assert "Customer verified: Standard" in timeline
        assert "request taken in the call" not in timeline

        await page.keys("ctrl+r", "space", "down", "down", "space", "ctrl+s")
        await settle(pilot)
        assert "Passed to the DPO: Access (request 1), Rectification" in panel_line(console)
        timeline = region_text(console, "#history")  # at 80 columns, cut at "taken…"
        assert "Subject access request take" in timeline
        assert "Rectification request taken" in timeline


async def test_with_every_right_taken_in_the_call_no_empty_list_is_offered(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """All six rights taken with Ctrl+R: Ctrl+R again and the wrap-up under a data
    protection request offered an empty tick list."""
    async with console.run_test(size=SIZE) as pilot:
        page = ConsolePage(pilot)
        await page.log_in()
        await page.call("john smith")
        await ask_check(page, CheckKind.DATE_OF_BIRTH, "12/04/1980")
        await page.keys("ctrl+r", "space", *(["down", "space"] * 5), "ctrl+s")
        with console_database(demo_settings) as uow:
            assert len(uow.subject_access.listed(open_only=True)) == len(DataRight)

        await page.keys("ctrl+r")
        assert "Every right was passed to the DPO in this call already." in _told(console)
        assert "which rights?" not in screen_text(console)

        wrap_up = await page.end_call_to_wrap_up()
        await page.wrap_up(enquiry=DATA_PROTECTION, save=False)
        assert not wrap_up.query_one("#wrap-rights-row").display
        assert "Every right was passed to the DPO in the call already" in screen_words(console)


async def _preview_read_whole(page: ConsolePage) -> str:
    """The erasure preview, read on with PgDn while the footer offers more."""
    console = page.pilot.app
    read = region_text(console, "#erase-preview")
    while "PgDn More" in screen_text(console).splitlines()[-1]:
        await page.keys("pagedown")
        read += " " + region_text(console, "#erase-preview")
    return read


async def test_the_erasure_preview_names_requests_by_their_right_and_warns_only_of_data_to_send(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by the DPO: Enter on erasure request 1 opened a preview noting "Subject access
    request 1 is open (due ...): erasing first leaves nothing to send." (request 1 was the
    erasure request itself), and called an open rectification request a subject access
    request too. Only a request answered by sending the person their data (access,
    portability) is defeated by erasing first, so only that is noted, by its right."""
    erasure, rectification, portability = (
        request.id
        for request in log_requests(
            demo_settings, DataRight.ERASURE, DataRight.RECTIFICATION, DataRight.PORTABILITY
        )
    )
    async with dpo_at_the_requests(console) as page:
        assert "Erasure request. Asked by" in region_text(console, "#sar-detail")
        await page.keys("enter")  # the erasure request, due first (logged first)
        assert isinstance(console.screen, ErasureScreen)
        await settle(page.pilot)
        read = await _preview_read_whole(page)

    due = due_date(datetime.now(UTC).date())
    assert (
        f"Note: Portability request {portability} is open (due {due:%d %b %Y}): erasing "
        "first leaves nothing to send."
    ) in read
    assert "Subject access request" not in read
    assert f"request {erasure} " not in read and f"request {rectification} " not in read


async def test_refusing_erasure_for_a_hold_answers_the_erasure_request_as_refused(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found by the DPO: Enter on an erasure request for a held record, F2, "Record the
    refusal": "Refusal recorded", but back on the list the request was still open ("Enter
    opens erasure for the record; A once it is erased"), and A, Refused, then said "Only
    if manifestly unfounded or excessive", though the ground was the hold (Art. 17(3)).
    Recording the refusal now answers the request, refused on the ground the hold gives
    (a legal claim: Art. 17(3)(e)), in one step audited once."""
    from custinfo_tui.domain.data_protection.erasure import HoldKind
    from custinfo_tui.services import erasure

    [request] = log_requests(demo_settings, DataRight.ERASURE)
    request_id = request.id
    with console_uow_factory(demo_settings) as uows:
        erasure.set_legal_hold(
            uows(), actor_for(uows, "dpo"), "1001 2345 P", HoldKind.LEGAL_CLAIM, "Claim 7QZ99"
        )
    due = due_date(datetime.now(UTC).date())
    async with dpo_at_the_requests(console) as page:
        await page.keys("a", "down", "down", "enter")  # A, Refused
        assert isinstance(console.screen, DeskFormScreen)
        explained = region_text(console, ".choice-explain")
        assert "or the law lets you keep or use the data (for erasure, Art. 17(3)" in explained
        await page.keys("escape", "enter")  # nothing typed: back; Enter: its record
        assert isinstance(console.screen, ErasureScreen)
        await settle(page.pilot)
        await page.keys(*"Her letter of 3 Dec asking for erasure", "f2")
        asked = region_text(console, ".choice-box")
        assert "The ground to refuse erasure: the data is needed to establish, exercise or " in (
            asked
        )
        assert f"Erasure request {request_id} is closed as refused, on the ground of " in asked
        assert f"Keep request {request_id} open while the hold stands" in asked  # after it
        await page.keys("down", "enter")  # Record the refusal
        said = region_text(console, "#erase-holds")
        assert f"Erasure request {request_id} is closed as refused, on the ground of " in said
        assert "Art. 17(3)(e)" in said and f"its reply is due by {due:%d %b %Y}." in said
        await page.keys("escape")
        assert isinstance(console.screen, SubjectAccessScreen)
        await settle(page.pilot)
        assert "none open" in screen_text(console)  # read again, the request closed

    with console_database(demo_settings) as uow:
        row = uow.subject_access.get(request_id)
        assert row is not None and row.answered_at is not None
        assert row.refusal_reason == (
            "The record is held (legal claim): the data is needed to establish, exercise or "
            "defend legal claims (UK GDPR Art. 17(3)(e)), so it is not erased while the hold "
            "stands."
        )
        [refused] = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_REFUSED.value)
        erasures = uow.audit.list_recent(action=AuditAction.CUSTOMER_ERASED.value)
    assert refused.details == {
        "request_id": request_id,
        "in_time": True,
        "right": "erasure",
        "holds": ["legal_claim"],
    }
    assert refused.reason == "Her letter of 3 Dec asking for erasure"  # as typed
    assert erasures == []  # audited once: as the request's refusal
    words = describe(AuditAction(refused.action), (), refused.details, refused.outcome)
    assert words == "Erasure request refused: the record is held (legal claim)"


async def test_enter_on_an_erasure_request_leaves_the_keys_to_the_reason_box(
    console: CustinfoApp, demo_settings: Settings
) -> None:
    """Found trying the desk: Enter on an erasure request opened the erasure screen with
    the record found, but the reference box kept the focus, so the reason then typed went
    on the end of the reference (and Ctrl+U cleared the reference, not the reason)."""
    log_requests(demo_settings, DataRight.ERASURE)
    async with dpo_at_the_requests(console) as page:
        await page.keys("enter")
        assert isinstance(console.screen, ErasureScreen)
        await settle(page.pilot)
        await page.keys("ctrl+u", *"Her letter of 3 Dec")
        reference = console.screen.query_one("#erase-reference", BoundedInput)
        reason = console.screen.query_one("#erase-reason", BoundedInput)
        assert (reference.value, reason.value) == ("1001 2345 P", "Her letter of 3 Dec")
        assert "No legal hold: it can be erased." in screen_text(console)
