"""Defaults the console needs before its settings are read: kept free of heavy imports."""

from __future__ import annotations

DEFAULT_ACCESS_REASONS = (
    "Customer wrote in (letter or e-mail)",
    "Follow-up on an earlier call",
    "Complaint investigation",
    "Supervisor quality check",
    "Data protection request",
    "Other (describe below)",
)
