"""Starting a merge from a record (MP-13, Ctrl+E): the other record's reference and why
the supervisor opens it first, then both side by side on the merge screen
(tui/screens/merge.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from custinfo_tui.domain.limits import MAX_REASON_LENGTH
from custinfo_tui.domain.merging import MergeDone, comparing_problem, comparing_reason
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import EXAMPLE_REFERENCE
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.services.errors import SessionRevoked
from custinfo_tui.tui.screens.desk_form import (
    DeskFormScreen,
    FormField,
    FormSaved,
    reference_problem,
)
from custinfo_tui.tui.screens.merge import MergeScreen
from custinfo_tui.tui.service_calls import Attempt, attempt

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp


def merge_with(
    screen: Screen[Any], actor: Actor, keep_id: int, when_merged: Callable[[], None]
) -> None:
    """Ask the reference of the record to merge into `keep_id`, and why the supervisor
    opens it (MP-09: it is then shown whole, as a record opened outside a call is), then
    compare the two side by side to merge. A misread reference, or one that cannot be merged
    into it, such as its own, is said at its box, and the form keeps it to correct."""
    services = cast("CustinfoApp", screen.app).services()

    def find(values: dict[str, str]) -> Attempt[object]:
        reference = values["merge-reference"]
        result: Attempt[object] = attempt(
            "find that record", services.find_record_to_merge, actor, reference, keep_id
        )
        if result.refusal is None or isinstance(result.refusal, SessionRevoked):
            return result
        # Said at the reference's box, which takes the focus to correct it.
        return replace(result, invalid=FieldProblems({"reference": str(result.refusal)}))

    def found(saved: FormSaved | None) -> None:
        if saved is not None and isinstance(saved.value, int):
            why = comparing_reason(saved.values["merge-why"])
            screen.app.push_screen(MergeScreen(actor, keep_id, saved.value, reason=why), merged)

    def merged(done: MergeDone | None) -> None:
        if done is not None:
            when_merged()

    form = DeskFormScreen(
        "Merge with another record",
        "This record is kept; the other one is merged into it. The other record is shown "
        "whole, so say why you are opening it: your reason is recorded on the audit trail.",
        [
            FormField("merge-reference", "The other record's reference",
                      f"e.g. {EXAMPLE_REFERENCE}",
                      limit=20, problem=reference_problem, key="reference"),
            FormField("merge-why", "Your reason for opening it",
                      "e.g. same date of birth, new phone", free_text=True,
                      limit=MAX_REASON_LENGTH, problem=comparing_problem,
                      retyped_when_refused=True),
        ],
        find,
        go=("Compare", "Show the two records side by side: nothing is merged yet"),
    )  # fmt: skip
    screen.app.push_screen(form, found)
