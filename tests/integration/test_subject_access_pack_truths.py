"""The subject access pack says only what is true of the record, in both its forms (HTML
and JSON), on SQLite, SQLCipher and PostgreSQL.

A DPO reading packs found four false statements: John Smith's data "came from" a call of
this week though his record dates from 2022; an erased record's pack said nothing that
identifies the person is held, then listed "personal data" among the kinds held; a record
whose processing is restricted was "Active"; and an address's country read "GB". Later, a
call whose console stopped mid-call "Ended" when a supervisor closed it an hour after."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from pathlib import Path

import time_machine

from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.data_protection.pack import PackForm
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.domain.verification import Channel
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.services import auth, closing_calls, erasure, restriction, wrap_up
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services import subject_access_export as export
from custinfo_tui.services.call_notes import add_note
from custinfo_tui.services.capture import create_customer
from tests.support.actors import Desk, desk_for
from tests.support.references import stored_reference

JOHN_SMITH = 1  # record made 2022-01-10, no call in the demo
#: When the calls of a test that sets the clock begin: the session 37 notes' afternoon.
T0 = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
JOHN_MADE = "2022-01-10"
CAME_FROM = "Where your data came from"
KINDS = "The kinds of data we hold about you"


def _today() -> date:
    return datetime.now(UTC).date()


def _packs(dpo: Desk, tmp_path: Path, customer_id: int = JOHN_SMITH) -> list[dict[str, list]]:
    """The customer's pack as the person reads it, written as HTML and as JSON: each form's
    sections by key, rows as lists of cells."""
    given = SubjectAccessIn(
        customer_reference=stored_reference(dpo.uow_factory, customer_id),
        requested_by="The customer, by letter",
        identity_check="Passport copy checked",
        received_on=_today(),
    )
    request = sar.log_request(dpo.uow_factory(), dpo.actor, given, _today()).id
    written = len(list(tmp_path.iterdir()))  # an open request is exported again
    html, data = tmp_path / f"pack{written}.html", tmp_path / f"pack{written}.json"
    export.export_request(dpo.uow_factory(), dpo.actor, request, html)
    export.export_request(dpo.uow_factory(), dpo.actor, request, data, PackForm.JSON)
    document = json.loads(data.read_text(encoding="utf-8"))
    from_json = {s["key"]: [list(row.values()) for row in s["rows"]] for s in document["sections"]}
    return [_html_sections(html.read_text(encoding="utf-8")), from_json]


def _html_sections(page: str) -> dict[str, list]:
    sections = {}
    for key, body in re.findall(r'<section id="([^"]+)">(.*?)</section>', page, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        cells = [[unescape(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in rows]
        sections[unescape(key)] = [row for row in cells if row]  # not the heading's row
    return sections


def _answer(pack: dict[str, list], question: str) -> str:
    [answer] = [row[1] for row in pack["about"] if row[0] == question]
    return str(answer)


def _item(pack: dict[str, list], key: str, item: str) -> str:
    [value] = [row[1] for row in pack[key] if row[0] == item]
    return str(value)


def test_a_record_older_than_its_calls_came_from_its_making_not_from_the_latest_call(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    """It said "first in your contact with us on" the day of this week's call."""
    call = agent.start(JOHN_SMITH)
    agent.end(call.interaction_id)

    for pack in _packs(dpo, tmp_path):
        came_from = _answer(pack, CAME_FROM)
        assert f"recorded on {JOHN_MADE}" in came_from
        assert "first in your contact" not in came_from
        assert f"{_today():%Y-%m-%d}" not in came_from


def test_a_record_captured_in_a_call_says_it_was_made_in_that_call(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    values = {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "date_of_birth": "10/12/1985",
        "phone": "07700 900555",
        "address_line1": "3 Mill Lane",
        "town": "Bristol",
        "postcode": "BS1 4DJ",
    }
    new = NewCustomer(
        template="new_customer",
        values=values,
        enquiry_type="New account",
        consent=ConsentAnswers(),
        read_back=ReadBackConfirmation(confirmed=frozenset(values)),
    )
    record = create_customer(agent.uow_factory(), agent.actor, CapturePolicy(), Channel.PHONE, new)

    for pack in _packs(dpo, tmp_path, record.customer_id):
        assert _answer(pack, CAME_FROM) == (
            "From you or someone acting for you: your record was made in your contact with "
            f"us on {_today():%Y-%m-%d} (Phone call), and added to in your contacts since."
        )


def test_an_erased_records_kinds_of_data_held_leave_out_personal_data(
    dpo: Desk, tmp_path: Path
) -> None:
    """An erased record's pack said nothing identifying was held, then listed "personal
    data (who you are and how to reach you)" among the kinds held."""
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, JOHN_SMITH, "Written request")

    for pack in _packs(dpo, tmp_path):
        kinds = _answer(pack, KINDS)
        assert kinds == (
            "Nothing that identifies you: your record was erased. What is kept: transactional "
            "data (your reference and what you did with us). Each is a section below."
        )
        assert _item(pack, "fields-personal", "Given name") == "(erased)"  # as it is kept


def test_an_erased_records_representative_is_said_erased_once_and_not_active(
    dpo: Desk, tmp_path: Path
) -> None:
    """Found by an explorer: an erased record's pack listed its representative as
    Name "(erased) (erased)", Relationship "(erased)", Active "yes"."""
    [before] = _packs(dpo, tmp_path)[1]["representatives"]
    assert before[4] == "yes"  # the demo's named contact, active
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, JOHN_SMITH, "Written request")

    for pack in _packs(dpo, tmp_path):
        [row] = pack["representatives"]
        name, relationship, authority, may, active, added = row
        assert name == "Erased with your record: their name, relationship and details"
        assert (relationship, active) == ("", "")
        assert (authority, may, added) == (before[2], before[3], before[5])  # not personal
        assert "(erased)" not in " ".join(row)


def test_a_look_up_with_custinfo_erase_is_said_to_be_from_the_command_line(
    dpo: Desk, tmp_path: Path
) -> None:
    """Found by an explorer: `custinfo erase --check` (the command line, acting as the
    system) appeared in the pack as "Looked up at the data protection desk"."""
    erasure.preview_erasure(
        dpo.uow_factory(), None, stored_reference(dpo.uow_factory, JOHN_SMITH)
    )  # the CLI
    erasure.preview_erasure(
        dpo.uow_factory(), dpo.actor, stored_reference(dpo.uow_factory, JOHN_SMITH)
    )

    for pack in _packs(dpo, tmp_path):
        looks = [row[1:3] for row in pack["access"] if row[2].startswith("Looked up")]
        assert looks == [
            [
                "system",
                "Looked up from the command line: how much erasure would remove, counted "
                "(no details shown)",
            ],
            [
                "dpo",
                "Looked up at the data protection desk: how much erasure would remove, counted "
                "(no details shown)",
            ],
        ]


def test_the_kinds_of_data_held_name_what_is_kept_with_the_persons_calls(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    """A call's notes were never among the kinds held; once erased, only what the call
    was about is kept, and said."""
    call = agent.start(JOHN_SMITH)
    add_note(agent.uow_factory(), agent.actor, agent.policy, call.interaction_id, "Rang back")
    agent.end(call.interaction_id)
    for pack in _packs(dpo, tmp_path):
        kinds = _answer(pack, KINDS)
        assert kinds.startswith("Personal data (who you are and how to reach you); ")
        assert "; enquiry data (the notes of your contacts)." in kinds

    erasure.erase_customer(dpo.uow_factory(), dpo.actor, JOHN_SMITH, "Written request")

    for pack in _packs(dpo, tmp_path):
        kinds = _answer(pack, KINDS)
        assert "personal data" not in kinds.lower() and "notes" not in kinds


def test_a_restricted_record_is_said_restricted_and_since_when_not_active(
    dpo: Desk, tmp_path: Path
) -> None:
    reference = stored_reference(dpo.uow_factory, JOHN_SMITH)
    restriction.restrict_processing(dpo.uow_factory(), dpo.actor, reference, "Accuracy contested")

    for pack in _packs(dpo, tmp_path):
        assert _item(pack, "record", "Status") == (
            f"Restricted since {_today():%Y-%m-%d} (UK GDPR Article 18): we keep your data "
            "but use it only as that article allows"
        )

    restriction.lift_restriction(dpo.uow_factory(), dpo.actor, reference, "Accuracy confirmed")
    for pack in _packs(dpo, tmp_path):
        assert _item(pack, "record", "Status") == "Active"


def test_an_addresss_country_is_named_as_the_record_names_it(dpo: Desk, tmp_path: Path) -> None:
    for pack in _packs(dpo, tmp_path):
        [address] = pack["addresses"]
        assert address[:5] == ["12 Acacia Road", "", "London", "SE1 2QT", "United Kingdom"]


def test_a_call_its_desk_never_ended_is_not_said_to_end_when_it_was_closed_later(
    agent: Desk, dpo: Desk, tmp_path: Path
) -> None:
    """Found in session 37: a call whose console stopped mid-call, closed from the calls to
    finish an hour later, "Ended" at the closing, as if the caller had been on the line
    till then. The pack says what happened, as the record's timeline does: not ended at
    its desk, its last action there, and who closed it and when; a call ended with its
    handler's session says so; a call ended at its desk is its time alone."""
    supervisor = desk_for(agent.uow_factory, "supervisor")
    second, back = desk_for(agent.uow_factory, "agent"), desk_for(agent.uow_factory, "agent")

    def clock(minutes: int) -> time_machine.travel:
        """The clock at `minutes` after T0, standing still."""
        return time_machine.travel(T0 + timedelta(minutes=minutes), tick=False)

    with clock(0):
        ended = agent.start(JOHN_SMITH).interaction_id
    with clock(2):
        agent.end(ended)
    with clock(5):
        closed = agent.start(JOHN_SMITH).interaction_id
    with clock(8):  # then its console stops
        add_note(agent.uow_factory(), agent.actor, agent.policy, closed, "Asked about a bill")
    with clock(10):
        finished = second.start(JOHN_SMITH).interaction_id
    with clock(12):  # and this console stops too
        add_note(second.uow_factory(), second.actor, second.policy, finished, "Rang back")
    with clock(60):
        reason = "Handler's console closed mid-call"
        closing_calls.close_call(supervisor.uow_factory(), supervisor.actor, closed, reason)
    with clock(90):  # the handler, back at another desk, wraps it up from the calls to finish
        given = WrapUpIn(enquiry_type="Billing question", outcome="resolved", notes="Done")
        wrap_up.wrap_up(back.uow_factory(), back.actor, CapturePolicy(), finished, given)
    with clock(100):
        back.start(JOHN_SMITH)
    with clock(104):
        auth.log_out(back.uow_factory(), back.actor)

    for pack in _packs(dpo, tmp_path):
        ends = [row[1] for row in pack["interactions"]]
        assert ends == [
            "2026-12-05 16:02:00 UTC",
            "Not ended at the desk it was taken at (its last action there: 2026-12-05 "
            "16:08:00 UTC); closed at 2026-12-05 17:00:00 UTC by a supervisor",
            "Not ended at the desk it was taken at (its last action there: 2026-12-05 "
            "16:12:00 UTC); closed at 2026-12-05 17:30:00 UTC by its handler, at another desk",
            "2026-12-05 17:44:00 UTC, when its handler logged out",
        ]
