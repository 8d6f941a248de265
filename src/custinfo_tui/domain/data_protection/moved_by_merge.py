"""A person's data protection records that followed them when the record they were on was
merged into another (MP-13; docs/data-protection.md, "Requests on a record merged into
another"): third-party disclosures, past restrictions of processing and the breaches
naming them, as the record's timeline and the person's pack word them; and the discrepancy
reports still open on it (MP-14), which a supervisor works from the kept record. Requests
have their own steps (`request_steps`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from custinfo_tui.domain.events import AuditAction

#: Each kind's move, by the event recording it: what moved, and the detail naming its id.
MOVED_BY_MERGE = {
    AuditAction.DISCLOSURE_MOVED_BY_MERGE: ("Third-party disclosure", "disclosure_id"),
    AuditAction.BREACH_MOVED_BY_MERGE: ("Personal-data breach", "breach_id"),
    AuditAction.RESTRICTION_MOVED_BY_MERGE: ("Restriction of processing", "restriction_id"),
    AuditAction.DISCREPANCY_MOVED_BY_MERGE: ("Discrepancy report", "report_id"),
}


def moved_step(action: AuditAction, details: Mapping[str, Any]) -> str:
    """ "Third-party disclosure 4 moved here when 1049 5055 V was merged into this record".
    A restriction is named without its number, which the person is never told."""
    what, key = MOVED_BY_MERGE[action]
    if action is not AuditAction.RESTRICTION_MOVED_BY_MERGE:
        what = f"{what} {details.get(key, '?')}"
    return f"{what} moved here when {details.get('merged', '?')} was merged into this record"


@dataclass(frozen=True, slots=True)
class MadeAbout:
    """The record a disclosure, restriction or breach was about before it moved: the
    merged record's reference, and whether the kept record was named too (a breach
    naming both)."""

    merged: str
    kept_named_too: bool = False


def made_about(about: MadeAbout | None) -> str:
    """Which record it was about, in the pack's words: "this record", "1049 5055 V, merged
    into this record", "this record and 1049 5055 V, merged into it"."""
    if about is None:
        return "this record"
    if about.kept_named_too:
        return f"this record and {about.merged}, merged into it"
    return f"{about.merged}, merged into this record"
