"""A second record of the demo's John Smith: "Jon Smith", the same date of birth, saved by
a handler as a different person (the duplicate check's strong match, MP-13). The subject
access desk names it as a record that may be the person's too."""

from __future__ import annotations

from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.verification import Channel
from custinfo_tui.services.capture import create_customer
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

#: What the handler typed: fictitious, a London address other than John Smith's.
JON_SMITH = {
    "given_name": "Jon",
    "family_name": "Smith",
    "date_of_birth": "12/04/1980",
    "phone": "07700 900987",
    "email": "jon.smith@example.net",
    "address_line1": "9 Old Kent Road",
    "town": "London",
    "postcode": "SE15 1AA",
}


def second_john_smith(uow_factory: UnitOfWorkFactory) -> str:
    """Save "Jon Smith" as the demo agent, as a different person; his reference."""
    return saved_as_different(uow_factory, JON_SMITH, "Says he has never been a customer")


def saved_as_different(uow_factory: UnitOfWorkFactory, values: dict[str, str], reason: str) -> str:
    """A new customer the demo agent saved despite a strong match, with `reason` for
    taking them as a different person (the queue gets a possible duplicate); the
    reference."""
    saved = create_customer(
        uow_factory(),
        actor_for(uow_factory, "agent"),
        CapturePolicy(),
        Channel.PHONE,
        different_person(values, reason),
    )
    return saved.reference


def different_person(values: dict[str, str], reason: str) -> NewCustomer:
    """A new customer by phone, every line read back, saved despite a strong match with
    `reason` for taking them as a different person."""
    return NewCustomer(
        template="new_customer",
        values=values,
        enquiry_type="New account",
        consent=ConsentAnswers(),
        read_back=ReadBackConfirmation(confirmed=frozenset(values)),
        different_person_reason=reason,
    )
