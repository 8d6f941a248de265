"""Which logged steps are evidence of practice, of which marking points
(domain/evidence_points.py; MP-21): every kind of event is decided, so a new one cannot be
left out of everyone's evidence without anyone choosing to."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.evidence_points import NOT_EVIDENCE, POINTS_OF, points_of, work_on
from custinfo_tui.domain.interactions import QueueKind

REQUIREMENTS = Path(__file__).parents[2] / "docs" / "requirements.md"


def _event(action: AuditAction, **parts: Any) -> AuditEvent:
    from datetime import UTC, datetime

    return AuditEvent(
        id=1,
        action=action,
        operator_id=2,
        occurred_at=datetime(2026, 11, 20, tzinfo=UTC),
        prev_hash="0" * 64,
        hash="1" * 64,
        **parts,
    )


def test_every_action_is_evidence_of_a_point_or_deliberately_not_evidence() -> None:
    mapped, left_out = set(POINTS_OF), set(NOT_EVIDENCE)
    assert not mapped & left_out, sorted(mapped & left_out)
    assert set(AuditAction) - mapped - left_out == set(), "decide: evidence of which point?"


def test_every_point_named_is_a_marking_point_of_the_requirements() -> None:
    known = set(re.findall(r"^\| (MP-\d\d) \|", REQUIREMENTS.read_text(), flags=re.MULTILINE))
    named = {point for points in POINTS_OF.values() for point in points}
    named |= {
        points_of(_event(AuditAction.QUEUE_ITEM_CLOSED, details={"kind": k}))[0] for k in QueueKind
    }
    assert named and named <= known, sorted(named - known)


def test_a_dpos_and_a_supervisors_steps_go_under_the_points_the_requirements_give_them() -> None:
    """Subject rights, erasure and holds are MP-16, disclosures MP-17, complaints MP-19,
    breaches MP-20, retention MP-15 (docs/requirements.md); a record looked up for an
    erasure or a merge is that work, not MP-12's retrieval for a caller."""
    previewed = _event(AuditAction.CUSTOMER_VIEWED, details={"erasure_preview": True})
    merging = _event(AuditAction.CUSTOMER_VIEWED, details={"merge_preview": True})
    assert points_of(previewed) == ("MP-16",) and points_of(merging) == ("MP-13",)
    assert points_of(_event(AuditAction.CUSTOMER_VIEWED)) == ("MP-12",)
    for action, point in (
        (AuditAction.SUBJECT_ACCESS_LOGGED, "MP-16"),
        (AuditAction.DATA_EXPORTED, "MP-16"),
        (AuditAction.CUSTOMER_ERASED, "MP-16"),
        (AuditAction.LEGAL_HOLD_SET, "MP-16"),
        (AuditAction.SUBJECT_ACCESS_KEPT_OPEN, "MP-16"),
        (AuditAction.RETENTION_RUN, "MP-15"),
        (AuditAction.DISCLOSURE_APPROVED, "MP-17"),
        (AuditAction.COMPLAINT_STAGE_CHANGED, "MP-19"),
        (AuditAction.BREACH_ASSESSED, "MP-20"),
        (AuditAction.BREACH_CLOSED, "MP-20"),
    ):
        assert points_of(_event(action)) == (point,), action
    fraud = _event(AuditAction.QUEUE_ITEM_CLOSED, details={"kind": QueueKind.POSSIBLE_FRAUD})
    assert points_of(fraud) == ("MP-08",)
    assert points_of(_event(AuditAction.QUEUE_ITEM_CLOSED)) == ()  # no kind: no evidence


def test_work_on_a_breach_or_a_request_is_told_from_work_on_a_record() -> None:
    assessed = _event(AuditAction.BREACH_ASSESSED, details={"breach_id": 4})
    extended = _event(AuditAction.SUBJECT_ACCESS_EXTENDED, customer_id=9, details={"request_id": 2})
    assert work_on(assessed) == ("breach", 4)
    assert work_on(extended) == ("request", 2)
    assert work_on(_event(AuditAction.CUSTOMER_ERASED, customer_id=9)) is None
