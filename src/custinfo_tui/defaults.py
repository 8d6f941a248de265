"""Defaults the console needs before its settings are read: kept free of heavy imports."""

from __future__ import annotations

DEFAULT_ACCESS_REASONS = (
    "Customer wrote in (letter or e-mail)",
    "Follow-up on an earlier call",
    "Complaint investigation",
    "Supervisor quality check",
    "Data protection request",
    # Someone acting for the customer (a solicitor, an attorney) or asking about them (the
    # police, a council): not the customer writing in, nor their own rights request.
    "Third-party request (for or about the customer)",
    "Other (describe below)",
)
