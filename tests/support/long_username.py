"""An agent whose username and name are each longer than the columns of an 80-column
table leave them (fictitious, as all test data): the administrator added them, and they
have not logged in yet."""

from __future__ import annotations

from custinfo_tui.domain.roles import Role
from custinfo_tui.services.operators import add_operator
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

#: 49 characters, of the 64 a username may have.
LONG_USERNAME = "hubert.blaine.wolfeschlegelsteinhausenbergerdorff"
LONG_DISPLAY_NAME = (
    "Hubert Blaine Maximilian Alexander Benedict Wolfeschlegelsteinhausenbergerdorff"
)


def long_named_agent(uow_factory: UnitOfWorkFactory) -> int:
    """Add the agent, as the demo administrator; their operator id."""
    issued = add_operator(
        uow_factory(), actor_for(uow_factory, "admin"), LONG_USERNAME, LONG_DISPLAY_NAME, Role.AGENT
    )
    return issued.operator.id
