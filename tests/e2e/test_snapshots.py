"""Every screen photographed at 80x24, and the busiest at 200x50 (pytest-textual-snapshot).

A layout change that cuts off a customer's value, a column heading, a tab label or a key in
the footer changes a picture and fails here. A footer key cut short fails every photograph
(`cut_off_keys`), so a picture accepted with one ("^q Qui") cannot pass unnoticed. The
console runs on the demo data with the clock frozen, so dates and times are the same on
every run.

Each test is one walk through the console, as a handler would take it, photographing every
screen on the way (`Camera.shoot`); each photograph is compared with its own stored picture
(`__snapshots__/test_snapshots/<test>[<walk>][<screen>].svg`). One walk per group of
screens starts the console and logs in once, not once per screen. A failure names the
screens that changed and saves their new pictures; after a deliberate change, open them
before accepting them with `pytest tests/e2e/test_snapshots.py --snapshot-update`. The
camera is in `tests/support/camera.py`, the frozen console (`frozen_console`) in
`tests/e2e/conftest.py`, shared with the walks added since, in
`test_snapshots_*.py` beside this one, by area.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import time_machine
from syrupy.assertion import SnapshotAssertion
from textual.pilot import Pilot

from custinfo_tui.composition import make_app, uow_factory_for
from custinfo_tui.domain.breaches import AssessmentIn, BreachIn, BreachRisk, Told
from custinfo_tui.domain.capture import ConflictField
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
from custinfo_tui.domain.discrepancies import DiscrepancyIn
from custinfo_tui.domain.reference import format_reference, random_reference
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.domain.training.cues import Cue, CueKind
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services import capture
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.settings import Settings
from custinfo_tui.tui.app import CustinfoApp
from custinfo_tui.tui.caller_terminal import CallerTerminal
from custinfo_tui.tui.cue_file import CueFileContent, write_cue_file
from custinfo_tui.tui.screens.conflict import ConflictScreen
from custinfo_tui.tui.widgets.merge_detail import MergeDetail
from custinfo_tui.tui.widgets.merge_table import MergeTable
from tests.e2e.test_training_console import change_of_address
from tests.support import tour
from tests.support.camera import (
    FROZEN,
    LARGE,
    SMALL,
    Camera,
    Journey,
    assert_pictures_match,
    console_settings,
    only,
    photograph,
)
from tests.support.desk import open_desk_section
from tests.support.files import copy_private
from tests.support.longest_values import LONG_REASON, longest_values
from tests.support.role_play import training_console
from tests.support.screen import confirm_leaving, screen_text, settle, until
from tests.support.second_record import JON_SMITH, different_person
from tests.support.tour import keys

SnapCompare = Callable[..., bool]


@pytest.fixture
def console_in_training(frozen_demo: Path, tmp_path: Path) -> Iterator[CustinfoApp]:
    """The same console in training mode, on the shipped change-of-address scenario."""
    settings = console_settings(frozen_demo, tmp_path)
    with time_machine.travel(FROZEN, tick=False):
        slip = {"field": "postcode", "says": "No, it's bee ess one, four dee jay."}
        yield training_console(settings, change_of_address(read_back_corrections=[slip]))


# --- Walks through the console, photographing each screen on the way ------------------------


async def _login_and_change_password(camera: Camera) -> None:
    pilot = camera.pilot
    await camera.shoot("login")
    await tour.log_in(pilot)
    await keys(pilot, "ctrl+p", *"change password")
    await keys(pilot, "enter")
    await camera.shoot("change_password")


async def _lookup(camera: Camera) -> None:
    await tour.find(camera.pilot, "smith", tour.SUPERVISOR)
    await camera.shoot("lookup")


async def _lookup_results(camera: Camera) -> None:
    """An agent on the results: Enter (Open) and Ctrl+D (Discrepancy) lead the footer,
    F8 Training giving way to them."""
    await tour.find(camera.pilot, "smith")
    await keys(camera.pilot, "down")
    await camera.shoot("lookup_results")


async def _back_office_john_smith(camera: Camera) -> None:
    """From the search to John Smith's record for a letter, its forms, and a changed e-mail."""
    pilot = camera.pilot
    await tour.find(pilot, "john smith")
    await keys(pilot, "enter", "enter")
    await camera.shoot("contact_choice")
    await keys(pilot, "end", "enter")
    await camera.shoot("access_reason")
    await keys(pilot, "enter", *"letter of 20 November", "enter")
    await camera.shoot("record_details")
    await keys(pilot, "f7")
    await camera.shoot("representative")
    await keys(pilot, "escape", "f8")
    await camera.shoot("security_answer")
    await keys(pilot, "escape", "f6")
    await camera.shoot("edit")
    # The e-mail changed with the first reason in the list, read back and saved.
    pilot.app.screen.query_one("#email-input").focus()
    await keys(pilot, "ctrl+a", "ctrl+k", *"john.smith.new@example.com")
    pilot.app.screen.query_one("#email-reason").focus()
    await keys(pilot, "enter", "down", "enter")
    await keys(pilot, "ctrl+s")
    await keys(pilot, "enter", "ctrl+s")
    await keys(pilot, "2")
    await camera.shoot("record_changes")


async def _back_office_jonathan_smythe(camera: Camera) -> None:
    """His record's tabs (his daughter acts for him), then consent recorded from the record."""
    pilot = camera.pilot
    await tour.back_office(pilot, "jonathan smythe")
    await keys(pilot, "3")
    await camera.shoot("record_timeline")
    await keys(pilot, "4")
    await camera.shoot("record_authorised")
    await keys(pilot, "f9", "tab", "space", "ctrl+s")  # e-mail marketing ticked
    await keys(pilot, "5")
    await camera.shoot("record_consent")


async def _a_call_with_john_smith(camera: Camera) -> None:
    """A call: the record beside the panel, the palette, the wrap-up, and later to finish."""
    pilot = camera.pilot
    await tour.call(pilot, "john smith")
    await camera.shoot("call_not_verified")
    await keys(pilot, "ctrl+p", *"verify")
    await camera.shoot("command_palette")
    await keys(pilot, "escape")
    await tour.end_call_to_wrap_up(pilot)
    await camera.shoot("wrap_up")
    await keys(pilot, "escape")  # finish it later: asks first, since notes are typed
    await confirm_leaving(pilot)  # kept at this desk...
    await keys(pilot, "ctrl+o")
    await confirm_leaving(pilot)  # ...until logging out, which asks first
    await tour.log_in(pilot)
    await camera.shoot("calls_to_finish")


async def _a_verified_call(camera: Camera) -> None:
    await tour.verified_call(camera.pilot)
    await camera.shoot("call_verified")
    await keys(camera.pilot, "ctrl+q")
    await camera.shoot("leave_question")


async def _a_call_verified_to_high(camera: Camera) -> None:
    """John Smith verified to High (date of birth, first line, security answer): the panel
    asks nothing more."""
    await tour.call(camera.pilot, "john smith")
    await keys(camera.pilot, *"12/04/1980", "enter", "down", *"12, Acacia Rd.", "enter")
    await keys(camera.pilot, *"Biscuit", "enter")
    await camera.shoot("call_at_high")


async def _a_call_verified_to_standard(camera: Camera) -> None:
    """John Smith verified to Standard, postcode then date of birth: the whole panel, down
    to what Standard allows (its last lines, "enquiries. Withdraw: marketing consent.",
    were below its edge, read only with a key nothing named), "Change: nothing (needs
    High)" included."""
    await tour.call(camera.pilot, "john smith")
    await keys(camera.pilot, "down", *"SE1 2QT", "enter", *"12/04/1980", "enter")
    await camera.shoot("call_at_standard")


async def _a_call_with_a_failure_then_standard(camera: Camera) -> None:
    """The same after a wrong date of birth: the failure's line runs the panel past its
    edge, and the footer names PgDn, which reads on to its last line."""
    pilot = camera.pilot
    await tour.call(pilot, "john smith")
    await keys(pilot, *"01/01/1970", "enter", *"12/04/1980", "enter", *"SE1 2QT", "enter")
    await camera.shoot("call_panel_more")
    await keys(pilot, "pagedown")
    await camera.shoot("call_panel_read_on")


async def _a_locked_call_and_the_queue(camera: Camera) -> None:
    pilot = camera.pilot
    await tour.locked_for_zoe(pilot)
    await camera.shoot("call_locked")
    await tour.supervisor_queue_after_the_lock(pilot)
    await camera.shoot("queue")
    await keys(pilot, "enter")
    await camera.shoot("resolve_item")


async def _caller_choice(camera: Camera) -> None:
    await tour.call(camera.pilot, "o'neill-ni bhriain")
    await keys(camera.pilot, "f2")
    await camera.shoot("caller_choice")


async def _a_representative_calling(camera: Camera) -> None:
    """Priya Smith for John, verified on her own answers: every field outside her scope
    says so beside its mask, whole at 80 columns."""
    await tour.call(camera.pilot, "john smith")
    await keys(camera.pilot, "f2", "down", "enter")
    await keys(camera.pilot, *"5 September 1982", "enter", *"se1 2qt", "enter")
    await camera.shoot("call_representative")


async def _a_new_customer(camera: Camera) -> None:
    """Consent, the capture form, its read-back (on a name's line, then on the phone's,
    whose footer offers typing it twice) and the number typed twice."""
    pilot = camera.pilot
    await tour.log_in(pilot)
    await keys(pilot, "f6", "enter")
    await camera.shoot("consent")
    await tour.fill_capture_form(pilot)
    await camera.shoot("capture")
    await tour.read_back_capture_form(pilot)
    await camera.shoot("read_back")
    await keys(pilot, "enter", "enter", "enter")
    await camera.shoot("read_back_phone")  # a phone's line adds Ctrl+D to the footer
    await keys(pilot, "ctrl+d")
    await camera.shoot("double_entry")


async def _audit(camera: Camera) -> None:
    await tour.log_in(camera.pilot, tour.DPO)
    await keys(camera.pilot, "ctrl+t")
    await camera.shoot("audit")


async def _operators(camera: Camera) -> None:
    """The administrator's operators, the highlighted one's line under them; adding one."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.ADMIN)
    await keys(pilot, "f7", "down")
    await camera.shoot("operators")
    await keys(pilot, "n", *"jbloggs", "tab", *"Jo Bloggs", "tab", "enter", "down", "enter")
    await camera.shoot("add_operator")


async def _idle_lock(camera: Camera) -> None:
    pilot = camera.pilot
    await tour.find(pilot, "smith")
    app = pilot.app
    assert isinstance(app, CustinfoApp)
    app.idle_lock_seconds = 0
    app.lock_if_idle()
    await camera.shoot("idle_lock")


async def _report_discrepancy(pilot: Pilot[Any]) -> None:
    """In a call with John Smith, F10 on the e-mail row: the report, partly typed."""
    await tour.call(pilot, "john smith")
    await keys(pilot, "f4", "down", "down", "down", "down", "ctrl+d")
    await keys(pilot, *"john.smith@example.org", "enter", *"Caller says the e-mail has a typo")


def _reports_made(app: Any) -> None:
    """Two reports by the agent on John Smith; the supervisor rejects the second."""
    services = app.services()
    agent = services.authenticate(*tour.AGENT).actor
    supervisor = services.authenticate(*tour.SUPERVISOR).actor
    services.report_discrepancy(
        agent,
        1,
        DiscrepancyIn(field="email", claimed_value="john.smith@example.org", why="Typo on file"),
    )
    rejected = services.report_discrepancy(
        agent, 1, DiscrepancyIn(field="town", claimed_value="Londres", why="Caller insists")
    )
    services.reject_discrepancy(supervisor, rejected.id, "The postcode is in London")


async def _discrepancy_queue(pilot: Pilot[Any]) -> None:
    """Zoë's fraud item and a discrepancy report; the queue filtered to discrepancies."""
    await tour.supervisor_queue(pilot)
    _reports_made(pilot.app)
    await keys(pilot, "f3", "f3", "f3")  # possible fraud, disclosure request, discrepancy


async def _my_reports(pilot: Pilot[Any]) -> None:
    await tour.log_in(pilot)
    _reports_made(pilot.app)
    await keys(pilot, "f9")


async def _raise_complaint(pilot: Pilot[Any]) -> None:
    """In a call, a complaint taken down to its follow-up date: category chosen, a card
    number taken out of what the customer said. The whole form, with the line about the
    caller, fits without scrolling (once the follow-up box scrolled its bottom edge into
    view as it took the focus, the category row going out of it)."""
    await tour.call(pilot, "john smith")
    await keys(pilot, "f10", "enter", "down", "down", "enter", "tab")
    await keys(pilot, *"Charged twice on card 4111 1111 1111 1111 in March", "tab")
    await keys(pilot, *"the double charge", "tab", *"refund it", "tab", *"27/11/2026")


async def _complaints_due(pilot: Pilot[Any]) -> None:
    """A complaint raised back-office with a follow-up date, on the supervisor's queue."""
    await tour.back_office(pilot, "john smith")
    await keys(pilot, "f10", "enter", "down", "down", "enter", "tab", *"Charged twice")
    await keys(pilot, "tab", *"the double charge", "tab", *"refund it", "tab", *"27/11/2026")
    await keys(pilot, "ctrl+s", "escape", "ctrl+o")
    await tour.log_in(pilot, tour.SUPERVISOR)
    await keys(pilot, "ctrl+g", "f4")
    pilot.app.clear_notifications()  # "Complaint 1 raised: ..." would cover the detail line


async def _close_a_call(camera: Camera) -> None:
    """A call the agent's console left open (killed mid-call at another desk): every
    operator's calls to finish on the supervisor's queue, and closing it with a reason."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.SUPERVISOR)
    services = pilot.app.services()
    agent = services.authenticate(*tour.AGENT).actor
    services.start_call(agent, 1, Channel.PHONE)
    services.start_new_customer_call(agent, Channel.PHONE)  # shown whole at 80 columns
    await keys(pilot, "ctrl+g", "f6")
    await camera.shoot("unfinished_calls")
    await keys(pilot, "enter", *"Handler off sick")
    await camera.shoot("close_call")


async def _merge(pilot: Pilot[Any]) -> None:
    """John Smith's record, merging Jonathan Smythe's into it: his phone chosen."""
    await tour.back_office(pilot, "john smith", tour.SUPERVISOR)
    other = format_reference(NAMED_CUSTOMERS[4].reference)
    await keys(pilot, "ctrl+e", *other, "enter", *"Same phone on his letter", "enter")
    await keys(pilot, "down", "down", "down", "right")


async def _merge_from_the_queue(camera: Camera) -> None:
    """A handler saved "Jon Smith" as a different person despite John Smith's record: the
    supervisor's possible-duplicate item, then both records side by side with what moves
    and the handler's reason under them (once a line too tall at 80x24, the line under the
    reason box below the bottom), and Ctrl+S refused without a reason."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.SUPERVISOR)
    services = pilot.app.services()  # type: ignore[attr-defined]
    agent = services.authenticate(*tour.AGENT).actor
    saved_as = different_person(JON_SMITH, "Says he has never been a customer")
    # A new record's reference is drawn at random: the same one on every run here.
    seeded = random.Random(FROZEN.year)
    with mock.patch.object(capture, "random_reference", lambda _: random_reference(seeded)):
        services.create_customer(agent, Channel.PHONE, saved_as)
    await keys(pilot, "ctrl+g", "enter")
    await camera.shoot("possible_duplicate")
    await keys(pilot, "enter")
    await camera.shoot("merge_from_the_queue")
    await keys(pilot, "ctrl+s")
    await camera.shoot("merge_without_a_reason")


async def _merge_the_longest_values(camera: Camera) -> None:
    """Two records of Mei with a family name of 100 wide characters and 120-character
    address lines: the table cuts them short, the lines under it show the highlighted
    row's two values whole, each side on lines of its own, the table giving up rows."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.SUPERVISOR)
    services = pilot.app.services()  # type: ignore[attr-defined]
    agent = services.authenticate(*tour.AGENT).actor
    seeded = random.Random(FROZEN.year)  # the new records' references, the same every run
    with mock.patch.object(capture, "random_reference", lambda _: random_reference(seeded)):
        for number, why in ((401, ""), (402, "Says she has never called before")):
            services.create_customer(
                agent, Channel.PHONE, different_person(longest_values(number), why)
            )
    await keys(pilot, "ctrl+g", "enter", "enter", "down")  # the item, Compare, Family name
    await camera.shoot("merge_long_name")
    await keys(pilot, "down", "down", "down", "down")  # Address line 1
    await camera.shoot("merge_long_address")


def _merge_rows(pilot: Pilot[None]) -> int:
    """The merge screen's rows so far (0 until it is open and its worker has loaded them)."""
    tables = pilot.app.screen.query(MergeTable)
    return tables.first().row_count if tables else 0


async def _merge_the_longest_values_and_reason(camera: Camera) -> None:
    """The same with the handler's reason at its longest: the two 254-character e-mails need
    more lines than are left under the table (once only the mouse could scroll them). Tab
    stops on them, shaded, the footer offering the arrow keys, and Down reads on to the
    end of the right one."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.SUPERVISOR)
    services = pilot.app.services()  # type: ignore[attr-defined]
    agent = services.authenticate(*tour.AGENT).actor
    seeded = random.Random(FROZEN.year)  # the new records' references, the same every run
    with mock.patch.object(capture, "random_reference", lambda _: random_reference(seeded)):
        for number, why in ((401, ""), (402, LONG_REASON)):
            services.create_customer(
                agent, Channel.PHONE, different_person(longest_values(number), why)
            )
    await keys(pilot, "ctrl+g", "enter", "enter")  # the item, Compare
    await until(pilot, lambda: _merge_rows(pilot) > 0, seconds=20)  # loaded in a worker
    await keys(pilot, *["down"] * 4)  # E-mail's values
    # Tab stops on the values only once they are laid out taller than their room: on a
    # loaded machine that can be a frame after the row's values are put in (and the queue
    # and the merge screen each load in a worker first: under CI's load, more than 5 s).
    await until(pilot, lambda: pilot.app.screen.query_one(MergeDetail).max_scroll_y > 0, seconds=20)
    await keys(pilot, "tab")
    await camera.shoot("merge_long_email")
    await keys(pilot, "end")
    await camera.shoot("merge_long_email_read_on")


async def _subject_access(camera: Camera) -> None:
    """The DPO's desk, its open requests, one overdue, and a restricted record (so L, to
    lift it, is in the footer), then a new request half typed; then the record of the
    rectification request, which the DPO corrects: F6 Edit in its footer, beside Ctrl+T and
    Ctrl+B."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.DPO)
    services = pilot.app.services()
    dpo = services.authenticate(*tour.DPO).actor
    # One request open per right and customer: the solicitor's is of rectification.
    for received, asked, right in (
        (date(2026, 10, 10), "The customer, by e-mail", DataRight.ACCESS),
        (date(2026, 11, 18), "Her solicitor, Example LLP", DataRight.RECTIFICATION),
    ):
        services.log_subject_access(
            dpo,
            SubjectAccessIn(
                customer_reference=NAMED_CUSTOMERS[0].reference,
                requested_by=asked,
                identity_check="Passport and a utility bill seen",
                received_on=received,
                right=right,
            ),
        )
    services.restrict_processing(dpo, NAMED_CUSTOMERS[4].reference, "Accuracy contested")
    await keys(pilot, "f7")
    await camera.shoot("dpo_desk")
    await keys(pilot, "enter")
    await camera.shoot("subject_access")
    await keys(pilot, "n", *format_reference(NAMED_CUSTOMERS[0].reference), "enter")
    await keys(pilot, *"The customer, in branch")
    await camera.shoot("subject_access_form")
    await keys(pilot, "escape")
    await confirm_leaving(pilot)  # the request half typed is dropped
    await keys(pilot, "escape", "escape")  # the desk, the lookup
    await pilot.press(*"john smith")
    await settle(pilot)
    await keys(pilot, "enter", "enter", "end", "enter", "enter", *"letter of 20 November")
    await keys(pilot, "enter")
    await camera.shoot("dpo_record")


async def _a_data_protection_request(camera: Camera) -> None:
    """John Smith, verified, asks for a copy of his data and its erasure: the rights'
    dialog of the call (Ctrl+R), the wrap-up's rights ticked, then the DPO's register
    with both requests taken in the call, and the question marking the erasure request
    done."""
    pilot = camera.pilot
    await tour.call(pilot, "john smith")
    await keys(pilot, *"12/04/1980", "enter", *"SE1 2QT", "enter")
    await keys(pilot, "ctrl+r", "space")  # in the call: access ticked, then left
    await camera.shoot("rights_in_call")
    await keys(pilot, "escape")
    await confirm_leaving(pilot)
    await keys(pilot, "escape", "down", "enter")  # end the call: yes
    await keys(pilot, "enter", *(["down"] * 5), "enter")  # Data protection request
    await keys(pilot, "tab", "space", "down", "space")  # access and erasure ticked
    await camera.shoot("wrap_up_rights")
    await keys(pilot, "tab", "enter", "down", "down", "down", "enter")  # Transferred
    await keys(pilot, "tab", *"Wants a copy of all data held, then erasure", "ctrl+s")
    await keys(pilot, "ctrl+o")
    await tour.log_in(pilot, tour.DPO)
    await keys(pilot, "f7", "enter", "down")  # the erasure request highlighted
    await camera.shoot("rights_requests")
    await keys(pilot, "a")
    await camera.shoot("rights_request_answered")


async def _rights_from_a_caller_not_verified(pilot: Pilot[Any]) -> None:
    """John Smith's caller, not verified, asks for a copy of his data (Ctrl+R): what to tell
    them is said whole on the panel, its last line in view with nothing to scroll (it was a
    PgDn away)."""
    await tour.call(pilot, "john smith")
    await keys(pilot, "ctrl+r", "space", "ctrl+s")  # access ticked, passed on


async def _erasure(pilot: Pilot[Any]) -> None:
    """The DPO's erasure section: John Smith found by reference, a reason being typed."""
    await tour.log_in(pilot, tour.DPO)
    await open_desk_section(pilot, "erasure")
    await keys(pilot, *format_reference(NAMED_CUSTOMERS[0].reference), "enter")
    await keys(pilot, *"Customer's written request")


async def _erasure_notes(camera: Camera) -> None:
    """John Smith's erasure preview with an open subject access request, a police request
    waiting and a breach naming him: more notes than lines, read on with PgDn, the reason
    box still on screen."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.DPO)
    services = pilot.app.services()  # type: ignore[attr-defined]
    dpo = services.authenticate(*tour.DPO).actor
    agent = services.authenticate(*tour.AGENT).actor
    services.log_subject_access(
        dpo,
        SubjectAccessIn(
            customer_reference=NAMED_CUSTOMERS[0].reference,
            requested_by="The customer, by letter",
            identity_check="Passport seen",
            received_on=FROZEN.date(),
        ),
    )
    services.request_disclosure(
        agent,
        1,
        DisclosureRequestIn(
            requester="DS 99 Patel",
            organisation="Example Constabulary",
            identity_check="Warrant card seen",
            lawful_basis=LAWFUL_BASES[0],
            asked_for="Phone number of the account holder",
            fields=("phone",),
            channel=CHANNELS[0],
        ),
    )
    services.report_breach(
        agent,
        BreachIn(
            what_happened="Letter for this customer posted to the wrong address",
            discovered_at=FROZEN - timedelta(hours=3),
            categories=(DataCategory.PERSONAL,),
            people_affected=1,
            customer_references=(NAMED_CUSTOMERS[0].reference,),
        ),
    )
    await open_desk_section(pilot, "erasure")
    await keys(pilot, *format_reference(NAMED_CUSTOMERS[0].reference), "enter")
    await camera.shoot("erasure_notes")
    await keys(pilot, "pagedown")
    await camera.shoot("erasure_notes_read_on")


async def _request_disclosure(pilot: Pilot[Any]) -> None:
    """John Smith's record, back office: a police request half typed (Ctrl+T)."""
    await tour.back_office(pilot, "john smith")
    await keys(pilot, "ctrl+t", *"DC 4321 Morgan", "enter", *"Example Constabulary", "enter")
    await keys(pilot, *"Called back on the force switchboard", "enter", "enter", "down", "enter")


async def _disclosures_desk(camera: Camera) -> None:
    """The agent's police request on the DPO's desk: the list, the request in full with a
    reason typed, and, once approved, the two fields to send."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.DPO)
    services = pilot.app.services()  # type: ignore[attr-defined]
    agent = services.authenticate(*tour.AGENT).actor
    services.request_disclosure(
        agent,
        1,
        DisclosureRequestIn(
            requester="DC 4321 Morgan",
            organisation="Example Constabulary",
            identity_check="Called back on the force switchboard",
            lawful_basis=LAWFUL_BASES[0],
            asked_for="Address and phone of the account holder",
            fields=("address_line1", "phone"),
            channel=CHANNELS[0],
        ),
    )
    await open_desk_section(pilot, "disclosures")
    await camera.shoot("disclosures_desk")
    await keys(pilot, "enter", *"Sch. 2 para 2 applies; DP form signed")
    await camera.shoot("decide_disclosure")
    await keys(pilot, "ctrl+y")
    # The release screen is pushed by the decision's worker and fills its table from its own
    # worker; on a loaded machine the picture could catch it half-drawn.
    await tour.wait_until(pilot, lambda: "Send exactly these" in screen_text(pilot.app))
    await camera.shoot("release_disclosure")


async def _report_breach(pilot: Pilot[Any]) -> None:
    """John Smith's record, Ctrl+B: a breach report partly typed, his reference filled in."""
    await tour.back_office(pilot, "john smith")
    await keys(pilot, "ctrl+b", *"Letter for this customer posted to the wrong address")
    await keys(pilot, "tab", "tab", *"1", "tab", "space")


def _breaches_reported(app: Any) -> None:
    """Two breaches the agent reported: one past its 72 hours, one the DPO has assessed."""
    services = app.services()
    agent = services.authenticate(*tour.AGENT).actor
    dpo = services.authenticate(*tour.DPO).actor
    services.report_breach(
        agent,
        BreachIn(
            what_happened="Unencrypted laptop with a customer export left on a train",
            discovered_at=FROZEN - timedelta(hours=80),
            categories=(DataCategory.PERSONAL, DataCategory.TRANSACTIONAL),
            people_affected=300,
        ),
    )
    sent = services.report_breach(
        agent,
        BreachIn(
            what_happened="Letter for one customer posted to another",
            discovered_at=FROZEN - timedelta(hours=5),
            categories=(DataCategory.PERSONAL,),
            people_affected=1,
            customer_references=(NAMED_CUSTOMERS[0].reference,),
        ),
    )
    assessed = AssessmentIn(
        risk=BreachRisk.UNLIKELY,
        records_affected=1,
        likely_consequences="None likely: the letter came back unopened",
        measures="Letter retrieved; the address checked before posting again",
        ico=Told.NOT_TOLD,
        ico_reason="Returned unopened: unlikely to result in a risk",
        individuals=Told.TOLD,
        individuals_told_at=FROZEN - timedelta(hours=1),
    )
    services.assess_breach(dpo, sent.id, assessed)


async def _breaches_on_the_desk(camera: Camera) -> None:
    """The DPO's breaches, overdue first; the assessment form; the closing summary; the
    assessed breach's whole record (V)."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.DPO)
    _breaches_reported(pilot.app)
    await open_desk_section(pilot, "breaches")
    await camera.shoot("breaches")
    await keys(pilot, "enter")
    await camera.shoot("assess_breach")
    await keys(pilot, "escape", "down", "f3", *"Letter retrieved")
    await camera.shoot("close_breach")
    await keys(pilot, "escape")
    await confirm_leaving(pilot)
    await keys(pilot, "v")
    await camera.shoot("breach_record")


JOURNEYS: dict[str, Journey] = {
    "login_and_change_password": _login_and_change_password,
    "lookup": _lookup,
    "lookup_results": _lookup_results,
    "back_office_john_smith": _back_office_john_smith,
    "back_office_jonathan_smythe": _back_office_jonathan_smythe,
    "a_call_with_john_smith": _a_call_with_john_smith,
    "a_verified_call": _a_verified_call,
    "a_call_verified_to_high": _a_call_verified_to_high,
    "a_call_verified_to_standard": _a_call_verified_to_standard,
    "a_call_with_a_failure_then_standard": _a_call_with_a_failure_then_standard,
    "a_locked_call_and_the_queue": _a_locked_call_and_the_queue,
    "caller_choice": _caller_choice,
    "a_representative_calling": _a_representative_calling,
    "a_new_customer": _a_new_customer,
    "audit": _audit,
    "operators": _operators,
    "idle_lock": _idle_lock,
    "report_discrepancy": only("report_discrepancy", _report_discrepancy),
    "queue_discrepancies": only("queue_discrepancies", _discrepancy_queue),
    "my_reports": only("my_reports", _my_reports),
    "raise_complaint": only("raise_complaint", _raise_complaint),
    "complaints_due": only("complaints_due", _complaints_due),
    "close_a_call": _close_a_call,
    "merge": only("merge", _merge),
    "merge_from_the_queue": _merge_from_the_queue,
    "merge_the_longest_values": _merge_the_longest_values,
    "merge_the_longest_values_and_reason": _merge_the_longest_values_and_reason,
    "subject_access": _subject_access,
    "a_data_protection_request": _a_data_protection_request,
    "rights_not_verified": only("rights_not_verified", _rights_from_a_caller_not_verified),
    "erasure": only("erasure", _erasure),
    "erasure_notes": _erasure_notes,
    "request_disclosure": only("request_disclosure", _request_disclosure),
    "disclosures_desk": _disclosures_desk,
    "report_breach": only("report_breach", _report_breach),
    "breaches_on_the_desk": _breaches_on_the_desk,
}


async def _a_role_play_call(camera: Camera) -> None:
    """Training mode in a call: the banner, the verification panel, the caller's pane."""
    await tour.call(camera.pilot, "john smith se1")
    await keys(camera.pilot, *"12/04/1963", "enter")  # the postcode check is asked next
    await camera.shoot("record_with_caller")


async def _a_role_play_capture(camera: Camera) -> None:
    """Training mode: the capture form, and the read-back where the caller corrects a slip."""
    pilot = camera.pilot
    await tour.capture_form(pilot, born="12/04/1963")  # the sandbox's John Smith
    await camera.shoot("capture")
    await tour.read_back_capture_form(pilot)
    await keys(pilot, *["enter"] * 7)  # confirmed down to the postcode
    await camera.shoot("read_back_correction")


#: Training mode's busiest screens (docs/training.md, "The scripted caller").
TRAINING: dict[str, Journey] = {
    "call": _a_role_play_call,
    "capture": _a_role_play_capture,
}


#: The busiest screens, photographed again at 200x50 (each on its own walk).
BUSIEST: dict[str, Journey] = {
    "lookup": _lookup,
    "call_verified": only("call_verified", tour.verified_call),
    "capture": only("capture", tour.capture_form),
    "audit": _audit,
}


@pytest.mark.parametrize("journey", JOURNEYS)
def test_every_screen_fits_80x24(
    journey: str, frozen_console: CustinfoApp, snapshot: SnapshotAssertion, tmp_path: Path
) -> None:
    photos = photograph(frozen_console, SMALL, JOURNEYS[journey])
    assert_pictures_match(photos, snapshot, tmp_path)


@pytest.mark.parametrize("screen", BUSIEST)
def test_the_busiest_screens_at_200x50(
    screen: str, frozen_console: CustinfoApp, snapshot: SnapshotAssertion, tmp_path: Path
) -> None:
    photos = photograph(frozen_console, LARGE, BUSIEST[screen])
    assert_pictures_match(photos, snapshot, tmp_path)


@pytest.mark.parametrize("journey", TRAINING)
def test_training_mode_fits_80x24(
    journey: str, console_in_training: CustinfoApp, snapshot: SnapshotAssertion, tmp_path: Path
) -> None:
    photos = photograph(console_in_training, SMALL, TRAINING[journey])
    assert_pictures_match(photos, snapshot, tmp_path)


def test_the_caller_terminal_fits_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    cue_file = tmp_path / "run-7.cue.json"
    write_cue_file(cue_file, CueFileContent(run_id=7, cue=Cue(kind=CueKind.CHECK, key="postcode")))

    async def highlighted(pilot: Pilot[Any]) -> None:
        await tour.wait_until(pilot, lambda: bool(pilot.app.query(".-now")))

    app = CallerTerminal(change_of_address(), cue_file)
    assert snap_compare(app, terminal_size=SMALL, run_before=highlighted)


def test_the_conflict_dialog_fits_80x24(snap_compare: SnapCompare) -> None:
    from tests.e2e.test_consent_conflict_screens import ScreenHost

    conflicts = [
        ConflictField(
            key="family_name", label="Family name", before="Smith", theirs="Smyth", yours="Smithe"
        ),
        ConflictField(
            key="email",
            label="E-mail",
            before=None,
            theirs="jonathan.smythe5@example.com",
            yours="jon.smythe@example.org",
        ),
        ConflictField(
            key="phone", label="Phone", before="07700 900123", theirs=None, yours="07700 900456"
        ),
    ]
    assert snap_compare(ScreenHost(ConflictScreen(conflicts)), terminal_size=SMALL)


async def _training(camera: Camera) -> None:
    """The trainer's training screen with one scored run, the scenario choice, who is
    training, and the run's debrief: its scorecard (MP-12, met, with its evidence), the
    trainer's note on a marking point (F2), and its timeline (`_a_run_not_played` goes on
    from there)."""
    pilot = camera.pilot
    await tour.log_in(pilot, ("trainer", "trainer-demo-2026"))
    await keys(pilot, "f8")
    await camera.shoot("training")
    await keys(pilot, "ctrl+n", "down", "down")
    await camera.shoot("training_scenarios")
    await keys(pilot, "enter")
    await camera.shoot("training_trainee")
    await keys(pilot, "escape", "escape")  # back to the scenarios, then the runs
    await keys(pilot, "enter", "down")
    await camera.shoot("debrief_scorecard")
    await keys(pilot, "f2", *"Read back every changed line, the postcode too")
    await camera.shoot("debrief_note")
    await keys(pilot, "escape")
    await confirm_leaving(pilot)  # the note typed is dropped
    await keys(pilot, "2")
    await camera.shoot("debrief_timeline")


async def _a_run_not_played(camera: Camera, start_run: Callable[[], object]) -> None:
    """Back on the training screen once a run is started and never played (its console
    stopped, say): Enter on it, newest first, asks whether to play it on or end it."""
    start_run()
    await keys(camera.pilot, "escape", "up", "up")  # the runs read again as it shows
    await keys(camera.pilot, "enter")
    await camera.shoot("run_play_or_end")


def test_the_training_screens_fit_80x24(
    frozen_demo: Path, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    from tests.support.training_launcher import ScriptedLauncher

    path = copy_private(frozen_demo, tmp_path / "demo.db")
    url = f"sqlite+pysqlite:///{path}"
    settings = Settings(database_url=url, data_dir=tmp_path, log_dir=tmp_path / "logs")
    launcher = ScriptedLauncher(url, tmp_path / "training")

    async def journey(camera: Camera) -> None:
        await _training(camera)
        await _a_run_not_played(camera, lambda: launcher.start("change-of-address", "agent"))

    with time_machine.travel(FROZEN, tick=False):
        launcher.start_and_play("change-of-address", "agent")
        photos = photograph(make_app(settings, training_launcher=launcher), SMALL, journey)
    assert_pictures_match(photos, snapshot, tmp_path)


async def _cohort(camera: Camera) -> None:
    """The trainer's cohort view: two trainees, the weakest marking point first, and the
    progress of the trainee whose run is highlighted (agent: three runs), the run whole in
    the line at the bottom; on the points, the weakest point's title whole there, and no
    Debrief key. Then the form exporting a trainee's evidence, its four boxes under a long
    explanation, saying at 80x24 why the file named cannot be written."""
    await tour.log_in(camera.pilot, ("trainer", "trainer-demo-2026"))
    await keys(camera.pilot, "f8", "f6", "down")
    await camera.shoot("cohort")
    await keys(camera.pilot, "shift+tab")
    await camera.shoot("cohort_points")
    await keys(camera.pilot, "escape", "f10", *"agent", "enter", "enter", "enter")
    await keys(camera.pilot, *"/no-such-folder/agent.html", "enter")
    await camera.shoot("trainee_evidence_form")


def test_the_cohort_view_fits_80x24(
    frozen_demo: Path, tmp_path: Path, snapshot: SnapshotAssertion
) -> None:
    from tests.support.cohort_runs import MET, NOT_MET, add_scored_run

    path = copy_private(frozen_demo, tmp_path / "demo.db")
    url = f"sqlite+pysqlite:///{path}"
    settings = Settings(database_url=url, data_dir=tmp_path, log_dir=tmp_path / "logs")
    engine = build_engine(url)
    uows = uow_factory_for(engine)
    with uows() as uow:
        ids = {name: uow.operators.get_by_username(name) for name in ("agent", "supervisor")}
        agent, supervisor = (operator.id for operator in ids.values() if operator is not None)
    add_scored_run(uows, agent, 2, {"MP-03": NOT_MET, "MP-08": MET, "MP-12": MET})
    add_scored_run(uows, agent, 5, {"MP-03": MET, "MP-08": MET, "MP-12": NOT_MET})
    add_scored_run(uows, agent, 9, {"MP-03": MET, "MP-08": MET, "MP-12": MET})
    add_scored_run(uows, supervisor, 6, {"MP-03": NOT_MET, "MP-08": NOT_MET, "MP-12": MET})
    add_scored_run(uows, supervisor, 10, None)
    engine.dispose()
    with time_machine.travel(FROZEN, tick=False):
        photos = photograph(make_app(settings), SMALL, _cohort)
    assert_pictures_match(photos, snapshot, tmp_path)


def test_the_run_watcher_fits_80x24(snap_compare: SnapCompare) -> None:
    from custinfo_tui.domain.training.marking_points import title_of
    from custinfo_tui.domain.training.scorecard import (
        MarkResult,
        StepMark,
        TimelineStep,
        Verdict,
    )
    from custinfo_tui.domain.training.watch import RunSoFar
    from custinfo_tui.tui.run_watcher import RunWatcher

    at = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    steps = (
        TimelineStep(event_id=2, at=at, action="operator.login_succeeded", words="Logged in"),
        TimelineStep(
            event_id=3,
            at=at + timedelta(seconds=20),
            action="customer.searched",
            words="Searched by name: 2 found",
            marks=(StepMark(marking_point="MP-12", towards=True),),
        ),
        TimelineStep(
            event_id=4,
            at=at + timedelta(seconds=41),
            action="record.viewed",
            words="Record opened",
            marks=(StepMark(marking_point="MP-08", towards=False),),
        ),
    )
    results = tuple(
        MarkResult(marking_point=point, title=title_of(point), verdict=verdict)
        for point, verdict in (
            ("MP-08", Verdict.NOT_MET),
            ("MP-12", Verdict.MET),
            ("MP-03", Verdict.NOT_APPLICABLE),
        )
    )
    seen = RunSoFar(last_event_id=4, steps=steps, results=results)
    app = RunWatcher("run 7: change-of-address, agent", lambda after: seen if after < 4 else None)
    assert snap_compare(app, terminal_size=SMALL)
