"""Whether values typed on the edit form are the ones a record holds (services.held_values):
the edit form asks for fields it shows empty in a call, so a value retyped as it stands is
no change (docs/capture.md, "Changing a record")."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.services.errors import PermissionDenied
from custinfo_tui.services.held_values import values_held
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

JOHN_SMITH = 1  # 12 Acacia Road, London SE1 2QT; phone 07700 900123


def test_only_values_the_record_holds_once_normalised_are_held(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    agent = actor_for(demo_uow_factory, "agent")
    typed = {"town": "london", "address_line1": "14 Acacia Road", "phone": "07700900123"}
    held = values_held(demo_uow_factory(), agent, JOHN_SMITH, typed, policy=VerificationPolicy())
    assert held == {"town", "phone"}


def test_a_role_that_may_not_change_records_is_told_nothing(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    admin = actor_for(demo_uow_factory, "admin")
    with pytest.raises(PermissionDenied):
        values_held(
            demo_uow_factory(), admin, JOHN_SMITH, {"town": "London"}, policy=VerificationPolicy()
        )
