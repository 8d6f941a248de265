"""Operator roles. The permission matrix that uses them lives with the services."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What an operator is employed to do; each role gets a different set of permissions."""

    AGENT = "agent"
    SUPERVISOR = "supervisor"
    TRAINER = "trainer"
    DPO = "dpo"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Role.AGENT: "Call-handler",
    Role.SUPERVISOR: "Supervisor",
    Role.TRAINER: "Trainer",
    Role.DPO: "Data protection officer",
    Role.ADMIN: "Administrator",
}
