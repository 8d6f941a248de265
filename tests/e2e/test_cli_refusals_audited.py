"""A command refused at login is on the audit trail as itself (`command.refused`), as a
console refusal is, and `custinfo train` acts for a trainer (docs/access-control.md,
"Other commands that act for an operator"; docs/training.md)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy.engine import make_url

from tests.support.acting import AGENT, DPO, SUPERVISOR, TRAINER, main_as


def _trail(db: str) -> list[tuple[str, str | None, str, dict[str, object]]]:
    """Every event after the demo's set-up: action, operator's username, outcome, details."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT e.action, o.username, e.outcome, e.details FROM audit_events e "
            "LEFT JOIN operators o ON o.id = e.operator_id ORDER BY e.id"
        ).fetchall()
    return [(action, who, outcome, json.loads(details)) for action, who, outcome, details in rows]


@pytest.mark.parametrize(
    ("argv", "operator", "command", "said"),
    [
        (["dsar", "list"], AGENT, "dsar list", "only a data protection officer"),
        (["erase", "1001 2345 P", "--check"], AGENT, "erase", "only a data protection officer"),
        (["train", "list"], SUPERVISOR, "train list", "only a trainer can run role-play"),
        (["train", "report", "1"], DPO, "train report", "only a trainer can run role-play"),
    ],
    ids=["dsar list as agent", "erase as agent", "train list as supervisor", "train as dpo"],
)
def test_a_command_refused_for_the_role_is_audited_between_login_and_log_out(
    argv: list[str],
    operator: object,
    command: str,
    said: str,
    sqlite_demo_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = str(make_url(sqlite_demo_url).database)
    before = len(_trail(db))

    assert main_as(["--db", db, *argv], operator) == 1  # type: ignore[arg-type]

    assert said in capsys.readouterr().err
    events = _trail(db)[before:]
    username = operator.username  # type: ignore[attr-defined]
    assert [(action, who) for action, who, _, _ in events] == [
        ("operator.login_succeeded", username),
        ("command.refused", username),
        ("operator.logged_out", username),
    ]
    _, _, outcome, details = events[1]
    assert outcome == "refused"
    assert details == {"command": command, "reason": "not_permitted"}  # no argument typed


def test_train_commands_act_for_the_trainer_named(
    sqlite_demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`train list` and `train cohort` were the system's: now the trainer's, logged in and out."""
    db = str(make_url(sqlite_demo_url).database)
    before = len(_trail(db))

    assert main_as(["--db", db, "train", "list"], TRAINER) == 0
    assert main_as(["--db", db, "train", "cohort"], TRAINER) == 0

    events = _trail(db)[before:]
    assert events and all(who == "trainer" for _, who, _, _ in events)
    assert "No training runs yet." in capsys.readouterr().out
