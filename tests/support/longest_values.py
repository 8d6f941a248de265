"""Two records of one woman, Mei, holding the longest values their fields take: a family
name of 100 wide characters (200 columns), a 254-character e-mail and a 120-character
first address line. The second was saved as a different person despite the strong match,
so the supervisor's queue has a possible duplicate to merge (fictitious, as all test
data)."""

from __future__ import annotations

from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.second_record import saved_as_different

#: 100 wide characters: four lines at 80 columns, with a line naming them.
WIDE_NAME = "王" * 100

#: A handler's reason for saving a different person, as long as it may be (300
#: characters): five lines at 80 columns.
LONG_REASON = ("Says she is not the Mei on file and has never lived in Southwark. " * 5)[:300]


def longest_address(number: int) -> str:
    """An address line of 120 characters, the most the field holds."""
    line = f"Unit {number}, The Old Grain Warehouse, Riverside Industrial Estate, "
    line += "Upper Thames Street Business Quarter, Bankside Way North"
    assert len(line) == 120
    return line


def longest_email(number: int) -> str:
    """An e-mail address of 254 characters, the most the field holds."""
    local = f"mei.{number}."
    local += "x" * (64 - len(local))
    labels, room = [], 254 - len(local) - len("@.example.com")
    while room > 0:
        labels.append(chr(ord("a") + len(labels)) * min(63, room))
        room -= len(labels[-1]) + 1
    return f"{local}@{'.'.join(labels)}.example.com"


def longest_values(number: int) -> dict[str, str]:
    """Mei's details, the phone, e-mail and address told apart by `number` (401-499)."""
    return {
        "given_name": "Mei",
        "family_name": WIDE_NAME,
        "date_of_birth": "03/07/1985",
        "phone": f"07700 900{number:03d}",
        "email": longest_email(number),
        "address_line1": longest_address(number),
        "town": "London",
        "postcode": "SE1 9DT",
    }


def mei_twice(uow_factory: UnitOfWorkFactory, why_different: str) -> None:
    """Save Mei, then her second record with the handler's reason `why_different`."""
    saved_as_different(uow_factory, longest_values(401), "")  # the first: no match, no reason
    saved_as_different(uow_factory, longest_values(402), why_different)
