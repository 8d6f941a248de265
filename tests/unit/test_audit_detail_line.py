"""The line under the audit table says an event's facts in words (MP-10)."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.events import AuditTrailEntry
from custinfo_tui.tui.screens.audit import describe_entry


def test_a_list_of_facts_reads_as_its_items_not_as_python_writes_it() -> None:
    entry = AuditTrailEntry.model_validate(
        {
            "id": 7,
            "occurred_at": datetime(2026, 12, 4, 15, 40, tzinfo=UTC),
            "operator": "supervisor",
            "action": "audit.searched",
            "customer_reference": None,
            "console_session": None,
            "fields": [],
            "reason": None,
            "outcome": "ok",
            "details": {"filters": ["operator", "action"], "results": 3, "shown": []},
        }
    )
    line = describe_entry(entry)
    assert "filters operator, action, results 3, shown none" in line
    assert "[" not in line


def test_a_truth_reads_yes_or_no() -> None:
    """A request answered late read "request_id 1, in_time False" under the table."""
    entry = AuditTrailEntry.model_validate(
        {
            "id": 8,
            "occurred_at": datetime(2026, 12, 4, 15, 41, tzinfo=UTC),
            "operator": "dpo",
            "action": "dsar.answered",
            "customer_reference": "10012345P",
            "console_session": None,
            "fields": [],
            "reason": None,
            "outcome": "ok",
            "details": {"request_id": 1, "in_time": False},
        }
    )
    assert "request_id 1, in_time no" in describe_entry(entry)


def test_an_operator_given_by_id_is_named_when_the_trail_knows_them() -> None:
    """A call closed by a supervisor read "handler 1": whose call, a search of its own."""
    entry = AuditTrailEntry.model_validate(
        {
            "id": 9,
            "occurred_at": datetime(2026, 12, 4, 17, 23, tzinfo=UTC),
            "operator": "supervisor",
            "action": "interaction.wrapped_up",
            "customer_reference": "10012345P",
            "console_session": None,
            "fields": [],
            "reason": "Handler on a break",
            "outcome": "ok",
            "details": {"outcome": "closed_by_supervisor", "handler": 1},
            "named_operators": {1: "agent"},
        }
    )
    assert entry.operators_named() == [1]
    assert "outcome closed_by_supervisor, handler 1 (agent)" in describe_entry(entry)


def test_a_fact_not_recorded_reads_as_a_dash_not_as_python_writes_it() -> None:
    """Found on a DPO's tour: a breach assessed with the individuals' decision left for
    later read "individuals None" under the audit table and in `custinfo audit show`."""
    entry = AuditTrailEntry.model_validate(
        {
            "id": 9,
            "occurred_at": datetime(2026, 12, 6, 13, 25, tzinfo=UTC),
            "operator": "dpo",
            "action": "breach.assessed",
            "customer_reference": None,
            "console_session": None,
            "fields": [],
            "reason": None,
            "outcome": "ok",
            "details": {"breach_id": 1, "risk": "high_risk", "ico": "told", "individuals": None},
        }
    )
    line = describe_entry(entry)
    assert "ico told, individuals -" in line
    assert "None" not in line
