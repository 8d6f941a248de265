"""`custinfo dsar ...` as a second DPO explorer found it: a refusal's reason typed on an
erased record's request kept, `--right rect` refused where the desk takes "rect", and a
received day mistyped a year early logged hundreds of days overdue without a word."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url

from tests.support.acting import main_as
from tests.support.printed_lines import words

JOHN = "1001 2345 P"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def custinfo(sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """`custinfo ARGS...` as the DPO on the demo database: exit status, out and err."""
    db = str(make_url(sqlite_demo_url).database)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            status = main_as(["--db", db, *args])
        except SystemExit as exit_:  # arguments argparse refuses
            status = int(exit_.code or 0)
        said = capsys.readouterr()
        return status, said.out, said.err

    return run


def _log(custinfo: Run, *more: str) -> tuple[int, str, str]:
    log = ["dsar", "log", "--customer", JOHN, "--asked-by", "The customer, by letter"]
    return custinfo(*log, "--identity", "Passport seen", *more)


def test_a_refusal_typed_on_an_erased_records_request_is_not_kept(
    custinfo: Run, sqlite_demo_url: str
) -> None:
    """`dsar refuse N --reason ...` on a request of an erased record left the reason, the
    person's data as typed, on the record erasure had cleared."""
    assert _log(custinfo, "--right", "access")[0] == 0
    assert custinfo("erase", JOHN, "--reason", "Her letter of 3 Dec")[0] == 0
    status, out, _ = custinfo("dsar", "refuse", "1", "--reason", "John Smith asked twice")
    assert status == 0
    assert "What was typed is not kept: the record is erased" in words(out)
    with sqlite3.connect(make_url(sqlite_demo_url).database) as connection:
        [row] = connection.execute(
            "SELECT refusal_reason, requested_by, answered_at IS NOT NULL "
            "FROM subject_access_requests"
        )
    assert row == ("(erased)", "(erased)", 1)  # still refused, nothing of what was typed
    status, out, _ = custinfo("dsar", "list", "--all")
    assert status == 0 and "refused" in out


def test_a_right_is_named_by_enough_of_its_start_as_on_the_desk(custinfo: Run) -> None:
    status, out, _ = _log(custinfo, "--right", "rect")
    assert (status, out) == (0, "Rectification request 1 logged; due " + out[-12:])
    status, _, err = _log(custinfo, "--right", "re")
    assert status == 2
    assert '"re" could be rectification or restriction: type more of the one meant.' in err
    status, _, err = _log(custinfo, "--right", "complain")
    assert status == 2 and "Type the right the request exercises: one of access," in err


def test_a_day_received_more_than_three_months_back_needs_confirming(custinfo: Run) -> None:
    long_ago = datetime.now(UTC).date() - timedelta(days=200)
    status, out, err = _log(custinfo, "--received", long_ago.isoformat())
    assert (status, out) == (1, "")
    assert "200 days ago, more than 3 months" in words(err)
    assert "Check the year. If it is right, add --received-long-ago." in words(err)
    status, out, _ = _log(custinfo, "--received", long_ago.isoformat(), "--received-long-ago")
    assert status == 0 and out.startswith("Request 1 logged")
