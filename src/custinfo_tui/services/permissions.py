"""The permission matrix, enforced in services (screens only hide what is denied anyway).

`docs/access-control.md` documents the same matrix for people; a test checks they agree.
"""

from __future__ import annotations

from enum import StrEnum

from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.services.errors import PermissionDenied


class Permission(StrEnum):
    SEARCH_CUSTOMERS = "search customers"
    VIEW_CUSTOMER = "open customer records"
    EDIT_CUSTOMER = "change customer records"
    MANAGE_OPERATORS = "manage operators"
    VIEW_AUDIT = "view the audit trail"
    VERIFY_CALLERS = "take calls and verify callers"
    WORK_QUEUE = "work the supervisor queue"
    RUN_TRAINING = "run role-play training"
    DATA_PROTECTION = "handle data protection requests"


_HANDLING = {
    Permission.SEARCH_CUSTOMERS,
    Permission.VIEW_CUSTOMER,
    Permission.EDIT_CUSTOMER,
    Permission.VERIFY_CALLERS,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: frozenset(_HANDLING),
    Role.SUPERVISOR: frozenset(_HANDLING | {Permission.VIEW_AUDIT, Permission.WORK_QUEUE}),
    Role.TRAINER: frozenset(_HANDLING | {Permission.RUN_TRAINING}),
    Role.DPO: frozenset(
        {
            Permission.SEARCH_CUSTOMERS,
            Permission.VIEW_CUSTOMER,
            Permission.VIEW_AUDIT,
            Permission.DATA_PROTECTION,
        }
    ),
    # Admins run the system but have no need to know about customers (MP-09).
    Role.ADMIN: frozenset({Permission.MANAGE_OPERATORS, Permission.VIEW_AUDIT}),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def require(actor: Actor, permission: Permission) -> None:
    """Raise PermissionDenied unless the actor's role grants the permission."""
    if not allows(actor.role, permission):
        raise PermissionDenied(permission.value)
