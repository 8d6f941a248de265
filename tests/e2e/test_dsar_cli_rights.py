"""`custinfo dsar ...` for requests of the rights other than access: answered with the note
the desk's answer dialog asks for, the identity check the desk records with I, and the
list telling the rights apart, with the desk's `?` on one still to verify.

A DPO found `custinfo dsar answer 3` on a rectification request said "Note what was
corrected." with no way to give the note; nothing recorded the identity check; and
`custinfo dsar list` showed two requests of one customer on one day alike."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.data_protection.rights import DATA_PROTECTION_ENQUIRY, DataRight
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.services import wrap_up
from tests.support.acting import main_as
from tests.support.actors import desk_for
from tests.support.printed_lines import words

JOHN = "1001 2345 P"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def dsar(sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """`custinfo dsar ARGS...` on the demo database: exit status, what it printed, and what
    it said on stderr."""
    db = str(make_url(sqlite_demo_url).database)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            status = main_as(["--db", db, "dsar", *args])
        except SystemExit as exit_:  # --help, or arguments argparse refuses
            status = int(exit_.code or 0)
        said = capsys.readouterr()
        return status, said.out, said.err

    return run


def _db(sqlite_demo_url: str) -> str:
    return str(make_url(sqlite_demo_url).database)


def _log(dsar: Run, right: str) -> None:
    log = ["log", "--customer", JOHN, "--asked-by", "The customer, by letter"]
    assert dsar(*log, "--identity", "Passport seen", "--right", right)[0] == 0


def _taken_unverified_in_a_call(sqlite_demo_url: str, right: DataRight) -> None:
    """A caller about John Smith, not verified, passes the request on at wrap-up."""
    engine = build_engine_for(sqlite_demo_url)
    try:
        agent = desk_for(uow_factory_for(engine), "agent")
        call = agent.start(1)
        given = WrapUpIn(
            enquiry_type=DATA_PROTECTION_ENQUIRY,
            outcome="transferred",
            notes="Caller asked for his surname to be corrected",
            rights=(right,),
        )
        wrap_up.wrap_up(
            agent.uow_factory(), agent.actor, CapturePolicy(), call.interaction_id, given
        )
    finally:
        engine.dispose()


def test_a_rectification_is_answered_with_the_note_of_what_was_corrected(
    dsar: Run, sqlite_demo_url: str
) -> None:
    _log(dsar, "rectification")

    status, out, err = dsar("answer", "1")
    assert status == 1 and out == ""
    assert err.splitlines() == [
        "custinfo: Note what was corrected, with --note:",
        '  custinfo dsar answer 1 --note "..."',  # whole, to copy
    ]
    assert "--note TEXT" in dsar("answer", "--help")[1]

    status, out, _ = dsar("answer", "1", "--note", "Surname spelling corrected")
    assert status == 0
    assert words(out) == (
        "Rectification request 1 marked answered, in time: tell the person what was done."
    )
    with sqlite3.connect(_db(sqlite_demo_url)) as connection:
        [(note,)] = connection.execute("SELECT answer_note FROM subject_access_requests")
        [(details,)] = connection.execute(
            "SELECT details FROM audit_events WHERE action = 'dsar.answered'"
        )
    assert note == "Surname spelling corrected"
    assert json.loads(details) == {"request_id": 1, "in_time": True, "right": "rectification"}


def test_the_note_follows_the_desks_rules_for_each_right(dsar: Run, sqlite_demo_url: str) -> None:
    """Access is answered by its pack, the note saying how it was sent (it was refused
    before: nothing said how the pack went out); an erasure is done once the record is
    erased, which the command line says how to do."""
    _log(dsar, "access")
    _log(dsar, "erasure")

    status, _, err = dsar("answer", "2", "--note", "Erased")
    assert status == 1
    assert err.startswith("custinfo: The record is not erased yet: erase it (custinfo erase ")
    assert "F7" not in err  # the desk's key means nothing here

    answered = "Request 1 marked answered, in time. No pack was exported for it.\n"
    assert dsar("answer", "1", "--note", "Sent by post")[:2] == (0, answered)
    with sqlite3.connect(_db(sqlite_demo_url)) as connection:
        notes = connection.execute("SELECT answer_note FROM subject_access_requests ORDER BY id")
        assert [note for (note,) in notes] == ["Sent by post", None]


def test_the_identity_check_of_a_request_taken_unverified_is_recorded_as_on_the_desk(
    dsar: Run, sqlite_demo_url: str
) -> None:
    _taken_unverified_in_a_call(sqlite_demo_url, DataRight.RECTIFICATION)
    status, _, err = dsar("answer", "1", "--note", "Surname spelling corrected")
    assert status == 1
    assert 'check who they are first (custinfo dsar identity 1 --how "..." records how)' in err
    assert "(I records how)" not in err  # the desk's key means nothing here

    checked = dsar("identity", "1", "--how", "Called back on the number on file")

    assert checked == (0, "Identity check recorded for request 1: it may now be acted on.\n", "")
    assert dsar("identity", "1", "--how", "Again")[2] == (
        "custinfo: This request's identity check is recorded already.\n"
    )
    assert dsar("answer", "1", "--note", "Surname spelling corrected")[0] == 0
    with sqlite3.connect(_db(sqlite_demo_url)) as connection:
        [(operator, details)] = connection.execute(
            "SELECT operator_id, details FROM audit_events WHERE action = 'dsar.identity_checked'"
        )
        [(how,)] = connection.execute("SELECT identity_check FROM subject_access_requests")
        [(dpo,)] = connection.execute("SELECT id FROM operators WHERE username = 'dpo'")
    assert operator == dpo  # the data protection officer who ran it, as on the desk
    assert json.loads(details) == {"request_id": 1, "right": "rectification"}
    assert how == "Called back on the number on file"  # the request keeps it, not the event


def test_two_requests_of_one_customer_on_one_day_are_told_apart_by_their_right(
    dsar: Run,
) -> None:
    _log(dsar, "access")
    _log(dsar, "erasure")

    _, out, _ = dsar("list")
    rows = [line.split() for line in out.splitlines()[1:3]]
    assert [(row[0], row[1]) for row in rows] == [("1", "Access"), ("2", "Erasure")]
    assert rows[0][2:] == rows[1][2:]  # the same customer, day, due day and days left


def test_a_request_still_to_verify_is_marked_as_on_the_desk_until_it_is_checked(
    dsar: Run, sqlite_demo_url: str
) -> None:
    _taken_unverified_in_a_call(sqlite_demo_url, DataRight.RECTIFICATION)

    status, out, _ = dsar("list")

    lines = out.splitlines()
    assert status == 0 and lines[0].split()[:3] == ["id", "right", "reference"]
    assert lines[1].split()[:3] == ["1", "Rectification?", JOHN.split()[0]]
    assert "1 request, 1 to verify (?), overdue first." in lines
    assert 'custinfo dsar identity --as dpo ID --how "..."' in out
    dsar("identity", "1", "--how", "Called back on the number on file")
    _, out, _ = dsar("list")
    assert out.splitlines()[1].split()[:2] == ["1", "Rectification"]
    assert "?" not in out


def test_dsar_told_records_a_recipient_told_or_why_not_as_the_desks_t(
    dsar: Run, sqlite_demo_url: str
) -> None:
    """Art. 19 from the command line: the recipient of a release told of a rectification on
    a day, or not told with why; a day and a why together are refused with the option."""
    from tests.support.disclosed import released_to

    engine = build_engine_for(sqlite_demo_url)
    try:
        uows = uow_factory_for(engine)
        agent, dpo = desk_for(uows, "agent"), desk_for(uows, "dpo")
        police = released_to(agent, dpo, 1, "Example Constabulary")
    finally:
        engine.dispose()
    _log(dsar, "rectification")

    told = ["told", "1", "--disclosure", str(police)]
    status, out, err = dsar(*told, "--not-told", "Closed", "--on", "1/1/2026")
    assert status == 2 and "not allowed with argument" in err  # one or the other
    status, out, err = dsar(*told, "--not-told", "Their team has closed, no successor")
    assert status == 0, err
    assert words(out) == (
        f"Rectification request 1: Example Constabulary (disclosure {police}) recorded as not "
        "told: impossible or disproportionate effort (Art. 19)."
    )
    assert "successor" not in out  # the why not typed stays off the terminal

    status, out, err = dsar("told", "1", "--disclosure", "99", "--on", "today")
    assert status == 2  # not a day argparse reads
    status, out, err = dsar("told", "1", "--disclosure", "99", "--on", "1/1/2020")
    assert status == 1 and err.startswith("custinfo: --disclosure: Choose a recipient")
