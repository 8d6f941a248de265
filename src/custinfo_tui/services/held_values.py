"""Whether the values typed on the edit form are the ones the record already holds.

In a call the edit form shows a field not yet revealed empty (docs/capture.md), so it
cannot tell a value retyped as it stands ("London" for the town on file) from a change:
it asks here before asking reasons and reading back, and a value already held is no
change anywhere. Only whether each is held is said, never what is: the same as the save
says of it ("Nothing was changed: the values are the ones already held."), and the same
as the timeline shows once the real changes are saved.
"""

from __future__ import annotations

from collections.abc import Mapping

from custinfo_tui.domain.fields import FIELDS, RECORD_FIELDS
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.verification import Access, VerificationPolicy, action_for
from custinfo_tui.services.edit_authority import require_editor
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.in_call import active_customer, require_in_call
from custinfo_tui.services.record_fields import normalise_value, stored_value
from custinfo_tui.services.restriction import refuse_if_restricted
from custinfo_tui.services.unit_of_work import UnitOfWork


def values_held(
    uow: UnitOfWork,
    actor: Actor,
    customer_id: int,
    typed: Mapping[str, str],
    *,
    policy: VerificationPolicy,
    interaction_id: int | None = None,
) -> frozenset[str]:
    """The fields of `typed` (field -> value as typed) whose value, normalised as the save
    would store it, the record holds already. Asked only by those who may change the
    record, and in a call (`interaction_id`) only of fields the caller may change; raises
    FieldError naming a field for a value the save would refuse."""
    normalised = editor_values(actor, typed)
    with uow:
        customer = active_customer(uow, customer_id)
        refuse_if_restricted(uow, actor, customer.id)
        if interaction_id is not None:
            actions = change_actions(typed)
            require_in_call(uow, actor, policy, interaction_id, customer, actions)
        return frozenset(
            key for key, value in normalised.items() if stored_value(customer, key) == value
        )


def editor_values(actor: Actor, typed: Mapping[str, str]) -> dict[str, str | None]:
    """`typed` (field -> value as typed) normalised as a save would store it, for an
    operator who may change the record; raises ServiceError for a key that is not one of
    the record's fields, FieldError naming a field for a value the save would refuse."""
    require_editor(actor)
    unknown = [key for key in typed if key not in RECORD_FIELDS]
    if unknown:
        raise ServiceError(f"Not a field of the record: {', '.join(unknown)}.")
    return {key: normalise_value(key, value) for key, value in typed.items()}


def change_actions(keys: Mapping[str, object]) -> dict[str, str]:
    """What changing each of `keys` needs of the caller: its label -> `change:<group>`."""
    return {FIELDS[key].label: action_for(Access.CHANGE, FIELDS[key].group) for key in keys}
