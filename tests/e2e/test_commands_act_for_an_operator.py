"""The commands that do for an operator what the console does in their name act for the
operator named with `--as` (commands/acting.py; docs/architecture.md, "Who the command
line acts as"): a wrong password, a role without the permission, or a temporary password
is refused and changes nothing; what the data protection officer does is on the trail, and
in the person's subject access pack, under the DPO, not "system" (UK GDPR Art. 5(2))."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import main
from custinfo_tui.composition import build_engine_for, uow_factory_for
from custinfo_tui.domain.roles import Role
from custinfo_tui.services.demo import DemoOperator
from custinfo_tui.services.operators import add_operator
from tests.support.acting import ADMIN, AGENT, SUPERVISOR, TRAINER, main_as
from tests.support.actors import actor_for
from tests.support.printed_lines import too_wide, words

WRONG = "not-the-password"
REFUSED_LOGIN = "custinfo: Username or password not recognised.\n"


def _db(url: str) -> str:
    return str(make_url(url).database)


def _reference(db: str) -> str:
    with sqlite3.connect(db) as connection:
        [(reference,)] = connection.execute("SELECT reference FROM customers WHERE id = 1")
    return str(reference)


def _newest_event(db: str) -> int:
    with sqlite3.connect(db) as connection:
        [(newest,)] = connection.execute("SELECT max(id) FROM audit_events")
    return int(newest)


def _events_after(db: str, event_id: int) -> list[tuple[str, int | None, str | None]]:
    """(action, operator id, console session) of each event after `event_id`, in order."""
    with sqlite3.connect(db) as connection:
        return list(
            connection.execute(
                "SELECT action, operator_id, console_session FROM audit_events "
                "WHERE id > ? ORDER BY id",
                (event_id,),
            )
        )


def _operator_id(db: str, username: str) -> int:
    with sqlite3.connect(db) as connection:
        [(operator_id,)] = connection.execute(
            "SELECT id FROM operators WHERE username = ?", (username,)
        )
    return int(operator_id)


def test_the_dpos_erasure_and_subject_access_pack_name_the_dpo(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(sqlite_demo_url)
    reference = _reference(db)
    dpo = _operator_id(db, "dpo")
    before = _newest_event(db)

    assert main_as(["--db", db, "erase", reference, "--check"]) == 0
    log = ["dsar", "log", "--customer", reference, "--asked-by", "The customer, by letter"]
    assert main_as(["--db", db, *log, "--identity", "Passport checked"]) == 0
    assert main_as(["--db", db, "dsar", "export", "1", "--out", str(tmp_path / "pack.json")]) == 0

    pack = json.loads((tmp_path / "pack.json").read_text(encoding="utf-8"))
    [access] = [section for section in pack["sections"] if section["key"] == "access"]
    looked = [row for row in access["rows"] if "how much erasure would remove" in row["What"]]
    assert [row["Operator"] for row in looked] == ["dpo"]
    assert "system" not in {row["Operator"] for row in access["rows"]}

    assert main_as(["--db", db, "erase", reference, "--reason", "Art. 17 request"]) == 0
    assert "Erased " in capsys.readouterr().out
    trail = _events_after(db, before)
    assert {who for _, who, _ in trail} == {dpo}  # no event as the system
    actions = [action for action, _, _ in trail]
    erased = actions.index("customer.erased")
    login, out = trail[erased - 2], trail[erased + 1]  # the look before it is the same run's
    assert (login[0], out[0]) == ("operator.login_succeeded", "operator.logged_out")
    assert login[2] == trail[erased][2] == out[2]  # one session: login, erasure, log-out
    assert actions.count("operator.login_succeeded") == actions.count("operator.logged_out") == 4


def test_a_wrong_password_changes_nothing_and_five_lock_the_dpo_out(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(sqlite_demo_url)
    reference = _reference(db)
    dpo = _operator_id(db, "dpo")
    before = _newest_event(db)
    erase = ["--db", db, "erase", reference, "--reason", "Art. 17 request"]

    for _ in range(5):
        assert main_as(erase, password=WRONG) == 1
    assert capsys.readouterr() == ("", REFUSED_LOGIN * 5)
    assert main_as(erase) == 1  # the right password, but locked out: as at the console
    assert capsys.readouterr().err == REFUSED_LOGIN

    trail = _events_after(db, before)
    assert [action for action, _, _ in trail] == [
        *["operator.login_failed"] * 5,
        "operator.locked_out",
        "operator.login_failed",
    ]
    assert {who for _, who, _ in trail} == {None}  # as a failed login at a desk
    with sqlite3.connect(db) as connection:
        [(locked,)] = connection.execute("SELECT locked_until FROM operators WHERE id = ?", (dpo,))
    assert locked is not None


@pytest.mark.parametrize(
    ("argv", "operator", "refusal"),
    [
        (
            ["erase", "REF", "--reason", "Art. 17 request"],
            AGENT,
            "agent is a Call-handler; only a data protection officer can handle data "
            "protection requests.",
        ),
        (
            ["dsar", "export", "1", "--out", "pack.html"],
            SUPERVISOR,
            "supervisor is a Supervisor; only a data protection officer can handle data "
            "protection requests.",
        ),
        (
            ["breach", "list"],
            ADMIN,
            "admin is an Administrator; only a data protection officer can handle data "
            "protection requests.",
        ),
        (
            ["disclosures", "list"],
            TRAINER,
            "trainer is a Trainer; only a data protection officer or a supervisor can handle "
            "disclosure requests.",
        ),
        (
            ["complaints", "list"],
            AGENT,
            "agent is a Call-handler; only a supervisor can list the open complaints.",
        ),
        (
            ["audit", "show"],
            AGENT,
            "agent is a Call-handler; only a supervisor, a data protection officer or an "
            "administrator can read the trail.",
        ),
    ],
    ids=lambda value: value.username if isinstance(value, DemoOperator) else None,
)
def test_a_role_without_the_permission_is_refused_and_the_refusal_audited(
    sqlite_demo_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    operator: DemoOperator,
    refusal: str,
) -> None:
    """The permission the console checks for the same work: a handler cannot erase."""
    db = _db(sqlite_demo_url)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    before = _newest_event(db)
    typed = [_reference(db) if word == "REF" else word for word in argv]

    assert main_as(["--db", db, *typed], operator) == 1

    out, said = capsys.readouterr()
    assert out == ""
    assert words(said) == f"custinfo: {refusal}" and not too_wide(said)
    trail = _events_after(db, before)
    assert [action for action, _, _ in trail] == [
        "operator.login_succeeded",
        "command.refused",  # the refusal itself, as the console's is (services/command_refusals.py)
        "operator.logged_out",
    ]
    assert {who for _, who, _ in trail} == {_operator_id(db, operator.username)}
    assert not any(here.iterdir())  # no pack written


def test_a_temporary_password_is_refused_until_it_is_changed_at_the_console(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = build_engine_for(sqlite_demo_url)
    try:
        uows = uow_factory_for(engine)
        issued = add_operator(uows(), actor_for(uows, "admin"), "dpo2", "Dee Deputy", Role.DPO)
    finally:
        engine.dispose()
    deputy = DemoOperator("dpo2", "Dee Deputy", Role.DPO, issued.temporary_password)
    db = _db(sqlite_demo_url)
    before = _newest_event(db)

    assert main_as(["--db", db, "dsar", "list"], deputy) == 1

    out, said = capsys.readouterr()
    assert out == ""
    assert words(said) == (
        "custinfo: your password is temporary: log in to the console and change it first."
    )
    assert [action for action, _, _ in _events_after(db, before)] == [
        "operator.login_succeeded",
        "command.refused",  # the refusal itself, as the console's is (services/command_refusals.py)
        "operator.logged_out",
    ]


def test_a_command_that_acts_for_an_operator_needs_their_username(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(sqlite_demo_url)
    before = _newest_event(db)

    with pytest.raises(SystemExit) as stopped:
        main(["--db", db, "erase", _reference(db), "--check"])

    assert stopped.value.code == 2
    assert "the following arguments are required: --as" in capsys.readouterr().err
    assert _events_after(db, before) == []


def test_anyone_exports_their_own_evidence_and_only_a_trainer_or_supervisor_anyones(
    sqlite_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db(sqlite_demo_url)
    evidence = ["--db", db, "evidence", "--operator"]

    assert main_as([*evidence, "trainer", "--out", str(tmp_path / "theirs.html")], AGENT) == 1
    assert capsys.readouterr().err == (
        "custinfo: Your role does not allow you to export another operator's evidence.\n"
    )
    assert not (tmp_path / "theirs.html").exists()
    assert main_as([*evidence, "agent", "--out", str(tmp_path / "mine.html")], AGENT) == 0

    with sqlite3.connect(db) as connection:
        [(operator_id, details)] = connection.execute(
            "SELECT operator_id, details FROM audit_events WHERE action = 'evidence.exported'"
        )
    agent = _operator_id(db, "agent")
    assert operator_id == agent and json.loads(details)["of_operator"] == agent
