"""After the call's dialogs photographed at 80x24 (pytest-textual-snapshot): a complaint moved
on a stage with its follow-up date, the record's Complaints tab and a complaint read in full;
a handler asking for two records of one person to be merged; a supervisor deciding a
discrepancy report, and starting a merge from a record.

The same walks, camera and frozen console as `test_snapshots.py` (`tests/support/camera.py`,
`frozen_console` in `tests/e2e/conftest.py`):
a value, a label or a key cut off changes a picture and fails here; a footer key cut short
fails every photograph. Pictures in `__snapshots__/test_snapshots_after_the_call/`.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from syrupy.assertion import SnapshotAssertion
from textual.pilot import Pilot
from textual.widgets import DataTable

from custinfo_tui.domain.complaints import ComplaintIn
from custinfo_tui.domain.discrepancies import DiscrepancyIn
from custinfo_tui.domain.reference import format_reference, random_reference
from custinfo_tui.domain.verification import Channel
from custinfo_tui.services import capture
from custinfo_tui.services.demo_people import NAMED_CUSTOMERS
from custinfo_tui.tui.app import CustinfoApp
from tests.support import tour
from tests.support.camera import (
    FROZEN,
    SMALL,
    Camera,
    Journey,
    assert_pictures_match,
    photograph,
)
from tests.support.screen import screen_words, settle
from tests.support.second_record import different_person
from tests.support.tour import keys

#: The demo's John Smith.
JOHN_SMITH = 1
#: The e-mail his caller says is his.
CLAIMED_EMAIL = "john.smith@example.org"

#: A complaint taken at length: what the customer said runs to several lines at 80 columns.
SAID_AT_LENGTH = (
    "Charged twice for the March bill, once on the 3rd and again on the 17th, after "
    "being told on the phone that the second payment had been stopped. The bank says "
    "both went through. Has written twice and rung three times; each time was promised "
    "a call back that never came, and is now overdrawn because of it."
)


def _complaint_taken(app: Any, customer_said: str, follow_up_on: date | None = None) -> int:
    """A billing complaint on John Smith's record, taken by the agent; its id."""
    services = app.services()
    agent = services.authenticate(*tour.AGENT).actor
    record = services.raise_complaint(
        agent,
        JOHN_SMITH,
        ComplaintIn(
            category="Billing or charges",
            customer_said=customer_said,
            apology="Sorry for the double charge and for the calls not returned",
            solution="Refund the second payment and the overdraft charges",
            follow_up_on=follow_up_on,
        ),
    )
    return int(record.complaints[-1].id)


async def _complaint_stage(camera: Camera) -> None:
    """The supervisor's complaints due (F4), Enter on one: the stage dialog, the next stage
    offered, a note typed and the follow-up date agreed shown, to keep or change; then a
    date that does not exist, refused at its box and said whole under it."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.SUPERVISOR)
    _complaint_taken(pilot.app, "Charged twice", follow_up_on=date(2026, 11, 27))
    await keys(pilot, "ctrl+g", "f4", "enter")
    await keys(pilot, *"Acknowledged by phone, letter sent", "tab")
    await camera.shoot("complaint_stage")
    await keys(pilot, *"31/02/2027", "enter")
    await camera.shoot("complaint_stage_refused")


async def _complaint_in_full(camera: Camera) -> None:
    """A complaint taken at length and moved through three stages, each with its note: the
    record's Complaints tab (6), then the complaint read in full from it (v), longer than
    the box, PgDn (More) in the footer; read on to the end, PgUp (Earlier) instead."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.SUPERVISOR)
    services = pilot.app.services()  # type: ignore[attr-defined]
    supervisor = services.authenticate(*tour.SUPERVISOR).actor
    taken = _complaint_taken(pilot.app, SAID_AT_LENGTH, follow_up_on=date(2026, 11, 27))
    for stage, note in (
        ("acknowledged", "Acknowledged by phone; letter sent first class the same day"),
        ("investigating", "Bank statement asked for; billing team checking both payments"),
        ("resolved", "Second payment refunded with the overdraft charges; customer agreed"),
    ):
        services.move_complaint(supervisor, taken, stage, note)
    await pilot.press(*"john smith")
    await settle(pilot)
    await keys(pilot, "enter", "enter", "end", "enter", "enter", *"letter of 20 November")
    await keys(pilot, "enter", "6")
    await camera.shoot("record_complaints")
    await keys(pilot, "v")
    await camera.shoot("complaint_in_full")
    await keys(pilot, "pagedown")
    await camera.shoot("complaint_in_full_read_on")


#: John Smith again, another phone: saved by the agent as someone else.
TWIN = {
    "given_name": "John",
    "family_name": "Smith",
    "date_of_birth": "12/04/1980",
    "phone": "07700 900555",
    "address_line1": "12 Acacia Road",
    "town": "London",
    "postcode": "SE1 2QT",
}


def _downs_to(pilot: Pilot[Any], reference: str) -> list[str]:
    """The Down presses from the search box to `reference`'s row of the results (the
    first goes to the table's first row)."""
    table = pilot.app.screen.query_one("#results", DataTable)
    rows = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
    return ["down"] * (rows.index(reference) + 1)


async def _same_person(camera: Camera) -> None:
    """The lookup lists John Smith twice; on the second one's row, Ctrl+E: which record
    listed is the same person, then why (a reason too short refused at its box)."""
    pilot = camera.pilot
    await tour.log_in(pilot)
    services = pilot.app.services()  # type: ignore[attr-defined]
    agent = services.authenticate(*tour.AGENT).actor
    seeded = random.Random(FROZEN.year)  # the new record's reference, the same every run
    with mock.patch.object(capture, "random_reference", lambda _: random_reference(seeded)):
        twin = services.create_customer(
            agent, Channel.PHONE, different_person(TWIN, "Says he is not the John Smith on file")
        ).reference
    await pilot.press(*"john smith")
    await settle(pilot)
    await keys(pilot, *_downs_to(pilot, twin), "ctrl+e")
    assert f"same person as John Smith ({twin})?" in screen_words(pilot.app)
    await camera.shoot("same_person_choice")
    await keys(pilot, "enter", *"dup", "enter")
    await camera.shoot("same_person_reason_refused")
    await keys(pilot, *"Same birthday and address; he uses both phones")
    await camera.shoot("same_person_reason")


async def _decide_discrepancy(camera: Camera) -> None:
    """The agent's report that John Smith's e-mail is wrong, on the supervisor's queue:
    the report in full, what was said beside what is on file, a reason to reject it
    being typed."""
    pilot = camera.pilot
    await tour.log_in(pilot, tour.SUPERVISOR)
    services = pilot.app.services()  # type: ignore[attr-defined]
    agent = services.authenticate(*tour.AGENT).actor
    why = "Caller says the e-mail on file has a typo: letters sent there never arrive"
    services.report_discrepancy(
        agent, JOHN_SMITH, DiscrepancyIn(field="email", claimed_value=CLAIMED_EMAIL, why=why)
    )
    await keys(pilot, "ctrl+g", "enter")  # the queue's one item
    await keys(pilot, *"The letter of 3 May confirms the e-mail on file")
    await camera.shoot("decide_discrepancy")


async def _merge_start(camera: Camera) -> None:
    """A supervisor on John Smith's record, Ctrl+E: the other record's reference given,
    the reason for opening it being typed; then Jonathan Smythe's phone chosen and the
    reason given, Ctrl+S asks first (going back first), and again, saying the two look
    like different people."""
    pilot = camera.pilot
    await tour.back_office(pilot, "john smith", tour.SUPERVISOR)
    other = format_reference(NAMED_CUSTOMERS[4].reference)
    await keys(pilot, "ctrl+e", *other, "enter", *"Same phone on his letter")
    await camera.shoot("merge_start")
    await keys(pilot, "enter", "down", "down", "down", "right")  # his phone chosen
    pilot.app.screen.query_one("#merge-reason").focus()
    await keys(pilot, *"Same phone and date of birth on his letter", "ctrl+s")
    await camera.shoot("merge_confirm")
    await keys(pilot, "down", "enter")  # merge: their names and dates of birth differ
    await camera.shoot("merge_anyway")


JOURNEYS: dict[str, Journey] = {
    "complaint_stage": _complaint_stage,
    "complaint_in_full": _complaint_in_full,
    "same_person": _same_person,
    "decide_discrepancy": _decide_discrepancy,
    "merge_start": _merge_start,
}


@pytest.mark.parametrize("journey", JOURNEYS)
def test_after_the_call_fits_80x24(
    journey: str, frozen_console: CustinfoApp, snapshot: SnapshotAssertion, tmp_path: Path
) -> None:
    photos = photograph(frozen_console, SMALL, JOURNEYS[journey])
    assert_pictures_match(photos, snapshot, tmp_path)
