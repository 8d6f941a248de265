"""A run's evidence of practice from the command line (MP-21; docs/training.md, "Evidence
of practice"), as an explorer acting as a trainer and a quality manager read it beside
`custinfo train report`: runs played through the real services on their sandboxes, then
`custinfo train report` and `custinfo evidence --run` run in-process, and the files read.

The export gives what an assessor needs and the report gives (the score, each verdict
with what it rests on and what should have happened, how the run ended), explains its
marks, and quotes no value the caller gave, no name, and no other value on the record.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.composition import build_console_services, open_sandbox, uow_factory_for
from custinfo_tui.domain.capture import MOVED, CapturePolicy, FieldEdit
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Channel, CheckKind, VerificationPolicy
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services import auth, verification
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.records import edit_customer, open_record_in_call
from custinfo_tui.services.scenarios import load_scenario
from custinfo_tui.services.training import finish_run, run_detail
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.acting import TRAINER, main_as
from tests.support.edits import read_back_of
from tests.support.tour import AGENT

#: The sandbox's policy: a change of address once the caller reaches Standard.
POLICY = VerificationPolicy(actions={**VerificationPolicy().actions, "change:address": "standard"})
#: What the change-of-address caller and his record hold: none may be in an export.
JOHNS_VALUES = ("John", "Smith", "Harbour", "Tower Street", "SE1", "1963", "900456", "Whitby")
Walk = Callable[[UnitOfWorkFactory, Actor, dict[str, int]], None]


def _played(sqlite_demo_url: str, tmp_path: Path, scenario: str, walk: Walk) -> int:
    """Run 1 of `scenario` for agent, started by the trainer and walked through the
    services on its sandbox; left running, as a console stopped mid-run leaves it."""
    services = build_console_services(sqlite_demo_url, training_dir=tmp_path / "training")
    trainer = services.authenticate("trainer", "trainer-demo-2026").actor
    assert trainer is not None
    run = services.start_training_run(trainer, scenario, "agent")
    with open_sandbox(Path(run.sandbox_path)) as sandbox:
        trainee = auth.authenticate(sandbox(), *AGENT).actor
        assert trainee is not None
        with sandbox() as uow:
            keys = uow.training.customer_keys()
        walk(sandbox, trainee, keys)
    return run.run_id


def _a_wrong_address_then_log_out(
    sandbox: UnitOfWorkFactory, trainee: Actor, keys: dict[str, int]
) -> None:
    """The caller said "Fourteen Harbour Road"; "8 Harbour View" saved, read back and
    confirmed; then logged out mid-call, no wrap-up."""
    search_customers(sandbox(), trainee, "john smith")
    call = verification.start_interaction(
        sandbox(), trainee, POLICY, keys["john"], Channel.PHONE
    ).interaction_id
    for kind, said in ((CheckKind.DATE_OF_BIRTH, "12/04/1963"), (CheckKind.POSTCODE, "SE1 7TX")):
        verification.check_answer(sandbox(), trainee, POLICY, call, kind, said)
    record = open_record_in_call(sandbox(), trainee, POLICY, call)
    edit_customer(
        sandbox(),
        trainee,
        CapturePolicy(),
        keys["john"],
        record.version,
        {"address_line1": FieldEdit(value="8 Harbour View", reason=MOVED)},
        read_back_of("address_line1"),  # the town and postcode kept read back with it
        policy=POLICY,
        interaction_id=call,
    )
    auth.log_out(sandbox(), trainee)


def test_a_wrong_address_is_a_different_value_in_the_report_and_the_export(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an explorer: "8 Harbour View" saved for "Fourteen Harbour Road" was "one
    character missing"; and the export dropped the score, the should-haves, MP-05's
    details, the call ended at log-out, and never said what + and - mean."""
    run_id = _played(sqlite_demo_url, tmp_path, "change-of-address", _a_wrong_address_then_log_out)
    engine = build_engine(sqlite_demo_url)
    live = uow_factory_for(engine)
    sandbox_file = Path(run_detail(live(), None, run_id).run.sandbox_path)
    with open_sandbox(sandbox_file) as sandbox:  # the trainee's console closed: scored
        finish_run(live(), None, run_id, load_scenario("change-of-address"), sandbox())
    engine.dispose()
    db = str(make_url(sqlite_demo_url).database)
    page, as_json = tmp_path / "run-1.html", tmp_path / "run-1.json"

    assert main_as(["--db", db, "train", "report", "1"], TRAINER) == 0
    report = capsys.readouterr().out
    common = ["--db", db, "evidence", "--operator", "agent", "--run", "1", "--out"]
    assert main_as([*common, str(page)], TRAINER) == 0
    assert main_as([*common, str(as_json), "--json"], TRAINER) == 0

    differs = "Differs from the caller's details: Address line 1: a different value; Town"
    assert differs in report and "one character missing" not in report
    # MP-18's evidence says why the call ended, as the timeline does: it read "Call of
    # 10:31:05 ended" alone, under a timeline saying "... when the trainee logged out".
    unwrapped = " ".join(report.split())  # each step's wrapped words joined
    assert "ended when the trainee logged out the call ended without a wrap-up" in unwrapped
    html = page.read_text(encoding="utf-8")
    assert differs in html.replace("&#x27;", "'")
    assert "Score: 2 of 7 marking points met" in html
    assert "Should have: changed Town, Postcode to what the caller gave" in html
    assert "How it ended: Call of " in html and "ended when the trainee logged out." in html
    assert "&quot;MP-08 +&quot; counts towards MP-08" in html
    assert "<th>Steps for</th><th>Steps against</th>" in html
    written = json.loads(as_json.read_text(encoding="utf-8"))
    assert written["score"] == "2 of 7 marking points met"
    mp05 = next(p for p in written["points"] if p["marking_point"] == "MP-05")
    assert mp05["note"].startswith(differs) and mp05["should_have"].startswith("Should have:")
    assert written["ended"].endswith("ended when the trainee logged out.")
    assert (written["contact_count"], written["step_count"]) == (
        1,
        len(written["contacts"][0]["steps"]),
    )
    for text in (html, as_json.read_text(encoding="utf-8")):
        assert not [value for value in JOHNS_VALUES if value in text]
    # The trainer's notes only when asked for, with what that means said in the file.
    noted = tmp_path / "run-1-notes.json"
    assert main_as([*common, str(noted), "--with-notes"], TRAINER) == 0
    assert "must hold no customer data" in noted.read_text(encoding="utf-8")
    assert "must hold no customer data" not in html
    assert main_as([*common[:-3], "--with-notes", "--out", str(tmp_path / "w.html")], TRAINER) == 2


def _a_spouse_checked_as_the_customer(
    sandbox: UnitOfWorkFactory, trainee: Actor, keys: dict[str, int]
) -> None:
    """Carys Hughes asked Gareth's date of birth as if she were him; then the console
    stopped mid-call."""
    search_customers(sandbox(), trainee, "gareth hughes")
    call = verification.start_interaction(
        sandbox(), trainee, POLICY, keys["gareth"], Channel.PHONE
    ).interaction_id
    verification.check_answer(
        sandbox(), trainee, POLICY, call, CheckKind.DATE_OF_BIRTH, "14/02/1970"
    )


def test_a_run_cut_short_says_so_and_names_nobody_in_its_should_haves(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The should-have names the caller taken for the customer ("Carys Hughes was checked
    as the customer"): the export says "the caller". Each export's audit event names the
    run it exported."""
    _played(
        sqlite_demo_url, tmp_path, "spouse-without-authority", _a_spouse_checked_as_the_customer
    )
    db = str(make_url(sqlite_demo_url).database)
    out = tmp_path / "run-1.json"
    assert main_as(["--db", db, "train", "end", "1"], TRAINER) == 0
    assert (
        main_as(
            [
                "--db",
                db,
                "evidence",
                "--operator",
                "agent",
                "--run",
                "1",
                "--out",
                str(out),
                "--json",
            ],
            TRAINER,
        )
        == 0
    )

    text = out.read_text(encoding="utf-8")
    written = json.loads(text)
    assert written["ended"] == (
        "Role-play cut short by trainer after its console stopped (1 call left open ended); "
        "the points it never reached are marked not reached."
    )
    verdicts = {p["marking_point"]: p["verdict"] for p in written["points"]}
    assert verdicts["MP-18"] == "not reached" and verdicts["MP-08"] == "not met"
    mp08 = next(p for p in written["points"] if p["marking_point"] == "MP-08")
    assert "before any check: the caller was checked as the customer" in mp08["should_have"]
    assert not [name for name in ("Carys", "Gareth", "Hughes", "1970", "CF14") if name in text]
    (event,) = _exports(sqlite_demo_url)
    assert event.details["source"] == "training_run" and event.details["run"] == 1


def test_an_empty_export_is_one_sentence_and_the_days_are_audited(
    sqlite_demo_url: str, tmp_path: Path
) -> None:
    """Found by an explorer: an export with nothing in it printed table headers with no
    rows, then "No logged steps in this period"."""
    db = str(make_url(sqlite_demo_url).database)
    page, as_json = tmp_path / "none.html", tmp_path / "none.json"
    days = ["--since", "2026-01-05", "--until", "2026-01-06"]
    common = ["--db", db, "evidence", "--operator", "agent", *days, "--out"]
    assert main_as([*common, str(page)], TRAINER) == 0
    assert main_as([*common, str(as_json), "--json"], TRAINER) == 0

    html = page.read_text(encoding="utf-8")
    assert "<table" not in html and "Marking points" not in html
    assert "<p>No logged steps in this period.</p>" in html
    written = json.loads(as_json.read_text(encoding="utf-8"))
    assert (written["contact_count"], written["step_count"]) == (0, 0)
    assert written["anonymisation"].startswith("Customers are shown as placeholders")
    assert {(e.details["since"], e.details["until"]) for e in _exports(sqlite_demo_url)} == {
        ("2026-01-05", "2026-01-06")
    }


def _exports(live_url: str) -> list[AuditEvent]:
    """The live database's `evidence.exported` events."""
    engine = build_engine(live_url)
    try:
        with uow_factory_for(engine)() as uow:
            return uow.audit.list_recent(action=AuditAction.EVIDENCE_EXPORTED.value)
    finally:
        engine.dispose()
