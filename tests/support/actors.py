"""Acting operators for service tests."""

from __future__ import annotations

import uuid

from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.roles import Role
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


def actor_for(uow_factory: UnitOfWorkFactory, username: str) -> Actor:
    """An existing operator as an actor, without spending an argon2 hash on logging in."""
    with uow_factory() as uow:
        operator = uow.operators.get_by_username(username)
        assert operator is not None
        return Actor(
            operator_id=operator.id,
            username=operator.username,
            display_name=operator.display_name,
            role=Role(operator.role),
            console_session=str(uuid.uuid4()),
        )
