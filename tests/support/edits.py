"""Editing a record the way the console does, for tests that only need the change made:
every changed line confirmed by read-back (a change to the address with the rest of the
address, as the console reads it back whole), one configured reason for all."""

from __future__ import annotations

from collections.abc import Mapping

from custinfo_tui.domain.capture import CapturePolicy, FieldEdit, ReadBackConfirmation
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.readback import ADDRESS_LINES
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.services.records import edit_customer
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


def correct(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    customer_id: int,
    version: int,
    changes: Mapping[str, str],
    reason: str = "Entry error corrected",
) -> CustomerRecord:
    return edit_customer(
        uow_factory(),
        actor,
        CapturePolicy(),
        customer_id,
        version,
        {key: FieldEdit(value=value, reason=reason) for key, value in changes.items()},
        read_back_of(*changes),
        policy=VerificationPolicy(),
    )


def read_back_of(*keys: str) -> ReadBackConfirmation:
    """The read-back of an edit of `keys` as the console confirms it: those lines, and any
    line of the address read back with them (the save records only the lines it read)."""
    return ReadBackConfirmation(confirmed=frozenset(keys) | frozenset(ADDRESS_LINES))
