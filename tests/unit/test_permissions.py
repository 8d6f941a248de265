"""The permission matrix, enforced by the services for every role."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.services.errors import PermissionDenied
from custinfo_tui.services.permissions import ROLE_PERMISSIONS, Permission, allows, require


def _actor(role: Role) -> Actor:
    return Actor(operator_id=1, username="x", display_name="X", role=role, console_session="s")


def test_every_role_has_an_entry() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize("role", [Role.AGENT, Role.SUPERVISOR, Role.TRAINER, Role.DPO])
def test_customer_facing_roles_may_search(role: Role) -> None:
    require(_actor(role), Permission.SEARCH_CUSTOMERS)


def test_admin_manages_operators_but_has_no_need_to_know_customers() -> None:
    assert allows(Role.ADMIN, Permission.MANAGE_OPERATORS)
    with pytest.raises(PermissionDenied, match="search customers"):
        require(_actor(Role.ADMIN), Permission.SEARCH_CUSTOMERS)


def test_only_admins_manage_operators() -> None:
    assert [r for r in Role if allows(r, Permission.MANAGE_OPERATORS)] == [Role.ADMIN]
