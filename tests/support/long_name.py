"""A customer whose name is longer than a row of the screen, living at John Smith's
postcode: a search for "se12qt" lists both (fictitious, as all test data)."""

from __future__ import annotations

from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.second_record import saved_as_different

GIVEN = "Hubert Blaine Maximilian Alexander Benedict Christopher"
FAMILY = "Wolfeschlegelsteinhausenbergerdorff-Montgomery-Smythe"
LONG_NAMED = {
    "given_name": GIVEN,
    "family_name": FAMILY,
    "date_of_birth": "03/03/1975",
    "phone": "07700 900321",
    "email": "hubert.wolfeschlegel@example.org",
    "address_line1": "4 Long Lane",
    "town": "London",
    "postcode": "SE1 2QT",
}


def long_named_customer(uow_factory: UnitOfWorkFactory) -> str:
    """Save the long-named customer as the demo agent; their reference."""
    return saved_as_different(uow_factory, LONG_NAMED, "Not the John Smith at this postcode")
