"""A complaint on the demo's John Smith, taken by the agent, for tests that need one on
the supervisor queue."""

from __future__ import annotations

from datetime import date

from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.services import complaints
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

#: The demo's John Smith.
JOHN_SMITH = 1


def plant_complaint(
    uow_factory: UnitOfWorkFactory,
    customer_said: str = "Charged twice",
    *,
    stage: str = "",
    follow_up_on: date | None = None,
) -> int:
    """A billing complaint on John Smith's record, taken by the agent (with a follow-up
    day agreed, when given), moved on to `stage` by the supervisor when given; its id."""
    taken = complaints.raise_complaint(
        uow_factory(),
        actor_for(uow_factory, "agent"),
        ComplaintPolicy(),
        JOHN_SMITH,
        ComplaintIn(
            category="Billing or charges",
            customer_said=customer_said,
            apology="Sorry for the double charge",
            solution="Refund the second payment",
            follow_up_on=follow_up_on,
        ),
    )
    if stage:
        supervisor = actor_for(uow_factory, "supervisor")
        policy = ComplaintPolicy()
        complaints.move_complaint(uow_factory(), supervisor, policy, taken.id, stage, "Moved on")
    return taken.id
