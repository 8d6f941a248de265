"""Editing a record the way the console does, for tests that only need the change made:
every changed line confirmed by read-back, one configured reason for all."""

from __future__ import annotations

from collections.abc import Mapping

from custinfo_tui.domain.capture import CapturePolicy, FieldEdit, ReadBackConfirmation
from custinfo_tui.domain.operators import Actor
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
        ReadBackConfirmation(confirmed=frozenset(changes)),
        policy=VerificationPolicy(),
    )
