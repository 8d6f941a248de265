"""Events in words, for the record's timeline."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.timeline import describe


@pytest.mark.parametrize(
    ("action", "fields", "details", "line"),
    [
        (AuditAction.INTERACTION_STARTED, (), {"channel": "phone"}, "Phone call started"),
        (AuditAction.INTERACTION_STARTED, (), {"channel": "face_to_face"}, "Face to face started"),
        (AuditAction.CUSTOMER_UPDATED, ("phone", "town"), {}, "Changed: Phone, Town"),
        (
            AuditAction.FIELD_DISCLOSED,
            ("email",),
            {"caller": "representative"},
            "Disclosed to a representative: E-mail",
        ),
        (
            AuditAction.CALLER_VERIFICATION_FAILED,
            ("date_of_birth",),
            {},
            "Check failed: Date of birth",
        ),
        (AuditAction.CALLER_VERIFIED, (), {"level": "high"}, "Customer verified: High"),
        (
            AuditAction.VERIFICATION_LOCKED,
            (),
            {"failures": 3},
            "Verification locked after 3 failed checks",
        ),
        (AuditAction.CUSTOMER_VIEWED, (), {"in_call": True}, "Record opened in a call"),
        (AuditAction.CONSENT_RECORDED, (), {}, "Consent recorded"),
        (AuditAction.LOGIN_SUCCEEDED, (), {}, "operator.login_succeeded"),
    ],
)
def test_each_event_reads_as_a_line(
    action: AuditAction, fields: tuple[str, ...], details: dict[str, object], line: str
) -> None:
    assert describe(action, fields, details, "ok") == line
