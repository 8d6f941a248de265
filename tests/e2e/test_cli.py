"""The `custinfo` command as an administrator uses it."""

from __future__ import annotations

import argparse
import io
import os
import signal
import sqlite3
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from custinfo_tui.cli import _parser, main
from tests.support.acting import SUPERVISOR, main_as
from tests.support.printed_lines import words
from tests.support.terminal import on_a_terminal


def _operators(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT username, role FROM operators ORDER BY id").fetchall()


def test_init_creates_the_schema_and_the_first_admin_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))

    assert main(["--db", str(db), "init", "--password-stdin"]) == 0

    assert "First admin operator: admin" in capsys.readouterr().out
    assert _operators(db) == [("admin", "admin")]


def test_init_accepts_db_after_the_command_and_is_safe_to_rerun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))
    assert main(["init", "--db", str(db), "--password-stdin"]) == 0
    assert main(["init", "--db", str(db), "--password-stdin"]) == 0
    assert "already has operators" in capsys.readouterr().out
    assert len(_operators(db)) == 1


def test_init_naming_an_admin_on_a_database_with_operators_says_it_made_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an IT-operations explorer: `init --admin-username boss2` on a database with
    operators said "it already has operators" and exited 0, as if boss2 had been made."""
    db = tmp_path / "desk.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))
    assert main(["--db", str(db), "init", "--password-stdin"]) == 0
    capsys.readouterr()

    assert main(["--db", str(db), "init", "--admin-username", "boss2"]) == 1

    said = capsys.readouterr()
    assert "already has operators" in said.out
    assert said.err.startswith("custinfo: boss2 was not created: init makes only the first")
    assert "custinfo operator add" in said.err
    assert _operators(db) == [("admin", "admin")]


def _downgraded(db: Path, steps: int) -> list[str]:
    """Take `db` back `steps` migrations, as an older custinfo left it; the revisions the
    next upgrade applies, oldest first."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from custinfo_tui.repository.engine import build_engine
    from custinfo_tui.repository.migrate import alembic_config, head_revision

    config = alembic_config()
    engine = build_engine(f"sqlite+pysqlite:///{db}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, f"-{steps}")
    engine.dispose()
    newest = ScriptDirectory.from_config(config).iterate_revisions(head_revision(), "base")
    return [revision.revision for revision in newest][:steps][::-1]


def test_init_on_a_database_it_upgrades_says_which_migrations_it_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found trying `init` after an upgrade: it ran the migrations and said "Database is
    up to date; it already has operators"."""
    db = tmp_path / "desk.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))
    assert main(["--db", str(db), "init", "--password-stdin"]) == 0
    applied = _downgraded(db, 2)
    with sqlite3.connect(db) as connection:
        [(before,)] = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    capsys.readouterr()

    assert main(["--db", str(db), "init"]) == 0

    assert capsys.readouterr().out == (
        f"Database upgraded from revision {before} to {applied[-1]} (2 migrations: "
        f"{applied[0]}, {applied[1]}); it already has operators.\n"
    )
    assert main(["--db", str(db), "init"]) == 0
    assert capsys.readouterr().out == "Database is up to date; it already has operators.\n"


def test_init_refuses_a_short_password_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(tmp_path / "desk.db"), "init", "--password-stdin"])
    assert stopped.value.code == 1
    assert "at least 12 characters" in words(capsys.readouterr().err)


def test_init_refuses_a_username_with_a_space_saying_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-passphrase\n"))

    argv = ["--db", str(db), "init", "--admin-username", "desk admin", "--password-stdin"]
    assert main(argv) == 1

    err = capsys.readouterr().err
    assert err == "custinfo: A username is 1 to 64 characters with no spaces.\n"
    assert _operators(db) == []


def test_demo_prints_the_operators_and_loads_customers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"

    assert main(["demo", "--db", str(db), "--customers", "120"]) == 0

    out = capsys.readouterr().out
    assert "120 fictitious customers" in out
    assert "agent-demo-2026" in out and "Call-handler" in out
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM customers").fetchone() == (120,)
    assert {role for _, role in _operators(db)} == {
        "agent",
        "supervisor",
        "trainer",
        "dpo",
        "admin",
    }


def test_demo_without_db_never_touches_the_real_database(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from custinfo_tui.settings import Settings

    assert main(["demo", "--customers", "10"]) == 0
    data_dir = Settings().data_dir
    assert (data_dir / "demo.db").exists()
    assert not (data_dir / "custinfo.db").exists()


def test_bad_arguments_get_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["demo", "--db", str(tmp_path / "d.db"), "--customers", "-5"]) == 1
    err = capsys.readouterr().err
    assert "Choose between 0 and 1,000,000" in err
    assert "Traceback" not in err


def test_output_piped_to_a_reader_that_stops_early_is_not_a_crash(tmp_path: Path) -> None:
    """`custinfo train scenarios | head -1`: the reader goes before the command writes."""
    environment = {**os.environ, "CUSTINFO_DATA_DIR": str(tmp_path)}
    environment["CUSTINFO_LOG_DIR"] = str(tmp_path / "logs")
    command = [sys.executable, "-m", "custinfo_tui", "train", "scenarios"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone
        said = process.stderr.read().decode()
    assert process.returncode == 1
    assert said == "", said  # no "internal error (reference ...)"
    assert "crash" not in (tmp_path / "logs" / "custinfo.log").read_text(encoding="utf-8")


def test_redact_cards_counts_then_replaces_card_numbers_stored_in_free_text(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = Path(str(make_url(sqlite_demo_url).database))
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE customers SET accessibility_needs = ? WHERE id = 1",
            ("Large print; paid by 4111 1111 1111 1111",),
        )

    assert main(["--db", str(db), "redact-cards", "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert main(["--db", str(db), "redact-cards"]) == 0
    real = capsys.readouterr().out
    assert main(["--db", str(db), "redact-cards"]) == 0
    again = capsys.readouterr().out

    assert "customers.accessibility_needs" in dry
    assert "Dry run: found 1 card number in 1 row. Nothing was changed." in dry
    assert "Replaced 1 card number in 1 row with [card number removed]" in real
    assert "No card data found" in again
    assert all("4111" not in out for out in (dry, real, again))
    with sqlite3.connect(db) as connection:
        [(needs,)] = connection.execute("SELECT accessibility_needs FROM customers WHERE id = 1")
        actions = connection.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'data.card_numbers_redacted'"
        ).fetchone()
    assert needs == "Large print; paid by [card number removed]"
    assert actions == (2,)


def test_complaints_list_shows_open_complaints_with_what_is_owed_and_no_text(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from custinfo_tui.composition import uow_factory_for
    from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
    from custinfo_tui.repository.engine import build_engine
    from custinfo_tui.services.complaints import raise_complaint
    from tests.support.actors import actor_for

    engine = build_engine(sqlite_demo_url)
    uow_factory = uow_factory_for(engine)
    agent = actor_for(uow_factory, "agent")
    given = ComplaintIn(
        category="Billing or charges",
        customer_said="Charged twice in March",
        apology="Sorry for the double charge",
        solution="Refund the second payment",
    )
    raised = raise_complaint(uow_factory(), agent, ComplaintPolicy(), 1, given)
    engine.dispose()
    db = str(make_url(sqlite_demo_url).database)

    assert main_as(["--db", db, "complaints", "list"], SUPERVISOR) == 0
    listed = capsys.readouterr().out
    assert main_as(["--db", db, "complaints", "list", "--overdue"], SUPERVISOR) == 0
    overdue = capsys.readouterr().out

    assert "reference" in listed and "owed next" in listed
    assert raised.customer_reference in listed
    assert "Billing or charges" in listed and "received" in listed
    assert "acknowledgement due in 3 days" in listed
    assert "1 complaint, the soonest answer due first." in listed
    assert "March" not in listed and "Refund" not in listed
    assert "No complaints overdue." in overdue
    with sqlite3.connect(db) as connection:
        listings = connection.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'complaint.listed'"
        ).fetchone()
    assert listings == (2,)


def test_complaints_list_says_which_came_from_a_caller_not_verified(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the supervisor's queue marks them: a complaint raised in a call whose caller
    failed the checks and locked the record may not be the customer's at all."""
    from custinfo_tui.composition import uow_factory_for
    from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
    from custinfo_tui.repository.engine import build_engine
    from custinfo_tui.services.complaints import raise_complaint
    from tests.support.actors import desk_for

    engine = build_engine(sqlite_demo_url)
    agent = desk_for(uow_factory_for(engine), "agent")
    call = agent.start(1)  # John Smith
    assert agent.fail(call.interaction_id, times=3).locked
    given = ComplaintIn(
        category="Billing or charges",
        customer_said="Charged twice in March",
        apology="Sorry for the double charge",
        solution="Refund the second payment",
    )
    raise_complaint(
        agent.uow_factory(), agent.actor, ComplaintPolicy(), 1, given, call.interaction_id
    )
    raise_complaint(agent.uow_factory(), agent.actor, ComplaintPolicy(), 2, given)
    engine.dispose()
    db = str(make_url(sqlite_demo_url).database)

    assert main_as(["--db", db, "complaints", "list"], SUPERVISOR) == 0
    listed = capsys.readouterr().out.splitlines()

    assert listed[0].endswith("caller")
    [in_call] = [line for line in listed if "not verified" in line]
    assert in_call.endswith("Caller not verified (locked: possible fraud)")
    assert len([line for line in listed if line.endswith("outside a call")]) == 1


def test_disclosures_list_shows_each_request_and_its_status_without_values(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from custinfo_tui.composition import uow_factory_for
    from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
    from custinfo_tui.repository.engine import build_engine
    from custinfo_tui.services.disclosures import decide_disclosure, request_disclosure
    from tests.support.actors import actor_for

    engine = build_engine(sqlite_demo_url)
    uow_factory = uow_factory_for(engine)
    agent, supervisor = actor_for(uow_factory, "agent"), actor_for(uow_factory, "supervisor")
    given = DisclosureRequestIn(
        requester="DC 4321 Morgan",
        organisation="Example Constabulary",
        identity_check="Called back on the force switchboard",
        lawful_basis=LAWFUL_BASES[0],
        asked_for="Where the account holder lives",
        fields=("phone", "address_line1"),
        channel=CHANNELS[0],
    )
    refused = request_disclosure(uow_factory(), agent, 1, given)
    decide_disclosure(uow_factory(), supervisor, refused.id, approve=False, reason="No form")
    narrowed = request_disclosure(uow_factory(), agent, 1, given)
    decide_disclosure(
        uow_factory(), supervisor, narrowed.id, approve=True, reason="Sch. 2", fields=("phone",)
    )
    waiting = request_disclosure(uow_factory(), agent, 1, given)
    engine.dispose()
    db = str(make_url(sqlite_demo_url).database)

    assert main_as(["--db", db, "disclosures", "list"]) == 0
    listed = capsys.readouterr().out
    assert main_as(["--db", db, "disclosures", "list", "--pending"]) == 0
    pending = capsys.readouterr().out

    assert "organisation" in listed and "basis" in listed
    assert waiting.customer_reference in listed and "Example Constabulary" in listed
    assert "refused" in listed and "supervisor" in listed
    # The fields asked for (the address whole), and those approved.
    rows = [line.split("  ") for line in listed.splitlines()[1:4]]
    assert [[cell for cell in row if cell][5:7] for row in rows] == [
        ["Phone, Address", "-"],
        ["Phone, Address", "Phone"],
        ["Phone, Address", "-"],
    ]
    assert "3 requests, oldest first." in listed
    assert "1 request, oldest first." in pending and "refused" not in pending
    assert "lives" not in listed and "switchboard" not in listed

    assert main_as(["--db", db, "disclosures", "withdraw", str(waiting.id), "--reason", ""]) == 1
    assert "reason" in capsys.readouterr().err
    withdraw = ["--db", db, "disclosures", "withdraw", str(waiting.id), "--reason", "Not needed"]
    assert main_as(withdraw) == 0
    assert capsys.readouterr().out == (
        f"Request {waiting.id} closed as withdrawn; nothing was released.\n"
    )
    assert main_as(withdraw) == 1
    assert "already been decided: withdrawn by the requester" in capsys.readouterr().err
    assert main_as(["--db", db, "disclosures", "list", "--pending"]) == 0
    assert "No requests waiting for a decision." in capsys.readouterr().out
    assert main_as(["--db", db, "disclosures", "list"]) == 0
    assert "withdrawn by the requester  dpo" in capsys.readouterr().out


def test_the_console_stopped_by_sigterm_gives_the_terminal_back(sqlite_demo_url: str) -> None:
    """SIGTERM (a shutdown, `kill`) ended the console at once, its screen and raw mode left
    in the terminal; now it closes as it does on its own, with the status a shell gives a
    process SIGTERM ended (the trainee's console in a role-play: test_train_cli.py)."""
    with on_a_terminal("--db", str(make_url(sqlite_demo_url).database)) as terminal:
        terminal.wait_for("Operator login")
        terminal.process.send_signal(signal.SIGTERM)
        assert terminal.until_closed() == 128 + signal.SIGTERM
        assert terminal.modes()[3] & termios.ECHO
    assert "\x1b[?1049l" in terminal.output and "Traceback" not in terminal.output


def test_run_help_says_what_run_does(capsys: pytest.CaptureFixture[str]) -> None:
    """Found by an IT-operations explorer: `custinfo run --help` had no description line."""
    with pytest.raises(SystemExit) as stop:
        main(["run", "--help"])
    assert stop.value.code == 0
    assert "Start the console in this terminal" in capsys.readouterr().out


def _arguments_without_help(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[str]:
    """Each argument, of `parser` and of its subcommands, whose --help says nothing of it."""
    bare = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                bare += _arguments_without_help(sub, (*path, name))
        elif action.help is None:
            bare.append(" ".join([*path, *(action.option_strings or [action.dest])]))
    return bare


def test_every_argument_of_every_command_says_in_its_help_what_it_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found on a DPO's tour of the command line: `custinfo dsar extend --help` listed
    `--months {1,2}` and `--reason REASON` with no word on either (nor on the request's
    `id` of five subcommands), `dsar restrict`'s and `dsar lift`'s `--reason` the same,
    `hold set --kind` named its two kinds without saying which ground each gives, and an
    operator's USERNAME was bare. Each --help now says what every argument is."""
    assert _arguments_without_help(_parser()) == []
    with pytest.raises(SystemExit):
        main(["dsar", "extend", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "the request's number, as `custinfo dsar list` shows it" in shown
    assert "--months {1,2} one or two further months (Art. 12(3))" in shown
    assert "--reason REASON why, told to the person within the first month" in shown
