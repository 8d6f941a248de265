"""One reason for a change that spans a part of the record (MP-10).

A move changes line 1, the town and the postcode together: the handler chooses "Customer
moved" once and the edit form offers it for the other changed fields of the same group
(`FieldSpec.group`), which still show it and can take another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from custinfo_tui.domain.fields import FIELDS, check_field


@dataclass(frozen=True)
class SharedReason:
    """The reason chosen for a changed field of the group, and the changed fields without a
    reason that take it."""

    reason: str
    fields: tuple[str, ...]


def changed_in_group(
    key: str, typed: Mapping[str, str], before: Mapping[str, str | None]
) -> list[str]:
    """The fields of `key`'s group whose typed value (stored form where it checks) differs
    from what they held when the form opened; empty ones are not counted."""
    changed = []
    for other, raw in typed.items():
        if FIELDS[other].group is not FIELDS[key].group or not raw.strip():
            continue
        result = check_field(other, raw) if FIELDS[other].normalise else None
        value = result.value if result is not None else raw
        if value is not None and value != before.get(other):
            changed.append(other)
    return changed


def reason_to_share(
    key: str,
    typed: Mapping[str, str],
    before: Mapping[str, str | None],
    reasons: Mapping[str, str | None],
) -> SharedReason | None:
    """After `key` was typed in or given a reason: the reason (of `reasons`, None where none
    is chosen) the other changed fields of its group should take, or None when there is no
    reason chosen yet or no field waiting for one."""
    changed = changed_in_group(key, typed, before)
    chosen = next((reasons[k] for k in changed if reasons.get(k)), None)
    waiting = tuple(k for k in changed if not reasons.get(k))
    if chosen is None or not waiting:
        return None
    return SharedReason(chosen, waiting)
