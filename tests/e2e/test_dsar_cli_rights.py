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

from custinfo_tui.cli import main

JOHN = "1001 2345 P"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def dsar(sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """`custinfo dsar ARGS...` on the demo database: exit status, what it printed, and what
    it said on stderr."""
    db = str(make_url(sqlite_demo_url).database)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            status = main(["--db", db, "dsar", *args])
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


def test_a_rectification_is_answered_with_the_note_of_what_was_corrected(
    dsar: Run, sqlite_demo_url: str
) -> None:
    _log(dsar, "rectification")

    status, out, err = dsar("answer", "1")
    assert status == 1 and out == ""
    assert err == (
        'custinfo: Note what was corrected, with --note: custinfo dsar answer 1 --note "...".\n'
    )
    assert "--note TEXT" in dsar("answer", "--help")[1]

    status, out, _ = dsar("answer", "1", "--note", "Surname spelling corrected")
    assert status == 0
    assert out == (
        "Rectification request 1 marked answered, in time: tell the person what was done.\n"
    )
    with sqlite3.connect(_db(sqlite_demo_url)) as connection:
        [(note,)] = connection.execute("SELECT answer_note FROM subject_access_requests")
        [(details,)] = connection.execute(
            "SELECT details FROM audit_events WHERE action = 'dsar.answered'"
        )
    assert note == "Surname spelling corrected"
    assert json.loads(details) == {"request_id": 1, "in_time": True, "right": "rectification"}


def test_the_note_follows_the_desks_rules_for_each_right(dsar: Run) -> None:
    """Access is answered by its pack, with no note; an erasure is done once the record is
    erased, which the command line says how to do."""
    _log(dsar, "access")
    _log(dsar, "erasure")

    status, _, err = dsar("answer", "1", "--note", "Sent by post")
    assert status == 1 and "An access request is answered by sending its pack" in err
    status, _, err = dsar("answer", "2", "--note", "Erased")
    assert status == 1
    assert err.startswith("custinfo: The record is not erased yet: erase it (custinfo erase ")
    assert "F7" not in err  # the desk's key means nothing here

    answered = "Request 1 marked answered, in time. No pack was exported for it.\n"
    assert dsar("answer", "1")[:2] == (0, answered)
