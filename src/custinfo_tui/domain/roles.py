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


def role_typed(text: str) -> Role | None:
    """The role a form's box names, by its key or its label, whole or by the start of it
    ("agent", "call-handler", "sup", "data protection", "dpo"); None for none or several."""
    typed = " ".join(text.strip().lower().replace("-", " ").split())
    if not typed:
        return None
    names = {role: (role.value, role.label.lower().replace("-", " ")) for role in Role}
    exact = [role for role, forms in names.items() if typed in forms]
    if exact:
        return exact[0]
    started = [role for role, forms in names.items() if any(f.startswith(typed) for f in forms)]
    return started[0] if len(started) == 1 else None
