"""`custinfo dsar export`: what it says to weigh before the pack is sent, and what it
leaves out with `--withhold-crime-requests` (docs/data-protection.md, "The export pack")."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.services.records import open_record
from tests.support.acting import main_as
from tests.support.actors import actor_for
from tests.support.police_request import JOHN_SMITH, police_request_opened_for
from tests.support.printed_lines import words


def _police_request_opened_for(url: str) -> int:
    """The agent opens John Smith's record for the police's e-mail and records it."""
    engine = build_engine_for(url)
    try:
        return police_request_opened_for(uow_factory_for(engine))
    finally:
        engine.dispose()


def test_withholding_on_the_command_line_leaves_out_the_reason_the_record_was_opened_for(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the DPO: `--withhold-crime-requests` left the request out, but the pack's
    list of who accessed the record still said "Record opened | Other: police e-mail from
    DC Morgan re fraud enquiry"."""
    police = _police_request_opened_for(sqlite_demo_url)
    db = str(make_url(sqlite_demo_url).database)
    base = ["--db", db, "dsar"]
    log = ["log", "--customer", "1001 2345 P", "--asked-by", "The customer"]
    assert main_as([*base, *log, "--identity", "Passport"]) == 0
    capsys.readouterr()

    out = tmp_path / "without.json"
    assert main_as([*base, "export", "1", "--out", str(out), "--withhold-crime-requests"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert f"Left out of the pack: third-party request {police}" in said
    assert "the opening it was recorded under" in said
    assert "Morgan" not in out.read_text() and "Example Constabulary" not in out.read_text()
    # Said once, with the rest: the entries quoted as typed, to read for others' data.
    assert said.count("The pack quotes ") == 1 and "UK GDPR Art. 15(4)" in said

    with sqlite3.connect(db) as connection:
        [(details,)] = connection.execute(
            "SELECT details FROM audit_events WHERE action = 'customer.exported'"
        )
    assert json.loads(details)["withheld_disclosures"] == [police]


def test_the_export_tells_the_dpo_to_read_the_words_typed_after_a_customer_wrote_in(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found in a review: the pack quoted "Customer wrote in (letter or e-mail): letter
    from her sister, Ms Jones" as typed, but the export counted only the words typed after
    "Other", so nothing told the DPO to read it for other people's data."""
    db = str(make_url(sqlite_demo_url).database)
    base = ["--db", db, "dsar"]
    log = ["log", "--customer", "1001 2345 P", "--asked-by", "The customer"]
    assert main_as([*base, *log, "--identity", "Passport"]) == 0

    def typed_in_access(name: str) -> int:
        capsys.readouterr()
        assert main_as([*base, "export", "1", "--out", str(tmp_path / name)]) == 0
        said = " ".join(capsys.readouterr().out.split())
        counted = re.search(r"Who accessed your record and why (\d+)", said)
        return int(counted.group(1)) if counted else 0

    before = typed_in_access("before.json")
    engine = build_engine_for(sqlite_demo_url)
    try:
        uow_factory = uow_factory_for(engine)
        why = AccessReason(
            reason="Customer wrote in (letter or e-mail)", detail="letter from her sister, Ms Jones"
        )
        open_record(uow_factory(), actor_for(uow_factory, "agent"), JOHN_SMITH, why)
    finally:
        engine.dispose()
    assert typed_in_access("after.json") == before + 1


def test_the_answer_records_which_export_was_sent_and_how(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the DPO: after three exports (HTML, HTML without the police request, JSON)
    and the request marked answered, nothing said which went out or how, and `--note
    "sent by post"` was refused for an access request."""
    police = _police_request_opened_for(sqlite_demo_url)
    db = str(make_url(sqlite_demo_url).database)
    base = ["--db", db, "dsar"]
    log = ["log", "--customer", "1001 2345 P", "--asked-by", "The customer"]
    assert main_as([*base, *log, "--identity", "Passport"]) == 0
    for name, *also in (("a.html",), ("b.html", "--withhold-crime-requests"), ("c.json",)):
        assert main_as([*base, "export", "1", "--out", str(tmp_path / name), *also]) == 0
    capsys.readouterr()

    assert main_as([*base, "answer", "1", "--export", "4"]) == 1
    assert "--export: Request 1's pack was exported 3 times: give 1 to 3, 3 being the last." in (
        words(capsys.readouterr().err)
    )
    assert main_as([*base, "answer", "1", "--export", "2", "--note", "sent by post"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert said.startswith("Request 1 marked answered, in time. Sent: export 2 (HTML, ")
    assert f"leaving out third-party request {police} (crime exemption))." in said
    assert "post" not in said  # typed text stays off the terminal

    assert main_as([*base, "list", "--all"]) == 0
    listed = " ".join(capsys.readouterr().out.split())
    assert "Request 1: sent export 2 (HTML, " in listed
    with sqlite3.connect(db) as connection:
        [(note,)] = connection.execute("SELECT answer_note FROM subject_access_requests")
        [(details,)] = connection.execute(
            "SELECT details FROM audit_events WHERE action = 'dsar.answered'"
        )
    assert note == "sent by post"
    answered = json.loads(details)
    assert (answered["export"], answered["form"]) == (2, "html")
    assert answered["withheld_disclosures"] == [police]

    # The person's next pack says how their last one went, never what it left out.
    assert main_as([*base, *log, "--identity", "Passport"]) == 0
    later = tmp_path / "later.html"
    assert main_as([*base, "export", "2", "--out", str(later), "--withhold-crime-requests"]) == 0
    written = later.read_text()
    assert "sent by post" in written
    assert "leaving out" not in written and "crime" not in written.lower()
