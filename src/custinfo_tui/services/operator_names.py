"""Operators as the record, its timeline and the desks' lists name them: by username."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from custinfo_tui.services.unit_of_work import UnitOfWork


def operator_names(
    uow: UnitOfWork, *, known: Mapping[int | None, str] | None = None
) -> Callable[[int | None], str]:
    """Operator id -> username as the record and its timeline show it ("system" for none),
    each operator read once, none of those `known` already (the timeline's)."""
    cache = {key: name for key, name in (known or {}).items() if key is not None}

    def name(operator_id: int | None) -> str:
        if operator_id is None:
            return "system"
        if operator_id not in cache:
            operator = uow.operators.get(operator_id)
            cache[operator_id] = operator.username if operator else f"#{operator_id}"
        return cache[operator_id]

    return name
