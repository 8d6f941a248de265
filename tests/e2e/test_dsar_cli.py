"""`custinfo dsar ...`: log a request, list it with days left, export the pack as HTML and
JSON, mark it answered; restrict a record and lift the restriction. The listing shows
references and dates, never who asked."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.commands.dsar import RIGHTS
from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.reference import format_reference
from tests.support.acting import main_as
from tests.support.printed_lines import too_wide, words
from tests.support.second_record import second_john_smith


def test_a_request_from_logging_to_answered_on_the_command_line(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(make_url(sqlite_demo_url).database)
    with sqlite3.connect(db) as connection:
        [(reference,)] = connection.execute("SELECT reference FROM customers WHERE id = 1")
    base = ["--db", db, "dsar"]

    assert (
        main_as(
            [
                *base,
                "log",
                "--customer",
                reference,
                "--asked-by",
                "Her solicitor",
                "--identity",
                "Signed authority and passport",
                "--received",
                "2026-01-31",
                "--received-long-ago",
            ]
        )
        == 0
    )
    assert "Request 1 logged; due 2026-02-28." in capsys.readouterr().out
    assert main_as([*base, "list"]) == 0
    listed = capsys.readouterr().out
    assert "2026-02-28" in listed and "overdue" in listed and "solicitor" not in listed

    assert main_as([*base, "export", "1", "--out", str(tmp_path / "pack.html")]) == 0
    assert main_as([*base, "export", "1", "--out", str(tmp_path / "pack.json"), "--json"]) == 0
    assert "<h1>The personal data we hold about you</h1>" in (tmp_path / "pack.html").read_text()
    pack = json.loads((tmp_path / "pack.json").read_text())
    assert pack["customer_reference"] == format_reference(reference)  # as the HTML has it
    assert main_as([*base, "export", "1", "--out", str(tmp_path / "pack.json")]) == 1
    assert "exists already" in capsys.readouterr().err
    assert main_as([*base, "export", "1", "--out", str(tmp_path)]) == 1  # a folder, not a file
    assert "That is a folder: add a file name to it." in capsys.readouterr().err

    assert main_as([*base, "answer", "1"]) == 0
    answered = capsys.readouterr().out  # due 28 February: months late, and it says so
    assert answered.startswith("Request 1 marked answered, ") and " days late." in answered
    assert "No pack was exported" not in answered
    assert main_as([*base, "list"]) == 0
    assert "No open subject access requests." in capsys.readouterr().out
    assert main_as([*base, "list", "--all"]) == 0
    assert " days late" in capsys.readouterr().out

    assert main_as([*base, "restrict", reference, "--reason", "Accuracy contested"]) == 0
    capsys.readouterr()
    assert main_as([*base, "restricted"]) == 0
    restricted = capsys.readouterr().out
    assert restricted.startswith(f"{reference[:4]} {reference[4:8]} {reference[8:]}  since ")
    assert "Accuracy" not in restricted
    assert main_as([*base, "lift", reference, "--reason", "Accuracy confirmed"]) == 0
    assert main_as([*base, "lift", reference, "--reason", "Again"]) == 1
    with sqlite3.connect(db) as connection:
        actions = [
            action
            for (action,) in connection.execute(
                "SELECT action FROM audit_events WHERE action LIKE 'dsar.%' "
                "OR action LIKE 'customer.restrict%' OR action = 'customer.exported' ORDER BY id"
            )
        ]
    assert actions == [
        "dsar.logged",
        "dsar.listed",
        "customer.exported",
        "customer.exported",
        "dsar.answered",
        "dsar.listed",
        "dsar.listed",
        "customer.restricted",
        "customer.restriction_lifted",
    ]


def test_a_pack_named_without_an_ending_gets_its_forms_and_is_said_by_its_whole_path(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A name alone is written in the folder the command ran in, with its form's ending,
    and said by its absolute path (the DPO found "Pack written to pack1." on the desk)."""
    db = str(make_url(sqlite_demo_url).database)
    base = ["--db", db, "dsar"]
    logged = ["log", "--customer", "1001 2345 P", "--asked-by", "The customer"]
    assert main_as([*base, *logged, "--identity", "Passport"]) == 0
    monkeypatch.chdir(tmp_path)
    assert main_as([*base, "export", "1", "--out", "pack1"]) == 0
    assert f"to {tmp_path / 'pack1.html'}." in words(capsys.readouterr().out)
    assert main_as([*base, "export", "1", "--out", "pack1", "--json"]) == 0
    assert f"to {tmp_path / 'pack1.json'}." in words(capsys.readouterr().out)
    assert json.loads((tmp_path / "pack1.json").read_text())["customer_reference"]
    assert "<h1>The personal data" in (tmp_path / "pack1.html").read_text()


def test_a_pack_file_that_cannot_be_what_was_asked_is_refused_in_the_evidence_words(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As `custinfo evidence` says them: --json with an HTML name is refused, as are an
    empty name and "-", and a folder that is not there is named whole; nothing is written
    and no export is recorded."""
    db = str(make_url(sqlite_demo_url).database)
    base = ["--db", db, "dsar"]
    logged = ["log", "--customer", "1001 2345 P", "--asked-by", "The customer"]
    assert main_as([*base, *logged, "--identity", "Passport"]) == 0
    capsys.readouterr()

    assert main_as([*base, "export", "1", "--out", str(tmp_path / "pack.html"), "--json"]) == 1
    assert "--json writes JSON, but pack.html names an HTML file" in capsys.readouterr().err
    for name in ("", "-"):
        with pytest.raises(SystemExit) as refused:
            main_as([*base, "export", "1", "--out", name])
        assert refused.value.code == 2
    said = capsys.readouterr().err
    assert "a file name is needed" in said and "not standard output" in said
    missing = tmp_path / "no-such-folder" / "pack.html"
    assert main_as([*base, "export", "1", "--out", str(missing)]) == 1
    assert f"There is no folder {missing.parent}" in words(capsys.readouterr().err)
    assert not (tmp_path / "pack.html").exists() and not missing.parent.exists()
    assert not Path("-").exists()
    with sqlite3.connect(db) as connection:
        exported = connection.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'customer.exported'"
        ).fetchone()
    assert exported == (0,)


def test_a_request_refused_as_excessive_is_listed_as_refused_and_audited(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(make_url(sqlite_demo_url).database)
    base = ["--db", db, "dsar"]
    log = [*base, "log", "--customer", "1001 2345 P", "--asked-by", "The customer"]
    assert main_as([*log, "--identity", "Passport"]) == 0
    capsys.readouterr()

    assert main_as([*base, "refuse", "1", "--reason", "  "]) == 1
    assert "Say why the request is refused." in capsys.readouterr().err
    assert main_as([*log[:-3], "1006 0616 W", *log[-2:], "--identity", "Passport"]) == 0
    assert main_as([*base, "answer", "2"]) == 0  # answered without a pack: said
    assert "in time. No pack was exported for it." in capsys.readouterr().out
    assert main_as([*base, "refuse", "1", "--reason", "The fourth identical request"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Request 1 refused.") and "complain to the ICO" in said
    assert main_as([*base, "answer", "1"]) == 1
    assert "This request is refused already." in capsys.readouterr().err

    assert main_as([*base, "list", "--all"]) == 0
    [header, row, _second, _count] = capsys.readouterr().out.splitlines()
    assert header.split()[-1] == "answered" and row.endswith(" refused")
    assert "fourth" not in row  # the list never shows the request's text
    with sqlite3.connect(db) as connection:
        [(details,)] = connection.execute(
            "SELECT details FROM audit_events WHERE action = 'dsar.refused'"
        )
    assert json.loads(details) == {"request_id": 1, "in_time": True}


def test_a_day_that_is_not_one_is_refused_in_the_consoles_words(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--received 2026-02-30` said "invalid fromisoformat value"; 30/11/2026, the way a
    UK date is written, was refused too."""
    db = str(make_url(sqlite_demo_url).database)
    log = ["--db", db, "dsar", "log", "--customer", "1001 2345 P"]
    log += ["--asked-by", "The customer", "--identity", "Passport", "--received"]
    with pytest.raises(SystemExit):
        main_as([*log, "2026-02-30"])
    said = capsys.readouterr().err
    assert "That date does not exist: that month has only" in said and "fromisoformat" not in said

    assert main_as([*log, "30/11/2026"]) == 0
    assert "due 2026-12-30" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main_as(["--db", db, "audit", "show", "--since", "yesterday"])
    assert "Enter the date as day, month and year" in capsys.readouterr().err


def test_the_list_names_other_records_an_open_request_does_not_cover(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The console's list keeps naming the other records that strongly match a request's
    record; the command line's says so under the table too, by reference only."""
    engine = build_engine_for(sqlite_demo_url)
    try:
        second = second_john_smith(uow_factory_for(engine))
    finally:
        engine.dispose()
    db = str(make_url(sqlite_demo_url).database)
    base = ["--db", db, "dsar"]
    log = [*base, "log", "--customer", "1001 2345 P", "--asked-by", "Her solicitor"]
    assert main_as([*log, "--identity", "Passport"]) == 0
    capsys.readouterr()

    assert main_as([*base, "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[-1].startswith(
        f"Request 1: Other records may be this person's too: {format_reference(second)}"
    )
    assert "Jon" not in listed[-1] and "solicitor" not in "\n".join(listed)


def test_a_request_extended_by_one_month_is_listed_as_one_month(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list said "1 months" for a request extended by one month."""
    db = str(make_url(sqlite_demo_url).database)
    base = ["--db", db, "dsar"]
    log = [*base, "log", "--customer", "1001 2345 P", "--asked-by", "The customer"]
    assert main_as([*log, "--identity", "Passport"]) == 0
    assert main_as([*log, "--identity", "Passport", "--right", "erasure"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("COLUMNS", "80")
    assert main_as([*base, "extend", "1", "--months", "1", "--reason", "Several requests"]) == 0
    # The person is owed word of the extension and why within the first month, said in
    # lines an 80-column terminal shows whole (it was one line of 177 characters).
    extended = capsys.readouterr().out
    assert too_wide(extended) == []
    assert "Tell the person of the extension and why by " in words(extended)
    assert main_as([*base, "extend", "2", "--months", "2", "--reason", "Complex"]) == 0
    capsys.readouterr()

    assert main_as([*base, "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line for line in listed if "1001 2345 P" in line}
    assert "1 month " in rows["1"] + " " and "months" not in rows["1"]
    assert "2 months" in rows["2"]


def test_export_warns_of_a_police_request_in_the_pack_and_can_leave_it_out(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pending police request went into the pack with no word of the crime exemption
    (DPA 2018 Sch. 2 para 2): sending it could tip off a suspect."""
    from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
    from custinfo_tui.services.disclosures import request_disclosure
    from tests.support.actors import actor_for

    engine = build_engine_for(sqlite_demo_url)
    uow_factory = uow_factory_for(engine)
    police = request_disclosure(
        uow_factory(),
        actor_for(uow_factory, "agent"),
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
    engine.dispose()
    db = str(make_url(sqlite_demo_url).database)
    base = ["--db", db, "dsar"]
    log = ["log", "--customer", "1001 2345 P", "--asked-by", "The customer"]
    assert main_as([*base, *log, "--identity", "Passport"]) == 0
    capsys.readouterr()

    assert main_as([*base, "export", "1", "--out", str(tmp_path / "pack.html")]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert f"Before sending, check: the pack lists third-party request {police.id}" in said
    assert "custinfo dsar export 1 --out FILE --withhold-crime-requests" in said
    assert "Example Constabulary" in (tmp_path / "pack.html").read_text()

    left_out = ["export", "1", "--out", str(tmp_path / "without.html")]
    assert main_as([*base, *left_out, "--withhold-crime-requests"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert f"Left out of the pack: third-party request {police.id}" in said
    assert "Example Constabulary" not in (tmp_path / "without.html").read_text()
    with sqlite3.connect(db) as connection:
        details = [
            json.loads(row)
            for (row,) in connection.execute(
                "SELECT details FROM audit_events WHERE action = 'customer.exported' ORDER BY id"
            )
        ]
    assert [d.get("withheld_disclosures") for d in details] == [None, [police.id]]


def test_a_portability_requests_pack_named_without_an_ending_is_written_as_json(
    sqlite_demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Portability's data goes in a machine-readable form (Art. 20(1)): a name with no
    ending is JSON without --json, as on the desk (it was written as HTML); a name ending
    .html still gives the printable form."""
    db = str(make_url(sqlite_demo_url).database)
    base = ["--db", db, "dsar"]
    logged = ["log", "--customer", "1001 2345 P", "--asked-by", "The customer"]
    assert main_as([*base, *logged, "--identity", "Passport", "--right", "portability"]) == 0
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main_as([*base, "export", "1", "--out", "their-data"]) == 0
    assert f"to {tmp_path / 'their-data.json'}." in words(capsys.readouterr().out)
    assert json.loads((tmp_path / "their-data.json").read_text())["customer_reference"]
    assert main_as([*base, "export", "1", "--out", "printable.html"]) == 0
    assert "<h1>The personal data" in (tmp_path / "printable.html").read_text()


def test_a_request_of_another_right_is_logged_and_one_already_open_is_noted_not_logged(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`dsar log --right` logs a request of any right (access unless it says); a right the
    customer has a request open for is noted on that one, as a right asked again in a
    call is."""
    assert tuple(right.value for right in DataRight) == RIGHTS
    db = str(make_url(sqlite_demo_url).database)
    base = ["--db", db, "dsar"]
    log = [*base, "log", "--customer", "1001 2345 P", "--asked-by", "The customer"]
    log += ["--identity", "Passport", "--received", "2026-01-31", "--received-long-ago"]

    assert main_as([*log, "--right", "erasure"]) == 0
    assert capsys.readouterr().out == "Erasure request 1 logged; due 2026-02-28.\n"
    assert main_as(log) == 0
    assert capsys.readouterr().out == "Request 2 logged; due 2026-02-28.\n"
    assert main_as([*log, "--right", "erasure"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Not logged.\nNot logged again: request 1, the customer's open erasure")
    with pytest.raises(SystemExit):
        main_as([*log, "--right", "forgetting"])
    assert "Type the right the request exercises: one of access," in capsys.readouterr().err

    with sqlite3.connect(db) as connection:
        rights = connection.execute("SELECT id, data_right FROM subject_access_requests")
        assert sorted(rights) == [(1, "erasure"), (2, "access")]
        [(details,)] = connection.execute(
            "SELECT details FROM audit_events WHERE action = 'dsar.asked_again'"
        )
    assert json.loads(details) == {"request_id": 1, "right": "erasure"}


def test_a_right_logged_again_but_received_earlier_moves_the_open_request_back(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the DPO: an earlier letter for a right already open was folded into the
    later request, which kept its later due date. The month runs from receipt (Art.
    12(3)): the open request now runs from the earlier day. Received later, it stands."""
    db = str(make_url(sqlite_demo_url).database)
    log = ["--db", db, "dsar", "log", "--customer", "1001 2345 P", "--asked-by"]
    log += ["The customer, by letter", "--identity", "Passport copy with the letter"]

    assert main_as([*log, "--received", "2026-10-20"]) == 0
    assert capsys.readouterr().out == "Request 1 logged; due 2026-11-20.\n"
    assert main_as([*log, "--received", "2026-10-25"]) == 0  # later: it stands
    assert "(received 20 Oct 2026, due 20 Nov 2026), covers it" in capsys.readouterr().out
    assert main_as([*log, "--received", "2026-10-02"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert said == (
        "Not logged. Not logged again: request 1, the customer's open subject access request "
        "(received 20 Oct 2026), covers it; this request is noted on it. It was received "
        "earlier and the month runs from receipt (Art. 12(3)), so request 1 now runs from "
        "02 Oct 2026, due 02 Nov 2026."
    )

    with sqlite3.connect(db) as connection:
        [(received, due)] = connection.execute(
            "SELECT received_on, due_on FROM subject_access_requests"
        )
        noted = [
            json.loads(details)
            for (details,) in connection.execute(
                "SELECT details FROM audit_events WHERE action = 'dsar.asked_again' ORDER BY id"
            )
        ]
    assert (received, due) == ("2026-10-02", "2026-11-02")
    assert noted == [
        {"request_id": 1, "right": "access"},
        {
            "request_id": 1,
            "right": "access",
            "why": "received_earlier",
            "received_on": "2026-10-02",
            "due_on": "2026-11-02",
            "was_received_on": "2026-10-20",
            "was_due_on": "2026-11-20",
        },
    ]


def test_the_exported_pack_lists_what_a_merged_record_holds_under_its_reference(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by a security explorer: with Zoë Taylor's record merged into John Smith's,
    `custinfo dsar export` wrote her phone, address and events into his pack, but not her
    names or date of birth, which her merged record still holds."""
    from custinfo_tui.domain.merging import comparing_reason
    from custinfo_tui.services.merging import merge_records, preview_merge
    from tests.support.actors import actor_for

    db = str(make_url(sqlite_demo_url).database)
    needs = "Large print <script>alert(1)</script>"  # reached her record in an import
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE customers SET accessibility_needs = ? WHERE id = 2", (needs,))
        [(merged,)] = connection.execute("SELECT reference FROM customers WHERE id = 2")
    engine = build_engine_for(sqlite_demo_url)
    try:
        uow_factory = uow_factory_for(engine)
        supervisor = actor_for(uow_factory, "supervisor")
        reason = "Same person: letter with both references"
        preview = preview_merge(uow_factory(), supervisor, 1, 2, comparing_reason(reason))
        merge_records(uow_factory(), supervisor, 1, 2, {}, reason, confirmed=preview.warnings)
    finally:
        engine.dispose()
    base = ["--db", db, "dsar"]
    log = ["log", "--customer", "1001 2345 P", "--asked-by", "The customer"]
    assert main_as([*base, *log, "--identity", "Passport"]) == 0
    assert main_as([*base, "export", "1", "--out", str(tmp_path / "pack.html")]) == 0
    assert main_as([*base, "export", "1", "--out", str(tmp_path / "pack.json")]) == 0
    capsys.readouterr()

    on_merged = f"{format_reference(merged)}, merged into this record"
    document = json.loads((tmp_path / "pack.json").read_text(encoding="utf-8"))
    [section] = [s for s in document["sections"] if s["key"] == "merged-records"]
    held = {row["Field"]: (row["Record"], row["Value"]) for row in section["rows"]}
    assert held["Given name"] == (on_merged, "Zoë")
    assert held["Family name"] == (on_merged, "Taylor")
    assert held["Date of birth"] == (on_merged, "30 August 1995")
    assert held["Support needs"] == (on_merged, needs)
    page = (tmp_path / "pack.html").read_text(encoding="utf-8")
    [html] = re.findall(r'<section id="merged-records">(.*?)</section>', page, re.S)
    assert f"<td>{on_merged}</td><td>Given name</td><td>Zoë</td>" in html
    assert f"<td>{on_merged}</td><td>Date of birth</td><td>30 August 1995</td>" in html
    assert "<script>" not in page
    assert "<td>Large print &lt;script&gt;alert(1)&lt;/script&gt;</td>" in html


def test_an_empty_register_listed_with_all_says_there_are_none_at_all(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by a DPO: `dsar list --all` on an empty register said "No open subject access
    requests.", as if answered ones might be held."""
    base = ["--db", str(make_url(sqlite_demo_url).database), "dsar"]
    assert main_as([*base, "list", "--all"]) == 0
    assert capsys.readouterr().out == "No subject access requests.\n"
    assert main_as([*base, "list"]) == 0
    assert capsys.readouterr().out == "No open subject access requests.\n"


def test_a_request_number_not_in_the_register_says_which_command_lists_them(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by a DPO: "No subject access request has that number." left them to guess
    where the numbers are."""
    base = ["--db", str(make_url(sqlite_demo_url).database), "dsar"]
    assert main_as([*base, "answer", "7"]) == 1
    assert words(capsys.readouterr().err) == (
        "custinfo: No subject access request has that number. "
        "`custinfo dsar list --all` lists them."
    )


def test_lifting_a_restriction_says_the_person_is_told_first(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`dsar lift` said only "Restriction lifted.", with no word that the person who
    obtained the restriction is told before it is lifted (Art. 18(3)), as the desk now says."""
    base = ["--db", str(make_url(sqlite_demo_url).database), "dsar"]
    reference = "1001 2345 P"
    assert main_as([*base, "restrict", reference, "--reason", "Accuracy contested"]) == 0
    capsys.readouterr()
    assert main_as([*base, "lift", reference, "--reason", "Accuracy confirmed"]) == 0
    assert words(capsys.readouterr().out) == (
        "Restriction lifted. The person is to be told before a restriction is lifted (UK GDPR "
        "Art. 18(3)): if they were not, tell them now."
    )
