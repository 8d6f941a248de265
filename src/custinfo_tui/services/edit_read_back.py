"""What a change to a record reads back (MP-03), and the trail it leaves (MP-10).

The changed fields are read back, and when a line of the address changes, the rest of the
address as it will be too (`domain.readback.unchanged_address_lines`): a caller confirms an
address as a whole, and "14 Harbour Road, London" read out is how a town left behind by a
move is heard before it is saved. Before, only the lines typed were read back, and a
caller who gave a new street and postcode never heard the town kept with them.

The edit form asks `address_to_read_back` for those lines before its read-back. In a call
they are read to the caller, so each one the caller may hear is disclosed to them then
(`field.disclosed`, context `read_back`), and one they may not (a representative's scope
without the address) is withheld, with why, and not asked of them. The save
(`services.records.edit_customer`) requires the same lines confirmed (`lines_to_confirm`)
and records them on `readback.confirmed`, marked unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping

from custinfo_tui.domain.call_words import READ_BACK
from custinfo_tui.domain.capture import ReadBackConfirmation
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.readback import ADDRESS_LINES, UnchangedLine, unchanged_address_lines
from custinfo_tui.domain.verification import Access, VerificationPolicy, action_for
from custinfo_tui.repository.orm import Customer, Interaction
from custinfo_tui.services import audit
from custinfo_tui.services.held_values import change_actions, editor_values
from custinfo_tui.services.in_call import active_customer, call_allowing, caller_details
from custinfo_tui.services.record_fields import (
    read_back_details,
    read_back_needed,
    stored_value,
    with_postcode_dropped,
)
from custinfo_tui.services.record_view import disclose, readable
from custinfo_tui.services.restriction import refuse_if_restricted
from custinfo_tui.services.unit_of_work import UnitOfWork

#: Why a line read back is disclosed to the caller, on its `field.disclosed` event.
READ_BACK_CONTEXT = READ_BACK


def address_to_read_back(
    uow: UnitOfWork,
    actor: Actor,
    customer_id: int,
    changes: Mapping[str, str],
    *,
    policy: VerificationPolicy,
    interaction_id: int | None = None,
) -> tuple[UnchangedLine, ...]:
    """The lines of the address that the `changes` (field -> value as typed; empty:
    emptied) leave as they are, with their stored values, to read back with the changed
    ones; none when no line of the address changes.

    Asked only by those who may change the record, and in a call (`interaction_id`) only
    for changes the caller may make: each line the caller may hear is disclosed to them
    (audited, once), each they may not comes without its value, saying why."""
    normalised = editor_values(actor, changes)
    with uow:
        customer = active_customer(uow, customer_id)
        refuse_if_restricted(uow, actor, customer.id)
        changed = {k: v for k, v in normalised.items() if stored_value(customer, k) != v}
        changed, _ = with_postcode_dropped(customer, changed, {})
        keys = unchanged_address_lines(changed, _held_address(customer))
        if interaction_id is None or not keys:
            return tuple(UnchangedLine(key, stored_value(customer, key)) for key in keys)
        interaction, state = call_allowing(
            uow, actor, policy, interaction_id, customer, change_actions(changes)
        )
        heard = [key for key in keys if readable(state, key)]
        disclose(uow, actor, interaction, customer, state, heard, context=READ_BACK_CONTEXT)
        uow.commit()
        return tuple(_line(customer, state, key) for key in keys)


def _line(customer: Customer, state: VerificationState, key: str) -> UnchangedLine:
    if readable(state, key):
        return UnchangedLine(key, stored_value(customer, key))
    action = action_for(Access.READ, FIELDS[key].group)
    return UnchangedLine(key, None, withheld=state.needs.get(action, "not allowed"))


def _held_address(customer: Customer) -> dict[str, str | None]:
    return {key: stored_value(customer, key) for key in ADDRESS_LINES}


def lines_to_confirm(
    uow: UnitOfWork,
    actor: Actor,
    customer: Customer,
    changed: Mapping[str, str | None],
    call: tuple[Interaction, VerificationState] | None,
) -> tuple[list[str], tuple[str, ...]]:
    """The lines a save of `changed` (its postcode dropped by a change of country among
    them) must have had confirmed at read-back: the new values, and the unchanged lines
    of the address as it will be, those in a call that the caller may hear. Returns both.

    In a call every line read out is disclosed to the caller (now, if the read-back did
    not record it): the unchanged ones, and the new values the caller confirmed, which
    the record then shows in the call. A new line 2 had been read back, yet shown hidden
    ("Enter: reveal") on the record the save went back to."""
    new = read_back_needed(changed)  # a given name emptied too: "One name only"
    unchanged = unchanged_address_lines(changed, _held_address(customer))
    if call is not None:
        interaction, state = call
        unchanged = tuple(key for key in unchanged if readable(state, key))
        said = [key for key in new if changed.get(key) is not None and readable(state, key)]
        heard = [*said, *unchanged]
        disclose(uow, actor, interaction, customer, state, heard, context=READ_BACK_CONTEXT)
    return new, unchanged


def record_the_edit(
    uow: UnitOfWork,
    actor: Actor,
    customer_id: int,
    interaction: Interaction | None,
    changed: Mapping[str, str | None],
    reasons: Mapping[str, str],
    read_back: ReadBackConfirmation,
    unchanged: tuple[str, ...],
    *,
    moved: bool,
    rectifying: int | None,
) -> None:
    """The read-back of the changed lines (and of the unchanged ones of an address read
    with them, listed as `unchanged`) and the change itself, on the audit stream; the
    change names the rectification request it answers, if any."""
    interaction_id = None if interaction is None else interaction.id
    caller = caller_details(interaction) if interaction is not None else {}
    read = sorted([*(k for k in changed if k in read_back.confirmed), *unchanged])
    details = {**read_back_details(read_back, read), **caller}
    if unchanged:
        details["unchanged"] = list(unchanged)
    audit.record(
        uow,
        actor,
        AuditAction.READ_BACK_CONFIRMED,
        customer_id=customer_id,
        interaction_id=interaction_id,
        fields=read,
        details=details,
    )
    audit.record(
        uow,
        actor,
        AuditAction.CUSTOMER_UPDATED,
        customer_id=customer_id,
        interaction_id=interaction_id,
        fields=list(changed),
        reason="; ".join(dict.fromkeys(reasons[k] for k in changed)),
        details={
            "reasons": {k: reasons[k] for k in changed},
            "moved": moved,
            # Emptied fields: nothing to read back (trainer scoring, MP-03).
            "cleared": sorted(k for k, v in changed.items() if v is None),
            **caller,
            **({"rectification_request": rectifying} if rectifying is not None else {}),
        },
    )
