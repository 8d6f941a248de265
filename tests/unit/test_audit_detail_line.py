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
