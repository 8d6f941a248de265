"""The demo's operators at their desks, for the service tests that act as them: each a
`Desk` on the demo database, so a test asks for `agent`, `supervisor` or `dpo` by role
instead of building the desk itself. A module that wants the operator as a bare `Actor`
(or on another database) defines its own fixture of the same name, which wins there."""

from __future__ import annotations

import pytest

from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, desk_for


@pytest.fixture
def agent(demo_uow_factory: UnitOfWorkFactory) -> Desk:
    """The demo agent at a desk."""
    return desk_for(demo_uow_factory, "agent")


@pytest.fixture
def supervisor(demo_uow_factory: UnitOfWorkFactory) -> Desk:
    """The demo supervisor at a desk."""
    return desk_for(demo_uow_factory, "supervisor")


@pytest.fixture
def dpo(demo_uow_factory: UnitOfWorkFactory) -> Desk:
    """The demo data protection officer at a desk."""
    return desk_for(demo_uow_factory, "dpo")
