"""`training.run_not_started` and `training.run_played` on the trail, in words: the run and
why it was not started, never a password (docs/training.md)."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.events import AuditAction, AuditTrailEntry
from custinfo_tui.domain.timeline import describe
from custinfo_tui.tui.screens.audit import describe_entry

NOT_STARTED = AuditAction.TRAINING_RUN_NOT_STARTED


def test_a_run_not_started_says_which_run_and_why() -> None:
    refused = {"run": 6, "why": "password_not_accepted"}
    stopped = {"run": 6, "why": "stopped_at_password"}
    assert describe(NOT_STARTED, (), refused, "ok") == (
        "Training run 6 not started: the trainer's password was not accepted"
    )
    assert describe(NOT_STARTED, (), stopped, "ok") == (
        "Training run 6 not started: the trainer stopped it at the password"
    )
    assert describe(NOT_STARTED, (), {"run": 6}, "ok") == "Training run 6 not started"
    played = describe(AuditAction.TRAINING_RUN_PLAYED, (), {"run": 6}, "ok")
    assert played == "Training run's console started"


def test_the_audit_screen_shows_the_run_and_why() -> None:
    entry = AuditTrailEntry.model_validate(
        {
            "id": 9,
            "occurred_at": datetime(2026, 12, 4, 15, 42, tzinfo=UTC),
            "operator": "trainer",
            "action": NOT_STARTED.value,
            "customer_reference": None,
            "console_session": None,
            "fields": [],
            "reason": None,
            "outcome": "ok",
            "details": {"run": 6, "why": "password_not_accepted"},
        }
    )
    line = describe_entry(entry)
    assert "training.run_not_started" in line
    assert "run 6, why password_not_accepted" in line
