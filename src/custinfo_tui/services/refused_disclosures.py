"""A disclosure refused in a call, kept on the trail (MP-08, MP-10; UK GDPR Art. 5(2)).

The handler asked to show the caller fields that the caller's verification does not allow
(F5 before any check, Enter on a field above their level), that lie outside a
representative's scope, or while verification is locked or the caller has no authority.
The service refuses, as ever, and shows nothing; the refusal is an event of its own
(`field.disclosure_refused`), so a supervisor reviewing the handler and a trainer's
debrief see the attempt, not only that nothing was told: the fields' names, who was
calling, the level they had and what each field needs. Never a value.

It is committed before the error ends the work, as a refused restricted record is
(`restriction.refuse_if_restricted`). Each refusal is one event: a key pressed again is a
second attempt, recorded again, one small insert on the state the reveal reads anyway.
"""

from __future__ import annotations

from collections.abc import Sequence

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.repository.orm import Customer, Interaction
from custinfo_tui.services import audit
from custinfo_tui.services.capabilities import read_need
from custinfo_tui.services.errors import DisclosureRefused, VerificationLocked
from custinfo_tui.services.in_call import caller_details
from custinfo_tui.services.unit_of_work import UnitOfWork


def refuse_unless_allowed(
    uow: UnitOfWork,
    actor: Actor,
    policy: VerificationPolicy,
    call: tuple[Interaction, Customer],
    state: VerificationState,
    keys: Sequence[str],
) -> None:
    """Return when the caller may be told every field of `keys`; otherwise record the
    refusal (`field.disclosure_refused`, outcome "refused"), commit it and raise: the lock's
    script (`VerificationLocked`) while verification is locked, else `DisclosureRefused`
    naming the first field refused and what it needs."""
    needs = fields_refused(state, keys)
    if not needs:
        return
    interaction, customer = call
    audit.record(
        uow,
        actor,
        AuditAction.FIELD_DISCLOSURE_REFUSED,
        customer_id=customer.id,
        interaction_id=interaction.id,
        fields=list(needs),
        outcome="refused",
        details={**caller_details(interaction), "level": state.level, "needs": needs},
    )
    uow.commit()
    if state.locked:
        raise VerificationLocked(policy.scripts.locked)
    first, need = next(iter(needs.items()))
    raise DisclosureRefused(f"{FIELDS[first].label} cannot be shown: {need}.", tuple(needs))


def fields_refused(state: VerificationState, keys: Sequence[str]) -> dict[str, str]:
    """The fields of `keys` the caller may not be told, each with why ("needs Standard",
    "outside their scope", "verification locked", "no authority"), in the order asked."""
    refused: dict[str, str] = {}
    for key in dict.fromkeys(keys):
        if (need := read_need(state, FIELDS[key].group)) is not None:
            refused[key] = need
    return refused
