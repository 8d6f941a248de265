"""Two records merged as one person's, as a supervisor does it: the records compared
(which opens each with the same reason), then merged with every warning confirmed and
every field of the kept record kept."""

from __future__ import annotations

from custinfo_tui.domain.merging import comparing_reason
from custinfo_tui.domain.operators import Actor
from custinfo_tui.services import merging
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

#: Why the tests merge two records, unless a test says otherwise.
SAME_PERSON = "Same person: letter with both references"


def merge_as_one_person(
    uow_factory: UnitOfWorkFactory,
    supervisor: Actor,
    kept: int,
    merged: int,
    reason: str = SAME_PERSON,
) -> None:
    """Merge `merged` into `kept`, comparing them first as the merge screen does."""
    preview = merging.preview_merge(
        uow_factory(), supervisor, kept, merged, comparing_reason(reason)
    )
    merging.merge_records(
        uow_factory(), supervisor, kept, merged, {}, reason, confirmed=tuple(preview.warnings)
    )
